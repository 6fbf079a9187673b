// site_edit.test.mjs: staff fill in their site's address, opening hours,
// office phone and position on the desk (/desk/sites, /desk/sites/{id}):
// within their part of the tree only, by the same rules as `sidan site
// import`, each bad field told beside it with what was typed kept, every
// change recorded; the public site page and the geographic map then show
// what was entered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, sql, bin } from '../lib/harness.mjs';
import { post } from '../lib/order.mjs';
import { ACCOUNTS, signIn, get, page } from '../lib/staff.mjs';

let s;
const S = {};
const one = (q) => sql(s.db, q)[0];
const idOf = (code) => one(`SELECT id FROM orgs WHERE code = '${code}'`).id;
const CENTER = '140602000000', SHENTOU = '140602100000', MAYI = '140602100201',
  XIAOBO = '140602100202', BEICHENG = '140602001000';
const site = (id) => one(`SELECT address, open_hours, office_phone, lat, lon FROM orgs WHERE id = ${id}`);
const changes = (id) => sql(s.db, `SELECT c.field, c.old_value, c.new_value, u.login FROM site_changes c
  JOIN users u ON u.id = c.user_id WHERE c.org_id = ${id} ORDER BY c.id`);
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
// Posts the form of site id as session with fields (and its csrf unless given).
const save = (id, who, fields) => post(s.url, `/desk/sites/${id}`, { csrf: who.csrf, ...fields },
  { cookie: who.cookie });
// The message shown beside field f, checking the control points at it.
function besideField(html, f) {
  const m = html.match(new RegExp(`<p class="err" id="e-${f}">([^<]*)</p>`));
  if (!m) return null;
  assert.match(html, new RegExp(`id="f-${f}"[^>]*aria-describedby="[^"]*e-${f}"[^>]*aria-invalid="true"`),
    `the ${f} control is marked invalid and described by its message`);
  return m[1];
}
const GOOD = { address: '神头镇马邑村村委会院内', open_hours: '周一至周五 8:30-17:30',
  office_phone: '0349-5021234', lat: '39.3325', lon: '112.4286' };

before(async () => {
  s = await start();
  for (const [role, login] of Object.entries(ACCOUNTS)) S[role] = await signIn(s.url, login);
});
after(async () => { await s?.stop(); });

test('the desk links to 站点信息; a 站 goes straight to its own form, a 所 sees its own sites only', async () => {
  const desk = await page(s.url, '/desk', S.station);
  assert.match(desk, /<a href="\/desk\/sites">站点信息<\/a>/, 'the desk links to the sites');
  const r = await get(s.url, '/desk/sites', S.station);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/desk/sites/${idOf(MAYI)}`);
  const form = await page(s.url, `/desk/sites/${idOf(MAYI)}`, S.station);
  assert.match(form, /<h1>马邑村<\/h1>/);
  for (const f of ['address', 'open_hours', 'office_phone', 'lat', 'lon'])
    assert.match(form, new RegExp(`<input id="f-${f}" name="${f}"[^>]* value=""`), `${f} is empty: nothing on record`);

  const list = await page(s.url, '/desk/sites', S.institute);
  const ids = [...list.matchAll(/href="\/desk\/sites\/(\d+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  const mine = sql(s.db, `SELECT id FROM orgs WHERE id = ${idOf(SHENTOU)} OR parent_id = ${idOf(SHENTOU)} ORDER BY id`)
    .map((o) => o.id);
  assert.deepEqual(ids, mine, '神头镇 and the sites under it, nothing else');
  assert.match(text(list), new RegExp(`神头镇的 ${mine.length} 个站点中，0 个已登记全部信息，0 个已登记位置`));
  const all = await page(s.url, '/desk/sites', S.dispatcher);
  assert.equal([...all.matchAll(/href="\/desk\/sites\/\d+"/g)].length, one('SELECT count(*) AS n FROM orgs').n,
    'the centre sees every site');
});

test('a 站 fills in its details: stored, each change recorded, shown on its public page and the geographic map', async () => {
  const id = idOf(MAYI);
  const before = await (await fetch(`${s.url}/sites/${id}`)).text();
  assert.equal((before.match(/暂未登记/g) || []).length >= 4, true, 'address, hours, phone and position are 暂未登记');
  const r = await save(id, S.station, GOOD);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/desk/sites/${id}?saved=4`);
  assert.deepEqual(site(id), { address: GOOD.address, open_hours: GOOD.open_hours, office_phone: GOOD.office_phone,
    lat: 39.3325, lon: 112.4286 });
  assert.deepEqual(changes(id), [
    { field: 'address', old_value: '', new_value: GOOD.address, login: 'zhan.mayi' },
    { field: 'open_hours', old_value: '', new_value: GOOD.open_hours, login: 'zhan.mayi' },
    { field: 'office_phone', old_value: '', new_value: GOOD.office_phone, login: 'zhan.mayi' },
    { field: 'position', old_value: '', new_value: '39.3325, 112.4286', login: 'zhan.mayi' },
  ]);
  const form = await page(s.url, `/desk/sites/${id}?saved=4`, S.station);
  assert.match(form, /已保存。公开的站点页面和地图已按新的信息显示/);
  assert.match(form, /value="39.3325"/, 'the form shows the position as typed');
  assert.match(text(form), /演示马邑村站员 · 办公电话 原来：（未登记） → 改为：0349-5021234/, 'the change is listed under the form');

  const pub = await (await fetch(`${s.url}/sites/${id}`)).text();
  for (const v of [GOOD.address, GOOD.open_hours, GOOD.office_phone, '北纬 39.33250°，东经 112.42860°'])
    assert.ok(pub.includes(v), `the public page shows ${v}`);
  assert.ok(!pub.includes('zhan.mayi') && !pub.includes('/desk/sites/'), 'no staff name, no desk link for the public');
  const geo = await (await fetch(`${s.url}/map?view=geo`)).text();
  const svg = geo.slice(geo.indexOf('<svg'), geo.indexOf('</svg>'));
  assert.match(svg, new RegExp(`<a href="/sites/${id}"><title>马邑村`), 'the geographic map places it');

  // Saving the same again changes nothing and records nothing.
  const again = await save(id, S.station, GOOD);
  assert.equal(again.headers.get('location'), `/desk/sites/${id}?saved=0`);
  assert.match(await page(s.url, `/desk/sites/${id}?saved=0`, S.station), /没有改动/);
  assert.equal(changes(id).length, 4);

  // Emptying the position takes the site off the map, recorded as such.
  assert.equal((await save(id, S.station, { ...GOOD, lat: '', lon: '' })).status, 303);
  assert.deepEqual([site(id).lat, site(id).lon], [null, null]);
  assert.deepEqual(changes(id).at(-1), { field: 'position', old_value: '39.3325, 112.4286', new_value: '', login: 'zhan.mayi' });
  const geo2 = await (await fetch(`${s.url}/map?view=geo`)).text();
  assert.doesNotMatch(geo2.slice(geo2.indexOf('<svg'), geo2.indexOf('</svg>')), new RegExp(`href="/sites/${id}"`));
});

