// desk.test.mjs: 中心派单 as staff drive it through real nginx and sidan:
// signing in and out, the desk's counts, filters, pages and CSV export,
// each person's scope, every state move a request can and cannot make,
// two people acting at once, the audit of contact details, and entering a
// request taken by phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { start, sql, securityHeaders, bin } from '../lib/harness.mjs';
import { GOOD, submit, post, formTokens } from '../lib/order.mjs';
import {
  PASSWORD, ACCOUNTS, signIn, tryLogin, sidOf, get, page, act, versionOf, teamsOf,
  areasOf, rowCodes, nextLink, countsOf, allCodes,
} from '../lib/staff.mjs';
import { nowSec, beijingDate, beijingTime } from '../lib/clock.mjs';

let s;
const S = {};		// sessions by role, plus admin2 (a second dispatcher's browser)
const uid = {};		// user ids by role
const org = {};		// org ids
const team = {};	// team ids
let seq = 0;
// A fresh mobile number for each request: at most 5 a day per number.
const phone = () => `139${String(20000000 + seq++)}`;
// Submits a request through the public form; returns its code.
const mk = async (changes = {}) => (await submit(s.url, { phone: phone(), ...changes })).code;

const one = (q) => sql(s.db, q)[0];
const row = (code) => one(`SELECT id, state, version, team_id, area_id, due_at, reason, channel
  FROM orders WHERE code = '${code}'`);
const events = (code) => sql(s.db, `SELECT e.actor, e.actor_id, e.from_state, e.to_state, e.note, e.public
  FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.code = '${code}' ORDER BY e.id`);
const orderCount = () => one('SELECT count(*) AS n FROM orders').n;

// The codes the database holds for a WHERE clause over orders o, orgs g (its
// place) and services s, newest first as the desk lists them.
const expected = (where) => sql(s.db, `SELECT o.code FROM orders o JOIN orgs g ON g.id = o.org_id
  JOIN services s ON s.id = o.service_id WHERE ${where} ORDER BY o.created_at DESC, o.id DESC`).map((r) => r.code);
// Each role's part of the tree, as SQL.
const SCOPE = {};
const OPEN = "o.state IN ('submitted', 'dispatched', 'published', 'accepted')";

// One form of a request page, by its action.
const formOf = (html, code, action) =>
  (html.match(new RegExp(`<form class="form act" method="post" action="/desk/order/${code}/${action}">([\\s\\S]*?)</form>`)) || [])[1];

// The bulk: requests at 马邑村 and elsewhere, for pages, filters and scope.
const bulk = { mayi: [], xiaobo: [], beicheng: [], limin: [] };

before(async () => {
  s = await start();
  for (const [role, login] of Object.entries(ACCOUNTS)) {
    S[role] = await signIn(s.url, login);
    uid[role] = one(`SELECT id FROM users WHERE login = '${login}'`).id;
  }
  S.admin2 = await signIn(s.url, 'dispatcher');
  for (const [k, code] of [['center', '140602000000'], ['shentou', '140602100000'], ['mayi', '140602100201'],
    ['xiaobo', '140602100202'], ['beicheng', '140602001000'], ['limin', '140602101000']])
    org[k] = one(`SELECT id FROM orgs WHERE code = '${code}'`).id;
  team.shentou = one("SELECT id FROM teams WHERE name = '神头镇志愿服务分队'").id;
  team.tutoring = one("SELECT id FROM teams WHERE name = '助学支教志愿服务队'").id;
  SCOPE.dispatcher = '1';
  SCOPE.admin = '1';
  SCOPE.institute = `(o.org_id = ${org.shentou} OR g.parent_id = ${org.shentou})`;
  SCOPE.station = `o.org_id = ${org.mayi}`;
  SCOPE.leader = `o.team_id = ${team.shentou}`;
  // More than a page (50) in every staff scope but the leader's; a few at a
  // time, as several residents would.
  const jobs = [];
  for (let i = 0; i < 56; i++)
    jobs.push(['mayi', { service: i % 3 ? 'tutoring' : 'health-check', need: `马邑村第${i}号需求` }]);
  for (let i = 0; i < 4; i++) jobs.push(['xiaobo', { station: '140602100202', address: '小泊村' }]);
  for (let i = 0; i < 3; i++) jobs.push(['beicheng', { institute: '140602001000', station: '', address: '北城街道某小区' }]);
  for (let i = 0; i < 2; i++) jobs.push(['limin', { institute: '140602101000', station: '', service: 'farm-tech' }]);
  for (let i = 0; i < jobs.length; i += 6)
    await Promise.all(jobs.slice(i, i + 6).map(async ([where, changes]) => bulk[where].push(await mk(changes))));
});
after(async () => { await s?.stop(); });

/* ---------- signing in and out ---------- */

// The page a redirect to the sign-in form will come back to, or null if the
// redirect is not to the sign-in form.
function signInTarget(r) {
  const loc = new URL(r.headers.get('location'), s.url);
  return loc.pathname === '/login' ? loc.searchParams.get('next') : null;
}

test('a wrong password shows the form again with 账号或密码不正确 and the login kept', async () => {
  const r = await tryLogin(s.url, 'dispatcher', 'not-the-password-4711');
  assert.equal(r.status, 400);
  assert.equal(sidOf(r), null, 'no session cookie');
  securityHeaders(assert, r.headers, 'login 400');
  const html = await r.text();
  assert.match(html, /账号或密码不正确/);
  assert.match(html, /<input id="f-login" name="login"[^>]* value="dispatcher">/);
  assert.ok(!html.includes('not-the-password-4711'), 'the password is not sent back');
  assert.match(html, /name="password" type="password"/);
  // An unknown account gets the same answer.
  const u = await tryLogin(s.url, 'nobody.here', 'whatever-123');
  assert.equal(u.status, 400);
  assert.match(await u.text(), /账号或密码不正确/);
  assert.match(s.log(), /sign-in failed for "dispatcher"/);
  assert.ok(!s.log().includes('not-the-password-4711'), 'the log never holds a typed password');
});

test('the session cookie is HttpOnly, SameSite=Lax, Path=/, and not Secure over plain http', async () => {
  const r = await tryLogin(s.url, 'dispatcher', PASSWORD);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/desk');
  const c = r.headers.get('set-cookie');
  assert.match(c, /^sid=[0-9a-f]{32};/);
  const attrs = c.split(';').slice(1).map((a) => a.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), c);
  assert.ok(attrs.includes('samesite=lax'), c);
  assert.ok(attrs.includes('path=/'), c);
  assert.ok(!attrs.includes('secure'), `${c}: no Secure over http`);
  const maxAge = attrs.find((a) => a.startsWith('max-age='));
  assert.ok(maxAge && Number(maxAge.slice(8)) > 0, c);
});

test('each sign-in gets a new session id, and the earlier cookie stops working', async () => {
  const a = await signIn(s.url, 'dispatcher');
  const b = await signIn(s.url, 'dispatcher', PASSWORD, { cookie: a.cookie });
  assert.notEqual(b.sid, a.sid);
  assert.notEqual(b.csrf, a.csrf);
  const old = await get(s.url, '/desk', a);
  assert.equal(old.status, 303, 'the first cookie is refused');
  assert.equal(signInTarget(old), '/desk');
  assert.equal((await get(s.url, '/desk', b)).status, 200);
  // A session id planted before sign-in is not adopted.
  const planted = { cookie: `sid=${'ab'.repeat(16)}` };
  const c = await signIn(s.url, 'dispatcher', PASSWORD, planted);
  assert.notEqual(c.sid, 'ab'.repeat(16));
  assert.equal((await get(s.url, '/desk', planted)).status, 303);
  // Only a hash of the id is stored.
  assert.equal(one(`SELECT count(*) AS n FROM sessions WHERE hex(id_hash) = upper('${c.sid}')`).n, 0);
});

