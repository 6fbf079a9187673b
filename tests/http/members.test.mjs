// members.test.mjs: a team leader sees their team's volunteers and hours;
// the admin sees everyone and can stand a volunteer down, which ends the
// volunteer's sessions at once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { formTokens, post } from '../lib/order.mjs';
import { signIn, page } from '../lib/staff.mjs';

let s;
before(async () => { s = await start(); });
after(async () => { await s.stop(); });

// Signs a volunteer in at /v/login; returns the "vsid=..." cookie pair.
async function volunteerIn(phone) {
  const t = formTokens(await (await fetch(s.url + '/v/login')).text());
  const r = await post(s.url, '/v/login', { login: phone, password: 'wenming-demo-2026', next: '/v', ...t });
  assert.equal(r.status, 303);
  return r.headers.get('set-cookie').split(';')[0];
}

test('the leader sees the members of their team with their hours', async () => {
  const leader = await signIn(s.url, 'leader.shentou');
  const html = await page(s.url, '/desk/members', leader);
  assert.match(html, /神头镇志愿服务分队的志愿者/);
  for (const n of ['演示志愿者甲', '演示志愿者乙', '演示志愿者丙']) assert.ok(html.includes(n));
  assert.match(html, /SC2026000001/);
  assert.doesNotMatch(html, /action="\/desk\/members\/\d+\/disable"/, 'only the admin stands volunteers down');
  const disp = await signIn(s.url, 'dispatcher');
  assert.equal((await fetch(s.url + '/desk/members', { headers: { cookie: disp.cookie }, redirect: 'manual' })).status, 403);
});

test('the admin stands a volunteer down: their session ends at once; restoring lets them back', async () => {
  const vcookie = await volunteerIn('13900000003');
  assert.equal((await fetch(s.url + '/v', { headers: { cookie: vcookie }, redirect: 'manual' })).status, 200);
  const admin = await signIn(s.url, 'admin');
  const id = sql(s.db, "SELECT id FROM volunteers WHERE phone = '13900000003'")[0].id;
  let r = await post(s.url, `/desk/members/${id}/disable`, { csrf: admin.csrf }, { cookie: admin.cookie });
  assert.equal(r.status, 303);
  r = await fetch(s.url + '/v', { headers: { cookie: vcookie }, redirect: 'manual' });
  assert.equal(r.status, 303, 'the old session is refused');
  assert.match(r.headers.get('location'), /^\/v\/login/);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM volunteer_sessions WHERE volunteer_id = ${id}`)[0].n, 0);
  assert.match(await page(s.url, '/desk/members', admin), /演示志愿者丙.*已停用/s);
  r = await post(s.url, `/desk/members/${id}/restore`, { csrf: admin.csrf }, { cookie: admin.cookie });
  assert.equal(r.status, 303);
  await volunteerIn('13900000003');
});

test('the list is 50 a page with its count, searchable by name, phone or number; bad searches and pages are told', async () => {
  // 120 more approved volunteers (numbers after the demo's), none in a team.
  sql(s.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
    INSERT INTO volunteers(number, name, phone, pwhash, org_id, status, consent_at, created_at)
    SELECT printf('SC2099%06d', i), printf('翻页测试%d', i), printf('1370000%04d', i), 'x',
      (SELECT id FROM orgs WHERE kind = 'station' LIMIT 1), 'approved', 0, 0 FROM n`);
  const all = sql(s.db, "SELECT count(*) AS n FROM volunteers WHERE status IN ('approved', 'disabled')")[0].n;
  const pages = Math.ceil(all / 50);
  const admin = await signIn(s.url, 'admin');
  const get = async (path) => {
    const r = await fetch(s.url + path, { headers: { cookie: admin.cookie } });
    return { status: r.status, html: await r.text() };
  };
  const rows = (html) => (html.match(/<li><p><strong>/g) || []).length;

  let { status, html } = await get('/desk/members');
  assert.equal(status, 200);
  assert.ok(html.includes(`共 ${all} 名志愿者，第 1 / ${pages} 页。`));
  assert.equal(rows(html), 50);
  assert.ok(html.includes('<a href="/desk/members?page=2" rel="next">下一页</a>'));
  assert.ok(!html.includes('rel="prev"'));
  // The last page holds the rest, ordered by number: the last one created is there.
  ({ html } = await get(`/desk/members?page=${pages}`));
  assert.equal(rows(html), all - 50 * (pages - 1));
  assert.ok(html.includes('翻页测试120'));
  assert.ok(html.includes(`<a href="/desk/members?page=${pages - 1}" rel="prev">上一页</a>`));
  // Every volunteer is on exactly one page.
  const seen = new Set();
  for (let p = 1; p <= pages; p++)
    for (const m of (await get(`/desk/members?page=${p}`)).html.matchAll(/（(SC\d+)）/g)) {
      assert.ok(!seen.has(m[1]), `${m[1]} twice`);
      seen.add(m[1]);
    }
  assert.equal(seen.size, all);

  // Search by phone, by number, by part of a name (kept in the links).
  ({ html } = await get('/desk/members?q=13700000077'));
  assert.ok(html.includes('找到 1 名志愿者。'));
  assert.ok(html.includes('翻页测试77'));
  ({ html } = await get('/desk/members?q=SC2099000005'));
  assert.equal(rows(html), 1);
  ({ html } = await get('/desk/members?q=' + encodeURIComponent('翻页测试')));
  assert.ok(html.includes('找到 120 名志愿者，第 1 / 3 页。'));
  assert.ok(html.includes(`<a href="/desk/members?q=${encodeURIComponent('翻页测试')}&amp;page=2" rel="next">下一页</a>`));
  assert.ok(html.includes('value="翻页测试"'), 'the search stays in the box');
  ({ html } = await get('/desk/members?q=nobody'));
  assert.match(html, /没有找到姓名、手机号或编号含“nobody”的志愿者/);

  // Too long: the message beside the box, what was typed kept, nothing listed.
  const long = '查'.repeat(41);
  ({ status, html } = await get('/desk/members?q=' + encodeURIComponent(long)));
  assert.equal(status, 400);
  const field = html.match(/<div class="field invalid">[\s\S]*?<\/div>/);
  assert.ok(field, 'the search field is marked');
  assert.match(field[0], /不能超过40个字/);
  assert.ok(field[0].includes(`value="${long}"`));
  assert.equal(rows(html), 0);
  // A page that is not a number, or past the end.
  ({ html } = await get('/desk/members?page=abc'));
  assert.match(html, /页码不对/);
  assert.ok(html.includes(`第 1 / ${pages} 页`));
  ({ html } = await get('/desk/members?page=99'));
  assert.ok(html.includes(`没有第 99 页：一共只有 ${pages} 页。下面是最后一页。`));
  assert.equal(rows(html), all - 50 * (pages - 1));

  // A leader's search stays within their team.
  const leader = await signIn(s.url, 'leader.shentou');
  const lr = await fetch(s.url + '/desk/members?q=' + encodeURIComponent('翻页测试'), { headers: { cookie: leader.cookie } });
  assert.match(await lr.text(), /找到 0 名志愿者/);
});
