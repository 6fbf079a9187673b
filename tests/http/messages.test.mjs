// messages.test.mjs: every step of the four orders reaches the person who
// must act next (issue 15), through a real HTTP gateway started here
// (tests/lib/gateway.mjs: it records each POST, checks its HMAC signature,
// and answers 500 or hangs on demand): the resident's SMS at each step,
// with a short link that opens the right page; the team's task; the 抢单
// broadcast in bounded batches; staff told of a 不满意 rating; quiet hours,
// the daily cap, a stood-down volunteer and a resident who refused SMS;
// retries with the same idempotency key, a dead SMS after the last attempt,
// and kill -9 of the sender while the gateway hangs.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, sql } from '../lib/harness.mjs';
import { startGateway } from '../lib/gateway.mjs';
import { signIn, page, act, versionOf, teamsOf, areasOf } from '../lib/staff.mjs';
import { vSignIn, vact, beijing, DEMO_VOLUNTEERS, apply, application, review, hourAct } from '../lib/volunteer.mjs';
import { rateByCode, residentPhone, last4, followupsView, followupAct } from '../lib/rating.mjs';
import { nowMs, nowSec, advanceClock, dayStartOf } from '../lib/clock.mjs';
import { until, deskEntry, messagesOf } from '../lib/messages.mjs';

const SECRET = 'test-webhook-secret-0123456789abcdef';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-messages-'));
const secretFile = path.join(dir, 'webhook.key');
fs.writeFileSync(secretFile, SECRET + '\n');

let s, gw, disp;	// disp: the dispatcher, signed in afresh by each test (the clock moves)
const vid = {};	// demo volunteer phone -> id

before(async () => {
  gw = await startGateway({ secret: SECRET });
  s = await start({ env: { SIDAN_WEBHOOK_URL: gw.url, SIDAN_WEBHOOK_SECRET_FILE: secretFile,
    SIDAN_BROADCAST_BATCH: '2', SIDAN_BROADCAST_SECONDS: '300' } });
  for (const r of sql(s.db, `SELECT id, phone FROM volunteers WHERE phone IN ('${DEMO_VOLUNTEERS.join("','")}')`))
    vid[r.phone] = r.id;
});
after(async () => { await s?.stop(); await gw?.stop(); });
beforeEach(async () => { disp = await signIn(s.url, 'dispatcher'); });

// The SMS the gateway received for request code (its links name the code),
// or for phone `to`, as { event, to, text, link, key, ok }.
const got = (f = () => true) => gw.received.filter((x) => x.body).map((x) => ({
  event: x.body.event, to: x.body.to, text: x.body.text, link: x.body.link, key: x.idempotencyKey,
  ok: x.signatureOk, id: x.body.id, status: x.status })).filter(f);
const about = (code) => (x) => x.link.endsWith(`/${code}`) || x.link.endsWith(`/${code}#h-rate`);

// Waits until the gateway holds n SMS matching f; returns them.
async function arrived(f, n) {
  const ok = await until(() => got(f).length >= n);
  assert.ok(ok, `expected ${n} SMS, got ${JSON.stringify(got(f), null, 1)}`);
  return got(f);
}

// Characters of a text (code points).
const chars = (t) => [...t].length;

// Dispatches code to 神头镇志愿服务分队 as the dispatcher.
async function dispatchToTeam(code) {
  const html = await page(s.url, `/desk/order/${code}`, disp);
  const team = teamsOf(html).find((t) => t.name.startsWith('神头镇志愿服务分队'));
  const r = await act(s.url, disp, code, 'dispatch', { version: versionOf(html), team: team.id });
  assert.equal(r.status, 303);
}

