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
