// escalation.test.mjs: 督办 and 催办 through real nginx and sidan (issue 15):
// staff press 催办 on a request waiting for a volunteer and its team (or
// those its 抢单 broadcast reached) is messaged again, kept on the
// timeline for staff only, once an hour at most, never by someone out of
// scope or on a request that waits for nobody; a volunteer's 消息设置 on
// /v/me (抢单 broadcasts, 免打扰时段) with errors beside the fields; the
// admin's 督办时限 per service; and, moving the shared clock forward
// (advanceClock: never a sleep), a request nobody accepts is 督办 to its
// 所 after the service's hours and to the centre after as many again,
// written by the housekeeping process (SIDAN_SWEEP_SECONDS=1), and a
// re-dispatch starts the count again. The clock-moving test is last: the
// tests before it keep their sessions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { residentPhone } from '../lib/rating.mjs';
import { signIn, page, act, versionOf, teamsOf, areasOf } from '../lib/staff.mjs';
import { vSignIn, postForm, DEMO_VOLUNTEERS, PLACES } from '../lib/volunteer.mjs';
import { advanceClock } from '../lib/clock.mjs';
import { until } from '../lib/messages.mjs';

const HOUR = 3600;
let s;
const S = {};		// staff sessions by login
let me, vid;		// the first demo volunteer's session and id
let urgedCode;		// the request the first test urged
let team;		// 神头镇志愿服务分队's id

const one = (q) => sql(s.db, q)[0];
const orderOf = (code) => one(`SELECT id, state, escalated, team_id FROM orders WHERE code = '${code}'`);
const userId = (login) => one(`SELECT id FROM users WHERE login = '${login}'`).id;
const eventsOf = (code, kind) => sql(s.db, `SELECT e.actor, e.actor_id, e.from_state, e.to_state,
  e.note, e.public FROM order_events e JOIN orders o ON o.id = e.order_id
  WHERE o.code = '${code}' AND e.kind = '${kind}' ORDER BY e.id`);
const messagesTo = (code, kind) => sql(s.db, `SELECT m.volunteer_id, m.user_id, m.text, m.link
  FROM messages m JOIN orders o ON o.id = m.order_id WHERE o.code = '${code}' AND m.kind = '${kind}'
  ORDER BY m.id`);
const teamMembers = () => sql(s.db, `SELECT v.id FROM team_members m JOIN volunteers v ON v.id = m.volunteer_id
  WHERE m.team_id = ${team} AND v.status = 'approved' ORDER BY v.id`).map((r) => r.id);

// Dispatches code to 神头镇志愿服务分队 as staff.
async function dispatchToTeam(code, staff = S.dispatcher, which = '神头镇志愿服务分队') {
  const html = await page(s.url, `/desk/order/${code}`, staff);
  const t = teamsOf(html).find((x) => x.name.startsWith(which));
  const r = await act(s.url, staff, code, 'dispatch', { version: versionOf(html), team: t.id });
  assert.equal(r.status, 303, `dispatch ${code}`);
}

// Publishes code for 抢单 by the volunteers of 神头镇 as staff.
async function publishToShentou(code, staff = S.dispatcher) {
  const html = await page(s.url, `/desk/order/${code}`, staff);
  const area = areasOf(html).find((a) => a.name.startsWith('神头镇'));
  const r = await act(s.url, staff, code, 'publish', { version: versionOf(html), area: area.id });
  assert.equal(r.status, 303, `publish ${code}`);
}

// A resident's request (a fresh phone each: at most 5 a day per number).
const ask = (changes = {}) => submit(s.url, { phone: residentPhone('1862'), ...changes });

// The text of an error page's advice.
const advice = (html) => (html.match(/<p class="lead">([^<]*)<\/p>/) || [])[1];

before(async () => {
  s = await start({ env: { SIDAN_SWEEP_SECONDS: '1' } });
  for (const login of ['admin', 'dispatcher', 'suo.shentou', 'zhan.mayi', 'leader.shentou'])
    S[login] = await signIn(s.url, login);
  me = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  vid = one(`SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`).id;
  team = one("SELECT id FROM teams WHERE name = '神头镇志愿服务分队'").id;
});
after(async () => { await s?.stop(); });