test('each bad field is told beside it in Chinese, what was typed is kept, nothing is stored', async () => {
  const id = idOf(XIAOBO);
  const cases = [
    ['address', { address: '村'.repeat(101) }, '不能超过100个字'],
    ['open_hours', { open_hours: '周一\n周二' }, null],
    ['office_phone', { office_phone: '13912345678' }, '这是手机号码：办公电话只填单位的座机号码，不填个人手机'],
    ['office_phone', { office_phone: '电话0349' }, '办公电话只能包含数字、空格、连字符和括号，如 0349-5021234'],
    ['office_phone', { office_phone: '0349-52' }, '办公电话格式不对，应为座机号码，如 0349-5021234'],
    ['lat', { lat: '', lon: '112.4286' }, '纬度和经度要同时填写；都留空表示不登记位置'],
    ['lon', { lat: '39.3325', lon: '' }, '纬度和经度要同时填写；都留空表示不登记位置'],
    ['lat', { lat: '112.4286', lon: '39.3325' }, '纬度应是 -90 到 90 之间的数，用小数表示的度数，如 39.3325'],
    ['lat', { lat: '39°19′', lon: '112.4286' }, '纬度应是 -90 到 90 之间的数，用小数表示的度数，如 39.3325'],
    ['lon', { lon: '200' }, '经度应是 -180 到 180 之间的数，用小数表示的度数，如 112.4286'],
  ];
  const was = site(id);
  for (const [field, change, message] of cases) {
    const what = `${field} ${JSON.stringify(change)}`;
    const fields = { ...GOOD, ...change };
    const r = await save(id, S.institute, fields);
    assert.equal(r.status, 400, what);
    const html = await r.text();
    const beside = besideField(html, field);
    if (message) assert.equal(beside, message, what);
    else assert.ok(beside, `${what}: told beside the field`);
    assert.match(html, /有 1 处需要修改，您填写的内容都已保留，还没有保存/, what);
    assert.match(html, new RegExp(`<a href="#f-${field}">`), `${what}: the summary links to the field`);
    for (const [k, v] of Object.entries(fields)) {
      if (k === 'open_hours' && field === 'open_hours') continue;	// a line break is not kept in an input
      assert.ok(html.includes(`name="${k}"`) && html.includes(`value="${v}"`), `${what}: ${k} kept`);
    }
  }
  assert.deepEqual(site(id), was, 'nothing stored');
  assert.equal(changes(id).length, 0, 'nothing recorded');
});

