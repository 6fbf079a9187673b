// open311_updates.test.mjs: mySociety's Open311 extension GET
// /open311/v2/servicerequestupdates.{json,xml} (issue 15, item 6), as
// FixMyStreet's GetUpdates polls it: the public events of requests, in
// order, with FixMyStreet's statuses, each described as the tracking page
// shows it (the reason for 不予受理 included, a 回访记录, a rating comment or
// a volunteer's report never); JSON and XML agree; bad dates are a 400 in
// the spec's error format; the window and the cap of 1000 hold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { start, sql } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { ACCOUNTS, signIn, page, act, versionOf } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, vSignIn, vact, beijing } from '../lib/volunteer.mjs';
import { dispatch, rateByLink, followupsView, followupAct, timelineOf } from '../lib/rating.mjs';
import { nowMs, nowSec } from '../lib/clock.mjs';

const API = '/open311/v2/servicerequestupdates';
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
const FIELDS = ['update_id', 'service_request_id', 'status', 'external_status_code', 'description',
  'updated_datetime', 'media_url'];
const hasXmllint = !spawnSync('xmllint', ['--version']).error;

let s, staff, me, vid, team;
const PRIVATE = {};	// words that must never be in an update
let a, c;		// the request served, rated and reopened; the rejected one
let reason;		// the public reason it was rejected for

// Unix time t as Open311 writes it, in Beijing time.
const iso = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 19) + '+08:00';

// GETs the updates in ext with query q (an object); returns { r, text, json }.
async function updates(ext, q = {}) {
  const r = await fetch(`${s.url}${API}.${ext}?${new URLSearchParams(q)}`);
  const text = await r.text();
  return { r, text, json: ext === 'json' ? JSON.parse(text) : undefined };
}

// The <request_update>s of an XML answer as objects of their fields.
function xmlUpdates(xml) {
  const un = (v) => v.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  return [...xml.matchAll(/<request_update>([\s\S]*?)<\/request_update>/g)].map((m) => {
    const o = {};
    for (const f of FIELDS) {
      const v = m[1].match(new RegExp(`<${f}>([^<]*)</${f}>`));
      o[f] = v ? un(v[1]) : undefined;
    }
    return o;
  });
}

// Checks an XML answer's type, root element and well-formedness.
function checkXml(t, res, root) {
  assert.equal(res.r.headers.get('content-type'), 'text/xml; charset=utf-8');
  assert.match(res.text, new RegExp(`^<\\?xml version="1.0" encoding="utf-8"\\?>\\n<${root}>[\\s\\S]*</${root}>\\n$`));
  if (!hasXmllint) {
    t.diagnostic('xmllint is not installed: well-formedness not checked');
    return;
  }
  const lint = spawnSync('xmllint', ['--noout', '-'], { input: res.text, encoding: 'utf8' });
  assert.equal(lint.status, 0, `xmllint: ${lint.stderr}`);
}

