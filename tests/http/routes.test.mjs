// routes.test.mjs: typed path parameters and one route per verb (issue 17
// items 3, 4). A path id is read once, strictly, by the router: before,
// atoll() took "/desk/hours/12abc/confirm" as 12 and confirmed record 12;
// now such a path reaches no handler (404) and changes nothing. An action
// that does not exist is no route either.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { submit, post } from '../lib/order.mjs';
import { ACCOUNTS, signIn, get } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, apply, application } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';

let s;
let admin;	// a session of the admin account, who may do all of the below
let code;	// a request in everyone's scope
const ids = {};

// The ways to write an id that are not one, each with the real id n inside.
const notIds = (n) => [`${n}abc`, `0${n}`, `+${n}`, `${n}.0`, `${n}e0`, `${n}%20`, ` ${n}`, `${n}٣`];

before(async () => {
  s = await start();
  admin = await signIn(s.url, ACCOUNTS.admin);
  code = (await submit(s.url, { phone: '13911112222' })).code;
  const vid = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[1]}'`)[0].id;
  sql(s.db, `INSERT INTO hours(volunteer_id, order_id, started_at, ended_at, minutes, what, created_at)
    SELECT ${vid}, id, ${nowSec()} - 7200, ${nowSec()} - 3600, 60, '类型测试', ${nowSec()}
    FROM orders WHERE code = '${code}'`);
  ids.hour = sql(s.db, "SELECT id FROM hours WHERE what = '类型测试'")[0].id;
  const team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
  assert.equal((await apply(s.url, application({ phone: '13711119999', team: [team] }))).status, 303);
  ids.application = sql(s.db, "SELECT id FROM volunteers WHERE phone = '13711119999'")[0].id;
  ids.member = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[2]}'`)[0].id;
  ids.station = sql(s.db, `SELECT id FROM users WHERE login = '${ACCOUNTS.station}'`)[0].id;
});
after(async () => { await s?.stop(); });

// Posts fields to path with the admin's session and token; returns the status.
async function act(path, fields = {}) {
  const r = await post(s.url, path, { ...fields, csrf: admin.csrf }, { cookie: admin.cookie });
  await r.arrayBuffer();
  return r.status;
}

const state = () => sql(s.db, `SELECT
  (SELECT status || minutes FROM hours WHERE id = ${ids.hour}) AS hour,
  (SELECT status FROM volunteers WHERE id = ${ids.application}) AS application,
  (SELECT status FROM volunteers WHERE id = ${ids.member}) AS member,
  (SELECT disabled FROM users WHERE id = ${ids.station}) AS station`)[0];

test('an id that is not written plainly reaches no handler: 404, and nothing changes', async () => {
  const before = state();
  assert.deepEqual(before, { hour: 'pending60', application: 'pending', member: 'approved', station: 0 });
  for (const bad of notIds(ids.hour)) {
    assert.equal(await act(`/desk/hours/${encodeURIComponent(bad)}/confirm`), 404, `confirm ${bad}`);
    assert.equal(await act(`/desk/hours/${encodeURIComponent(bad)}/correct`,
      { minutes: '30', reason: '类型测试' }), 404, `correct ${bad}`);
  }
  for (const bad of notIds(ids.application))
    assert.equal(await act(`/desk/volunteers/${encodeURIComponent(bad)}/approve`), 404, `approve ${bad}`);
  for (const bad of notIds(ids.member))
    assert.equal(await act(`/desk/members/${encodeURIComponent(bad)}/disable`), 404, `disable member ${bad}`);
  for (const bad of notIds(ids.station))
    assert.equal(await act(`/admin/users/${encodeURIComponent(bad)}/disable`), 404, `disable account ${bad}`);
  assert.deepEqual(state(), before, 'no hours confirmed, no application approved, no one disabled');
});

test('the same ids written plainly do what they say', async () => {
  assert.equal(await act(`/desk/hours/${ids.hour}/confirm`), 303);
  assert.equal(await act(`/desk/volunteers/${ids.application}/approve`), 303);
  assert.equal(await act(`/desk/members/${ids.member}/disable`), 303);
  assert.equal(await act(`/admin/users/${ids.station}/disable`), 303);
  assert.deepEqual(state(), { hour: 'confirmed60', application: 'approved', member: 'disabled', station: 1 });
  assert.equal(await act(`/desk/members/${ids.member}/restore`), 303);
  assert.equal(await act(`/admin/users/${ids.station}/enable`), 303);
  assert.deepEqual(state(), { hour: 'confirmed60', application: 'approved', member: 'approved', station: 0 });
});

test('pages named by an id: a malformed one is 404 like an unknown one', async () => {
  const activity = sql(s.db, 'SELECT min(id) AS id FROM activities')[0].id;
  const site = sql(s.db, "SELECT id FROM orgs WHERE code = '140602100201'")[0].id;
  for (const [p, n] of [['/activities/', activity], ['/sites/', site]]) {
    assert.equal((await get(s.url, `${p}${n}`)).status, 200, `${p}${n}`);
    for (const bad of ['0', '-1', `0${n}`, `${n}abc`, '1'.repeat(19)]) {
      const r = await get(s.url, `${p}${encodeURIComponent(bad)}`);
      assert.equal(r.status, 404, `${p}${bad}`);
      assert.match(await r.text(), /页面不存在|找不到|未找到/, `${p}${bad}: the error page`);
    }
  }
  for (const bad of [`${site}abc`, `0${site}`])
    assert.equal((await get(s.url, `/desk/sites/${bad}`, admin)).status, 404, `/desk/sites/${bad}`);
});

test('a tracking code in a staff path is read in any case with dashes; a malformed one is 404', async () => {
  const pretty = `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`.toLowerCase();
  const before = sql(s.db, 'SELECT count(*) AS n FROM order_notes')[0].n;
  assert.equal(await act(`/desk/order/${pretty}/note`, { note: '小写带横线的查询码' }), 303);
  assert.equal(sql(s.db, 'SELECT count(*) AS n FROM order_notes')[0].n, before + 1);
  assert.equal((await get(s.url, `/desk/order/${pretty}`, admin)).status, 200);
  for (const bad of [code.slice(0, 8), `${code}2`, `${code.slice(0, 8)}0`])
    assert.equal(await act(`/desk/order/${bad}/note`, { note: '不该记下' }), 404, bad);
  assert.equal(sql(s.db, 'SELECT count(*) AS n FROM order_notes')[0].n, before + 1);
});

test('an action that is not in the route table is no route: 404', async () => {
  for (const p of [`/desk/order/${code}/explode`, `/desk/order/${code}/reveal2`,
    `/desk/volunteers/${ids.application}/promote`, `/desk/hours/${ids.hour}/delete`,
    `/desk/members/${ids.member}/ban`, `/admin/users/${ids.station}/delete`, '/desk/followups/1/forget'])
    assert.equal(await act(p), 404, p);
  // And a leader, who may add notes but not move a request, is refused by
  // the table itself.
  const leader = await signIn(s.url, ACCOUNTS.leader);
  const r = await post(s.url, `/desk/order/${code}/cancel`, { csrf: leader.csrf, reason: '不该取消', version: '1' },
    { cookie: leader.cookie });
  assert.equal(r.status, 403);
  assert.equal(sql(s.db, `SELECT state FROM orders WHERE code = '${code}'`)[0].state, 'submitted');
});