test('`sidan site import` refuses the same office phones and positions as the desk, with the same reason', () => {
  const file = path.join(s.dir, 'bad.csv');
  fs.writeFileSync(file, ['code,name,kind,parent_code,office_phone,lat,lon',
    `${XIAOBO},小泊村,station,${SHENTOU},13912345678,,`,
    `${XIAOBO}-2,小泊村二,station,${SHENTOU},,112.4286,39.3325`].join('\n') + '\n');
  const r = spawnSync(bin, ['site', 'import', file, '--db', s.db], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 2 行：这是手机号码：办公电话只填单位的座机号码，不填个人手机/);
  assert.match(r.stderr, /第 3 行：纬度 lat 须是 -90 到 90 之间的数/);
});

test('only staff of the site, its 所 or the centre may edit it; everyone else gets 404, 403 or the sign-in', async () => {
  const xiaobo = idOf(XIAOBO), beicheng = idOf(BEICHENG), center = idOf(CENTER), shentou = idOf(SHENTOU);
  const phone = { ...GOOD, address: '越权写入的地址' };
  // A 站's staff: another station is not theirs; nor is their 所.
  for (const id of [xiaobo, shentou, center]) {
    assert.equal((await get(s.url, `/desk/sites/${id}`, S.station)).status, 404, `站 GET ${id}`);
    assert.equal((await save(id, S.station, phone)).status, 404, `站 POST ${id}`);
  }
  // A 所's staff: another 所 and the centre are not theirs.
  for (const id of [beicheng, center]) {
    assert.equal((await get(s.url, `/desk/sites/${id}`, S.institute)).status, 404, `所 GET ${id}`);
    assert.equal((await save(id, S.institute, phone)).status, 404, `所 POST ${id}`);
  }
  // A team leader has no site; nobody signed in is sent to sign in.
  assert.equal((await get(s.url, `/desk/sites/${xiaobo}`, S.leader)).status, 403);
  assert.equal((await save(xiaobo, S.leader, phone)).status, 403);
  const anon = await get(s.url, `/desk/sites/${xiaobo}`);
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/login\?next=/);
  assert.equal((await post(s.url, `/desk/sites/${xiaobo}`, phone)).status, 403);
  // No form token, or another session's: refused.
  assert.equal((await post(s.url, `/desk/sites/${xiaobo}`, phone, { cookie: S.institute.cookie })).status, 403);
  assert.equal((await save(xiaobo, S.institute, { ...phone, csrf: S.admin.csrf })).status, 403);
  // Not a site id.
  for (const p of ['0', '01', 'abc', '999999'])
    assert.equal((await get(s.url, `/desk/sites/${p}`, S.admin)).status, 404, p);
  assert.equal(one(`SELECT count(*) AS n FROM orgs WHERE address = '越权写入的地址'`).n, 0, 'nothing was written');

  // Those whose site it is may: the 所 for its station, the centre and the admin for any.
  assert.equal((await save(xiaobo, S.institute, { ...GOOD, address: '小泊村委会' })).status, 303);
  assert.equal((await save(beicheng, S.dispatcher, { ...GOOD, address: '北城街道办事处' })).status, 303);
  assert.equal((await save(center, S.admin, { ...GOOD, address: '朔城区文体综合大楼三层' })).status, 303);
  assert.deepEqual([site(xiaobo).address, site(beicheng).address, site(center).address],
    ['小泊村委会', '北城街道办事处', '朔城区文体综合大楼三层']);
  assert.equal(changes(center)[0].login, 'admin');
});

test("a site's public page links staff in scope to its form, and no one else", async () => {
  const mayi = idOf(MAYI), xiaobo = idOf(XIAOBO);
  const link = (id) => `<a href="/desk/sites/${id}">登记或修改本站点信息</a>`;
  const as = async (id, who) => (await get(s.url, `/sites/${id}`, who)).text();
  assert.ok((await as(mayi, S.station)).includes(link(mayi)), '马邑村 staff on 马邑村');
  assert.ok((await as(xiaobo, S.institute)).includes(link(xiaobo)), '神头镇 staff on 小泊村');
  assert.ok((await as(xiaobo, S.admin)).includes(link(xiaobo)), 'the admin');
  assert.ok(!(await as(xiaobo, S.station)).includes('/desk/sites/'), '马邑村 staff on 小泊村');
  assert.ok(!(await as(mayi, S.leader)).includes('/desk/sites/'), 'a team leader');
  const pub = await fetch(`${s.url}/sites/${mayi}`);
  assert.ok(!(await pub.text()).includes('/desk/sites/'), 'the public');
});