test('a request by the team: the resident hears each step once, the team hears of the task', async () => {
  const phone = residentPhone('1851');
  const code = await deskEntry(s.url, disp, { phone, name: '李大爷' });
  let sms = await arrived((x) => x.to === phone, 1);
  assert.equal(sms[0].event, 'resident_received');
  assert.match(sms[0].text, new RegExp(`^【文明朔城】您的服务申请“课业辅导”已受理，查询码${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}，查看进度：$`));
  assert.equal(sms[0].link, `/t/${code}`);
  assert.ok(sms[0].ok, 'signed with the shared secret');
  // The short link opens the tracking page.
  let r = await fetch(s.url + sms[0].link, { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/track/${code}`);
  assert.match(await (await fetch(s.url + sms[0].link)).text(), /办理进度/);

  await dispatchToTeam(code);
  sms = await arrived((x) => x.to === phone, 2);
  assert.equal(sms[1].event, 'resident_dispatched');
  assert.match(sms[1].text, /^【文明朔城】您的服务申请“课业辅导”已派单给神头镇志愿服务分队，志愿者将与您联系：$/);
  const team = await arrived((x) => x.event === 'task_team' && about(code)(x), 3);
  assert.deepEqual(team.map((x) => x.to).sort(), DEMO_VOLUNTEERS);
  assert.equal(team[0].link, `/k/${code}`);
  assert.ok(!team.some((x) => x.text.includes('李大爷') || x.text.includes(phone)), 'no resident data to volunteers');

  const me = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  // The volunteer's link opens their task.
  r = await fetch(s.url + team[0].link, { redirect: 'manual', headers: { cookie: me.cookie } });
  assert.equal(r.headers.get('location'), `/v/task/${code}`);
  assert.equal((await fetch(s.url + `/v/task/${code}`, { headers: { cookie: me.cookie } })).status, 200);
  assert.equal((await vact(s.url, me, code, 'accept')).status, 303);
  sms = await arrived((x) => x.to === phone, 3);
  assert.equal(sms[2].event, 'resident_accepted');
  assert.match(sms[2].text, /^【文明朔城】您的服务申请“课业辅导”已由神头镇志愿服务分队的志愿者于\d+月\d+日\d\d:\d\d接单：$/);

  const now = nowMs();
  r = await vact(s.url, me, code, 'complete', { what: '上门辅导一次', start: beijing(now - 2 * 3600e3).local,
    end: beijing(now - 3600e3).local, [`m_${vid[DEMO_VOLUNTEERS[0]]}`]: '60' });
  assert.equal(r.status, 303);
  sms = await arrived((x) => x.to === phone, 4);
  assert.equal(sms[3].event, 'resident_completed');
  assert.equal(sms[3].link, `/r/${code}`);
  // The rating link opens the tracking page at its rating form.
  r = await fetch(s.url + sms[3].link, { redirect: 'manual' });
  assert.equal(r.headers.get('location'), `/track/${code}#h-rate`);
  assert.match(await (await fetch(s.url + `/track/${code}`)).text(), /<h2 id="h-rate">评价这次服务<\/h2>/);

  // 不满意: staff in scope are told in their inbox (no SMS: staff have no phone here).
  r = await rateByCode(s.url, code, { last4: last4(phone), level: '2' });
  assert.equal(r.status, 303);
  const poor = await until(() => sql(s.db, `SELECT u.login, m.text, m.link, m.sms FROM messages m JOIN users u ON u.id = m.user_id
    WHERE m.kind = 'staff_poor_rating' AND m.order_id = (SELECT id FROM orders WHERE code = '${code}') ORDER BY u.login`)
    .length ? sql(s.db, `SELECT u.login, m.text, m.link, m.sms FROM messages m JOIN users u ON u.id = m.user_id
    WHERE m.kind = 'staff_poor_rating' AND m.order_id = (SELECT id FROM orders WHERE code = '${code}') ORDER BY u.login`) : null);
  assert.ok(poor.length, 'staff told');
  const logins = poor.map((x) => x.login);
  for (const l of ['admin', 'dispatcher', 'suo.shentou', 'zhan.mayi']) assert.ok(logins.includes(l), `${l} told: ${logins}`);
  assert.ok(!logins.includes('leader.shentou'), 'a team leader is not the place in scope');
  assert.match(poor[0].text, /^【文明朔城】群众评单：.{11}（课业辅导）评价为不满意，请回访：$/);
  assert.equal(poor[0].link, `/d/${code}`);
  assert.equal(poor[0].sms, 'none');

  // Reopened after the follow-up: the resident hears it.
  const f = followupsView(await page(s.url, '/desk/followups', disp)).open.find((x) => x.code === code);
  r = await followupAct(s.url, disp, f.id, 'reopen', { note: '已电话回访，重新安排' });
  assert.equal(r.status, 303);
  sms = await arrived((x) => x.to === phone, 5);
  assert.equal(sms[4].event, 'resident_reopened');

  // Every SMS once, each within one segment before its link, signed.
  const mine = got((x) => x.to === phone);
  assert.deepEqual(mine.map((x) => x.event), ['resident_received', 'resident_dispatched', 'resident_accepted',
    'resident_completed', 'resident_reopened']);
  for (const x of got()) {
    assert.ok(chars(x.text) <= 70, `${chars(x.text)} characters: ${x.text}`);
    assert.ok(x.text.startsWith('【文明朔城】'));
    assert.ok(x.ok, 'signature');
    assert.match(x.key, /^sidan-\d+-\d+$/);
  }
  assert.equal(new Set(got().map((x) => x.key)).size, got().length, 'no SMS twice');
  // The desk's list of this request's messages says each was sent (once
  // the housekeeping process has the gateway's answer to the last one: the
  // gateway counts it as arrived before that).
  const sent = () => messagesOf(s.db, code, "m.phone = '" + phone + "'");
  await until(() => sent().every((x) => x.sms === 'sent'));
  const rows = sent();
  assert.ok(rows.every((x) => x.sms === 'sent'), JSON.stringify(rows));
});

test('a request by 抢单: the resident hears it was published; the area hears in batches', async () => {
  const phone = residentPhone('1852');
  const code = await deskEntry(s.url, disp, { phone });
  const html = await page(s.url, `/desk/order/${code}`, disp);
  const area = areasOf(html).find((a) => a.name.includes('马邑村')) || areasOf(html)[0];
  let r = await act(s.url, disp, code, 'publish', { version: versionOf(html), area: area.id });
  assert.equal(r.status, 303);
  const sms = await arrived((x) => x.to === phone, 2);
  assert.equal(sms[1].event, 'resident_published');
  // A batch of two now (SIDAN_BROADCAST_BATCH=2), the rest five minutes later.
  const first = await arrived((x) => x.event === 'task_open' && about(code)(x), 2);
  assert.equal(first.length, 2);
  assert.match(first[0].text, /^【文明朔城】附近有可抢单的任务：课业辅导（马邑村），先到先得：$/);
  const waiting = sql(s.db, `SELECT next_at FROM message_jobs WHERE kind = 'broadcast'
    AND ref_id = (SELECT id FROM orders WHERE code = '${code}')`);
  assert.equal(waiting.length, 1, 'the broadcast waits for its next batch');
  assert.ok(waiting[0].next_at > nowSec() + 200);
  advanceClock(301);
  const all = await arrived((x) => x.event === 'task_open' && about(code)(x), 3);
  assert.deepEqual(all.map((x) => x.to).sort(), DEMO_VOLUNTEERS);
  assert.ok(await until(() => sql(s.db, `SELECT count(*) AS n FROM message_jobs WHERE kind = 'broadcast'`)[0].n === 0),
    'the broadcast ends when everyone is reached');
  // The first to take it wins; the resident hears once.
  const me = await vSignIn(s.url, DEMO_VOLUNTEERS[1]);
  assert.equal((await vact(s.url, me, code, 'accept')).status, 303);
  const acc = await arrived((x) => x.to === phone && x.event === 'resident_accepted', 1);
  assert.equal(acc.length, 1);
});

test('a rejection tells the resident why', async () => {
  const phone = residentPhone('1853');
  const code = await deskEntry(s.url, disp, { phone });
  const html = await page(s.url, `/desk/order/${code}`, disp);
  const r = await act(s.url, disp, code, 'reject', { version: versionOf(html), reason: '不属于志愿服务范围，请拨打12345' });
  assert.equal(r.status, 303);
  const sms = await arrived((x) => x.to === phone, 2);
  assert.equal(sms[1].event, 'resident_rejected');
  assert.equal(sms[1].text, '【文明朔城】您的服务申请“课业辅导”不予受理：不属于志愿服务范围，请拨打12345。详情：');
});

test('a resident who refused SMS, a stood-down volunteer and the daily cap: not sent, and the desk says why', async () => {
  const phone = residentPhone('1854');
  const code = await deskEntry(s.url, disp, { phone });
  sql(s.db, `UPDATE orders SET sms_ok = 0 WHERE code = '${code}'`);
  // The volunteer 13900000003 is stood down; 13900000002 has had ten SMS today.
  sql(s.db, `UPDATE volunteers SET status = 'disabled' WHERE phone = '13900000003'`);
  const t = nowSec();
  sql(s.db, `INSERT INTO messages(created_at, kind, phone, text, sms, sent_at)
    SELECT ${t}, 'task_team', '13900000002', '【文明朔城】测试', 'sent', ${t}
    FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12) SELECT i FROM n)`);
  try {
    await dispatchToTeam(code);
    await arrived((x) => x.event === 'task_team' && about(code)(x), 1);
    const rows = await until(() => {
      const m = messagesOf(s.db, code);
      return m.length && m.every((x) => x.sms !== 'pending') ? m : null;
    });
    const byPhone = Object.fromEntries(rows.filter((x) => x.volunteer_id).map((x) => [x.phone, x]));
    assert.equal(byPhone['13900000001'].sms, 'sent');
    assert.equal(byPhone['13900000002'].sms, 'skipped');
    assert.equal(byPhone['13900000002'].last_error, '超过每日短信上限');
    assert.equal(byPhone['13900000003'], undefined, 'nothing written to a stood-down volunteer');
    const resident = rows.filter((x) => !x.volunteer_id && !x.user_id);
    assert.deepEqual(resident.map((x) => [x.kind, x.sms, x.last_error]),
      [['resident_received', 'skipped', '群众选择不接收短信'], ['resident_dispatched', 'skipped', '群众选择不接收短信']]);
    assert.equal(got((x) => x.to === phone).length, 0, 'nothing sent to the resident');
    assert.equal(got((x) => x.to === '13900000002' && about(code)(x)).length, 0);
  } finally {
    sql(s.db, `UPDATE volunteers SET status = 'approved' WHERE phone = '13900000003';
      DELETE FROM messages WHERE text = '【文明朔城】测试'`);
  }
});

test('quiet hours hold a volunteer\'s SMS until they end', async () => {
  // Volunteer 13900000001 keeps the hours around now (Beijing) quiet.
  const minute = Math.floor(((nowSec() + 8 * 3600) % 86400) / 60);
  const to = (minute + 60) % 1440;
  sql(s.db, `UPDATE volunteers SET quiet_from = ${(minute + 1440 - 30) % 1440}, quiet_to = ${to} WHERE phone = '13900000001'`);
  try {
    const code = await deskEntry(s.url, disp, { phone: residentPhone('1855') });
    await dispatchToTeam(code);
    await arrived((x) => x.event === 'task_team' && about(code)(x), 2);
    const held = await until(() => messagesOf(s.db, code, "m.phone = '13900000001' AND m.sms = 'pending'")[0]);
    const end = dayStartOf(nowSec()) + to * 60;
    assert.equal(held.next_at, end > nowSec() ? end : end + 86400, 'held until the quiet hours end');
    assert.equal(got((x) => x.to === '13900000001' && about(code)(x)).length, 0);
    advanceClock(held.next_at - nowSec() + 1);
    await arrived((x) => x.to === '13900000001' && about(code)(x), 1);
  } finally {
    sql(s.db, `UPDATE volunteers SET quiet_from = NULL, quiet_to = NULL WHERE phone = '13900000001'`);
  }
});

test('a failing gateway: retried with back-off and the same key, dead after the last attempt, retried by the admin', async () => {
  gw.mode = 500;
  const phone = residentPhone('1856');
  const code = await deskEntry(s.url, disp, { phone });
  const first = await arrived((x) => x.to === phone, 1);
  const row = await until(() => messagesOf(s.db, code, "m.attempts >= 1 AND m.last_error = 'HTTP 500'")[0]);
  assert.equal(row.sms, 'pending');
  assert.ok(row.next_at >= nowSec() + 25, 'the next attempt waits');
  gw.mode = 'ok';
  advanceClock(31);
  const again = await arrived((x) => x.to === phone, 2);
  assert.equal(again[1].key, first[0].key, 'the same idempotency key');
  assert.equal(again[1].status, 200);
  assert.ok(await until(() => messagesOf(s.db, code, "m.sms = 'sent'").length === 1));

  // The last attempt fails: dead, with its reason, until the admin retries.
  gw.mode = 500;
  const phone2 = residentPhone('1857');
  const code2 = await deskEntry(s.url, disp, { phone: phone2 });
  await arrived((x) => x.to === phone2, 1);
  sql(s.db, `UPDATE messages SET attempts = 29, next_at = 0 WHERE order_id = (SELECT id FROM orders WHERE code = '${code2}')`);
  const dead = await until(() => messagesOf(s.db, code2, "m.sms = 'dead'")[0]);
  assert.equal(dead.last_error, 'HTTP 500');
  gw.mode = 'ok';
  const admin = await signIn(s.url, 'admin');
  const list = await page(s.url, '/admin/messages', admin);
  assert.ok(list.includes('HTTP 500'), 'the admin sees the dead SMS and why');
  const r = await fetch(`${s.url}/admin/messages/${dead.id}/retry`, { method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: admin.cookie },
    body: new URLSearchParams({ csrf: admin.csrf }) });
  assert.equal(r.status, 303);
  await arrived((x) => x.to === phone2 && x.status === 200, 1);
  assert.ok(await until(() => messagesOf(s.db, code2, "m.sms = 'sent'").length === 1));
});

test('kill -9 of the sender while the gateway hangs: nothing lost, the duplicate carries the same key', async () => {
  gw.mode = 'hang';
  const phone = residentPhone('1858');
  const code = await deskEntry(s.url, disp, { phone });
  await arrived((x) => x.to === phone, 1);	// it reached the gateway, which does not answer
  const house = execFileSync('pgrep', ['-x', '-P', String(s.pid), 'sidan-house'], { encoding: 'utf8' }).trim();
  assert.match(house, /^\d+$/);
  gw.mode = 'ok';
  process.kill(Number(house), 'SIGKILL');
  const both = await arrived((x) => x.to === phone, 2);
  assert.equal(both[0].key, both[1].key, 'delivered again with the same idempotency key');
  assert.equal(both[1].status, 200);
  assert.ok(await until(() => messagesOf(s.db, code, "m.sms = 'sent'").length === 1));
  assert.match(s.log(), /housekeeping process \d+ ended; starting another/);
});

test('a volunteer hears that they were approved or declined, and that their hours were confirmed or corrected', async () => {
  const admin = await signIn(s.url, 'admin');
  for (const [phone, what, fields] of [['13712340001', 'approve', {}], ['13712340002', 'reject', { reason: '所在村暂无服务队' }]]) {
    const team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
    const r = await apply(s.url, application({ phone, name: '申请人', team: [team] }));
    assert.equal(r.status, 303, (await r.text()).match(/<p class="err"[^>]*>[^<]*/g)?.join(' '));
    const id = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${phone}'`)[0].id;
    assert.equal((await review(s.url, admin, id, what, fields)).status, 303);
  }
  const [ok] = await arrived((x) => x.to === '13712340001', 1);
  const number = sql(s.db, "SELECT number FROM volunteers WHERE phone = '13712340001'")[0].number;
  assert.equal(ok.event, 'volunteer_approved');
  assert.equal(ok.text, `【文明朔城】申请人，您的志愿者申请已通过，编号${number}，登录接单：`);
  assert.equal(ok.link, '/v/login');
  const [no] = await arrived((x) => x.to === '13712340002', 1);
  assert.equal(no.text, '【文明朔城】申请人，您的志愿者申请未通过：所在村暂无服务队。');

  // Two records of an hour and a half on 6月14日, confirmed and corrected.
  const me = vid[DEMO_VOLUNTEERS[0]];
  const start = dayStartOf(nowSec(), -1) + 9 * 3600;
  const hour = () => {
    sql(s.db, `INSERT INTO hours(volunteer_id, started_at, ended_at, minutes, what, created_at)
      VALUES (${me}, ${start}, ${start + 5400}, 90, '测试服务记录', ${nowSec()})`);
    return sql(s.db, 'SELECT max(id) AS id FROM hours')[0].id;
  };
  const day = `${new Date((start + 8 * 3600) * 1000).getUTCMonth() + 1}月${new Date((start + 8 * 3600) * 1000).getUTCDate()}日`;
  const before = got((x) => x.to === DEMO_VOLUNTEERS[0] && x.event.startsWith('hours_')).length;
  assert.equal((await hourAct(s.url, admin, hour(), 'confirm')).status, 303);
  assert.equal((await hourAct(s.url, admin, hour(), 'correct', { minutes: '60', reason: '实际服务一小时' })).status, 303);
  const hours = (await arrived((x) => x.to === DEMO_VOLUNTEERS[0] && x.event.startsWith('hours_'), before + 2)).slice(before);
  assert.deepEqual(hours.map((x) => [x.event, x.text, x.link]), [
    ['hours_confirmed', `【文明朔城】您${day}的服务时长1小时30分已确认：`, '/v/me'],
    ['hours_corrected', `【文明朔城】您${day}的服务时长已更正为1小时：实际服务一小时。`, '/v/me'],
  ]);
});

test('a request that wants two volunteers: the resident hears 已接单 once, not at the second nor at a give-back', async () => {
  const phone = residentPhone('1859');
  const code = await deskEntry(s.url, disp, { phone });
  sql(s.db, `UPDATE orders SET wanted = 2 WHERE code = '${code}'`);
  await dispatchToTeam(code);
  const a = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  const b = await vSignIn(s.url, DEMO_VOLUNTEERS[1]);
  assert.equal((await vact(s.url, a, code, 'accept')).status, 303);
  assert.equal((await vact(s.url, b, code, 'accept')).status, 303);
  assert.equal((await vact(s.url, b, code, 'giveback', { reason: '临时有事' })).status, 303);
  await arrived((x) => x.to === phone && x.event === 'resident_accepted', 1);
  assert.ok(await until(() => sql(s.db, "SELECT count(*) AS n FROM message_jobs WHERE kind = 'event'")[0].n === 0));
  assert.equal(got((x) => x.to === phone && x.event === 'resident_accepted').length, 1);
});
