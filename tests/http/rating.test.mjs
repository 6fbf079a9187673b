// rating.test.mjs: 群众评单 through real nginx and sidan: the rating form on
// the private manage page (/m/{token}/rate) and on the tracking page with
// the phone's last four digits (/track/{code}/rate, failures limited like
// sign-ins), validation, once only, the rating window (SIDAN_RATE_DAYS),
// what the tracking page shows afterwards, and the follow-up of poor
// ratings on /desk/followups (close with a note, or reopen: back to
// dispatch with 重新办理 on the timeline). The last test waits for the
// housekeeping sweep (up to 65 s); the others take a few seconds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql, securityHeaders } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { ACCOUNTS, signIn, get, page } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, vSignIn, postForm } from '../lib/volunteer.mjs';
import {
  residentPhone, last4, wrong4, completedRequest, completedBySql, dispatch, acceptAndComplete,
  rateByLink, rateByCode, rateView, stateOf, timelineOf, followupsView, followupCount, followupAct,
} from '../lib/rating.mjs';
import { nowMs } from '../lib/clock.mjs';

let s;		// the server with the default window (30 days)
let w;		// a server with SIDAN_RATE_DAYS=1, started first so its sweep clock runs early
const S = {};	// staff sessions by role
let me, vid, team;	// a demo volunteer of 神头镇志愿服务分队, their id, the team's id

const one = (db, q) => sql(db, q)[0];
const order = (code, db = s.db) => one(db, `SELECT id, state, version, team_id, completed_at FROM orders WHERE code = '${code}'`);
const rating = (code, db = s.db) => one(db, `SELECT r.level, r.comment, r.show_comment, r.tags, r.via
  FROM ratings r JOIN orders o ON o.id = r.order_id WHERE o.code = '${code}'`) || null;
const followup = (code) => one(s.db, `SELECT f.id, f.status, f.note, f.closed_by FROM followups f
  JOIN orders o ON o.id = f.order_id WHERE o.code = '${code}'`) || null;
const events = (code, db = s.db) => sql(db, `SELECT e.actor, e.actor_id, e.from_state, e.to_state, e.note, e.public
  FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.code = '${code}' ORDER BY e.id`);
const openFollowups = () => one(s.db, "SELECT count(*) AS n FROM followups WHERE status = 'open'").n;

// A request brought to 已完成 through the real desk and volunteer pages.
const viaPages = (changes = {}) => completedRequest(s.url, { staff: S.dispatcher, me, volunteerId: vid, teamId: team, changes });
// A request marked 已完成 in the database (for tests that only need something to rate).
const viaSql = (opts = {}) => completedBySql(s.url, s.db, opts);

// Loopback addresses for the tests that count failed last-four checks, so
// their failures are not counted against the address the staff sign in from.
let addr = 40;
const freshAddress = () => `127.0.0.${addr++}`;