/* ---------- 催办 ---------- */

test('催办 by a dispatcher: the team is messaged again, the timeline keeps it for staff, once an hour', async () => {
  const { code } = await ask({ name: '催办测试' });
  urgedCode = code;
  await dispatchToTeam(code);

  let r = await act(s.url, S.dispatcher, code, 'urge');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/desk/order/${code}?urged=1`);
  const ev = eventsOf(code, 'urge');
  assert.deepEqual(ev, [{ actor: 'staff', actor_id: userId('dispatcher'), from_state: 'dispatched',
    to_state: 'dispatched', note: '催办', public: 0 }]);
  const sent = messagesTo(code, 'task_urge');
  assert.deepEqual(sent.map((m) => m.volunteer_id).sort((a, b) => a - b), teamMembers());
  assert.ok(sent.length >= 3, 'the three demo volunteers at least');
  for (const m of sent) {
    assert.match(m.text, /^【文明朔城】催办：任务“课业辅导”（马邑村[^）]*）还没有人接单，请尽快处理：$/);
    assert.equal(m.link, `/k/${code}`);
  }
  // The volunteer reads it in their inbox.
  assert.match(await page(s.url, '/v/inbox', me), /催办：任务“课业辅导”/);
  // The sender writes nothing more of the 催办 row itself: the team was
  // told of the task once each (and the resident nothing: this server has
  // no SMS gateway, and residents have no inbox).
  assert.ok(await until(() => one("SELECT count(*) AS n FROM message_jobs WHERE kind = 'event'").n === 0),
    'the sender handled every event');
  assert.equal(messagesTo(code, 'resident_dispatched').length, 0);
  assert.equal(messagesTo(code, 'task_team').length, sent.length);
  // The public tracking page says nothing of it.
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.doesNotMatch(track, /催办/);

  // Again within the hour: refused, saying when it may be pressed again; nothing written.
  r = await act(s.url, S.dispatcher, code, 'urge');
  assert.equal(r.status, 429);
  assert.match(advice(await r.text()), /已经催办过。为免反复打扰志愿者，每个申请一小时内只能催办一次，请在 \d\d:\d\d 以后再催办。/);
  assert.equal(eventsOf(code, 'urge').length, 1);
  assert.equal(messagesTo(code, 'task_urge').length, sent.length);

  // 所 and 站 staff of the place may urge too (after the hour: see the clock test).
  // Without the form token: refused before anything is written.
  r = await postForm(s.url, `/desk/order/${code}/urge`, {}, { cookie: S['suo.shentou'].cookie });
  assert.equal(r.status, 403);
  assert.equal(eventsOf(code, 'urge').length, 1);
});

test('催办 is refused out of scope (404), to a leader, and on a request that waits for nobody (409)', async () => {
  // A request at 北城街道: not 神头镇's, nor 马邑村's.
  const station = one(`SELECT code FROM orgs WHERE kind = 'station' AND parent_id =
    (SELECT id FROM orgs WHERE code = '${PLACES.beicheng}') ORDER BY sort, id LIMIT 1`).code;
  const { code: far } = await ask({ institute: PLACES.beicheng, station, name: '范围测试' });
  await dispatchToTeam(far, S.dispatcher, '北城街道');
  for (const login of ['suo.shentou', 'zhan.mayi']) {
    const r = await act(s.url, S[login], far, 'urge');
    assert.equal(r.status, 404, `${login} out of scope`);
  }
  assert.equal(eventsOf(far, 'urge').length, 0);
  assert.equal(messagesTo(far, 'task_urge').length, 0);

  // A leader has no 催办 (the desk's actions are the dispatchers').
  const { code } = await ask({ name: '队长测试' });
  await dispatchToTeam(code);
  let r = await act(s.url, S['leader.shentou'], code, 'urge');
  assert.ok(r.status === 403 || r.status === 404, `leader: ${r.status}`);
  assert.equal(eventsOf(code, 'urge').length, 0);

  // Submitted (nobody was told yet) and accepted (someone has it): 409, said plainly.
  const { code: fresh } = await ask({ name: '状态测试' });
  r = await act(s.url, S['zhan.mayi'], fresh, 'urge');
  assert.equal(r.status, 409);
  assert.match(advice(await r.text()), /现在的状态是“待审核”，不能催办。只有已派单给服务队、或已发布等待志愿者抢单、还没有人接单的申请才能催办。/);
  const a = await postForm(s.url, `/v/task/${code}/accept`, { csrf: me.csrf }, { cookie: me.cookie });
  assert.equal(a.status, 303);
  r = await act(s.url, S['suo.shentou'], code, 'urge');
  assert.equal(r.status, 409);
  assert.match(advice(await r.text()), /“已接单”，不能催办/);
  assert.equal(eventsOf(fresh, 'urge').length + eventsOf(code, 'urge').length, 0);
});

test('催办 of a request published for 抢单 reaches those its broadcast reached', async () => {
  const { code } = await ask({ name: '抢单催办' });
  await publishToShentou(code, S['suo.shentou']);
  // The sender reaches the first batch of nearby volunteers.
  const reached = await until(() => {
    const m = messagesTo(code, 'task_open');
    return m.length ? m : null;
  });
  assert.ok(reached, 'the 抢单 broadcast reached someone');
  const r = await act(s.url, S['suo.shentou'], code, 'urge');
  assert.equal(r.status, 303);
  assert.deepEqual(messagesTo(code, 'task_urge').map((m) => m.volunteer_id).sort((a, b) => a - b),
    [...new Set(messagesTo(code, 'task_open').map((m) => m.volunteer_id))].sort((a, b) => a - b));
  assert.deepEqual(eventsOf(code, 'urge').map((e) => [e.actor_id, e.to_state, e.public]),
    [[userId('suo.shentou'), 'published', 0]]);
});

/* ---------- 消息设置 on /v/me ---------- */

// The 消息设置 form as /v/me shows it.
function prefsOf(html) {
  const sec = html.split('<h2 id="messages">消息设置</h2>')[1].split('</form>')[0];
  const val = (id) => sec.match(new RegExp(`id="${id}"[^>]*value="([^"]*)"`))[1];
  const err = (id) => (sec.match(new RegExp(`<p class="err" id="${id}">([^<]*)</p>`)) || [])[1] || null;
  return {
    broadcasts: /id="f-broadcasts"[^>]*checked/.test(sec),
    from: val('f-quiet-from'), to: val('f-quiet-to'),
    errFrom: err('e-quiet-from'), errTo: err('e-quiet-to'),
    hint: (sec.match(/<p class="hint" id="h-quiet">([^<]*)<\/p>/) || [])[1],
  };
}
const prefsRow = () => one(`SELECT broadcasts, quiet_from, quiet_to FROM volunteers WHERE id = ${vid}`);
const savePrefs = (fields) => postForm(s.url, '/v/me/messages', { csrf: me.csrf, ...fields }, { cookie: me.cookie });

