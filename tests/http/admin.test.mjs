// admin.test.mjs: the admin manages staff accounts, teams and the service
// menu in the browser's forms; bad input is explained and kept; others are
// kept out; the public menu and Open311 follow the menu at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { formTokens, post } from '../lib/order.mjs';

let s;
before(async () => { s = await start(); });
after(async () => { await s.stop(); });

// Signs in; returns { cookie, csrf } (the session's form token).
async function signIn(login, password = 'wenming-demo-2026') {
  const t = formTokens(await (await fetch(s.url + '/login')).text());
  const r = await post(s.url, '/login', { login, password, next: '/desk', ...t });
  assert.equal(r.status, 303, `sign-in of ${login}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const desk = await (await fetch(s.url + '/desk', { headers: { cookie } })).text();
  const csrf = desk.match(/name="csrf" value="([0-9a-f]{64})"/)[1];
  return { cookie, csrf };
}

const get = (a, path) => fetch(s.url + path, { headers: { cookie: a.cookie }, redirect: 'manual' });
const send = (a, path, fields) => post(s.url, path, { csrf: a.csrf, ...fields }, { cookie: a.cookie });

test('the admin adds a staff account; bad input is explained and kept; the new account signs in', async () => {
  const admin = await signIn('admin');
  let r = await get(admin, '/admin/users');
  assert.equal(r.status, 200);
  assert.match(await r.text(), /dispatcher/);
  r = await send(admin, '/admin/users', { login: 'zhang.san', name: '张三', role: 'institute',
    org_institute: '140602001000', password: '1234567890' });
  assert.equal(r.status, 400);
  let html = await r.text();
  assert.match(html, /最常见的密码之一/);
  assert.ok(html.includes('value="zhang.san"') && html.includes('value="张三"'), 'typed values kept');
  assert.equal(sql(s.db, "SELECT count(*) AS n FROM users WHERE login = 'zhang.san'")[0].n, 0);
  r = await send(admin, '/admin/users', { login: 'admin', name: '重名', role: 'dispatcher', password: 'a-Long-passw0rd' });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /已经有人使用/);
  r = await send(admin, '/admin/users', { login: 'zhang.san', name: '张三', role: 'institute',
    org_institute: '140602001000', password: 'beicheng-2026-ok' });
  assert.equal(r.status, 303);
  const [u] = sql(s.db, "SELECT role, (SELECT name FROM orgs WHERE id = org_id) AS place, pwhash LIKE '$argon2id$%' AS argon FROM users WHERE login = 'zhang.san'");
  assert.deepEqual(u, { role: 'institute', place: '北城街道', argon: 1 });
  const z = await signIn('zhang.san', 'beicheng-2026-ok');
  assert.match(await (await get(z, '/desk')).text(), /北城街道的群众点单/);
});

test('disabling an account ends its sessions at once', async () => {
  const admin = await signIn('admin');
  const disp = await signIn('dispatcher');
  assert.equal((await get(disp, '/desk')).status, 200);
  const id = sql(s.db, "SELECT id FROM users WHERE login = 'dispatcher'")[0].id;
  assert.equal((await send(admin, `/admin/users/${id}/disable`, {})).status, 303);
  const r = await get(disp, '/desk');
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/login/);
  const t = formTokens(await (await fetch(s.url + '/login')).text());
  const again = await post(s.url, '/login', { login: 'dispatcher', password: 'wenming-demo-2026', ...t });
  assert.equal(again.status, 400, 'a disabled account cannot sign in');
  assert.equal((await send(admin, `/admin/users/${id}/enable`, {})).status, 303);
  await signIn('dispatcher');
  // The admin cannot lock themselves out.
  const self = sql(s.db, "SELECT id FROM users WHERE login = 'admin'")[0].id;
  assert.equal((await send(admin, `/admin/users/${self}/disable`, {})).status, 409);
});

test('the admin edits the service menu; the public menu and Open311 follow', async () => {
  const admin = await signIn('admin');
  let r = await send(admin, '/admin/services', { code: 'Bad Code', name: '', platform: 'culture', summary: '', due: '48' });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /代码需要2到40个字符/);
  r = await send(admin, '/admin/services', { code: 'kite-making', name: '风筝制作体验', platform: 'culture',
    summary: '非遗风筝传承人教孩子们做风筝。', due: '240' });
  assert.equal(r.status, 303);
  assert.match(await (await fetch(s.url + '/services')).text(), /风筝制作体验/);
  const services = await (await fetch(s.url + '/open311/v2/services.json')).json();
  assert.ok(services.some((x) => x.service_code === 'kite-making' && x.service_name === '风筝制作体验'));
  // Retire it: gone from the menu and from Open311, kept in the admin list.
  r = await send(admin, '/admin/services/kite-making', { name: '风筝制作体验', platform: 'culture', summary: '', due: '240' });
  assert.equal(r.status, 303);
  assert.doesNotMatch(await (await fetch(s.url + '/services')).text(), /风筝制作体验/);
  const after = await (await fetch(s.url + '/open311/v2/services.json')).json();
  assert.ok(!after.some((x) => x.service_code === 'kite-making'));
  assert.match(await (await get(admin, '/admin/services')).text(), /风筝制作体验.*已停用/s);
  r = await send(admin, '/admin/services/kite-making', { name: '风筝制作体验', platform: 'culture', summary: '', due: '0', active: '1' });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /1到2160之间的小时数/);
});

test('the admin adds and edits a team; dispatch suggestions follow its specialties', async () => {
  const admin = await signIn('admin');
  let r = await send(admin, '/admin/teams', { name: '', kind: 'professional', area: '1' });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /请填写服务队名称/);
  const center = sql(s.db, "SELECT id FROM orgs WHERE kind = 'center'")[0].id;
  r = await post(s.url, '/admin/teams', new URLSearchParams([['csrf', admin.csrf], ['name', '卫生健康志愿服务队'],
    ['kind', 'professional'], ['area', String(center)], ['platform', 'fitness'], ['platform', 'science']]), { cookie: admin.cookie });
  assert.equal(r.status, 303);
  const [t] = sql(s.db, "SELECT t.id, group_concat(p.code) AS ps FROM teams t JOIN team_platforms tp ON tp.team_id = t.id JOIN platforms p ON p.id = tp.platform_id WHERE t.name = '卫生健康志愿服务队' GROUP BY t.id");
  assert.deepEqual(t.ps.split(',').sort(), ['fitness', 'science']);
  r = await send(admin, `/admin/teams/${t.id}`, { name: '卫生健康志愿服务队', kind: 'professional', area: String(center), platform: 'fitness' });
  assert.equal(r.status, 303);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM teams WHERE id = ${t.id} AND active = 0`)[0].n, 1, 'unticked: stood down');
});