before(async () => {
  w = await start({ env: { SIDAN_RATE_DAYS: '1', SIDAN_SWEEP_SECONDS: '1' } });
  s = await start({ workers: 2 });
  for (const [role, login] of Object.entries(ACCOUNTS)) S[role] = await signIn(s.url, login);
  me = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  vid = one(s.db, `SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`).id;
  team = one(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'").id;
});
after(async () => { await s?.stop(); await w?.stop(); });

/* ---------- the form ---------- */

test('a request not yet completed shows no rating form, and a rating of it is refused (服务完成后才能评价)', async () => {
  const phone = residentPhone();
  const { code, token } = await submit(s.url, { phone });
  for (const [where, html] of [['manage', await (await fetch(`${s.url}/m/${token}`)).text()],
    ['track', await (await fetch(`${s.url}/track/${code}`)).text()]]) {
    const v = rateView(html);
    assert.equal(v.form, null, `${where}: no rating form`);
    assert.equal(v.rated, null, `${where}: no rating`);
    assert.ok(!html.includes('评价这次服务'), `${where}: nothing about rating yet`);
  }
  // Dispatched and accepted: still not rateable.
  await dispatch(s.url, S.dispatcher, code, team);
  for (const st of ['dispatched', 'accepted']) {
    if (st === 'accepted') sql(s.db, `UPDATE orders SET state = 'accepted' WHERE code = '${code}'`);
    const r1 = await rateByLink(s.url, token, { level: '5', comment: '很好' });
    assert.equal(r1.status, 409, `${st}: from the link`);
    const v1 = rateView(await r1.text());
    assert.match(v1.notice || '', /服务完成后才能评价/, `${st}: the link says why`);
    assert.equal(v1.form, null, `${st}: still no form`);
    const r2 = await rateByCode(s.url, code, { last4: last4(phone), level: '5' });
    assert.equal(r2.status, 409, `${st}: from the tracking page`);
    assert.match(rateView(await r2.text()).notice || '', /服务完成后才能评价/);
  }
  assert.equal(rating(code), null, 'nothing stored');
  assert.equal(order(code).state, 'accepted');
  assert.deepEqual(events(code).filter((e) => e.to_state === 'rated'), []);
});

test('a completed request offers five levels, the tags, a comment and 公开: on the private page without the last four digits, on the tracking page with them', async () => {
  const { code, token } = await viaPages();
  const r = await fetch(`${s.url}/m/${token}`);
  assert.equal(r.status, 200);
  securityHeaders(assert, r.headers, '/m/{token} with the rating form');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const html = await r.text();
  const v = rateView(html);
  assert.equal(v.form, `/m/${token}/rate`);
  assert.equal(v.last4, false, 'the private link needs no digits');
  assert.deepEqual(v.levels, [[5, '非常满意', false], [4, '满意', false], [3, '基本满意', false],
    [2, '不满意', false], [1, '非常不满意', false]]);
  assert.deepEqual(v.tags.map((t) => t[0]), ['准时', '态度好', '专业', '耐心', '解决了问题']);
  assert.match(html, /<textarea id="f-comment" name="comment" rows="3" maxlength="300">/);
  assert.match(html, /<label for="f-comment">意见和建议（选填，不超过300字）<\/label>/);
  assert.match(html, /<input id="f-show" name="show" type="checkbox" value="1"><label for="f-show">/);
  assert.equal(v.show, false, '公开 is not ticked for the resident');

  const t = await (await fetch(`${s.url}/track/${code}`)).text();
  const tv = rateView(t);
  assert.equal(tv.form, `/track/${code}/rate`);
  assert.equal(tv.last4, true, 'the public page asks for the last four digits');
  assert.match(t, /<label for="f-last4">提交申请时所留手机号的后四位<\/label><input id="f-last4" name="last4" type="text" inputmode="numeric" maxlength="4" autocomplete="off">/);
});

test('each bad rating gets its message, keeps what was typed, and stores nothing', async () => {
  const { code, token, phone } = await viaSql();
  const base = { level: '2', tag: ['准时', '耐心'], comment: '志愿者来晚了半小时', show: '1' };
  const cases = [
    ['no level', { level: undefined }, '请选择您对这次服务的满意程度'],
    ['an empty level', { level: '' }, '请选择您对这次服务的满意程度'],
    ['level 0', { level: '0' }, '请选择您对这次服务的满意程度'],
    ['level 6', { level: '6' }, '请选择您对这次服务的满意程度'],
    ['level -1', { level: '-1' }, '请选择您对这次服务的满意程度'],
    ['level 5x', { level: '5x' }, '请选择您对这次服务的满意程度'],
    ['level 45', { level: '45' }, '请选择您对这次服务的满意程度'],
    ['a comment of 301 characters', { comment: '好'.repeat(301) }, /^意见(和)?建议.*不能超过300个?字$/],
    ['an unknown tag', { tag: ['准时', '很快'] }, '请从列表中选择标签'],
    ['a tag not quite on the list', { tag: ['态度好 '] }, '请从列表中选择标签'],
  ];
  for (const [what, change, message] of cases) {
    const fields = { ...base, ...change };
    const r = await rateByLink(s.url, token, fields);
    assert.equal(r.status, 400, what);
    const html = await r.text();
    const v = rateView(html);
    if (message instanceof RegExp) assert.match(v.error || '', message, what);
    else assert.equal(v.error, message, what);
    assert.equal(v.form, `/m/${token}/rate`, `${what}: the form is shown again`);
    // What was typed is kept.
    const lv = Number(fields.level);
    if (fields.level === undefined || String(lv) === fields.level || fields.level === '')
      assert.deepEqual(v.levels.filter((l) => l[2]).map((l) => l[0]),
        lv >= 1 && lv <= 5 ? [lv] : [], `${what}: the level kept`);
    assert.deepEqual(v.tags.filter((t) => t[1]).map((t) => t[0]),
      fields.tag.filter((t) => ['准时', '态度好', '专业', '耐心', '解决了问题'].includes(t)), `${what}: the tags kept`);
    assert.equal(v.comment, fields.comment, `${what}: the comment kept`);
    assert.equal(v.show, true, `${what}: 公开 kept`);
    assert.equal(rating(code), null, `${what}: nothing stored`);
    assert.equal(order(code).state, 'completed', `${what}: still 已完成`);
  }
  // From the tracking page too (with the right digits).
  const r = await rateByCode(s.url, code, { ...base, level: undefined, last4: last4(phone) });
  assert.equal(r.status, 400);
  const v = rateView(await r.text());
  assert.equal(v.error, '请选择您对这次服务的满意程度');
  assert.equal(v.comment, base.comment, 'the comment kept on the tracking page');
  assert.equal(rating(code), null);
  assert.equal(followup(code), null, 'no follow-up for a rating never stored');
  assert.deepEqual(events(code).filter((e) => e.to_state === 'rated'), []);
});

test('a rating with a comment of exactly 300 characters and two tags is stored whole, from the private link', async () => {
  const { code, token } = await viaSql();
  const comment = '很'.repeat(298) + '好！';
  const r = await rateByLink(s.url, token, { level: '4', tag: ['专业', '准时'], comment: `  ${comment}\n`, show: '1' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/m/${token}?rated=1`);
  assert.deepEqual(rating(code), { level: 4, comment, show_comment: 1, tags: '专业、准时', via: 'link' });
  assert.equal(order(code).state, 'rated');
  assert.deepEqual(events(code).at(-1), { actor: 'resident', actor_id: null, from_state: 'completed',
    to_state: 'rated', note: '', public: 1 });
  const html = await (await fetch(s.url + r.headers.get('location'))).text();
  assert.match(html, /感谢您的评价！/);
  const v = rateView(html);
  assert.deepEqual(v.rated, { level: '满意', tags: '专业、准时', comment });
  assert.equal(v.form, null, 'no form any more');
  assert.equal(stateOf(html).label, '已评价');
});

test('a request is rated once: a second rating from the link or the tracking page is 409 已经评价过了, and the first stays', async () => {
  const { code, token, phone } = await viaPages();
  const first = await rateByLink(s.url, token, { level: '5', tag: '耐心', comment: '辅导很认真', show: '1' });
  assert.equal(first.status, 303);
  const stored = rating(code);
  const version = order(code).version;
  const again = await rateByLink(s.url, token, { level: '1', comment: '改主意了' });
  assert.equal(again.status, 409);
  const v = rateView(await again.text());
  assert.match(v.notice || '', /这个申请已经评价过了，每个申请只能评价一次。/);
  assert.equal(v.form, null);
  assert.equal(v.rated.level, '非常满意', 'the page shows the first rating');
  const byCode = await rateByCode(s.url, code, { last4: last4(phone), level: '1', comment: '改主意了' });
  assert.equal(byCode.status, 409);
  assert.match(rateView(await byCode.text()).notice || '', /已经评价过了/);
  assert.deepEqual(rating(code), stored, 'the first rating unchanged');
  assert.equal(order(code).version, version, 'the request unchanged');
  assert.equal(followup(code), null, 'the refused 非常不满意 opened no follow-up');
  assert.equal(events(code).filter((e) => e.to_state === 'rated').length, 1);

  // Two ratings sent at once (a double tap): exactly one is stored.
  const twin = await viaSql();
  const [a, b] = await Promise.all([rateByLink(s.url, twin.token, { level: '3' }), rateByLink(s.url, twin.token, { level: '2' })]);
  assert.deepEqual([a.status, b.status].sort(), [303, 409]);
  assert.equal(events(twin.code).filter((e) => e.to_state === 'rated').length, 1);
});

test('the tracking page shows 已评价 and the level; the comment only when the resident ticked 公开', async () => {
  const shown = await viaPages();
  const hidden = await viaPages();
  assert.equal((await rateByLink(s.url, shown.token, { level: '5', tag: ['准时', '解决了问题'],
    comment: '老师讲得<b>清楚</b>，孩子很喜欢', show: '1' })).status, 303);
  assert.equal((await rateByLink(s.url, hidden.token, { level: '3', comment: '时间安排得不太好，希望改进' })).status, 303);

  const t1 = await (await fetch(`${s.url}/track/${shown.code}`)).text();
  assert.deepEqual(stateOf(t1), { state: 'rated', label: '已评价' });
  assert.equal(timelineOf(t1).at(-1).what, '已评价');
  assert.deepEqual(rateView(t1).rated, { level: '非常满意', tags: '准时、解决了问题', comment: '老师讲得<b>清楚</b>，孩子很喜欢' });
  assert.ok(t1.includes('老师讲得&lt;b&gt;清楚&lt;/b&gt;'), 'the comment is escaped');
  assert.equal(rateView(t1).form, null);

  const t2 = await (await fetch(`${s.url}/track/${hidden.code}`)).text();
  assert.deepEqual(stateOf(t2), { state: 'rated', label: '已评价' });
  assert.deepEqual(rateView(t2).rated, { level: '基本满意', tags: '', comment: null });
  assert.ok(!t2.includes('时间安排得不太好'), 'a comment not ticked 公开 stays off the public page');
  // Not in the timeline either, nor in the Open311 view of the request.
  const o311 = await (await fetch(`${s.url}/open311/v2/requests/${hidden.code}.json`)).text();
  assert.ok(!o311.includes('时间安排得不太好'), 'nor in Open311');
});

/* ---------- the last four digits ---------- */

test('the last four digits: wrong → 400 后四位不对; right → rated via the code; five wrong tries on one code → 429 with Retry-After even with the right digits, from any address', async () => {
  // Anything but the four digits is refused the same way (on a code of its own:
  // each counts as a failure).
  const malformed = await viaSql();
  const from1 = freshAddress();
  for (const fields of [{}, { last4: '' }, { last4: last4(malformed.phone).slice(1) },
    { last4: `${last4(malformed.phone)}0` }, { last4: malformed.phone }]) {
    const r = await rateByCode(s.url, malformed.code, { ...fields, level: '4' }, from1);
    assert.equal(r.status, 400, JSON.stringify(fields));
    assert.match(rateView(await r.text()).error || '', /后四位不对/);
  }
  assert.equal(rating(malformed.code), null);

  const from = freshAddress();
  // The right digits after two wrong tries: rated.
  const ok = await viaSql();
  for (const digits of [wrong4(ok.phone), '12a4']) {
    const r = await rateByCode(s.url, ok.code, { last4: digits, level: '4', comment: '谢谢' }, from);
    assert.equal(r.status, 400, digits);
    const v = rateView(await r.text());
    assert.equal(v.error, '手机号后四位不对。请填写提交申请时留的手机号的最后四位。', digits);
    assert.deepEqual(v.levels.filter((l) => l[2]).map((l) => l[0]), [4], 'the level kept');
    assert.equal(v.comment, '谢谢', 'the comment kept');
  }
  assert.equal(rating(ok.code), null);
  const good = await rateByCode(s.url, ok.code, { last4: last4(ok.phone), level: '4', tag: '态度好' }, from);
  assert.equal(good.status, 303);
  assert.equal(good.headers.get('location'), `/track/${ok.code}?rated=1`);
  assert.deepEqual(rating(ok.code), { level: 4, comment: '', show_comment: 0, tags: '态度好', via: 'code' });
  const after = await (await fetch(`${s.url}${good.headers.get('location')}`)).text();
  assert.match(after, /感谢您的评价！/);
  assert.equal(rateView(after).rated.level, '满意');

  // Five wrong tries on one code: the sixth waits, even with the right digits.
  const locked = await viaSql();
  const from2 = freshAddress();
  for (let i = 0; i < 5; i++) {
    const r = await rateByCode(s.url, locked.code, { last4: wrong4(locked.phone), level: '5' }, from2);
    assert.equal(r.status, 400, `wrong try ${i + 1}`);
  }
  const r = await rateByCode(s.url, locked.code, { last4: last4(locked.phone), level: '5' }, from2);
  assert.equal(r.status, 429);
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry > 800 && retry <= 900, `Retry-After ${r.headers.get('retry-after')}`);
  const v = rateView(await r.text());
  assert.equal(v.error, '手机号后四位输错次数太多，请过15分钟再试，或用提交时得到的专属链接评价。');
  // The limit is the code's: another address with the right digits waits too.
  const other = await rateByCode(s.url, locked.code, { last4: last4(locked.phone), level: '5' }, freshAddress());
  assert.equal(other.status, 429);
  assert.ok(other.headers.get('retry-after'));
  assert.equal(rating(locked.code), null, 'nothing stored');
  assert.equal(order(locked.code).state, 'completed');
  // The private link is not limited.
  assert.equal((await rateByLink(s.url, locked.token, { level: '5' })).status, 303);
  // Another code from the same address is not locked by this one.
  const free = await viaSql();
  assert.equal((await rateByCode(s.url, free.code, { last4: last4(free.phone), level: '5' }, from2)).status, 303);
});

test('twenty wrong tries from one address, over several codes, make every code wait from that address', async () => {
  const from = freshAddress();
  const codes = [];
  for (let i = 0; i < 5; i++) codes.push(await viaSql());
  // 4 wrong tries on each of five codes: none reaches 5 per code, 20 in all.
  for (const c of codes) {
    for (let i = 0; i < 4; i++) {
      const r = await rateByCode(s.url, c.code, { last4: wrong4(c.phone), level: '4' }, from);
      assert.equal(r.status, 400);
    }
  }
  const fresh = await viaSql();
  const r = await rateByCode(s.url, fresh.code, { last4: last4(fresh.phone), level: '4' }, from);
  assert.equal(r.status, 429, 'the address waits');
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  // From another address, the right digits still work.
  assert.equal((await rateByCode(s.url, fresh.code, { last4: last4(fresh.phone), level: '4' }, freshAddress())).status, 303);
});

/* ---------- follow-ups ---------- */

test('a poor rating (不满意, 非常不满意) opens a follow-up the dispatcher sees, with a count on the desk; 基本满意 and better do not', async () => {
  const before = openFollowups();
  const poor = await viaPages();
  const worst = await viaPages({ service: 'health-check' });
  const fair = await viaPages();
  const good = await viaPages();
  assert.equal((await rateByLink(s.url, poor.token, { level: '2', comment: '志愿者迟到了一个小时' })).status, 303);
  const byCode = await rateByCode(s.url, worst.code, { last4: last4(worst.phone), level: '1', comment: '根本没有来' });
  assert.equal(byCode.status, 303, 'a poor rating from the tracking page too');
  assert.equal((await rateByLink(s.url, fair.token, { level: '3' })).status, 303);
  assert.equal((await rateByLink(s.url, good.token, { level: '5' })).status, 303);

  assert.equal(followup(poor.code)?.status, 'open');
  assert.equal(followup(worst.code)?.status, 'open');
  assert.equal(followup(fair.code), null, '基本满意 is not followed up');
  assert.equal(followup(good.code), null);
  assert.equal(openFollowups(), before + 2);

  const r = await get(s.url, '/desk/followups', S.dispatcher);
  assert.equal(r.status, 200);
  securityHeaders(assert, r.headers, '/desk/followups');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const v = followupsView(await r.text());
  const item = (code) => v.open.find((o) => o.code === code);
  assert.deepEqual({ ...item(poor.code), id: 0 }, { id: 0, code: poor.code, service: '课业辅导', place: '马邑村',
    level: '不满意', comment: '志愿者迟到了一个小时', error: null, typed: '', reopenable: true });
  assert.deepEqual({ ...item(worst.code), id: 0 }, { id: 0, code: worst.code, service: '健康义诊', place: '马邑村',
    level: '非常不满意', comment: '根本没有来', error: null, typed: '', reopenable: true });
  assert.ok(!item(fair.code) && !item(good.code), 'good ratings are not listed');
  assert.equal(v.open.length, openFollowups(), 'every open follow-up is listed');
  // The desk shows how many are open, to the dispatcher and the admin.
  assert.equal(followupCount(await page(s.url, '/desk', S.dispatcher)), openFollowups());
  assert.equal(followupCount(await page(s.url, '/desk', S.admin)), openFollowups());
  assert.ok((await page(s.url, '/desk/followups', S.admin)).includes(`/desk/order/${poor.code}`));
});

test('only the center (dispatcher, admin) reaches the follow-ups; others are refused and not shown the link', async () => {
  for (const role of ['institute', 'station', 'leader']) {
    assert.equal(followupCount(await page(s.url, '/desk', S[role])), null, `${role}: no link on the desk`);
    assert.equal((await get(s.url, '/desk/followups', S[role])).status, 403, `${role}: GET`);
    const id = one(s.db, 'SELECT max(id) AS id FROM followups').id || 1;
    const r = await followupAct(s.url, S[role], id, 'close', { note: '试图关闭' });
    assert.equal(r.status, 403, `${role}: POST`);
  }
  const anon = await get(s.url, '/desk/followups');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/login\?next=/);
  // Without the session's token.
  const f = one(s.db, "SELECT id FROM followups WHERE status = 'open' LIMIT 1");
  assert.ok(f, 'an open follow-up from the test before');
  const r = await postForm(s.url, `/desk/followups/${f.id}/close`, { note: '没有令牌' }, { cookie: S.dispatcher.cookie });
  assert.equal(r.status, 403);
  assert.equal(one(s.db, `SELECT status FROM followups WHERE id = ${f.id}`).status, 'open');
  // Unknown actions and ids.
  assert.equal((await followupAct(s.url, S.dispatcher, f.id, 'delete', { note: 'x' })).status, 404);
  assert.equal((await followupAct(s.url, S.dispatcher, 'abc', 'close', { note: 'x' })).status, 404);
});

test('closing a follow-up needs a note (empty → 400 with its message, what was typed kept); closed with a note it leaves the list, the request stays rated and the note stays off the public page', async () => {
  const { code, token } = await viaPages();
  assert.equal((await rateByLink(s.url, token, { level: '2', comment: '态度不好' })).status, 303);
  const { id } = followup(code);
  const count = openFollowups();

  for (const note of [undefined, '', '   \n ']) {
    const r = await followupAct(s.url, S.dispatcher, id, 'close', note === undefined ? {} : { note });
    assert.equal(r.status, 400, JSON.stringify(note));
    const v = followupsView(await r.text());
    assert.equal(v.open.find((o) => o.id === id).error, '请记录回访情况：联系了谁、结果如何（不超过500字）');
    assert.equal(followup(code).status, 'open');
  }
  const long = '回'.repeat(501);
  const r1 = await followupAct(s.url, S.dispatcher, id, 'close', { note: long });
  assert.equal(r1.status, 400);
  const v1 = followupsView(await r1.text());
  const it = v1.open.find((o) => o.id === id);
  assert.equal(it.error, '请记录回访情况：联系了谁、结果如何（不超过500字）');
  assert.equal(it.typed, long, 'what was typed is kept');
  assert.ok(v1.open.filter((o) => o.id !== id).every((o) => o.error === null), 'the message only beside that item');
  const r2 = await followupAct(s.url, S.dispatcher, id, 'reopen', { note: '' });
  assert.equal(r2.status, 400);
  assert.equal(followupsView(await r2.text()).open.find((o) => o.id === id).error, '请写明重新办理的原因（群众会在查询页面看到）');
  assert.equal(followup(code).status, 'open');
  assert.equal(order(code).state, 'rated');

  const note = '已电话联系群众，志愿者当天身体不适，已致歉，群众表示理解';
  const ok = await followupAct(s.url, S.dispatcher, id, 'close', { note: `  ${note} ` });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/desk/followups?done=close');
  const uid = one(s.db, "SELECT id FROM users WHERE login = 'dispatcher'").id;
  assert.deepEqual({ ...followup(code), id: 0 }, { id: 0, status: 'closed', note, closed_by: uid });
  const v = followupsView(await page(s.url, '/desk/followups?done=close', S.dispatcher));
  assert.equal(v.notice, '回访已记录。');
  assert.ok(!v.open.some((o) => o.code === code), 'no longer waiting');
  assert.deepEqual(v.done.find((d) => d.code === code), { code, service: '课业辅导', level: '不满意', outcome: '已处理', note });
  assert.equal(openFollowups(), count - 1);
  assert.equal(followupCount(await page(s.url, '/desk', S.dispatcher)), count - 1);
  assert.equal(order(code).state, 'rated', 'the request stays rated');
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.ok(!track.includes('身体不适'), 'the follow-up record is not public');

  // A second close or a reopen of a closed follow-up: 409, nothing changes.
  for (const what of ['close', 'reopen']) {
    const r = await followupAct(s.url, S.admin, id, what, { note: '再处理一次' });
    assert.equal(r.status, 409, what);
    assert.match(await r.text(), /这条回访刚刚已被处理过。/);
  }
  assert.equal(followup(code).note, note);
  assert.equal(order(code).state, 'rated');
  assert.equal((await followupAct(s.url, S.dispatcher, 999999, 'close', { note: '不存在' })).status, 409);
});

test('reopening sends the request back to 待审核 with 重新办理 on /track, the staff note kept off it; the dispatcher dispatches it again and it can be served and rated again', async () => {
  const { code, token } = await viaPages();
  assert.equal((await rateByLink(s.url, token, { level: '1', comment: '孩子的问题没有解决' })).status, 303);
  const { id } = followup(code);
  const note = '经回访，辅导内容与需求不符，重新安排志愿者';
  const r = await followupAct(s.url, S.dispatcher, id, 'reopen', { note });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/desk/followups?done=reopen');
  const v = followupsView(await page(s.url, r.headers.get('location'), S.dispatcher));
  assert.equal(v.notice, '申请已重新办理，回到待审核，可以重新派单。');
  assert.deepEqual(v.done.find((d) => d.code === code), { code, service: '课业辅导', level: '非常不满意', outcome: '已重新办理', note });
  assert.equal(followup(code).status, 'reopened');

  const o = order(code);
  assert.equal(o.state, 'submitted');
  assert.equal(o.team_id, null);
  assert.equal(o.completed_at, null);
  const uid = one(s.db, "SELECT id FROM users WHERE login = 'dispatcher'").id;
  assert.deepEqual(events(code).at(-1), { actor: 'staff', actor_id: uid, from_state: 'rated', to_state: 'submitted', note, public: 1 });
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.deepEqual(stateOf(track), { state: 'submitted', label: '待审核' });
  // The 回访记录 is for staff: the resident reads that it is handled again, not the note.
  assert.deepEqual(timelineOf(track).at(-1), { what: '重新办理', note: null });
  assert.ok(!track.includes(note), 'the staff note is not on the public page');
  assert.equal(rateView(track).form, null, 'nothing to rate while it is being handled again');
  // The desk lists it among 待审核.
  assert.ok((await page(s.url, '/desk?state=submitted', S.dispatcher)).includes(`/desk/order/${code}"`));

  // Dispatched again, served again by the volunteer who served it, rated again.
  await dispatch(s.url, S.dispatcher, code, team);
  assert.equal(order(code).state, 'dispatched');
  await acceptAndComplete(s.url, me, code, vid);
  assert.equal(order(code).state, 'completed');
  const again = await rateByLink(s.url, token, { level: '5', comment: '第二次很满意' });
  assert.equal(again.status, 303);
  assert.equal(rating(code).level, 5);
  assert.equal(followup(code).status, 'reopened', 'a good second rating opens nothing');
  const t2 = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.deepEqual(timelineOf(t2).map((e) => e.what), ['提交申请', '已派单', '已接单', '已完成', '已评价', '重新办理',
    '已派单', '已接单', '已完成', '已评价']);
});

test('a close and a reopen sent at once by two dispatchers: exactly one is done, and the request matches it', async () => {
  const { code, token } = await viaSql();
  assert.equal((await rateByLink(s.url, token, { level: '2' })).status, 303);
  const { id } = followup(code);
  const [c, r] = await Promise.all([
    followupAct(s.url, S.dispatcher, id, 'close', { note: '已回访，群众满意处理结果' }),
    followupAct(s.url, S.admin, id, 'reopen', { note: '需要重新安排' }),
  ]);
  assert.deepEqual([c.status, r.status].sort(), [303, 409]);
  const f = followup(code);
  if (c.status === 303) {
    assert.equal(f.status, 'closed');
    assert.equal(order(code).state, 'rated');
  } else {
    assert.equal(f.status, 'reopened');
    assert.equal(order(code).state, 'submitted');
  }
  assert.ok(events(code).filter((e) => e.to_state === 'submitted' && e.actor === 'staff').length <= 1);
});

test('the record of a follow-up keeps the rating that opened it when the reopened request is rated again', async () => {
  const { code, token } = await viaSql();
  assert.equal((await rateByLink(s.url, token, { level: '1', comment: '完全没有解决' })).status, 303);
  const { id } = followup(code);
  assert.equal((await followupAct(s.url, S.dispatcher, id, 'reopen', { note: '重新安排志愿者上门' })).status, 303);
  const before = followupsView(await page(s.url, '/desk/followups', S.dispatcher)).done.find((d) => d.code === code);
  assert.equal(before.level, '非常不满意');
  // Served again (marked in the database) and rated 非常满意 this time.
  const t = Math.floor(nowMs() / 1000);
  sql(s.db, `UPDATE orders SET state = 'completed', completed_at = ${t} WHERE code = '${code}'`);
  assert.equal((await rateByLink(s.url, token, { level: '5' })).status, 303);
  const after = followupsView(await page(s.url, '/desk/followups', S.dispatcher)).done.find((d) => d.code === code);
  assert.equal(after.level, '非常不满意', `the 已处理 list now says: ${after.level} · ${after.outcome}`);
});

/* ---------- the window (SIDAN_RATE_DAYS) ---------- */

test('the window: with SIDAN_RATE_DAYS=1 a request completed 2 days ago has no form and a rating is refused with 评价时间已过; one completed 23 hours ago can still be rated', async () => {
  const now = Math.floor(nowMs() / 1000);
  const late = await completedBySql(w.url, w.db, { at: now - 2 * 86400 });
  const m = await (await fetch(`${w.url}/m/${late.token}`)).text();
  assert.equal(rateView(m).form, null, 'no form on the private page');
  assert.equal(rateView(await (await fetch(`${w.url}/track/${late.code}`)).text()).form, null, 'nor on the tracking page');
  const r1 = await rateByLink(w.url, late.token, { level: '5', comment: '迟到的好评' });
  assert.equal(r1.status, 409);
  assert.match(rateView(await r1.text()).notice || '', /^评价时间已过/);
  const r2 = await rateByCode(w.url, late.code, { last4: last4(late.phone), level: '2' });
  assert.equal(r2.status, 409);
  assert.match(rateView(await r2.text()).notice || '', /^评价时间已过/);
  assert.equal(rating(late.code, w.db), null, 'nothing stored');
  assert.notEqual(order(late.code, w.db).state, 'rated');
  assert.equal(one(w.db, 'SELECT count(*) AS n FROM followups').n, 0);

  const inTime = await completedBySql(w.url, w.db, { at: now - 23 * 3600 });
  assert.ok(rateView(await (await fetch(`${w.url}/m/${inTime.token}`)).text()).form, 'the form is offered');
  assert.equal((await rateByLink(w.url, inTime.token, { level: '4' })).status, 303);
  assert.equal(rating(inTime.code, w.db).level, 4);
});

test('the pages state the window sidan is configured with (SIDAN_RATE_DAYS=1: 1天, not 30天)', async () => {
  const now = Math.floor(nowMs() / 1000);
  const open = await completedBySql(w.url, w.db, { at: now - 3600 });
  const form = await (await fetch(`${w.url}/m/${open.token}`)).text();
  const note = form.match(/<p class="note">(每个申请只能评价一次。[^<]*)<\/p>/)[1];
  const late = await completedBySql(w.url, w.db, { at: now - 2 * 86400 });
  const refusal = rateView(await (await rateByLink(w.url, late.token, { level: '5' })).text()).notice;
  assert.deepEqual({ note, refusal }, {
    note: '每个申请只能评价一次。服务完成后1天内可以评价。',
    refusal: '评价时间已过：服务完成后1天内可以评价。',
  });
});

test('a comment with a character that cannot be stored gets a message about that character, not about its length', async () => {
  const { token, code } = await viaSql();
  const r = await rateByLink(s.url, token, { level: '4', comment: '服务很好\u000b谢谢' });
  assert.equal(r.status, 400);
  assert.equal(rating(code), null);
  const v = rateView(await r.text());
  assert.doesNotMatch(v.error || '', /不能超过300/, `a 9-character comment is told: ${v.error}`);
  assert.match(v.error, /字符/);
});

test('the housekeeping sweep (every SIDAN_SWEEP_SECONDS, here 1) closes requests past the window as 未评价; rated requests and those still in the window stay', async () => {
  const now = Math.floor(nowMs() / 1000);
  const expired = await completedBySql(w.url, w.db, { at: now - 2 * 86400 });
  const fresh = await completedBySql(w.url, w.db, { at: now - 3600 });
  const rated = await completedBySql(w.url, w.db, { at: now - 3600 });
  assert.equal((await rateByLink(w.url, rated.token, { level: '5' })).status, 303);
  sql(w.db, `UPDATE orders SET completed_at = ${now - 3 * 86400} WHERE code = '${rated.code}'`);
  const deadline = nowMs() + 10000;
  while (order(expired.code, w.db).state === 'completed' && nowMs() < deadline)
    await new Promise((r) => setTimeout(r, 500));
  assert.equal(order(expired.code, w.db).state, 'unrated', 'closed by the next sweep');
  assert.deepEqual(events(expired.code, w.db).at(-1), { actor: 'system', actor_id: null, from_state: 'completed',
    to_state: 'unrated', note: '', public: 1 });
  assert.equal(order(fresh.code, w.db).state, 'completed', 'still in the window');
  assert.equal(order(rated.code, w.db).state, 'rated', 'a rated request is left alone');
  const t = await (await fetch(`${w.url}/track/${expired.code}`)).text();
  assert.deepEqual(stateOf(t), { state: 'unrated', label: '未评价' });
  assert.equal(timelineOf(t).at(-1).what, '未评价');
  assert.equal(rateView(t).form, null);
  const r = await rateByLink(w.url, expired.token, { level: '5' });
  assert.equal(r.status, 409);
  assert.match(rateView(await r.text()).notice || '', /^评价时间已过/);
  assert.equal(rating(expired.code, w.db), null, 'nothing is rated on the resident\'s behalf');
});