test('a volunteer turns 抢单 broadcasts off and sets their own quiet hours on /v/me', async () => {
  let p = prefsOf(await page(s.url, '/v/me', me));
  assert.deepEqual([p.broadcasts, p.from, p.to, p.errFrom, p.errTo], [true, '', '', null, null]);
  assert.match(p.hint, /两项都留空就用默认时段（21:00–08:00）/);

  let r = await savePrefs({ quiet_from: '22:00', quiet_to: '7:30' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/v/me?saved=messages');
  assert.deepEqual(prefsRow(), { broadcasts: 0, quiet_from: 22 * 60, quiet_to: 7 * 60 + 30 });
  const html = await page(s.url, '/v/me?saved=messages', me);
  assert.match(html, /消息设置已保存。/);
  p = prefsOf(html);
  assert.deepEqual([p.broadcasts, p.from, p.to], [false, '22:00', '07:30']);

  // Full-width digits and colon, as Chinese input methods type them.
  r = await savePrefs({ broadcasts: '1', quiet_from: '２１：３０', quiet_to: '０６：００' });
  assert.equal(r.status, 303);
  assert.deepEqual(prefsRow(), { broadcasts: 1, quiet_from: 21 * 60 + 30, quiet_to: 6 * 60 });

  // Both empty: the site's default again.
  r = await savePrefs({ broadcasts: '1', quiet_from: '', quiet_to: ' ' });
  assert.equal(r.status, 303);
  assert.deepEqual(prefsRow(), { broadcasts: 1, quiet_from: null, quiet_to: null });
});

test('消息设置: a bad time, one of the two, or the same twice is shown beside its field, with what was typed', async () => {
  const before = prefsRow();
  const cases = [
    [{ quiet_from: '25:00', quiet_to: '07:00' }, '25:00', '07:00', /请按“时:分”填写，例如 22:00/, null],
    [{ quiet_from: '22:00', quiet_to: '晚上' }, '22:00', '晚上', null, /请按“时:分”填写/],
    [{ quiet_from: '22', quiet_to: '7:3' }, '22', '7:3', /请按“时:分”填写/, /请按“时:分”填写/],
    [{ quiet_from: '22:00', quiet_to: '' }, '22:00', '', null, /请填写结束时间，或把两项都清空，使用默认时段/],
    [{ quiet_from: '', quiet_to: '06:00' }, '', '06:00', /请填写开始时间/, null],
    [{ quiet_from: '22:00', quiet_to: '22:00' }, '22:00', '22:00', null, /结束时间不能和开始时间相同/],
  ];
  for (const [fields, from, to, errFrom, errTo] of cases) {
    const r = await savePrefs(fields);
    assert.equal(r.status, 400, JSON.stringify(fields));
    const p = prefsOf(await r.text());
    assert.equal(p.from, from);
    assert.equal(p.to, to);
    assert.equal(p.broadcasts, false, 'the unticked box stays unticked');
    if (errFrom) assert.match(p.errFrom, errFrom); else assert.equal(p.errFrom, null);
    if (errTo) assert.match(p.errTo, errTo); else assert.equal(p.errTo, null);
  }
  assert.deepEqual(prefsRow(), before, 'nothing saved');
  // Without the form token: refused.
  const r = await postForm(s.url, '/v/me/messages', { quiet_from: '', quiet_to: '' }, { cookie: me.cookie });
  assert.equal(r.status, 403);
  assert.deepEqual(prefsRow(), before);
});

/* ---------- the admin's 督办时限 ---------- */

const svc = (code) => one(`SELECT s.name, s.summary, s.due_hours, s.escalate_hours, s.active, p.code AS platform
  FROM services s JOIN platforms p ON p.id = s.platform_id WHERE s.code = '${code}'`);
const editService = (code, changes) => {
  const v = svc(code);
  return postForm(s.url, `/admin/services/${code}`, { csrf: S.admin.csrf, name: v.name,
    platform: v.platform, summary: v.summary, due: String(v.due_hours), active: '1', ...changes },
  { cookie: S.admin.cookie });
};

test('the admin sets a service\'s 督办时限 (1–720 hours), with errors beside the field', async () => {
  const html = await page(s.url, '/admin/services', S.admin);
  assert.match(html, /<label for="e-legal-advice">督办时限（小时）<\/label><input id="e-legal-advice" name="escalate"[^>]*value="24"/);
  assert.match(html, /<label for="a-esc">督办时限（小时）<\/label><input id="a-esc" name="escalate"[^>]*value="24"/);

  for (const [typed, msg] of [['0', /1到720小时之间/], ['721', /1到720小时之间/], ['十二', /整数小时/],
    ['', /请填写督办时限/], ['1.5', /整数小时/]]) {
    const r = await editService('legal-advice', { escalate: typed });
    assert.equal(r.status, 400, `escalate ${typed}`);
    const t = await r.text();
    const field = t.match(/<div class="field invalid"><label for="e-legal-advice">督办时限（小时）<\/label><input[^>]*value="([^"]*)"[^>]*aria-invalid="true">\n<p class="err" id="err-esc-legal-advice">([^<]*)<\/p>/);
    assert.ok(field, `the error beside the field for ${typed}`);
    assert.equal(field[1], typed);
    assert.match(field[2], msg);
  }
  assert.equal(svc('legal-advice').escalate_hours, 24);

  let r = await editService('legal-advice', { escalate: ' 12 ' });
  assert.equal(r.status, 303);
  assert.equal(svc('legal-advice').escalate_hours, 12);
  assert.match(await page(s.url, '/admin/services?done=1', S.admin), /法律咨询<\/strong> <code>legal-advice<\/code> · [^·]+ · 期限 72 小时 · 督办 12 小时/);
  // A form without the field (an older page) leaves it.
  r = await postForm(s.url, '/admin/services/legal-advice', { csrf: S.admin.csrf, name: '法律咨询',
    platform: 'theory', summary: svc('legal-advice').summary, due: '72', active: '1' }, { cookie: S.admin.cookie });
  assert.equal(r.status, 303);
  assert.equal(svc('legal-advice').escalate_hours, 12);

  // A new item: 24 unless set; a bad one keeps what was typed in the add form.
  r = await postForm(s.url, '/admin/services', { csrf: S.admin.csrf, code: 'kite-escalate', name: '风筝制作',
    platform: 'culture', summary: '', due: '48', escalate: '999' }, { cookie: S.admin.cookie });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /<input id="a-esc" name="escalate"[^>]*value="999"[^>]*aria-invalid="true">\n<p class="err" id="e-a-esc">督办时限要在1到720小时之间/);
  assert.equal(one("SELECT count(*) AS n FROM services WHERE code = 'kite-escalate'").n, 0);
  r = await postForm(s.url, '/admin/services', { csrf: S.admin.csrf, code: 'kite-escalate', name: '风筝制作',
    platform: 'culture', summary: '', due: '48', escalate: '6' }, { cookie: S.admin.cookie });
  assert.equal(r.status, 303);
  assert.equal(svc('kite-escalate').escalate_hours, 6);

  // Nobody but the admin.
  r = await postForm(s.url, '/admin/services/legal-advice', { csrf: S.dispatcher.csrf, name: '法律咨询',
    platform: 'theory', summary: '', due: '72', escalate: '1', active: '1' }, { cookie: S.dispatcher.cookie });
  assert.ok(r.status === 403 || r.status === 404, `dispatcher: ${r.status}`);
  assert.equal(svc('legal-advice').escalate_hours, 12);
});