test('signing out ends the session on the server: the old cookie is refused', async () => {
  const me = await signIn(s.url, 'suo.shentou');
  const sessions = one('SELECT count(*) AS n FROM sessions').n;
  const r = await post(s.url, '/logout', { csrf: me.csrf }, { cookie: me.cookie });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login?bye=1');
  assert.match(r.headers.get('set-cookie'), /^sid=;.*Max-Age=0/);
  assert.equal(one('SELECT count(*) AS n FROM sessions').n, sessions - 1);
  const after = await get(s.url, '/desk', me);
  assert.equal(after.status, 303);
  assert.equal(signInTarget(after), '/desk');
  // Its token no longer acts either.
  const code = bulk.mayi[0];
  const v = row(code).version;
  const again = await act(s.url, me, code, 'note', { note: '退出后的备注' });
  assert.equal(again.status, 403);
  assert.equal(row(code).version, v);
});

test('a session idle for more than 30 minutes, or older than its lifetime, is refused', async () => {
  const idle = await signIn(s.url, 'suo.shentou');
  const old = await signIn(s.url, 'suo.shentou');
  const hash = (sid) => crypto.createHash('sha256').update(sid).digest('hex');
  sql(s.db, `UPDATE sessions SET seen_at = seen_at - 31 * 60 WHERE hex(id_hash) = upper('${hash(idle.sid)}');
    UPDATE sessions SET expires_at = ${nowSec()} - 1 WHERE hex(id_hash) = upper('${hash(old.sid)}')`);
  for (const me of [idle, old]) {
    const r = await get(s.url, '/desk', me);
    assert.equal(r.status, 303);
    assert.equal(signInTarget(r), '/desk');
    assert.equal((await act(s.url, me, bulk.mayi[0], 'note', { note: '过期' })).status, 403);
  }
});

test('a disabled account is signed out at once and cannot sign in', async () => {
  const me = await signIn(s.url, 'zhan.mayi');
  sql(s.db, "UPDATE users SET disabled = 1 WHERE login = 'zhan.mayi'");
  try {
    assert.equal((await get(s.url, '/desk', me)).status, 303);
    const r = await tryLogin(s.url, 'zhan.mayi', PASSWORD);
    assert.equal(r.status, 400);
    assert.equal(sidOf(r), null);
    assert.match(await r.text(), /账号已停用/);
  } finally {
    sql(s.db, "UPDATE users SET disabled = 0 WHERE login = 'zhan.mayi'; DELETE FROM login_failures WHERE key = 'login:zhan.mayi'");
  }
  assert.equal((await get(s.url, '/desk', me)).status, 200, 'enabled again');
});

test('after sign-in the person lands on the page they asked for, and only on this site', async () => {
  const code = bulk.mayi[1];
  const r = await get(s.url, `/desk/order/${code}`);
  assert.equal(r.status, 303);
  const next = new URL(r.headers.get('location'), s.url).searchParams.get('next');
  assert.equal(next, `/desk/order/${code}`);
  const form = await (await fetch(s.url + r.headers.get('location'))).text();
  assert.ok(form.includes(`name="next" value="/desk/order/${code}"`));
  const ok = await tryLogin(s.url, 'dispatcher', PASSWORD, { next });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), `/desk/order/${code}`);
  for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example'])
    assert.equal((await tryLogin(s.url, 'dispatcher', PASSWORD, { next: evil })).headers.get('location'), '/desk', evil);
});

test('5 wrong passwords lock the account: the 6th try, even right, gets 429 with Retry-After', async () => {
  const l = await start();
  try {
    for (let i = 1; i <= 5; i++) {
      const r = await tryLogin(l.url, 'zhan.mayi', `Wrong-Guess-${i}-x9`);
      assert.equal(r.status, 400, `attempt ${i}`);
    }
    const r = await tryLogin(l.url, 'zhan.mayi', PASSWORD);
    assert.equal(r.status, 429);
    assert.equal(sidOf(r), null, 'no session');
    const wait = Number(r.headers.get('retry-after'));
    assert.ok(wait > 0 && wait <= 15 * 60, `Retry-After ${wait}`);
    const html = await r.text();
    assert.match(html, /登录失败次数过多[^<]*\d+ 分钟/);
    assert.match(html, /value="zhan.mayi"/, 'the login is kept');
    // Another account from the same address is not locked.
    assert.equal((await tryLogin(l.url, 'suo.shentou', PASSWORD)).status, 303);
    const log = l.log();
    assert.equal((log.match(/sign-in failed for "zhan\.mayi"/g) || []).length, 5);
    for (let i = 1; i <= 5; i++) assert.ok(!log.includes(`Wrong-Guess-${i}-x9`), 'no typed password in the log');
    assert.ok(!log.includes(PASSWORD), 'nor the right one');
  } finally { await l.stop(); }
});

/* ---------- form tokens ---------- */

test('a desk action without the csrf field, with a wrong one, or from another site is 403 and changes nothing', async () => {
  const code = await mk();
  const html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  const version = versionOf(html);
  const teamId = teamsOf(html)[0].id;
  const before = row(code);
  for (const [what, fields, headers] of [
    ['no csrf', { version, team: teamId }, {}],
    ['a wrong csrf', { version, team: teamId, csrf: 'f'.repeat(64) }, {}],
    ['a short csrf', { version, team: teamId, csrf: S.dispatcher.csrf.slice(0, 63) }, {}],
    ["another session's csrf", { version, team: teamId, csrf: S.admin.csrf }, {}],
    ['another Origin', { version, team: teamId, csrf: S.dispatcher.csrf }, { origin: 'http://evil.example' }],
    ['Origin null', { version, team: teamId, csrf: S.dispatcher.csrf }, { origin: 'null' }],
  ]) {
    const r = await post(s.url, `/desk/order/${code}/dispatch`, fields, { cookie: S.dispatcher.cookie, ...headers });
    assert.equal(r.status, 403, what);
    assert.match(await r.text(), /没有权限/, what);
  }
  assert.deepEqual(row(code), before, 'nothing changed');
  assert.equal(events(code).length, 1);
  // Its own Origin and token: done.
  const ok = await act(s.url, S.dispatcher, code, 'dispatch', { version, team: teamId }, { origin: s.url });
  assert.equal(ok.status, 303);
  assert.equal(row(code).state, 'dispatched');
});

test("a public form's token does not stand in for the session's token on a desk action", async () => {
  // Anyone can fetch /order/new and read a valid nonce and form token from it.
  const code = await mk();
  const html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  const before = row(code);
  const t = formTokens(await (await fetch(s.url + '/order/new')).text());
  const r = await post(s.url, `/desk/order/${code}/reject`,
    { ...t, version: versionOf(html), reason: '伪造请求' }, { cookie: S.dispatcher.cookie });
  assert.equal(r.status, 403, 'a staff action needs the session token, not an anonymous form token');
  assert.deepEqual(row(code), before, 'nothing changed');
});