before(async () => {
  s = await start();
  staff = await signIn(s.url, ACCOUNTS.dispatcher);
  me = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  vid = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`)[0].id;
  team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;

  // Submitted, dispatched, taken, completed with a report, rated poorly
  // with a comment, then reopened by staff with a 回访记录.
  PRIVATE.need = 'UPDneed老人需要上门量血压';
  a = await submit(s.url, { need: PRIVATE.need, name: '更新测试', phone: '13611112222' });
  await dispatch(s.url, staff, a.code, team);
  assert.equal((await vact(s.url, me, a.code, 'accept')).status, 303);
  PRIVATE.what = 'UPDwhat已为王大爷量血压';
  const now = nowMs();
  assert.equal((await vact(s.url, me, a.code, 'complete', { what: PRIVATE.what,
    start: beijing(now - 2 * 3600e3).local, end: beijing(now - 3600e3).local, [`m_${vid}`]: '60' })).status, 303);
  PRIVATE.comment = 'UPDcomment志愿者迟到了';
  assert.equal((await rateByLink(s.url, a.token, { level: '1', comment: PRIVATE.comment })).status, 303);
  const f = followupsView(await page(s.url, '/desk/followups', staff)).open.find((x) => x.code === a.code);
  PRIVATE.followup = 'UPDfollowup已电话回访王大爷';
  assert.equal((await followupAct(s.url, staff, f.id, 'reopen', { note: PRIVATE.followup })).status, 303);

  // Rejected with a reason labelled 群众可以看到.
  c = await submit(s.url, { name: '更新测试', phone: '13611113333' });
  reason = '不在本中心服务范围，请联系社区卫生服务站';
  const html = await page(s.url, `/desk/order/${c.code}`, staff);
  assert.equal((await act(s.url, staff, c.code, 'reject', { version: versionOf(html), reason })).status, 303);
});
after(async () => { await s?.stop(); });

test('the updates of the last day arrive in order, with FixMyStreet statuses and the tracking page words', async (t) => {
  const res = await updates('json');
  assert.equal(res.r.status, 200);
  assert.equal(res.r.headers.get('content-type'), 'application/json; charset=utf-8');
  const list = res.json;
  const of = (code) => list.filter((u) => u.service_request_id === code);
  assert.deepEqual(of(a.code).map((u) => [u.status, u.external_status_code, u.description]), [
    ['open', 'submitted', '提交申请'],
    ['action_scheduled', 'dispatched', '已派单'],
    ['in_progress', 'accepted', '已接单'],
    ['fixed', 'completed', '已完成'],
    ['fixed', 'rated', '已评价'],
    ['open', 'submitted', '重新办理'],
  ]);
  assert.deepEqual(of(c.code).map((u) => [u.status, u.description]), [
    ['open', '提交申请'],
    ['not_councils_responsibility', `不予受理：${reason}`],
  ]);
  // What the tracking page's timeline says, event by event (the reason
  // for 不予受理 stands beside the state there, not in the timeline).
  for (const code of [a.code, c.code]) {
    const tl = timelineOf(await (await fetch(`${s.url}/track/${code}`)).text());
    assert.deepEqual(of(code).map((u) => u.description.split('：')[0]), tl.map((e) => e.what), code);
  }
  // Oldest first; ids unique; times as the other endpoints write them.
  const ids = list.map((u) => u.update_id);
  assert.equal(new Set(ids).size, ids.length, 'update_id is unique');
  for (let i = 1; i < list.length; i++) {
    assert.ok(list[i - 1].updated_datetime <= list[i].updated_datetime, 'by time');
    if (list[i - 1].updated_datetime === list[i].updated_datetime)
      assert.ok(Number(list[i - 1].update_id) < Number(list[i].update_id), 'then by id');
  }
  for (const u of list) {
    assert.match(u.updated_datetime, TIME);
    assert.equal(u.media_url, '');
    assert.deepEqual(Object.keys(u).sort(), [...FIELDS].sort());
  }
  // Nobody's private words, in either format.
  const xml = await updates('xml');
  for (const [field, words] of Object.entries(PRIVATE)) {
    assert.ok(!res.text.includes(words), `${field} in JSON`);
    assert.ok(!xml.text.includes(words), `${field} in XML`);
  }
  assert.ok(!res.text.includes('更新测试') && !res.text.includes('1361111'), 'no name or phone');
  // JSON and XML agree.
  assert.equal(xml.r.status, 200);
  checkXml(t, xml, 'service_request_updates');
  assert.deepEqual(xmlUpdates(xml.text), list);
  // jurisdiction_id is accepted, as by the other endpoints.
  assert.deepEqual((await updates('json', { jurisdiction_id: 'shuocheng' })).json, list);
});

test('the window: start_date and end_date select by time, both inclusive', async () => {
  const all = (await updates('json')).json;
  const first = all[0].updated_datetime, last = all[all.length - 1].updated_datetime;
  assert.deepEqual((await updates('json', { start_date: first, end_date: last })).json, all);
  const tFirst = Date.parse(first) / 1000;
  assert.deepEqual((await updates('json', { start_date: iso(tFirst - 3600), end_date: iso(tFirst - 1) })).json, []);
  assert.deepEqual((await updates('json', { start_date: iso(nowSec() + 60) })).json, [], 'nothing later');
  // end_date alone: the day before it.
  assert.deepEqual((await updates('json', { end_date: iso(nowSec() + 60) })).json, all);
  assert.deepEqual((await updates('json', { end_date: iso(tFirst - 1) })).json, []);
  // start_date alone: from it on.
  assert.deepEqual((await updates('json', { start_date: iso(tFirst - 10 * 86400) })).json, all);
});

test('bad dates are a 400 in the spec error format, in JSON and in XML', async (t) => {
  const now = nowSec();
  const bad = [
    [{ start_date: 'yesterday' }, /start_date须是ISO 8601时间/],
    [{ end_date: '2026-13-40' }, /end_date须是ISO 8601时间/],
    [{ start_date: iso(now), end_date: iso(now - 60) }, /start_date不能晚于end_date/],
    [{ start_date: iso(now - 91 * 86400), end_date: iso(now) }, /不能超过90天/],
  ];
  for (const [q, re] of bad) {
    const j = await updates('json', q);
    assert.equal(j.r.status, 400, JSON.stringify(q));
    assert.equal(j.json[0].code, 400);
    assert.match(j.json[0].description, re);
    const x = await updates('xml', q);
    assert.equal(x.r.status, 400);
    checkXml(t, x, 'errors');
    assert.match(x.text, /<error><code>400<\/code><description>[^<]+<\/description><\/error>/);
  }
  // Another format is not an endpoint of its own.
  assert.equal((await fetch(`${s.url}${API}.csv`)).status, 404);
});

test('at most 1000 updates, oldest first; asking again from the last one gives the rest', async () => {
  const t0 = nowSec() - 20 * 86400;
  const id = sql(s.db, `SELECT id FROM orders WHERE code = '${c.code}'`)[0].id;
  // 1100 public events, one a second, and one private one among them.
  sql(s.db, `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1099)
    INSERT INTO order_events(order_id, at, actor, from_state, to_state, note, public, note_public)
    SELECT ${id}, ${t0} + i, 'staff', 'dispatched', 'dispatched', 'UPDbulk', 1, 0 FROM n;
    INSERT INTO order_events(order_id, at, actor, from_state, to_state, note, public)
    VALUES (${id}, ${t0} + 5, 'staff', 'dispatched', 'dispatched', 'UPDhidden', 0);`);
  const q = { start_date: iso(t0 - 1), end_date: iso(t0 + 2000) };
  const one = (await updates('json', q)).json;
  assert.equal(one.length, 1000);
  assert.equal(one[0].updated_datetime, iso(t0));
  assert.equal(one[999].updated_datetime, iso(t0 + 999));
  assert.ok(one.every((u) => u.description === '重新派单' && u.status === 'action_scheduled'));
  assert.equal((await updates('xml', q)).text.match(/<request_update>/g).length, 1000);
  const two = (await updates('json', { ...q, start_date: one[999].updated_datetime })).json;
  assert.equal(two.length, 101, 'the last one again, then the 100 after it');
  assert.equal(two[0].update_id, one[999].update_id);
  assert.equal(new Set([...one, ...two].map((u) => u.update_id)).size, 1100);
});