test('only the admin reaches the admin pages', async () => {
  const disp = await signIn('dispatcher');
  for (const p of ['/admin/users', '/admin/teams', '/admin/services']) {
    assert.equal((await get(disp, p)).status, 403, p);
    const anon = await fetch(s.url + p, { redirect: 'manual' });
    assert.equal(anon.status, 303);
  }
  assert.equal((await send(disp, '/admin/users', { login: 'x.y', name: 'x', role: 'admin', password: 'abcdefghijk1' })).status, 403);
});

test('the admin reads who was shown which phone number; others may not', async () => {
  const { submit } = await import('../lib/order.mjs');
  const { code } = await submit(s.url, { phone: '13812348888' });
  const disp = await signIn('dispatcher');
  // Viewing the request shows the number masked; 显示 with a reason is what is recorded.
  assert.equal((await get(disp, `/desk/order/${code}`)).status, 200);
  assert.equal((await send(disp, `/desk/order/${code}/reveal`, { reason: '回访服务情况' })).status, 200);
  const admin = await signIn('admin');
  let html = await (await get(admin, '/admin/audit')).text();
  assert.match(html, new RegExp(`演示调度员</td><td>dispatcher</td><td><a href="/desk/order/${code}">[^<]*</a></td><td>查看申请</td><td>回访服务情况</td>`));
  assert.ok(!html.includes('13812348888'), 'the log names the request, not the number');
  html = await (await get(admin, '/admin/audit?login=zhan.mayi')).text();
  assert.ok(!html.includes(`/desk/order/${code}`), 'filtered by account');
  assert.equal((await get(disp, '/admin/audit')).status, 403);
});