/* ---------- state moves ---------- */

test('dispatch from 待审核 to a team chosen from the page, then re-dispatch to another', async () => {
  const code = await mk();
  let html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  const teams = teamsOf(html);
  assert.ok(teams.length >= 3);
  assert.ok(teams[0].selected && /神头镇志愿服务分队（推荐）/.test(teams[0].name), 'the branch of the place comes first');
  assert.match(formOf(html, code, 'dispatch'), /<button class="button" type="submit">派单<\/button>/);
  let r = await act(s.url, S.dispatcher, code, 'dispatch', { version: versionOf(html), team: teams[0].id });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/desk/order/${code}`);
  const { state, version, team_id: teamId, area_id: areaId } = row(code);
  assert.deepEqual({ state, version, teamId, areaId }, { state: 'dispatched', version: 1, teamId: Number(teams[0].id), areaId: null });
  assert.deepEqual(events(code).at(-1), { actor: 'staff', actor_id: uid.dispatcher, from_state: 'submitted',
    to_state: 'dispatched', note: '', public: 1 });
  html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  assert.match(html, /<dt>服务队<\/dt><dd>神头镇志愿服务分队<\/dd>/);
  assert.match(html, /<span class="state state-dispatched">已派单<\/span>/);
  let track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.match(track, /<span class="state state-dispatched">已派单<\/span>/);

  // Re-dispatch, by someone else, to another team.
  html = await page(s.url, `/desk/order/${code}`, S.admin);
  assert.match(formOf(html, code, 'dispatch'), /重新派单<\/button>/);
  r = await act(s.url, S.admin, code, 'dispatch', { version: versionOf(html), team: team.tutoring });
  assert.equal(r.status, 303);
  assert.equal(row(code).team_id, team.tutoring);
  assert.equal(row(code).version, 2);
  assert.deepEqual(events(code).at(-1), { actor: 'staff', actor_id: uid.admin, from_state: 'dispatched',
    to_state: 'dispatched', note: '', public: 1 });
  track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.match(track, /重新派单/);
  // A team that does not cover the place is refused.
  html = await page(s.url, `/desk/order/${code}`, S.admin);
  const other = one("SELECT id FROM teams WHERE name = '神头街道志愿服务分队'").id;
  r = await act(s.url, S.admin, code, 'dispatch', { version: versionOf(html), team: other });
  assert.equal(r.status, 400);
  assert.match(formOf(await r.text(), code, 'dispatch'), /请从列表中选择服务队/);
  assert.equal(row(code).team_id, team.tutoring);
});

test('publish for volunteers to claim, with the area of the place', async () => {
  const code = await mk();
  const html = await page(s.url, `/desk/order/${code}`, S.institute);
  const areas = areasOf(html);
  assert.deepEqual(areas.map((a) => a.name), ['马邑村', '神头镇', '全区']);
  assert.equal(Number(areas[0].id), org.mayi);
  // An area that is not offered is refused.
  let r = await act(s.url, S.institute, code, 'publish', { version: versionOf(html), area: org.beicheng });
  assert.equal(r.status, 400);
  assert.match(formOf(await r.text(), code, 'publish'), /请选择抢单的范围/);
  assert.equal(row(code).state, 'submitted');
  r = await act(s.url, S.institute, code, 'publish', { version: versionOf(html), area: areas[0].id });
  assert.equal(r.status, 303);
  const o = row(code);
  assert.equal(o.state, 'published');
  assert.equal(o.area_id, org.mayi);
  assert.equal(o.team_id, null);
  assert.deepEqual(events(code).at(-1), { actor: 'staff', actor_id: uid.institute, from_state: 'submitted',
    to_state: 'published', note: '', public: 1 });
  assert.match(await page(s.url, `/desk/order/${code}`, S.institute), /<dt>抢单范围<\/dt><dd>马邑村<\/dd>/);
  assert.match(await (await fetch(`${s.url}/track/${code}`)).text(), /待接单/);
});

test('reject needs a reason; with one, the resident reads 不予受理 and the reason', async () => {
  const code = await mk();
  const html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  const version = versionOf(html);
  for (const reason of ['', '   ']) {
    const r = await act(s.url, S.dispatcher, code, 'reject', { version, reason });
    assert.equal(r.status, 400);
    const form = formOf(await r.text(), code, 'reject');
    assert.ok(form, 'the reject form is shown again');
    assert.match(form, /<p class="err" role="alert">请写明原因，群众会在查询页面看到它<\/p>/);
    assert.equal(row(code).state, 'submitted', 'nothing changed');
    assert.equal(row(code).version, 0);
  }
  assert.equal(events(code).length, 1);
  const long = await act(s.url, S.dispatcher, code, 'reject', { version, reason: '长'.repeat(201) });
  assert.equal(long.status, 400);
  assert.match(formOf(await long.text(), code, 'reject'), /不能超过200个字/);
  assert.equal(row(code).state, 'submitted');
  const reason = '该服务需到县医院办理，本中心无法提供';
  const r = await act(s.url, S.dispatcher, code, 'reject', { version, reason });
  assert.equal(r.status, 303);
  assert.equal(row(code).state, 'rejected');
  assert.equal(row(code).reason, reason);
  assert.deepEqual(events(code).at(-1), { actor: 'staff', actor_id: uid.dispatcher, from_state: 'submitted',
    to_state: 'rejected', note: reason, public: 1 });
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.match(track, /<span class="state state-rejected">不予受理<\/span>/);
  assert.ok(track.includes(`原因：${reason}`));
});

test('cancel needs a reason; with one, the resident reads 已取消', async () => {
  const code = await mk();
  let html = await page(s.url, `/desk/order/${code}`, S.station);
  // Dispatched first: a dispatched request can still be cancelled.
  let r = await act(s.url, S.station, code, 'dispatch', { version: versionOf(html), team: teamsOf(html)[0].id });
  assert.equal(r.status, 303);
  html = await page(s.url, `/desk/order/${code}`, S.station);
  r = await act(s.url, S.station, code, 'cancel', { version: versionOf(html), reason: '' });
  assert.equal(r.status, 400);
  assert.match(formOf(await r.text(), code, 'cancel'), /请写明原因/);
  assert.equal(row(code).state, 'dispatched');
  const reason = '群众来电说已自行解决';
  r = await act(s.url, S.station, code, 'cancel', { version: versionOf(html), reason });
  assert.equal(r.status, 303);
  assert.equal(row(code).state, 'cancelled');
  assert.deepEqual(events(code).at(-1), { actor: 'staff', actor_id: uid.station, from_state: 'dispatched',
    to_state: 'cancelled', note: reason, public: 1 });
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.match(track, /<span class="state state-cancelled">已取消<\/span>/);
  assert.ok(track.includes(reason), 'staff write the reason for the resident');
  // A closed request offers no more actions, only notes.
  html = await page(s.url, `/desk/order/${code}`, S.station);
  for (const a of ['dispatch', 'publish', 'reject', 'cancel', 'due']) assert.equal(formOf(html, code, a), undefined, a);
  assert.ok(formOf(html, code, 'note'));
});

test('the due time changes from a datetime-local value; a bad value gets 400', async () => {
  const code = await mk();
  let html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  const before = row(code);
  for (const bad of ['', 'tomorrow', '2026-13-01T10:00', '2026-12-24 18:00', '2026-12-24T25:00', '2026-12-24T18:00x']) {
    const r = await act(s.url, S.dispatcher, code, 'due', { version: versionOf(html), due: bad });
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.match(formOf(await r.text(), code, 'due'), /请填写正确的日期和时间/, bad);
  }
  assert.deepEqual(row(code), before, 'nothing changed');
  const r = await act(s.url, S.dispatcher, code, 'due', { version: versionOf(html), due: '2026-12-24T18:00' });
  assert.equal(r.status, 303);
  const o = row(code);
  assert.equal(o.due_at, Date.UTC(2026, 11, 24, 10, 0) / 1000, '18:00 in Beijing');
  assert.equal(o.state, 'submitted');
  assert.equal(o.version, before.version + 1);
  assert.deepEqual(events(code).at(-1), { actor: 'staff', actor_id: uid.dispatcher, from_state: 'submitted',
    to_state: 'submitted', note: '办理期限改为 2026-12-24 18:00', public: 0 });
  html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  assert.match(html, /<dt>办理期限<\/dt><dd>2026-12-24 18:00<\/dd>/);
  assert.match(html, /name="due" type="datetime-local" value="2026-12-24T18:00"/);
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.ok(!track.includes('办理期限改为'), 'an internal event');
});

test('a due date that does not exist (30 February) is refused, not moved to March', async () => {
  const code = await mk();
  const html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  const before = row(code);
  const r = await act(s.url, S.dispatcher, code, 'due', { version: versionOf(html), due: '2027-02-30T10:00' });
  assert.equal(r.status, 400);
  assert.deepEqual(row(code), before);
});

test('an internal note shows on the desk page, never on the tracking page', async () => {
  const code = await mk();
  let html = await page(s.url, `/desk/order/${code}`, S.institute);
  let r = await act(s.url, S.institute, code, 'note', { note: '  ' });
  assert.equal(r.status, 400);
  assert.match(formOf(await r.text(), code, 'note'), /请写下备注内容/);
  const note = '内部备注：已电话联系群众，周六上门 <b>确认</b>';
  r = await act(s.url, S.institute, code, 'note', { version: versionOf(html), note });
  assert.equal(r.status, 303);
  html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  assert.ok(html.includes('内部备注：已电话联系群众，周六上门 &lt;b&gt;确认&lt;/b&gt;'), 'escaped on the page');
  assert.match(html, /演示神头镇所员<\/p>/, 'with its author');
  assert.deepEqual(sql(s.db, `SELECT user_id, note FROM order_notes WHERE order_id = ${row(code).id}`),
    [{ user_id: uid.institute, note }]);
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.ok(!track.includes('内部备注'), 'not on /track');
  assert.equal(row(code).version, 0, 'a note is not a move');
  assert.equal(events(code).length, 1);
});

test('illegal moves get 409 naming the current state, and change nothing', async () => {
  const cancelled = await mk();
  const rejected = await mk();
  let html = await page(s.url, `/desk/order/${cancelled}`, S.dispatcher);
  const teamId = teamsOf(html)[0].id;
  assert.equal((await act(s.url, S.dispatcher, cancelled, 'cancel', { version: versionOf(html), reason: '重复申请' })).status, 303);
  html = await page(s.url, `/desk/order/${rejected}`, S.dispatcher);
  assert.equal((await act(s.url, S.dispatcher, rejected, 'reject', { version: versionOf(html), reason: '不属于服务范围' })).status, 303);
  for (const [code, label, action, fields] of [
    [cancelled, '已取消', 'reject', { reason: '再拒绝一次' }],
    [cancelled, '已取消', 'cancel', { reason: '再取消一次' }],
    [cancelled, '已取消', 'dispatch', { team: teamId }],
    [cancelled, '已取消', 'publish', { area: org.mayi }],
    [cancelled, '已取消', 'due', { due: '2026-12-30T09:00' }],
    [rejected, '不予受理', 'dispatch', { team: teamId }],
    [rejected, '不予受理', 'publish', { area: org.mayi }],
    [rejected, '不予受理', 'cancel', { reason: '取消' }],
  ]) {
    const before = row(code);
    const n = events(code).length;
    const v = versionOf(await page(s.url, `/desk/order/${code}`, S.dispatcher));
    const r = await act(s.url, S.dispatcher, code, action, { version: v, ...fields });
    const what = `${action} on ${label}`;
    assert.equal(r.status, 409, what);
    const body = await r.text();
    assert.match(body, new RegExp(`状态是“${label}”`), what);
    assert.match(body, /<div class="notice" role="alert">/, what);
    assert.deepEqual(row(code), before, `${what}: nothing changed`);
    assert.equal(events(code).length, n, `${what}: no event`);
  }
});

test('a team leader sees the requests of their team and may only add notes', async () => {
  const mine = await mk();
  const theirs = await mk();
  for (const [code, t] of [[mine, team.shentou], [theirs, team.tutoring]]) {
    const html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
    assert.equal((await act(s.url, S.dispatcher, code, 'dispatch', { version: versionOf(html), team: t })).status, 303);
  }
  const html = await page(s.url, `/desk/order/${mine}`, S.leader);
  for (const a of ['dispatch', 'publish', 'reject', 'cancel', 'due']) assert.equal(formOf(html, mine, a), undefined, a);
  assert.ok(formOf(html, mine, 'note'));
  const before = row(mine);
  for (const [action, fields] of [['dispatch', { team: team.shentou }], ['reject', { reason: 'x' }],
    ['cancel', { reason: 'x' }], ['publish', { area: org.mayi }], ['due', { due: '2026-12-30T09:00' }]]) {
    const r = await act(s.url, S.leader, mine, action, { version: versionOf(html), ...fields });
    assert.equal(r.status, 403, action);
  }
  assert.deepEqual(row(mine), before);
  assert.equal((await act(s.url, S.leader, mine, 'note', { note: '队长：已安排两名志愿者' })).status, 303);
  assert.equal((await get(s.url, `/desk/order/${theirs}`, S.leader)).status, 404);
  assert.equal((await act(s.url, S.leader, theirs, 'note', { note: '不是我的' })).status, 404);
  const desk = await page(s.url, '/desk', S.leader);
  assert.match(desk, /这里是神头镇志愿服务分队的群众点单/);
  assert.doesNotMatch(desk, /href="\/desk\/new"/, 'leaders do not enter requests');
  const { codes } = await allCodes(s.url, S.leader);
  assert.deepEqual(codes, expected(SCOPE.leader));
  assert.ok(codes.includes(mine));
  assert.ok(!codes.includes(theirs));
});

/* ---------- two people at once ---------- */

test('two people dispatching one request at the same moment: one wins, the other is told', async () => {
  for (let round = 0; round < 3; round++) {
    const code = await mk();
    const [a, b] = await Promise.all([
      page(s.url, `/desk/order/${code}`, S.dispatcher), page(s.url, `/desk/order/${code}`, S.admin2)]);
    assert.equal(versionOf(a), versionOf(b));
    const [ra, rb] = await Promise.all([
      act(s.url, S.dispatcher, code, 'dispatch', { version: versionOf(a), team: teamsOf(a)[0].id }),
      act(s.url, S.admin2, code, 'dispatch', { version: versionOf(b), team: team.tutoring }),
    ]);
    const statuses = [ra.status, rb.status].sort();
    assert.deepEqual(statuses, [303, 409], `round ${round}`);
    const loser = ra.status === 409 ? ra : rb;
    const body = await loser.text();
    assert.match(body, /刚刚被其他人处理过/);
    assert.match(body, /状态是“已派单”/);
    assert.equal(events(code).filter((e) => e.to_state === 'dispatched').length, 1, 'exactly one dispatch');
    assert.equal(row(code).version, 1);
  }
});

test('acting on a page loaded before someone else acted gets 409, not a silent overwrite', async () => {
  const code = await mk();
  const stale = await page(s.url, `/desk/order/${code}`, S.institute);
  const fresh = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  assert.equal((await act(s.url, S.dispatcher, code, 'due', { version: versionOf(fresh), due: '2026-12-20T09:00' })).status, 303);
  const r = await act(s.url, S.institute, code, 'reject', { version: versionOf(stale), reason: '看的是旧页面' });
  assert.equal(r.status, 409);
  assert.match(await r.text(), /刚刚被其他人处理过/);
  assert.equal(row(code).state, 'submitted');
});

/* ---------- scope ---------- */

test("所 staff get 404 for another 所's request, on the page and on every action, and do not see it listed", async () => {
  const code = bulk.beicheng[0];
  assert.equal((await get(s.url, `/desk/order/${code}`, S.institute)).status, 404);
  assert.equal((await get(s.url, `/desk/order/${code.toLowerCase()}`, S.institute)).status, 404);
  const before = row(code);
  const views = one('SELECT count(*) AS n FROM contact_views').n;
  const notes = one('SELECT count(*) AS n FROM order_notes').n;
  for (const [action, fields] of [['dispatch', { team: team.tutoring }], ['publish', { area: org.beicheng }],
    ['reject', { reason: '越权' }], ['cancel', { reason: '越权' }], ['due', { due: '2026-12-30T09:00' }],
    ['note', { note: '越权' }], ['reveal', { reason: '回访服务情况' }], ['nonsense', {}]]) {
    const r = await act(s.url, S.institute, code, action, { version: before.version, ...fields });
    assert.equal(r.status, 404, action);
    assert.doesNotMatch(await r.text(), /北城街道某小区|1392/, `${action}: nothing of it shown`);
  }
  assert.deepEqual(row(code), before, 'nothing changed');
  assert.equal(one('SELECT count(*) AS n FROM contact_views').n, views, 'no number was shown');
  assert.equal(one('SELECT count(*) AS n FROM order_notes').n, notes);
  // Not on the desk, not found by its code, not in the export.
  const mine = await allCodes(s.url, S.institute);
  assert.ok(!mine.codes.includes(code));
  assert.deepEqual(rowCodes(await page(s.url, `/desk?q=${code}`, S.institute)), []);
  assert.deepEqual(rowCodes(await page(s.url, '/desk?institute=140602001000', S.institute)), [],
    'a filter for another 所 does not widen the scope');
  const csv = await (await get(s.url, '/desk/export.csv', S.institute)).text();
  for (const c of bulk.beicheng) assert.ok(!csv.includes(c), c);
  const csv2 = await (await get(s.url, `/desk/export.csv?q=${code}`, S.institute)).text();
  assert.equal(csv2.trim().split('\r\n').length, 1, 'the header only');
  // The dispatcher sees it.
  assert.equal((await get(s.url, `/desk/order/${code}`, S.dispatcher)).status, 200);
});

test('each role lists exactly the requests of its scope', async () => {
  for (const role of ['dispatcher', 'institute', 'station', 'leader']) {
    const { codes } = await allCodes(s.url, S[role]);
    assert.deepEqual(codes, expected(SCOPE[role]), role);
  }
  const station = await allCodes(s.url, S.station);
  assert.ok(station.codes.length > 50);
  for (const c of [...bulk.xiaobo, ...bulk.beicheng, ...bulk.limin]) assert.ok(!station.codes.includes(c), c);
  assert.equal((await get(s.url, `/desk/order/${bulk.xiaobo[0]}`, S.station)).status, 404, '小泊村 is not 马邑村');
  assert.equal((await get(s.url, `/desk/order/${bulk.xiaobo[0]}`, S.institute)).status, 200, 'but it is 神头镇');
  const inst = await allCodes(s.url, S.institute);
  for (const c of bulk.xiaobo) assert.ok(inst.codes.includes(c), c);
  for (const c of [...bulk.beicheng, ...bulk.limin]) assert.ok(!inst.codes.includes(c), c);
});

/* ---------- the desk list ---------- */

test('the counts per state at the top match the database, in every scope', async () => {
  for (const role of ['dispatcher', 'institute', 'station', 'leader']) {
    const html = await page(s.url, '/desk', S[role]);
    const want = { submitted: 0, dispatched: 0, published: 0, accepted: 0, completed: 0, rated: 0,
      unrated: 0, rejected: 0, cancelled: 0 };
    for (const r of sql(s.db, `SELECT o.state, count(*) AS n FROM orders o JOIN orgs g ON g.id = o.org_id
      WHERE ${SCOPE[role]} GROUP BY o.state`)) want[r.state] = r.n;
    assert.deepEqual(countsOf(html), want, role);
  }
  // Filtered by place: each combination of a person's place and the filter's.
  const zero = { submitted: 0, dispatched: 0, published: 0, accepted: 0, completed: 0, rated: 0,
    unrated: 0, rejected: 0, cancelled: 0 };
  const countWhere = (where) => {
    const want = { ...zero };
    for (const r of sql(s.db, `SELECT o.state, count(*) AS n FROM orders o JOIN orgs g ON g.id = o.org_id
      WHERE ${where} GROUP BY o.state`)) want[r.state] = r.n;
    return want;
  };
  const id = (code) => sql(s.db, `SELECT id FROM orgs WHERE code = '${code}'`)[0].id;
  const [shentou, mayi, beicheng] = ['140602100000', '140602100201', '140602001000'].map(id);
  for (const [role, qs, where] of [
    ['dispatcher', 'institute=140602100000', `(g.id = ${shentou} OR g.parent_id = ${shentou})`],
    ['dispatcher', 'institute=140602100000&station=140602100201', `g.id = ${mayi}`],
    ['institute', 'institute=140602100000', `(g.id = ${shentou} OR g.parent_id = ${shentou})`],
    ['institute', 'institute=140602001000', '0'],
    ['station', 'institute=140602100000', `g.id = ${mayi}`],
    ['dispatcher', 'institute=140602001000', `(g.id = ${beicheng} OR g.parent_id = ${beicheng})`],
  ]) assert.deepEqual(countsOf(await page(s.url, `/desk?${qs}`, S[role])), countWhere(where), `${role} ${qs}`);

  // Under a filter, the counts are of the filtered requests.
  const html = await page(s.url, '/desk?platform=fitness', S.institute);
  const want = sql(s.db, `SELECT o.state, count(*) AS n FROM orders o JOIN orgs g ON g.id = o.org_id
    JOIN services s ON s.id = o.service_id JOIN platforms p ON p.id = s.platform_id
    WHERE ${SCOPE.institute} AND p.code = 'fitness' GROUP BY o.state`);
  for (const { state, n } of want) assert.equal(countsOf(html)[state], n, state);
});

test('a count at the top leads to a list of that many requests, under the same filters', async () => {
  // Counts are of the filtered requests, so their links must keep the filters.
  const html = await page(s.url, '/desk?platform=fitness&institute=140602100000', S.dispatcher);
  const n = countsOf(html).submitted;
  const link = html.match(/<a href="(\/desk\?[^"]*state=submitted[^"]*)"/)[1].replace(/&amp;/g, '&');
  const { codes } = await allCodes(s.url, S.dispatcher, link.slice('/desk?'.length));
  assert.equal(codes.length, n, `待审核 says ${n}; ${link} lists ${codes.length}`);
});

test('下一页 pages through more than 50 requests with no overlap and no gap', async () => {
  const want = expected(SCOPE.station);
  assert.ok(want.length > 50, `${want.length} in scope`);
  const first = await page(s.url, '/desk', S.station);
  assert.equal(rowCodes(first).length, 50);
  assert.doesNotMatch(first, /回到第一页/);
  const next = nextLink(first);
  assert.match(next, /^\/desk\?&?after=\d+\.\d+$/);
  const second = await page(s.url, next, S.station);
  assert.match(second, /回到第一页/);
  const { codes, pages } = await allCodes(s.url, S.station);
  assert.equal(pages, Math.ceil(want.length / 50));
  assert.equal(new Set(codes).size, codes.length, 'no request twice');
  assert.deepEqual(codes, want, 'every request once, newest first');
  // Many requests share a second: the id breaks the tie. So does a filter.
  const f = await allCodes(s.url, S.dispatcher, 'state=submitted&institute=140602100000');
  assert.deepEqual(f.codes, expected(`${SCOPE.institute} AND o.state = 'submitted'`));
  assert.ok(f.pages >= 2);
});

test('filters by state, platform and 所 narrow the list', async () => {
  for (const [qs, where] of [
    ['state=submitted', "o.state = 'submitted'"],
    ['state=dispatched', "o.state = 'dispatched'"],
    ['state=rejected', "o.state = 'rejected'"],
    ['platform=fitness', "s.platform_id = (SELECT id FROM platforms WHERE code = 'fitness')"],
    ['platform=science', "s.platform_id = (SELECT id FROM platforms WHERE code = 'science')"],
    ['institute=140602001000', `(o.org_id = ${org.beicheng} OR g.parent_id = ${org.beicheng})`],
    ['institute=140602101000', `(o.org_id = ${org.limin} OR g.parent_id = ${org.limin})`],
    ['institute=140602100000&platform=education&state=submitted',
      `(o.org_id = ${org.shentou} OR g.parent_id = ${org.shentou}) AND s.platform_id = (SELECT id FROM platforms WHERE code = 'education') AND o.state = 'submitted'`],
  ]) {
    const { codes } = await allCodes(s.url, S.dispatcher, qs);
    const want = expected(where);
    assert.ok(want.length > 0, `${qs} has something to find`);
    assert.deepEqual(codes, want, qs);
  }
  assert.deepEqual((await allCodes(s.url, S.dispatcher, 'institute=140602001000')).codes.sort(), [...bulk.beicheng].sort());
  // The chosen filter is kept in the form, and a bad one is named, not obeyed.
  const html = await page(s.url, '/desk?platform=fitness&state=submitted', S.dispatcher);
  assert.match(html, /<option value="fitness" selected>健身体育<\/option>/);
  assert.match(html, /<a href="\/desk\?platform=fitness&amp;state=submitted" aria-current="page">/);
  const bad = await page(s.url, '/desk?platform=nonsense', S.dispatcher);
  assert.match(bad, /筛选条件“平台”无法识别，已忽略/);
});

test('the overdue filter lists open requests past their due time, marked 已超期', async () => {
  const late = bulk.mayi.slice(2, 4);
  const closedLate = await mk();
  const html = await page(s.url, `/desk/order/${closedLate}`, S.dispatcher);
  assert.equal((await act(s.url, S.dispatcher, closedLate, 'reject', { version: versionOf(html), reason: '重复' })).status, 303);
  sql(s.db, `UPDATE orders SET due_at = ${nowSec()} - 3600
    WHERE code IN ('${late.join("','")}', '${closedLate}')`);
  const { codes } = await allCodes(s.url, S.station, 'overdue=1');
  assert.deepEqual(codes, expected(`${SCOPE.station} AND o.due_at < ${nowSec()} AND ${OPEN}`));
  for (const c of late) assert.ok(codes.includes(c), c);
  assert.ok(!codes.includes(closedLate), 'a rejected request is not overdue');
  const list = await page(s.url, '/desk?overdue=1', S.station);
  assert.match(list, /name="overdue" type="checkbox" value="1" checked/);
  for (const c of late)
    assert.match(list, new RegExp(`href="/desk/order/${c}">[^<]+</a> <span class="state state-submitted">待审核</span> <strong class="late">已超期</strong>`));
  const all = await page(s.url, `/desk?q=${closedLate}`, S.dispatcher);
  assert.equal(rowCodes(all).length, 1);
  assert.doesNotMatch(all, /已超期/);
});

test('the date range is of the submission day in Beijing time, both ends included', async () => {
  const [a, b, c, d] = bulk.limin.concat(bulk.xiaobo.slice(0, 2));
  // Three days two months back (all other requests were made today): the
  // 15th is day P, with the 14th and the 16th around it.
  const { y, m } = beijingDate(nowSec());
  const at = (day, h, mi) => beijingTime(y, m - 2, day, h, mi);	// Beijing → unix
  const ymd = (day) => beijingDate(at(day, 12, 0)).ymd;
  const [d14, d15, d16] = [ymd(14), ymd(15), ymd(16)];
  sql(s.db, `UPDATE orders SET created_at = ${at(15, 0, 5)} WHERE code = '${a}';
    UPDATE orders SET created_at = ${at(15, 23, 55)} WHERE code = '${b}';
    UPDATE orders SET created_at = ${at(14, 23, 59)} WHERE code = '${c}';
    UPDATE orders SET created_at = ${at(16, 0, 0)} WHERE code = '${d}';`);
  const q = async (qs) => (await allCodes(s.url, S.dispatcher, qs)).codes;
  assert.deepEqual(await q(`from=${d15}&to=${d15}`), [b, a]);
  assert.deepEqual(await q(`from=${d14}&to=${d16}`), [d, b, a, c]);
  assert.deepEqual(await q(`to=${d14}`), [c]);
  const from16 = await q(`from=${d16}`);
  assert.ok(from16.includes(d) && !from16.includes(b));
  assert.deepEqual(from16, expected(`o.created_at >= ${at(16, 0, 0)}`));
  const html = await page(s.url, `/desk?from=${d15}&to=${d15}`, S.dispatcher);
  assert.match(html, new RegExp(`name="from" type="date" value="${d15}"`));
  assert.match(await page(s.url, '/desk?from=15.3.2026', S.dispatcher), /筛选条件“开始日期”无法识别/);
});

test('the text filter finds a request by its tracking code and by the phone number', async () => {
  const shared = phone();
  const x = await mk({ phone: shared });
  const y = await mk({ phone: shared, station: '140602100202' });
  const z = await mk();
  assert.deepEqual(rowCodes(await page(s.url, `/desk?q=${z}`, S.dispatcher)), [z]);
  assert.deepEqual(rowCodes(await page(s.url, `/desk?q=${z.toLowerCase()}`, S.dispatcher)), [z], 'any case');
  assert.deepEqual(rowCodes(await page(s.url, `/desk?q=${shared}`, S.dispatcher)), [y, x]);
  assert.deepEqual(rowCodes(await page(s.url, `/desk?q=${shared}`, S.station)), [x], 'within the scope');
  assert.deepEqual(rowCodes(await page(s.url, '/desk?q=13999999999', S.dispatcher)), []);
  const html = await page(s.url, `/desk?q=${shared}`, S.dispatcher);
  assert.match(html, new RegExp(`name="q" type="text" maxlength="60" value="${shared}"`));
  // Words of the need.
  assert.deepEqual(rowCodes(await page(s.url, `/desk?q=${encodeURIComponent('马邑村第7号需求')}`, S.dispatcher)),
    expected("instr(o.need, '马邑村第7号需求') > 0"));
});

test('the tracking code as residents read it (with dashes or spaces) finds the request', async () => {
  // The desk shows codes as ABC-DEF-GHJ, residents read them so, and /track
  // accepts them so: the search box must too.
  const z = bulk.mayi[5];
  const dashed = `${z.slice(0, 3)}-${z.slice(3, 6)}-${z.slice(6)}`;
  assert.ok((await page(s.url, `/desk?q=${z}`, S.dispatcher)).includes(`>${dashed}</a>`), 'shown with dashes');
  assert.equal((await fetch(`${s.url}/track?code=${dashed}`, { redirect: 'manual' })).status, 303, '/track takes it');
  assert.deepEqual(rowCodes(await page(s.url, `/desk?q=${dashed}`, S.dispatcher)), [z], dashed);
  const spaced = `${z.slice(0, 3)} ${z.slice(3, 6)} ${z.slice(6)}`.toLowerCase();
  assert.deepEqual(rowCodes(await page(s.url, `/desk?q=${encodeURIComponent(spaced)}`, S.dispatcher)), [z], spaced);
});

/* ---------- contact details ---------- */

test('staff see the phone masked until they press 显示 and give a reason; each showing is recorded with it', async () => {
  const number = phone();
  const masked = `${number.slice(0, 3)}****${number.slice(-4)}`;
  const code = await mk({ phone: number, name: '联系人甲' });
  const id = row(code).id;
  const views = (u) => one(`SELECT count(*) AS n FROM contact_views WHERE order_id = ${id} AND user_id = ${u}`).n;
  const reveal = (who, fields) => post(s.url, `/desk/order/${code}/reveal`, { csrf: who.csrf, ...fields },
    { cookie: who.cookie });
  // Viewing the page shows the number masked and records nothing.
  let html = await page(s.url, `/desk/order/${code}`, S.institute);
  assert.ok(!html.includes(number), 'the whole number is not on the page');
  assert.match(html, new RegExp(`<dt>联系电话</dt><dd>${masked.replace(/\*/g, '\\*')}`));
  assert.match(html, /<form class="form act reveal" method="post" action="\/desk\/order\/[A-Z2-9]{9}\/reveal"/);
  assert.match(html, /<dt>联系人<\/dt><dd>联系人甲<\/dd>/);
  assert.equal(views(uid.institute), 0);
  // No reason, or 其他 without a word: told beside the form, nothing shown or recorded.
  let r = await reveal(S.institute, { reason: '' });
  assert.equal(r.status, 400);
  html = await r.text();
  assert.match(html, /<p class="err" id="e-why" role="alert">请选择查看电话的原因<\/p>/);
  assert.ok(!html.includes(number));
  r = await reveal(S.institute, { reason: '其他', detail: '  ' });
  assert.equal(r.status, 400);
  html = await r.text();
  assert.match(html, /选择“其他”时，请简单写明原因/);
  assert.match(html, /<option selected>其他<\/option>/, 'the choice kept');
  assert.equal(views(uid.institute), 0);
  // With a reason: the number, a one-tap call, and a record with the reason.
  r = await reveal(S.institute, { reason: '与群众约定服务时间' });
  assert.equal(r.status, 200);
  html = await r.text();
  assert.ok(html.includes(`<a href="tel:${number}">${number}</a>`));
  assert.equal(views(uid.institute), 1);
  r = await reveal(S.station, { reason: '其他', detail: '群众来电要求改时间' });
  assert.equal(r.status, 200);
  assert.deepEqual(sql(s.db, `SELECT what, reason FROM contact_views WHERE order_id = ${id} ORDER BY id`),
    [{ what: 'page', reason: '与群众约定服务时间' }, { what: 'page', reason: '其他：群众来电要求改时间' }]);
  // Without the session's token: refused, nothing recorded.
  r = await reveal(S.institute, { csrf: 'x'.repeat(64), reason: '回访服务情况' });
  assert.equal(r.status, 403);
  assert.equal(views(uid.institute), 1);
  // The admin reads who, when, which and why.
  const audit = await page(s.url, '/admin/audit', S.admin);
  assert.ok(audit.includes('其他：群众来电要求改时间'));
  assert.ok(audit.includes('与群众约定服务时间'));
  // The list shows no numbers; out of scope shows nothing and records nothing.
  const desk = await page(s.url, `/desk?q=${code}`, S.institute);
  assert.ok(!desk.includes(number) && !desk.includes('联系人甲'));
  const other = bulk.limin[0];
  assert.equal((await get(s.url, `/desk/order/${other}`, S.institute)).status, 404);
  assert.equal(one(`SELECT count(*) AS n FROM contact_views WHERE order_id = ${row(other).id}`).n, 0);
});

test('a 座机 is masked the same way and said to be one', async () => {
  const code = await mk({ phone: '0349-5021234' });
  const html = await page(s.url, `/desk/order/${code}`, S.institute);
  assert.match(html, /<dt>联系电话<\/dt><dd>034\*\*\*\*1234（座机）/);
});

test('the audit page says when sidan purge last ran and how many requests it cleared', async () => {
  let audit = await page(s.url, '/admin/audit', S.admin);
  assert.match(audit, /还没有清除过/);
  // Two requests closed long ago, and whatever earlier tests closed.
  for (const c of [await mk(), await mk()])
    sql(s.db, `UPDATE orders SET state = 'cancelled', updated_at = ${nowSec() - 10 * 86400} WHERE code = '${c}'`);
  const due = one(`SELECT count(*) AS n FROM orders WHERE state IN ('rated', 'unrated', 'rejected', 'cancelled')
    AND updated_at < ${nowSec() - 86400} AND (contact_name <> '' OR contact_phone <> '' OR address <> '')`).n;
  assert.ok(due >= 2);
  execFileSync(bin, ['purge', '--db', s.db, '--older-than', '1'], { encoding: 'utf8' });
  audit = await page(s.url, '/admin/audit', S.admin);
  assert.match(audit, new RegExp(`最近一次清除：\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}，清除了 ${due} 个已办结超过 1 天的申请`));
});

/* ---------- CSV export ---------- */

test('the CSV export: BOM, text/csv, a Chinese header, one row per request under the filter, no names or numbers', async () => {
  const r = await get(s.url, '/desk/export.csv?state=submitted&institute=140602100000', S.dispatcher);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.match(r.headers.get('content-disposition'), /^attachment; filename="[^"]+\.csv"$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split('\r\n');
  assert.equal(lines.pop(), '', 'ends with CRLF');
  assert.equal(lines[0], '查询码,状态,服务项目,平台,实践所,服务地点,服务队,提交时间,办理期限,是否超期,服务志愿者,确认时长（小时）,派单时间,接单时间,完成时间,评价');
  const want = expected(`${SCOPE.institute} AND o.state = 'submitted'`);
  assert.ok(want.length > 50, 'more than one desk page');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), want);
  for (const l of lines.slice(1)) assert.match(l, /^[A-Z2-9]{9},待审核,/);
  // No contact data at all: no mobile number, no name of anyone who asked.
  assert.doesNotMatch(text, /1[3-9]\d{9}/);
  for (const { contact_name: n } of sql(s.db, "SELECT DISTINCT contact_name FROM orders WHERE contact_name <> ''"))
    assert.ok(!text.includes(n), n);
  assert.ok(!text.includes(GOOD.address));
});

test("each person's export holds their scope only, under the same filters as the desk", async () => {
  for (const role of ['dispatcher', 'institute', 'station', 'leader']) {
    for (const qs of ['', 'platform=fitness', 'overdue=1']) {
      const text = (await (await get(s.url, `/desk/export.csv?${qs}`, S[role])).text()).replace(/^\uFEFF/, '');
      const codes = text.split('\r\n').slice(1).filter(Boolean).map((l) => l.split(',')[0]);
      assert.deepEqual(codes, (await allCodes(s.url, S[role], qs)).codes, `${role} ${qs}`);
    }
  }
  // The export link on the desk carries the filters.
  const html = await page(s.url, '/desk?platform=fitness&overdue=1', S.dispatcher);
  assert.match(html, /href="\/desk\/export\.csv\?platform=fitness&amp;overdue=1"/);
});

/* ---------- entering a request taken by phone ---------- */

// The nonce and csrf of the entry form itself (the page's first csrf input is
// the sign-out form's, in the layout).
function entryTokens(html) {
  const form = html.match(/<form class="form" method="post" action="\/desk\/new"[^>]*>([\s\S]*?)<\/form>/);
  assert.ok(form, 'the entry form');
  return formTokens(form[1]);
}

test('staff entry offers only the person\'s own 所 and 站', async () => {
  let html = await page(s.url, '/desk/new', S.institute);
  assert.match(html, /<h1>代群众登记<\/h1>/);
  assert.deepEqual([...html.matchAll(/<option value="(140602\d{3}000)"/g)].map((m) => m[1]), ['140602100000']);
  assert.deepEqual([...html.matchAll(/<optgroup label="([^"]+)" data-institute/g)].map((m) => m[1]), ['神头镇']);
  assert.match(html, /name="channel" value="phone"/);
  assert.match(html, /name="nonce" value="/);
  html = await page(s.url, '/desk/new', S.station);
  assert.deepEqual([...html.matchAll(/<option value="(140602\d{6})"/g)].map((m) => m[1]), ['140602100000', '140602100201']);
  html = await page(s.url, '/desk/new', S.dispatcher);
  assert.equal((html.match(/<option value="140602\d{3}000"/g) || []).length, 14);
});

test('staff entry: the channel is required; a valid entry is stored as phone and opens its page', async () => {
  const newForm = async (who) => entryTokens(await page(s.url, '/desk/new', who));
  const entry = { ...GOOD, name: '电话登记人', address: '马邑村西街3号', need: '家中老人需要健康义诊', service: 'health-check' };
  const before = orderCount();
  let t = await newForm(S.institute);
  let r = await post(s.url, '/desk/new', { ...entry, phone: phone(), ...t }, { cookie: S.institute.cookie });
  assert.equal(r.status, 400);
  let html = await r.text();
  assert.match(html, /<p class="err" id="e-channel">请选择是电话登记还是现场登记<\/p>/);
  assert.ok(html.includes('value="电话登记人"'), 'what was typed is kept');
  r = await post(s.url, '/desk/new', { ...entry, phone: phone(), channel: 'fax', ...t }, { cookie: S.institute.cookie });
  assert.equal(r.status, 400);
  assert.equal(orderCount(), before, 'nothing stored');
  const number = phone();
  r = await post(s.url, '/desk/new', { ...entry, phone: number, channel: 'phone', ...t }, { cookie: S.institute.cookie });
  assert.equal(r.status, 303);
  const m = r.headers.get('location').match(/^\/desk\/order\/([A-Z2-9]{9})$/);
  assert.ok(m, r.headers.get('location'));
  const code = m[1];
  assert.equal(orderCount(), before + 1);
  assert.deepEqual(one(`SELECT channel, state, contact_phone, token_hash IS NULL AS no_link, org_id
    FROM orders WHERE code = '${code}'`), { channel: 'phone', state: 'submitted', contact_phone: number, no_link: 1, org_id: org.mayi });
  assert.deepEqual(events(code), [{ actor: 'staff', actor_id: uid.institute, from_state: null, to_state: 'submitted', note: '', public: 1 }]);
  html = await page(s.url, r.headers.get('location'), S.institute);
  assert.match(html, /<dt>来源<\/dt><dd>电话登记<\/dd>/);
  // The same form sent again makes no second request.
  const again = await post(s.url, '/desk/new', { ...entry, phone: number, channel: 'phone', ...t }, { cookie: S.institute.cookie });
  assert.equal(again.status, 303);
  assert.equal(again.headers.get('location'), `/desk/order/${code}`);
  assert.equal(orderCount(), before + 1);
  // The resident follows it by its code.
  const track = await fetch(`${s.url}/track/${code}`);
  assert.equal(track.status, 200);
  const page2 = await track.text();
  assert.match(page2, /待审核/);
  assert.match(page2, /健康义诊/);
  assert.ok(!page2.includes(number) && !page2.includes('电话登记人'));
  // In person, by the station.
  t = await newForm(S.station);
  r = await post(s.url, '/desk/new', { ...entry, phone: phone(), channel: 'walkin', ...t }, { cookie: S.station.cookie });
  assert.equal(r.status, 303);
  assert.equal(one(`SELECT channel FROM orders WHERE code = '${r.headers.get('location').slice(12)}'`).channel, 'walkin');
});

test('staff entry outside the scope is refused with 400 and nothing stored', async () => {
  const before = orderCount();
  let t = entryTokens(await page(s.url, '/desk/new', S.institute));
  let r = await post(s.url, '/desk/new', { ...GOOD, institute: '140602001000', station: '', channel: 'phone', phone: phone(), ...t },
    { cookie: S.institute.cookie });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /<p class="err" id="e-institute">只能登记本所范围内的申请<\/p>/);
  t = entryTokens(await page(s.url, '/desk/new', S.station));
  r = await post(s.url, '/desk/new', { ...GOOD, station: '140602100202', channel: 'phone', phone: phone(), ...t },
    { cookie: S.station.cookie });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /只能登记本站的申请/);
  r = await post(s.url, '/desk/new', { ...GOOD, institute: '140602001000', station: '', channel: 'phone', phone: phone(), ...t },
    { cookie: S.station.cookie });
  assert.equal(r.status, 400);
  assert.equal(orderCount(), before, 'nothing stored');
  // Without the form's tokens, nothing either.
  r = await post(s.url, '/desk/new', { ...GOOD, channel: 'phone', phone: phone() }, { cookie: S.institute.cookie });
  assert.equal(r.status, 403);
  assert.equal(orderCount(), before);
});