/* ---------- 督办, moving the clock ---------- */

// Waits for the housekeeping process to have written what check() finds.
async function written(check, what) {
  const v = await until(check);
  assert.ok(v, `the housekeeping process wrote ${what}`);
  return v;
}

test('督办: nobody accepts a dispatched request in the service\'s hours: its 所, then the centre; a re-dispatch starts again', async () => {
  // 课业辅导: 24 hours (the default); 送教上门 set to 2 hours by the admin.
  let r = await editService('home-teaching', { escalate: '2' });
  assert.equal(r.status, 303);
  const { code: a } = await ask({ name: '督办甲' });
  const { code: b } = await ask({ name: '督办乙', service: 'home-teaching' });
  await dispatchToTeam(a);
  await publishToShentou(b);
  const suo = userId('suo.shentou');
  const centre = sql(s.db, "SELECT id FROM users WHERE role IN ('admin', 'dispatcher') AND disabled = 0 ORDER BY id")
    .map((x) => x.id);
  const escalateTo = (code) => messagesTo(code, 'staff_escalate').map((m) => m.user_id);

  // Two hours and a minute: 送教上门's 所 hears; 课业辅导 waits.
  advanceClock(2 * HOUR + 60);
  await written(() => orderOf(b).escalated === 1, 'the 所\'s 督办 of 送教上门');
  assert.deepEqual(escalateTo(b), [suo]);
  assert.deepEqual(eventsOf(b, 'escalate').map((e) => [e.actor, e.from_state, e.to_state, e.note, e.public]),
    [['system', 'published', 'published', '督办：派出2小时无人接单，已通知所', 0]]);
  assert.match(messagesTo(b, 'staff_escalate')[0].text,
    /^【文明朔城】督办：[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}（送教上门）派出2小时仍无人接单，请协调：$/);
  assert.equal(messagesTo(b, 'staff_escalate')[0].link, `/d/${b}`);
  assert.equal(orderOf(a).escalated, 0);
  assert.deepEqual(escalateTo(a), []);

  // Past 24 hours: 课业辅导's 所; 送教上门 has reached the centre.
  advanceClock(22 * HOUR);
  await written(() => orderOf(a).escalated === 1 && orderOf(b).escalated === 2, 'both');
  assert.deepEqual(escalateTo(a), [suo]);
  assert.deepEqual(escalateTo(b), [suo, ...centre]);
  assert.deepEqual(eventsOf(a, 'escalate').map((e) => e.note), ['督办：派出24小时无人接单，已通知所']);
  // The 所's staff read it in their inbox, and on the request's page (sessions
  // end after 30 idle minutes: sign in again).
  const suoNow = await signIn(s.url, 'suo.shentou');
  assert.match(await page(s.url, '/desk/inbox', suoNow), /督办：[A-Z2-9-]+（课业辅导）派出24小时仍无人接单/);
  assert.match(await page(s.url, `/desk/order/${a}`, suoNow), /督办：派出24小时无人接单，已通知所/);
  // Not on the public tracking page.
  assert.doesNotMatch(await (await fetch(`${s.url}/track/${a}`)).text(), /督办/);

  // 48 hours: the centre for 课业辅导.
  advanceClock(24 * HOUR);
  await written(() => orderOf(a).escalated === 2, 'the centre\'s 督办 of 课业辅导');
  assert.deepEqual(escalateTo(a), [suo, ...centre]);

  // Once each, however long it then waits: a request of the 2-hour service
  // sent out now reaches the centre after four hours by a sweep that looked at
  // 课业辅导 as well, and wrote nothing more of it.
  let disp = await signIn(s.url, 'dispatcher');
  const { code: m1 } = await ask({ name: '标记一', service: 'home-teaching' });
  await publishToShentou(m1, disp);
  advanceClock(4 * HOUR + 60);
  await written(() => orderOf(m1).escalated === 2, 'the marker\'s 督办');
  assert.deepEqual(escalateTo(a), [suo, ...centre], 'once');
  assert.equal(eventsOf(a, 'escalate').length, 2);

  // The first test's request may be urged again, the hour having passed.
  disp = await signIn(s.url, 'dispatcher');
  r = await act(s.url, disp, urgedCode, 'urge');
  assert.equal(r.status, 303);
  assert.equal(eventsOf(urgedCode, 'urge').length, 2);

  // Re-dispatched: the count starts again, and the 所 hears first again.
  await dispatchToTeam(a, disp);
  const { code: m2 } = await ask({ name: '标记二', service: 'home-teaching' });
  await publishToShentou(m2, disp);
  advanceClock(23 * HOUR);
  await written(() => orderOf(m2).escalated === 2, 'the second marker\'s 督办');
  assert.deepEqual(escalateTo(a), [suo, ...centre], 'nothing before 24 hours');
  advanceClock(HOUR + 60);
  await written(() => escalateTo(a).length === 2 + centre.length, 'the 所\'s 督办 after the re-dispatch');
  assert.deepEqual(escalateTo(a), [suo, ...centre, suo]);
  assert.equal(orderOf(a).escalated, 1);
  assert.deepEqual(eventsOf(a, 'escalate').map((e) => e.note), ['督办：派出24小时无人接单，已通知所',
    '督办：派出48小时仍无人接单，已通知中心', '督办：派出24小时无人接单，已通知所']);
});
