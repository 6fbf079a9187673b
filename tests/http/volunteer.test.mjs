// volunteer.test.mjs: 志愿者接单 through real nginx and sidan: applying at
// /volunteer/join and being reviewed at /desk/volunteers, signing in at
// /v/login, the task list and its count in the navigation, accepting
// (exactly one wins where one is wanted), giving back, completing with
// hours, the organiser's confirmation and correction at /desk/hours, the
// record and points at /v/me, certificates checked at /verify, and the
// resident's contact shown only while a volunteer serves.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql, securityHeaders } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { ACCOUNTS, signIn, get, page, act, versionOf, teamsOf, areasOf } from '../lib/staff.mjs';
import {
  DEMO_VOLUNTEERS, PASSWORD, PLACES, application, apply, tryVLogin, vSignIn, vact, review,
  hourAct, cookieOf, navCount, taskLists, beijing, makeVolunteers, postForm, APPLICANT_PASSWORD,
} from '../lib/volunteer.mjs';
import { nowMs, nowSec } from '../lib/clock.mjs';

let s;
const S = {};		// staff sessions by role
const uid = {};		// staff user ids by role
const org = {};		// org ids by key of PLACES, plus center
const team = {};	// team ids
const V = [];		// the demo volunteers' sessions
let X = [];		// extra approved members of 神头镇志愿服务分队 (made with sql)
const XS = [];		// their sessions, signed in when first needed
let pwhash;		// a real hash of XPASSWORD, from an application
const XPASSWORD = 'Qiang-Dan-Test-77';

const one = (q) => sql(s.db, q)[0];
const order = (code) => one(`SELECT id, state, version, team_id, area_id, wanted FROM orders WHERE code = '${code}'`);
const events = (code) => sql(s.db, `SELECT e.actor, e.actor_id, e.from_state, e.to_state, e.note, e.public
  FROM order_events e JOIN orders o ON o.id = e.order_id WHERE o.code = '${code}' ORDER BY e.id`);
const takers = (code) => sql(s.db, `SELECT x.volunteer_id, x.state, x.reason FROM order_volunteers x
  JOIN orders o ON o.id = x.order_id WHERE o.code = '${code}' ORDER BY x.volunteer_id`);
const vcount = () => one('SELECT count(*) AS n FROM volunteers').n;
const vid = (phone) => one(`SELECT id FROM volunteers WHERE phone = '${phone}'`).id;

let seq = 0;
// A fresh resident's number for each request (at most 5 a day per number).
const residentPhone = () => `1885${String(1000000 + seq++)}`;
// A fresh applicant's number.
let aseq = 0;
const applicantPhone = () => `1370${String(1000000 + aseq++)}`;

// Submits a request as a resident; returns { code, phone, name }.
async function mk(changes = {}) {
  const phone = residentPhone();
  const name = changes.name || '赵大娘';
  const { code } = await submit(s.url, { phone, name, ...changes });
  return { code, phone, name };
}

// Dispatches code to team id through the desk, as the dispatcher.
async function dispatch(code, teamId, who = S.dispatcher) {
  const html = await page(s.url, `/desk/order/${code}`, who);
  const r = await act(s.url, who, code, 'dispatch', { version: versionOf(html), team: teamId });
  assert.equal(r.status, 303, `dispatch ${code}: ${r.status}`);
}

// Publishes code for 抢单 in the area named areaName, as the dispatcher.
async function publish(code, areaName, who = S.dispatcher) {
  const html = await page(s.url, `/desk/order/${code}`, who);
  const area = areasOf(html).find((a) => a.name === areaName);
  assert.ok(area, `the publish form offers ${areaName}`);
  const r = await act(s.url, who, code, 'publish', { version: versionOf(html), area: area.id });
  assert.equal(r.status, 303, `publish ${code}: ${r.status}`);
}

// The session of extra volunteer i.
async function xs(i) {
  if (!XS[i]) XS[i] = await vSignIn(s.url, X[i].phone, XPASSWORD);
  return XS[i];
}

// The current year in Beijing.
const year = () => new Date(nowMs() + 8 * 3600 * 1000).getUTCFullYear();

// The pending applications a staff member's /desk/volunteers lists, by name.
async function applicants(who) {
  const html = await page(s.url, '/desk/volunteers', who);
  return [...html.matchAll(/<li>\n<p><strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
}

before(async () => {
  s = await start({ workers: 4 });
  for (const [role, login] of Object.entries(ACCOUNTS)) {
    S[role] = await signIn(s.url, login);
    uid[role] = one(`SELECT id FROM users WHERE login = '${login}'`).id;
  }
  for (const [k, code] of Object.entries(PLACES)) org[k] = one(`SELECT id FROM orgs WHERE code = '${code}'`).id;
  org.center = one("SELECT id FROM orgs WHERE kind = 'center'").id;
  for (const [k, name] of [['shentou', '神头镇志愿服务分队'], ['tutoring', '助学支教志愿服务队'],
    ['limin', '利民镇志愿服务分队'], ['beicheng', '北城街道志愿服务分队'], ['corps', '朔城区志愿服务总队']])
    team[k] = one(`SELECT id FROM teams WHERE name = '${name}'`).id;
  // One application through the form gives a real argon2id hash to copy.
  const r = await apply(s.url, application({ name: '哈希模板', phone: '13799999999', password: XPASSWORD,
    institute: PLACES.limin, station: '', team: [team.limin] }));
  assert.equal(r.status, 303, 'the template application');
  pwhash = one("SELECT pwhash FROM volunteers WHERE phone = '13799999999'").pwhash;
  X = makeVolunteers(s.db, 47, { pwhash, teams: [team.shentou] });
  for (const p of DEMO_VOLUNTEERS) V.push(await vSignIn(s.url, p));
});
after(async () => { await s?.stop(); });

/* ---------- joining ---------- */

// The message shown beside field f of the join form, or null.
function besideField(html, f) {
  if (f === 'platform' || f === 'team') {
    const m = html.match(new RegExp(`<fieldset class="field invalid" id="f-${f}" aria-describedby="e-${f}">[\\s\\S]*?<p class="err" id="e-${f}">([^<]*)</p></fieldset>`));
    return m ? m[1] : null;
  }
  const m = html.match(new RegExp(`<p class="err" id="e-${f}">([^<]*)</p>`));
  if (!m) return null;
  // The control points at it.
  assert.match(html, new RegExp(`id="f-${f}"[^>]*aria-invalid="true"|id="f-${f}"[^>]*aria-describedby="[^"]*e-${f}`),
    `the ${f} control is marked invalid and described by its message`);
  return m[1];
}

test('the join form offers every field on a phone-sized page, with its form tokens', async () => {
  const r = await fetch(s.url + '/volunteer/join');
  assert.equal(r.status, 200);
  securityHeaders(assert, r.headers, '/volunteer/join');
  const html = await r.text();
  assert.match(html, /<h1>加入志愿者<\/h1>/);
  for (const f of ['name', 'phone', 'password', 'institute', 'station', 'party', 'consent'])
    assert.match(html, new RegExp(`id="f-${f}" name="${f}"`), f);
  assert.match(html, /name="password" type="password"[^>]*autocomplete="new-password"/);
  assert.match(html, /name="nonce" value="[^"]+"/);
  assert.equal((html.match(/name="platform" value="/g) || []).length, 5, 'the five platforms');
  assert.ok(html.includes(`name="team" value="${team.shentou}"`), 'the 分队 are offered');
  assert.ok(!html.includes(`name="team" value="${team.corps}"`), 'the 总队 is not something to join');
  assert.match(html, /我们不收集身份证号码/);
  assert.doesNotMatch(html, /<label[^>]*>[^<]*身份证/, 'no identity-card number is asked for');
});

test('an empty application names every missing field beside it and stores nothing', async () => {
  const before = vcount();
  const r = await apply(s.url, {});
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.equal(besideField(html, 'name'), '请填写真实姓名');
  assert.equal(besideField(html, 'phone'), '此项必须填写');
  assert.equal(besideField(html, 'password'), '密码至少需要10个字符');
  assert.equal(besideField(html, 'institute'), '请选择您所在的实践所（乡镇、街道）');
  assert.equal(besideField(html, 'platform'), '请至少选择一个您能服务的平台');
  assert.equal(besideField(html, 'team'), '请至少选择一个想加入的服务队');
  assert.equal(besideField(html, 'consent'), '请阅读并同意，否则我们无法审核和联系您');
  assert.match(html, /有 7 处需要修改/);
  assert.equal(vcount(), before, 'nothing stored');
});

test('each bad field gets its own message beside it, everything typed is kept but the password, nothing is stored', async () => {
  const cases = [
    ['name', { name: '' }, '请填写真实姓名'],
    ['name', { name: '欧'.repeat(21) }, '不能超过20个字'],
    ['phone', { phone: '1380013800' }, '请填写11位手机号码（以13至19开头）'],
    ['phone', { phone: '12800138000' }, '请填写11位手机号码（以13至19开头）'],
    ['password', { password: 'Short-1' }, '密码至少需要10个字符'],
    ['password', { password: '1234567890' }, '这是最常见的密码之一，很容易被猜到，请换一个'],
    ['institute', { institute: '' }, '请选择您所在的实践所（乡镇、街道）'],
    ['station', { institute: PLACES.beicheng, station: PLACES.mayi }, '所选实践站不属于所选的实践所，请重新选择'],
    ['platform', { platform: [] }, '请至少选择一个您能服务的平台'],
    ['platform', { platform: ['education', 'nonsense'] }, '请从列表中选择平台'],
    ['team', { team: [] }, '请至少选择一个想加入的服务队'],
    ['team', { team: [team.corps, team.shentou] }, '请从列表中选择服务队'],
    ['consent', { consent: undefined }, '请阅读并同意，否则我们无法审核和联系您'],
  ];
  const before = vcount();
  for (const [field, change, message] of cases) {
    const what = `${field} ${JSON.stringify(change)}`;
    const fields = application({ phone: applicantPhone(), party: 'yes', team: [team.shentou], ...change });
    const r = await apply(s.url, fields);
    assert.equal(r.status, 400, what);
    const html = await r.text();
    assert.equal(besideField(html, field), message, what);
    assert.match(html, /有 1 处需要修改/, `${what}: only that field`);
    assert.equal((html.match(/class="err"/g) || []).length, 1, `${what}: one message`);
    assert.match(html, new RegExp(`<a href="#f-${field}">`), `${what}: the summary links to the field`);
    // What was typed is kept, except the password.
    assert.ok(!html.includes(fields.password), `${what}: the password is not sent back`);
    assert.match(html, /id="f-password" name="password" type="password"(?![^>]*value=)/, what);
    if (field !== 'name') assert.ok(html.includes(`name="name" type="text" maxlength="20" autocomplete="name" value="${fields.name}"`), `${what}: name kept`);
    else if (fields.name) assert.ok(html.includes(`value="${fields.name}"`), `${what}: even a wrong name is kept`);
    assert.ok(html.includes(`value="${fields.phone}"`), `${what}: phone kept`);
    if (fields.institute) assert.ok(html.includes(`<option value="${fields.institute}" selected>`), `${what}: 所 kept`);
    if (field !== 'station') assert.ok(html.includes(`<option value="${fields.station}" selected>`), `${what}: 站 kept`);
    for (const p of fields.platform.filter((x) => x !== 'nonsense'))
      assert.ok(html.includes(`name="platform" value="${p}" checked>`), `${what}: platform ${p} kept`);
    if (field !== 'team') assert.ok(html.includes(`name="team" value="${team.shentou}" checked>`), `${what}: team kept`);
    assert.match(html, /id="f-party" name="party" type="checkbox" value="yes" checked/, `${what}: party kept`);
    if (field !== 'consent') assert.match(html, /id="f-consent" name="consent" type="checkbox" value="yes" checked/, `${what}: consent kept`);
  }
  assert.equal(vcount(), before, 'nothing stored');
});

test('a good application is stored pending with its platforms and teams, and redirects to /volunteer/join?sent=1', async () => {
  const phone = applicantPhone();
  const fields = application({ name: '王小红', phone, party: 'yes', team: [team.shentou, team.tutoring],
    platform: ['education', 'fitness'] });
  const before = vcount();
  const r = await apply(s.url, fields);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/volunteer/join?sent=1');
  assert.equal(cookieOf(r, 'vsid'), null, 'applying signs nobody in');
  const sent = await (await fetch(s.url + r.headers.get('location'))).text();
  assert.match(sent, /申请已提交/);
  assert.match(sent, /href="\/v\/login"/);
  assert.equal(vcount(), before + 1);
  const v = one(`SELECT id, name, number, status, org_id, party_member, pwhash, consent_at > 0 AS consented,
    reviewed_by FROM volunteers WHERE phone = '${phone}'`);
  assert.deepEqual({ ...v, id: 0, pwhash: '' }, { id: 0, name: '王小红', number: null, status: 'pending',
    org_id: org.mayi, party_member: 1, pwhash: '', consented: 1, reviewed_by: null });
  assert.match(v.pwhash, /^\$argon2id\$/, 'only a hash of the password');
  assert.deepEqual(sql(s.db, `SELECT p.code FROM volunteer_platforms vp JOIN platforms p ON p.id = vp.platform_id
    WHERE vp.volunteer_id = ${v.id} ORDER BY p.code`).map((x) => x.code), ['education', 'fitness']);
  assert.deepEqual(sql(s.db, `SELECT team_id FROM team_members WHERE volunteer_id = ${v.id} ORDER BY team_id`)
    .map((x) => x.team_id), [team.shentou, team.tutoring].sort((a, b) => a - b));

  // The same number cannot apply twice.
  const again = await apply(s.url, { ...fields, name: '王小红二' });
  assert.equal(again.status, 400);
  const html = await again.text();
  assert.match(besideField(html, 'phone'), /这个手机号已经申请过了/);
  assert.ok(html.includes('value="王小红二"'), 'what was typed is kept');
  assert.equal(vcount(), before + 1, 'nothing more stored');

  // Signing in before review: told it is still under review, and no session.
  const early = await tryVLogin(s.url, phone, fields.password);
  assert.equal(early.status, 403);
  assert.equal(cookieOf(early, 'vsid'), null);
  assert.match(await early.text(), /您的志愿者申请还在审核中，审核通过后就可以登录了/);
  // A wrong password learns nothing about the application.
  const wrong = await tryVLogin(s.url, phone, 'Not-The-Password-1');
  assert.equal(wrong.status, 400);
  const wt = await wrong.text();
  assert.match(wt, /账号或密码不正确/);
  assert.doesNotMatch(wt, /审核/);
});

test('the team leader approves an applicant who chose the team: a number SC+year+6 digits, and they can sign in', async () => {
  // Lives in 北城街道, chose 神头镇志愿服务分队: the leader's to review, not 神头镇's staff.
  const phone = applicantPhone();
  const fields = application({ name: '周队员', phone, institute: PLACES.beicheng, station: '', team: [team.shentou] });
  assert.equal((await apply(s.url, fields)).status, 303);
  const id = vid(phone);
  assert.ok((await applicants(S.leader)).includes('周队员'), 'the leader sees the application');
  for (const role of ['station', 'institute']) {
    assert.ok(!(await applicants(S[role])).includes('周队员'), `${role} does not see it`);
    const r = await review(s.url, S[role], id, 'approve');
    assert.equal(r.status, 404, `${role} approve`);
  }
  assert.equal(one(`SELECT status FROM volunteers WHERE id = ${id}`).status, 'pending');
  const html = await page(s.url, '/desk/volunteers', S.leader);
  assert.ok(html.includes(`action="/desk/volunteers/${id}/approve"`));
  const r = await review(s.url, S.leader, id, 'approve');
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/desk/volunteers?done=approved');
  const after = await page(s.url, r.headers.get('location'), S.leader);
  assert.match(after, /已通过，志愿者编号已生成/);
  assert.ok(!after.includes('周队员'), 'no longer waiting');
  const v = one(`SELECT number, status, reviewed_by FROM volunteers WHERE id = ${id}`);
  assert.equal(v.status, 'approved');
  assert.equal(v.reviewed_by, uid.leader);
  assert.match(v.number, new RegExp(`^SC${year()}\\d{6}$`));
  // A second approval of the same application changes nothing.
  const twice = await review(s.url, S.leader, id, 'approve');
  assert.equal(twice.status, 409);
  assert.equal(one(`SELECT number FROM volunteers WHERE id = ${id}`).number, v.number);
  // Now they sign in and see their number.
  const me = await vSignIn(s.url, phone, fields.password);
  const tasks = await page(s.url, '/v', me);
  assert.ok(tasks.includes(`志愿者编号 ${v.number}`), tasks.slice(0, 300));
});

test('staff of the place approve: the 站 for 马邑村, the 所 for anywhere in 神头镇; numbers are unique', async () => {
  const b = applicantPhone();
  const c = applicantPhone();
  assert.equal((await apply(s.url, application({ name: '马邑居民', phone: b, team: [team.tutoring] }))).status, 303);
  assert.equal((await apply(s.url, application({ name: '小泊居民', phone: c, station: PLACES.xiaobo,
    team: [team.tutoring] }))).status, 303);
  const [ib, ic] = [vid(b), vid(c)];
  // The leader of 神头镇's team: neither chose the team.
  assert.equal((await review(s.url, S.leader, ib, 'approve')).status, 404);
  assert.equal((await review(s.url, S.leader, ic, 'approve')).status, 404);
  // 马邑村's station: its resident only.
  assert.deepEqual((await applicants(S.station)).filter((n) => n.endsWith('居民')), ['马邑居民']);
  assert.equal((await review(s.url, S.station, ic, 'approve')).status, 404);
  assert.equal((await review(s.url, S.station, ib, 'approve')).status, 303);
  // 神头镇's institute: 小泊村 is under it.
  assert.ok((await applicants(S.institute)).includes('小泊居民'));
  assert.equal((await review(s.url, S.institute, ic, 'approve')).status, 303);
  const rows = sql(s.db, `SELECT id, number, reviewed_by FROM volunteers WHERE id IN (${ib}, ${ic}) ORDER BY id`);
  assert.deepEqual(rows.map((x) => x.reviewed_by), [uid.station, uid.institute]);
  for (const x of rows) assert.match(x.number, new RegExp(`^SC${year()}\\d{6}$`));
  const nums = one('SELECT count(*) AS n, count(DISTINCT number) AS d FROM volunteers WHERE number IS NOT NULL');
  assert.equal(nums.n, nums.d, 'every number once');
  assert.notEqual(rows[0].number, rows[1].number);
  await vSignIn(s.url, b, APPLICANT_PASSWORD);
  await vSignIn(s.url, c, APPLICANT_PASSWORD);
});

test('rejection needs a reason (empty → 400), and the rejected applicant reads it when signing in', async () => {
  const phone = applicantPhone();
  const fields = application({ name: '孙申请', phone, team: [team.shentou] });
  assert.equal((await apply(s.url, fields)).status, 303);
  const id = vid(phone);
  for (const reason of [undefined, '', '   ']) {
    const r = await review(s.url, S.leader, id, 'reject', reason === undefined ? {} : { reason });
    assert.equal(r.status, 400, JSON.stringify(reason));
    const html = await r.text();
    assert.match(html, new RegExp(`action="/desk/volunteers/${id}/reject"[\\s\\S]*?<p class="err" role="alert">请写明不通过的原因（不超过200字），申请人会看到它</p>`));
    assert.equal(one(`SELECT status FROM volunteers WHERE id = ${id}`).status, 'pending');
  }
  const reason = '请先参加一次志愿服务培训再申请';
  const r = await review(s.url, S.leader, id, 'reject', { reason });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/desk/volunteers?done=rejected');
  assert.match(await page(s.url, r.headers.get('location'), S.leader), /已退回申请，申请人登录时会看到原因/);
  assert.deepEqual(one(`SELECT status, number, reason, reviewed_by FROM volunteers WHERE id = ${id}`),
    { status: 'rejected', number: null, reason, reviewed_by: uid.leader });
  const login = await tryVLogin(s.url, phone, fields.password);
  assert.equal(login.status, 403);
  assert.equal(cookieOf(login, 'vsid'), null);
  const html = await login.text();
  assert.ok(html.includes(`您的志愿者申请没有通过：${reason}。`), 'the reason is shown');
  // The wrong password does not reveal it.
  const wrong = await tryVLogin(s.url, phone, 'Another-Guess-99');
  assert.equal(wrong.status, 400);
  assert.ok(!(await wrong.text()).includes(reason));
});

test('a rejection reason of the full 200 characters reaches the applicant whole', async () => {
  const phone = applicantPhone();
  const fields = application({ name: '钱申请', phone, team: [team.shentou] });
  assert.equal((await apply(s.url, fields)).status, 303);
  // 200 characters (the most the desk takes), one of them ASCII.
  const reason = `1${'您填写的服务平台与所选服务队的专长不一致，请核对后重新申请。'.repeat(7)}`.slice(0, 200);
  assert.equal([...reason].length, 200);
  const r = await review(s.url, S.leader, vid(phone), 'reject', { reason });
  assert.equal(r.status, 303);
  assert.equal(one(`SELECT reason FROM volunteers WHERE phone = '${phone}'`).reason, reason);
  const login = await tryVLogin(s.url, phone, fields.password);
  assert.equal(login.status, 403);
  const bytes = Buffer.from(await login.arrayBuffer());
  let html;
  assert.doesNotThrow(() => { html = new TextDecoder('utf-8', { fatal: true }).decode(bytes); },
    'the sign-in page is valid UTF-8');
  html ??= bytes.toString('utf8');
  assert.ok(html.includes(reason), 'the whole reason is shown');
  assert.match(html, /如有疑问，请联系所在实践站/, 'and what to do next');
});

test("staff outside the applicant's place and team get 404 on the review POST and do not see it", async () => {
  const phone = applicantPhone();
  assert.equal((await apply(s.url, application({ name: '北城申请人', phone, institute: PLACES.beicheng,
    station: 'DEMO-140602001000-01', team: [team.beicheng] }))).status, 303);
  const id = vid(phone);
  for (const role of ['leader', 'institute', 'station']) {
    assert.ok(!(await applicants(S[role])).includes('北城申请人'), `${role}: not listed`);
    for (const [what, fields] of [['approve', {}], ['reject', { reason: '越权' }]]) {
      const r = await review(s.url, S[role], id, what, fields);
      assert.equal(r.status, 404, `${role} ${what}`);
      assert.ok(!(await r.text()).includes(phone), `${role} ${what}: nothing of it shown`);
    }
  }
  assert.deepEqual(one(`SELECT status, reason, reviewed_by FROM volunteers WHERE id = ${id}`),
    { status: 'pending', reason: '', reviewed_by: null });
  // An unknown application and an unknown action: 404 too.
  assert.equal((await review(s.url, S.dispatcher, 999999, 'approve')).status, 404);
  assert.equal((await review(s.url, S.dispatcher, id, 'promote')).status, 404);
  // The center sees every application.
  assert.ok((await applicants(S.dispatcher)).includes('北城申请人'));
});

/* ---------- signing in ---------- */

test('volunteer sign-in: its own vsid cookie, remembered on a phone if asked, signing out ends it', async () => {
  // Anonymous: sent to the volunteers' sign-in, to come back.
  const anon = await get(s.url, '/v/me');
  assert.equal(anon.status, 303);
  const loc = new URL(anon.headers.get('location'), s.url);
  assert.equal(loc.pathname, '/v/login');
  assert.equal(loc.searchParams.get('next'), '/v/me');
  const form = await (await fetch(s.url + '/v/login?next=%2Fv%2Fme')).text();
  assert.match(form, /<h1>志愿者登录<\/h1>/);
  assert.match(form, /name="next" value="\/v\/me"/);
  assert.match(form, /id="f-remember" name="remember" type="checkbox" value="1"(?! checked)/, 'not remembered unless asked');

  const plain = await tryVLogin(s.url, DEMO_VOLUNTEERS[2], PASSWORD, { next: '/v/me' });
  assert.equal(plain.status, 303);
  assert.equal(plain.headers.get('location'), '/v/me');
  const c = plain.headers.get('set-cookie');
  assert.match(c, /^vsid=[0-9a-f]{32};/);
  assert.ok(!/(^|[\s,])sid=/.test(c), 'no staff cookie');
  const attrs = c.split(';').slice(1).map((a) => a.trim().toLowerCase());
  for (const a of ['httponly', 'samesite=lax', 'path=/']) assert.ok(attrs.includes(a), `${c}: ${a}`);
  assert.ok(attrs.includes(`max-age=${12 * 3600}`), `${c}: a 12-hour cookie`);

  const kept = await tryVLogin(s.url, DEMO_VOLUNTEERS[2], PASSWORD, { remember: true });
  assert.equal(kept.headers.get('location'), '/v');
  assert.match(kept.headers.get('set-cookie'), new RegExp(`Max-Age=${30 * 86400}`), 'remembered: 30 days');
  assert.equal(one(`SELECT count(*) AS n FROM volunteer_sessions WHERE volunteer_id = ${vid(DEMO_VOLUNTEERS[2])}
    AND remember = 1`).n, 1);
  for (const evil of ['//evil.example/', 'https://evil.example/'])
    assert.equal((await tryVLogin(s.url, DEMO_VOLUNTEERS[2], PASSWORD, { next: evil })).headers.get('location'), '/v', evil);

  // Signing out ends the session on the server.
  const me = await vSignIn(s.url, DEMO_VOLUNTEERS[2]);
  const out = await postForm(s.url, '/v/logout', { csrf: me.csrf }, { cookie: me.cookie });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/v/login?bye=1');
  assert.match(out.headers.get('set-cookie'), /^vsid=;.*Max-Age=0/);
  const gone = await get(s.url, '/v', me);
  assert.equal(gone.status, 303);
  assert.equal(new URL(gone.headers.get('location'), s.url).pathname, '/v/login');
  assert.match(await (await fetch(s.url + '/v/login?bye=1')).text(), /您已退出登录/);
  // A staff session does not open the volunteers' pages, nor the reverse.
  assert.equal((await get(s.url, '/v', S.leader)).status, 403);
  assert.equal((await get(s.url, '/desk', V[0])).status, 403);
});

/* ---------- accepting ---------- */

// Counts where replies sent the volunteer: { won: n, taken: m, ... } (a
// lost race is expected work, answered by a redirect to the list with a
// notice, never an error page).
const outcome = (r) => (r.status !== 303 ? String(r.status)
  : /^\/v\/task\/[A-Z2-9]{9}\?done=accepted$/.test(r.headers.get('location')) ? 'won'
    : r.headers.get('location') === '/v?done=taken' ? 'taken' : r.headers.get('location'));
const tally = (replies) => replies.reduce((t, r) => ({ ...t, [outcome(r)]: (t[outcome(r)] || 0) + 1 }), {});
// What the list a loser is sent to says.
const TAKEN = '这个任务刚被其他志愿者接下了';

test('fifty volunteers accept one task at the same moment: exactly one wins, the others read 已被接单', async () => {
  const { code } = await mk({ service: 'health-check' });
  await dispatch(code, team.shentou);
  const people = [...V];
  for (let i = 0; i < 47; i += 8)
    people.push(...await Promise.all(X.slice(i, i + 8).map((_, j) => xs(i + j))));
  assert.equal(people.length, 50);
  // Fifty phones: fifty client addresses (nginx limits form posts per address).
  const racers = people.map((me, i) => ({ ...me, address: `127.0.0.${10 + i}` }));
  // Everyone has the task on their list before anyone taps.
  for (const me of [people[0], people[3], people[49]]) assert.ok(taskLists(await page(s.url, '/v', me)).open.includes(code));
  const replies = await Promise.all(racers.map((me) => vact(s.url, me, code, 'accept')));
  await Promise.all(replies.map((r) => r.text()));
  const outcomes = replies.map(outcome);
  // Exactly one wins, and the database agrees.
  assert.equal(outcomes.filter((x) => x === 'won').length, 1, `one winner: ${JSON.stringify(tally(replies))}`);
  const w = outcomes.indexOf('won');
  assert.equal(replies[w].headers.get('location'), `/v/task/${code}?done=accepted`);
  assert.match(await page(s.url, replies[w].headers.get('location'), people[w]), /接单成功。请尽快打电话联系群众/);
  const winner = vid(people[w].phone);
  assert.deepEqual(takers(code), [{ volunteer_id: winner, state: 'accepted', reason: '' }]);
  assert.equal(order(code).state, 'accepted');
  const acc = events(code).filter((e) => e.to_state === 'accepted');
  assert.deepEqual(acc, [{ actor: 'volunteer', actor_id: winner, from_state: 'dispatched', to_state: 'accepted',
    note: '', public: 1 }]);
  // The winner has it under 我正在做的; a second tap changes nothing.
  assert.deepEqual(taskLists(await page(s.url, '/v', people[w])).mine.filter((c) => c === code), [code]);
  assert.equal((await vact(s.url, people[w], code, 'accept')).status, 303);
  assert.equal(takers(code).length, 1);
  assert.equal(events(code).filter((e) => e.to_state === 'accepted').length, 1);
  // Each of the others is sent back to their list and told plainly that someone was quicker.
  assert.deepEqual(tally(replies), { won: 1, taken: 49 }, 'the losers go back to their list');
  const list = await page(s.url, '/v?done=taken', people[(w + 1) % 50]);
  assert.match(list, new RegExp(`<div class="notice" role="status"><p>${TAKEN}`));
  assert.doesNotMatch(list, /错误代码/);
});

test('after one volunteer took the only place, the next to tap 接单 goes back to the list, told it was just taken', async () => {
  const { code } = await mk();
  await dispatch(code, team.shentou);
  // Both loaded the task page while it was open.
  const pages = await Promise.all([page(s.url, `/v/task/${code}`, V[0]), page(s.url, `/v/task/${code}`, V[1])]);
  for (const p of pages) assert.ok(p.includes(`action="/v/task/${code}/accept"`));
  assert.equal((await vact(s.url, V[0], code, 'accept')).status, 303);
  const late = await vact(s.url, V[1], code, 'accept');
  assert.equal(takers(code).length, 1, 'still one taker');
  assert.equal(outcome(late), 'taken', `the second tap: ${late.status} ${late.headers.get('location')}`);
  assert.match(await page(s.url, late.headers.get('location'), V[1]), new RegExp(TAKEN));
});

test('where two volunteers are wanted, two accept one after another and the third is told it was just taken', async () => {
  const a = (await mk()).code;
  await dispatch(a, team.shentou);
  sql(s.db, `UPDATE orders SET wanted = 2 WHERE code = '${a}'`);
  assert.equal((await vact(s.url, V[0], a, 'accept')).status, 303);
  assert.equal(order(a).state, 'accepted');
  const list = await page(s.url, '/v', V[1]);
  assert.ok(taskLists(list).open.includes(a), 'still open to others with a place left');
  assert.match(list, /需要2人，已接1人/);
  assert.match(await page(s.url, `/v/task/${a}`, V[1]), /<dt>人数<\/dt><dd>需要2人，已接1人<\/dd>/);
  assert.equal((await vact(s.url, V[1], a, 'accept')).status, 303);
  assert.equal(order(a).state, 'accepted');
  assert.deepEqual(events(a).filter((e) => e.to_state === 'accepted').map((e) => [e.actor_id, e.from_state]),
    [[vid(DEMO_VOLUNTEERS[0]), 'dispatched'], [vid(DEMO_VOLUNTEERS[1]), 'accepted']]);
  assert.ok(!taskLists(await page(s.url, '/v', V[2])).open.includes(a), 'full: no longer open');
  const third = await vact(s.url, V[2], a, 'accept');
  assert.deepEqual(takers(a).map((t) => t.state), ['accepted', 'accepted'], 'still two takers');
  assert.equal(outcome(third), 'taken', `the third: ${third.status}`);
});

test('where two volunteers are wanted and twenty tap at once, exactly two win', async () => {
  const b = (await mk()).code;
  await dispatch(b, team.shentou);
  sql(s.db, `UPDATE orders SET wanted = 2 WHERE code = '${b}'`);
  const people = await Promise.all(X.slice(20, 40).map((_, i) => xs(20 + i)));
  const replies = await Promise.all(people.map((me, i) => vact(s.url, { ...me, address: `127.0.1.${10 + i}` }, b, 'accept')));
  await Promise.all(replies.map((r) => r.text()));
  assert.equal(replies.filter((r) => outcome(r) === 'won').length, 2, JSON.stringify(tally(replies)));
  assert.deepEqual(takers(b).map((t) => t.state), ['accepted', 'accepted']);
  assert.equal(events(b).filter((e) => e.to_state === 'accepted').length, 2);
  assert.equal(order(b).state, 'accepted');
  assert.deepEqual(tally(replies), { won: 2, taken: 18 }, 'the losers go back to their list');
});

/* ---------- giving back ---------- */

test('giving back a team task before starting needs a reason; it goes back to 已派单 for the team, recorded as the volunteer\'s, not on /track', async () => {
  const { code } = await mk();
  await dispatch(code, team.shentou);
  assert.equal((await vact(s.url, V[2], code, 'accept')).status, 303);
  const taskPage = await page(s.url, `/v/task/${code}`, V[2]);
  assert.ok(taskPage.includes(`action="/v/task/${code}/giveback"`));
  for (const reason of [undefined, '', '  ']) {
    const r = await vact(s.url, V[2], code, 'giveback', reason === undefined ? {} : { reason });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /请说明退回的原因（不超过200字），方便重新安排/);
    assert.equal(order(code).state, 'accepted', 'nothing changed');
  }
  const reason = '临时要去县城看病，这周去不了';
  const r = await vact(s.url, V[2], code, 'giveback', { reason });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/v?done=returned');
  const list = await page(s.url, '/v?done=returned', V[2]);
  assert.match(list, /任务已退回，其他志愿者可以接单/);
  const o = order(code);
  assert.equal(o.state, 'dispatched');
  assert.equal(o.team_id, team.shentou, 'still the team\'s');
  assert.deepEqual(takers(code), [{ volunteer_id: vid(DEMO_VOLUNTEERS[2]), state: 'returned', reason }]);
  assert.deepEqual(events(code).at(-1), { actor: 'volunteer', actor_id: vid(DEMO_VOLUNTEERS[2]),
    from_state: 'accepted', to_state: 'dispatched', note: reason, public: 0 });
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.ok(!track.includes(reason), 'the reason is not on /track');
  assert.match(track, /<span class="state state-dispatched">已派单<\/span>/);
  // Back in the pool: another member takes it.
  assert.ok(taskLists(await page(s.url, '/v', V[0])).open.includes(code));
  assert.equal((await vact(s.url, V[0], code, 'accept')).status, 303);
  // The one who gave it back no longer sees the contact, nor a 接单 button
  // for a task someone else now serves.
  const mine = await page(s.url, `/v/task/${code}`, V[2]);
  assert.ok(!mine.includes('tel:'));
  assert.ok(!mine.includes(`/v/task/${code}/accept"`), 'no 接单 button on a task another volunteer took');
});

test('giving back an area task (抢单) returns it to 待接单 for the same area', async () => {
  const { code } = await mk();
  await publish(code, '神头镇');
  assert.equal((await vact(s.url, V[1], code, 'accept')).status, 303);
  const r = await vact(s.url, V[1], code, 'giveback', { reason: '家里有事' });
  assert.equal(r.status, 303);
  const o = order(code);
  assert.equal(o.state, 'published');
  assert.equal(o.area_id, org.shentou);
  assert.equal(o.team_id, null);
  assert.deepEqual(events(code).at(-1), { actor: 'volunteer', actor_id: vid(DEMO_VOLUNTEERS[1]),
    from_state: 'accepted', to_state: 'published', note: '家里有事', public: 0 });
  assert.ok(!(await (await fetch(`${s.url}/track/${code}`)).text()).includes('家里有事'));
  assert.ok(taskLists(await page(s.url, '/v', V[0])).open.includes(code), 'open to claim again');
});

/* ---------- completing, hours, record ---------- */

const done = {};	// what the completion test made, for the tests after it

test('completion with hours: what was done, start and end (Beijing time), minutes per volunteer; 已完成 on /track', async () => {
  const { code } = await mk({ service: 'health-check' });
  await dispatch(code, team.shentou);
  sql(s.db, `UPDATE orders SET wanted = 2 WHERE code = '${code}'`);
  const [a, b] = [await xs(0), await xs(1)];
  assert.equal((await vact(s.url, a, code, 'accept')).status, 303);
  assert.equal((await vact(s.url, b, code, 'accept')).status, 303);
  const html = await page(s.url, `/v/task/${code}`, a);
  assert.match(html, /<h2 id="h-done">完成服务<\/h2>/);
  assert.match(html, /name="start" type="datetime-local"/);
  for (const v of [X[0], X[1]]) assert.ok(html.includes(`name="m_${v.id}"`), `a minutes field for ${v.name}`);

  const now = nowMs();
  const start = beijing(now - 3 * 3600 * 1000);
  const end = beijing(now - 3600 * 1000);
  const good = { what: '上门为两位老人量血压、讲解用药', start: start.local, end: end.local,
    [`m_${X[0].id}`]: '120', [`m_${X[1].id}`]: '90' };
  for (const [change, message] of [
    [{ what: '' }, '请简要写下做了什么'],
    [{ start: '' }, '请填写服务的开始和结束时间'],
    [{ end: '2026-13-01T10:00' }, '请填写服务的开始和结束时间'],
    [{ end: start.local }, '结束时间要晚于开始时间'],
    [{ start: end.local, end: start.local }, '结束时间要晚于开始时间'],
    [{ end: beijing(now + 3 * 3600 * 1000).local }, '结束时间不能晚于现在'],
    [{ [`m_${X[0].id}`]: '', [`m_${X[1].id}`]: '' }, '请至少为一位志愿者填写服务时长'],
    [{ [`m_${X[0].id}`]: '两小时' }, '每位志愿者的服务时长请填写分钟数'],
    [{ [`m_${X[0].id}`]: '500' }, '每位志愿者的服务时长请填写分钟数'],
    [{ [`m_${X[2].id}`]: '60' }, '只能为接了这个任务的志愿者填写时长'],
  ]) {
    const r = await vact(s.url, a, code, 'complete', { ...good, ...change });
    const body = await r.text();
    assert.equal(r.status, 400, JSON.stringify(change));
    assert.ok(body.includes(message), `${JSON.stringify(change)}: ${message}`);
    if (change.what === undefined) assert.ok(body.includes(good.what), 'what was written is kept');
    assert.equal(order(code).state, 'accepted', 'nothing changed');
    assert.equal(one(`SELECT count(*) AS n FROM hours WHERE order_id = ${order(code).id}`).n, 0);
  }
  const r = await vact(s.url, a, code, 'complete', good);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/v/task/${code}`);
  assert.equal(order(code).state, 'completed');
  assert.deepEqual(events(code).at(-1), { actor: 'volunteer', actor_id: X[0].id, from_state: 'accepted',
    to_state: 'completed', note: '', public: 1 });
  assert.deepEqual(takers(code).map((t) => t.state), ['served', 'served']);
  const hours = sql(s.db, `SELECT volunteer_id, started_at, ended_at, minutes, what, status FROM hours
    WHERE order_id = ${order(code).id} ORDER BY volunteer_id`);
  assert.deepEqual(hours, [X[0], X[1]].map((v, i) => ({ volunteer_id: v.id, started_at: start.unix,
    ended_at: end.unix, minutes: [120, 90][i], what: good.what, status: 'pending' })));
  // The resident sees 已完成; the volunteers' names are not there.
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.match(track, /<span class="state state-completed">已完成<\/span>/);
  assert.match(track, /<span class="what">已完成<\/span>/);
  for (const v of [X[0], X[1]]) assert.ok(!track.includes(v.name) && !track.includes(v.number));
  // The task page says so, with nothing more to do.
  const after = await page(s.url, `/v/task/${code}`, a);
  assert.match(after, /已完成/);
  assert.ok(!after.includes('/complete"') && !after.includes('/accept"'), 'no more actions');
  // /v/me: pending, not yet counted.
  const me = await page(s.url, '/v/me', a);
  assert.match(me, /<strong>0\.0<\/strong><span>已确认时长（小时）<\/span>/);
  assert.match(me, /<strong>2\.0<\/strong><span>待确认（小时）<\/span>/);
  assert.match(me, /<span class="state">待确认<\/span>/);
  Object.assign(done, { code, hours: sql(s.db, `SELECT id, volunteer_id FROM hours WHERE order_id = ${order(code).id} ORDER BY volunteer_id`) });
});

test('a completion sent twice at once (a double tap on a slow phone) records the hours once', async () => {
  const { code } = await mk();
  await dispatch(code, team.shentou);
  const me = await xs(8);
  assert.equal((await vact(s.url, me, code, 'accept')).status, 303);
  const f = { what: '帮忙搬运过冬的煤', start: beijing(nowMs() - 7200e3).local, end: beijing(nowMs() - 3600e3).local,
    [`m_${X[8].id}`]: '60' };
  const replies = await Promise.all([vact(s.url, me, code, 'complete', f), vact(s.url, me, code, 'complete', f)]);
  const bodies = await Promise.all(replies.map((r) => r.text()));
  // Both taps end on the task page: the second finds its work already saved.
  assert.deepEqual(replies.map((r) => r.status), [303, 303]);
  assert.deepEqual(replies.map((r) => r.headers.get('location')), [`/v/task/${code}`, `/v/task/${code}`]);
  assert.ok(bodies.every((b) => !b.includes('情况已经变了')));
  assert.match(await page(s.url, `/v/task/${code}`, me), /<span class="state state-completed">已完成<\/span>/);
  assert.equal(one(`SELECT count(*) AS n FROM hours WHERE order_id = ${order(code).id}`).n, 1);
  assert.equal(events(code).filter((e) => e.to_state === 'completed').length, 1);
});

test('the leader confirms hours at /desk/hours and corrects with a reason; /v/me shows confirmed hours and points', async () => {
  assert.ok(done.code, 'needs the completion test');
  const [ha, hb] = done.hours.map((h) => h.id);
  const html = await page(s.url, '/desk/hours', S.leader);
  for (const id of [ha, hb]) assert.ok(html.includes(`action="/desk/hours/${id}/confirm"`), `hour ${id} listed`);
  assert.ok(html.includes(`${X[0].name}</strong>（${X[0].number}） · 120 分钟`));
  const r1 = await hourAct(s.url, S.leader, ha, 'confirm');
  assert.equal(r1.status, 303);
  assert.equal(r1.headers.get('location'), '/desk/hours?done=1');
  assert.match(await page(s.url, '/desk/hours?done=1', S.leader), /已确认，计入志愿者的服务记录/);
  assert.deepEqual(one(`SELECT status, confirmed_by FROM hours WHERE id = ${ha}`), { status: 'confirmed', confirmed_by: uid.leader });
  // Confirming again: already done.
  assert.equal((await hourAct(s.url, S.leader, ha, 'confirm')).status, 409);
  // A correction needs minutes and a reason.
  for (const [fields, message] of [
    [{ minutes: '60' }, '更正需要写明原因（不超过200字），会留作记录'],
    [{ minutes: '60', reason: '  ' }, '更正需要写明原因（不超过200字），会留作记录'],
    [{ minutes: '', reason: '实际只服务了一小时' }, '请填写1到1440之间的分钟数'],
    [{ minutes: '0', reason: '实际只服务了一小时' }, '请填写1到1440之间的分钟数'],
    [{ minutes: '1441', reason: '实际只服务了一小时' }, '请填写1到1440之间的分钟数'],
  ]) {
    const r = await hourAct(s.url, S.leader, hb, 'correct', fields);
    assert.equal(r.status, 400, JSON.stringify(fields));
    const body = await r.text();
    assert.ok(body.includes(message), `${JSON.stringify(fields)}: ${message}`);
    assert.match(body, new RegExp(`<details open><summary>更正时长</summary>\\s*<form class="form" method="post" action="/desk/hours/${hb}/correct"`), 'the form is open');
  }
  assert.equal(one(`SELECT count(*) AS n FROM hour_changes WHERE hour_id = ${hb}`).n, 0);
  assert.deepEqual(one(`SELECT status, minutes FROM hours WHERE id = ${hb}`), { status: 'pending', minutes: 90 });
  const reason = '队员中途离开，实际服务一小时';
  const r2 = await hourAct(s.url, S.leader, hb, 'correct', { minutes: '60', reason });
  assert.equal(r2.status, 303);
  assert.deepEqual(one(`SELECT hour_id, user_id, old_minutes, new_minutes, reason FROM hour_changes WHERE hour_id = ${hb}`),
    { hour_id: hb, user_id: uid.leader, old_minutes: 90, new_minutes: 60, reason });
  assert.deepEqual(one(`SELECT status, minutes, confirmed_by FROM hours WHERE id = ${hb}`),
    { status: 'confirmed', minutes: 60, confirmed_by: uid.leader });
  const left = await page(s.url, '/desk/hours', S.leader);
  assert.ok(!left.includes(`/desk/hours/${ha}/`) && !left.includes(`/desk/hours/${hb}/`), 'no longer waiting');

  // The record: 2 h → 4 points; 1 h (corrected) → 2 points; default 2 points an hour.
  const a = await page(s.url, '/v/me', await xs(0));
  assert.match(a, /<strong>2\.0<\/strong><span>已确认时长（小时）<\/span>/);
  assert.match(a, /<strong>4<\/strong><span>积分<\/span>/);
  assert.match(a, /<strong>0\.0<\/strong><span>待确认（小时）<\/span>/);
  assert.match(a, /每小时 2 分/);
  assert.match(a, /<span class="state state-completed">已确认<\/span>/);
  assert.ok(a.includes(X[0].number));
  const b = await page(s.url, '/v/me', await xs(1));
  assert.match(b, /<strong>1\.0<\/strong><span>已确认时长（小时）<\/span>/);
  assert.match(b, /<strong>2<\/strong><span>积分<\/span>/);
  assert.match(b, /<span class="tag">已更正<\/span>/);
  const month = new Date(nowMs() + 8 * 3600 * 1000 - 3 * 3600 * 1000).toISOString().slice(0, 7);
  assert.ok(b.includes(`<li>${month}：1.0 小时</li>`), 'by month');
});

test('hours outside a staff member\'s place or team are not theirs to confirm (404)', async () => {
  assert.ok(done.code, 'needs the completion test');
  // A completed 北城街道 request with pending hours, made straight in the database.
  const { code } = await mk({ institute: PLACES.beicheng, station: '', address: '北城街道某小区' });
  sql(s.db, `UPDATE orders SET state = 'completed' WHERE code = '${code}';
    INSERT INTO hours(volunteer_id, order_id, started_at, ended_at, minutes, what, created_at)
    SELECT ${X[5].id}, id, ${nowSec()} - 7200, ${nowSec()} - 3600, 60, '北城的服务', ${nowSec()}
    FROM orders WHERE code = '${code}'`);
  const id = one(`SELECT h.id FROM hours h JOIN orders o ON o.id = h.order_id WHERE o.code = '${code}'`).id;
  for (const role of ['leader', 'institute', 'station']) {
    assert.ok(!(await page(s.url, '/desk/hours', S[role])).includes(`/desk/hours/${id}/`), `${role}: not listed`);
    assert.equal((await hourAct(s.url, S[role], id, 'confirm')).status, 404, `${role} confirm`);
    assert.equal((await hourAct(s.url, S[role], id, 'correct', { minutes: '30', reason: '越权' })).status, 404, `${role} correct`);
  }
  assert.equal(one(`SELECT status FROM hours WHERE id = ${id}`).status, 'pending');
  assert.ok((await page(s.url, '/desk/hours', S.dispatcher)).includes(`/desk/hours/${id}/confirm`), 'the center confirms it');
});

/* ---------- contact details ---------- */

test("the resident's phone: nowhere before accepting, shown while serving, hidden after completion, never to another volunteer", async () => {
  const { code, phone, name } = await mk({ name: '钱奶奶' });
  await dispatch(code, team.shentou);
  const [me, other] = [await xs(2), await xs(3)];
  const look = async (who) => [await page(s.url, '/v', who), await page(s.url, `/v/task/${code}`, who)];
  for (const html of await look(me)) {
    assert.ok(!html.includes(phone), 'no phone before accepting');
    assert.ok(!html.includes(name), 'no name either');
  }
  assert.match((await look(me))[1], /接单后才能看到群众的联系方式/);
  assert.equal((await vact(s.url, me, code, 'accept')).status, 303);
  const serving = await page(s.url, `/v/task/${code}`, me);
  assert.ok(serving.includes(`<a class="button secondary" href="tel:${phone}">拨打 ${phone}</a>`), 'the phone while serving, one tap to call');
  assert.match(serving, new RegExp(`<dt>联系人</dt><dd>${name}</dd>`));
  // Another member of the team: not on their list, not on the task page.
  const otherList = await page(s.url, '/v', other);
  assert.ok(!otherList.includes(phone));
  const otherTask = await get(s.url, `/v/task/${code}`, other);
  const ot = await otherTask.text();
  assert.ok(otherTask.status === 404 || otherTask.status === 200, `${otherTask.status}`);
  assert.ok(!ot.includes(phone) && !ot.includes(name), 'another volunteer never sees it');
  // After completion: gone again.
  const r = await vact(s.url, me, code, 'complete', { what: '陪同去卫生院', start: beijing(nowMs() - 7200e3).local,
    end: beijing(nowMs() - 3600e3).local, [`m_${X[2].id}`]: '60' });
  assert.equal(r.status, 303);
  for (const html of [...await look(me), await page(s.url, '/v/me', me)]) {
    assert.ok(!html.includes(phone), 'no phone after completion');
    assert.ok(!html.includes(name), 'no name after completion');
  }
  const ot2 = await (await get(s.url, `/v/task/${code}`, other)).text();
  assert.ok(!ot2.includes(phone));
});

test('where two serve, the one who has not accepted does not see the phone', async () => {
  const { code, phone } = await mk({ name: '孙爷爷' });
  await dispatch(code, team.shentou);
  sql(s.db, `UPDATE orders SET wanted = 2 WHERE code = '${code}'`);
  const [me, other] = [await xs(6), await xs(7)];
  assert.equal((await vact(s.url, me, code, 'accept')).status, 303);
  const ot = await page(s.url, `/v/task/${code}`, other);
  assert.ok(ot.includes(`action="/v/task/${code}/accept"`), 'a place is left for them');
  assert.ok(!ot.includes(phone), 'not before they accept');
  assert.ok(!(await page(s.url, '/v', other)).includes(phone));
});

/* ---------- certificates ---------- */

let cert;	// the certificate code of X[0]

test("a certificate's code verifies at /verify/CODE; a changed code gets 404", async () => {
  assert.ok(done.code, 'needs the confirmed hours');
  const me = await xs(0);
  const r = await postForm(s.url, '/v/me/certificate', { csrf: me.csrf }, { cookie: me.cookie });
  assert.equal(r.status, 303);
  const m = r.headers.get('location').match(/^\/v\/certificate\/([2-9A-HJ-NP-Z]{12})$/);
  assert.ok(m, r.headers.get('location'));
  cert = m[1];
  assert.deepEqual(one(`SELECT volunteer_id, minutes, records FROM certificates WHERE code = '${cert}'`),
    { volunteer_id: X[0].id, minutes: 120, records: 1 });
  const paper = await page(s.url, `/v/certificate/${cert}`, me);
  assert.match(paper, /<h1>志愿服务记录证明<\/h1>/);
  assert.ok(paper.includes(`<strong>${X[0].name}</strong>（志愿者编号 ${X[0].number}）`));
  assert.match(paper, /累计服务时长 <strong>2\.0<\/strong> 小时/);
  assert.ok(paper.includes(`核验码：<strong>${cert}</strong>`));
  assert.ok(paper.includes(`${s.url}/verify/${cert}`), 'the address to verify it');
  // Another volunteer cannot open it.
  assert.equal((await get(s.url, `/v/certificate/${cert}`, await xs(1))).status, 404);

  const v = await fetch(`${s.url}/verify/${cert}`);
  assert.equal(v.status, 200);
  const vh = await v.text();
  assert.match(vh, /核验通过/);
  assert.ok(vh.includes(X[0].number), 'the number');
  assert.match(vh, /1 条，累计 2\.0 小时/);
  assert.ok(!vh.includes(X[0].name), 'the full name is not published');
  assert.ok(vh.includes(`${X[0].name[0]}**`), 'the family name, to match the paper');
  const changed = cert.slice(0, 11) + (cert[11] === 'A' ? 'B' : 'A');
  for (const bad of [changed, cert.toLowerCase(), cert.slice(0, 11), `${cert}2`]) {
    const x = await fetch(`${s.url}/verify/${bad}`);
    assert.equal(x.status, 404, bad);
    const xh = await x.text();
    assert.doesNotMatch(xh, /核验通过/, bad);
    assert.match(xh, /没有找到核验码/, bad);
  }
});

test('a certificate keeps to what it certified: hours confirmed after it was issued are not listed on it', async () => {
  assert.ok(cert, 'needs the certificate');
  // Another confirmed record for X[0], after the certificate.
  sql(s.db, `INSERT INTO hours(volunteer_id, order_id, started_at, ended_at, minutes, what, status, created_at)
    VALUES (${X[0].id}, NULL, ${nowSec()} - 1800, ${nowSec()} - 600, 30, '后来的服务', 'confirmed', ${nowSec()})`);
  const paper = await page(s.url, `/v/certificate/${cert}`, await xs(0));
  const rows = (paper.match(/<tbody>([\s\S]*?)<\/tbody>/)[1].match(/<tr>/g) || []).length;
  assert.match(paper, /服务记录共 1 条，累计服务时长 <strong>2\.0<\/strong> 小时/);
  assert.equal(rows, 1, `the certificate says 1 record and lists ${rows}`);
  const v = await (await fetch(`${s.url}/verify/${cert}`)).text();
  assert.match(v, /1 条，累计 2\.0 小时/, 'the verified figures are those of the issue day');
});

/* ---------- 抢单 by area ---------- */

test('a request published for 神头镇 is open to volunteers living under it, and not to one in 北城街道', async () => {
  const { code, phone } = await mk();
  const html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  assert.deepEqual(areasOf(html).map((a) => a.name), ['马邑村', '神头镇', '全区'], 'the place, its 所 and 全区');
  await publish(code, '神头镇');
  assert.deepEqual({ state: order(code).state, area: order(code).area_id }, { state: 'published', area: org.shentou });
  for (const me of V) {
    const list = await page(s.url, '/v', me);
    assert.ok(taskLists(list).open.includes(code), `${me.phone} sees it`);
    assert.match(list, new RegExp(`href="/v/task/${code}">[^<]+</a> <span class="tag">抢单</span>`));
  }
  // A volunteer living in 北城街道, in no team.
  const [far] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.beicheng, prefix: '1361' });
  const fs = await vSignIn(s.url, far.phone, XPASSWORD);
  assert.ok(!taskLists(await page(s.url, '/v', fs)).open.includes(code), 'not on their list');
  const t = await get(s.url, `/v/task/${code}`, fs);
  assert.equal(t.status, 404);
  assert.ok(!(await t.text()).includes(phone));
  assert.equal((await vact(s.url, fs, code, 'accept')).status, 404);
  assert.equal(takers(code).length, 0);
  // Published for 全区, it is theirs to take too.
  const wide = (await mk()).code;
  await publish(wide, '全区');
  assert.ok(taskLists(await page(s.url, '/v', fs)).open.includes(wide), '全区 reaches everyone');
  // A 神头镇 volunteer claims the first.
  assert.equal((await vact(s.url, V[1], code, 'accept')).status, 303);
  assert.equal(order(code).state, 'accepted');
  assert.deepEqual(events(code).at(-1), { actor: 'volunteer', actor_id: vid(DEMO_VOLUNTEERS[1]),
    from_state: 'published', to_state: 'accepted', note: '', public: 1 });
});

/* ---------- the count in the navigation ---------- */

test('the navigation shows the count of open tasks for the signed-in volunteer', async () => {
  // A member of 利民镇's team living there: nothing for them yet.
  const [lv] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.limin, teams: [team.limin], prefix: '1362' });
  const me = await vSignIn(s.url, lv.phone, XPASSWORD);
  let html = await page(s.url, '/v', me);
  // What is open to everyone (published for 全区) already counts.
  const base = sql(s.db, `SELECT count(*) AS n FROM orders WHERE state = 'published' AND area_id = ${org.center}`)[0].n;
  assert.equal(navCount(html), base);
  assert.equal(taskLists(html).open.length, base);
  if (base === 0) assert.doesNotMatch(html, /class="badge"/);
  const codes = [];
  for (let i = 0; i < 2; i++) {
    const { code } = await mk({ institute: PLACES.limin, station: '', address: '利民镇' });
    const desk = await page(s.url, `/desk/order/${code}`, S.dispatcher);
    const t = teamsOf(desk).find((x) => x.name.startsWith('利民镇志愿服务分队'));
    assert.ok(t, 'the team of 利民镇 is offered');
    await dispatch(code, t.id);
    codes.push(code);
  }
  for (const p of ['/v', '/v/me', `/v/task/${codes[0]}`]) {
    html = await page(s.url, p, me);
    assert.equal(navCount(html), base + 2, p);
    assert.match(html, new RegExp(`<span class="badge">${base + 2}</span><span class="sr">个可接的任务</span>`), p);
  }
  assert.equal(taskLists(await page(s.url, '/v', me)).open.length, base + 2, 'the count is what the list offers');
  // Taking one leaves one; a task published for 利民镇 adds one.
  assert.equal((await vact(s.url, me, codes[0], 'accept')).status, 303);
  assert.equal(navCount(await page(s.url, '/v', me)), base + 1);
  const { code } = await mk({ institute: PLACES.limin, station: '', address: '利民镇' });
  await publish(code, '利民镇');
  assert.equal(navCount(await page(s.url, '/v', me)), base + 2);
  // Someone else's staff-side change: cancelled, it is no longer counted.
  const desk = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  assert.equal((await act(s.url, S.dispatcher, code, 'cancel', { version: versionOf(desk), reason: '群众已自行解决' })).status, 303);
  assert.equal(navCount(await page(s.url, '/v', me)), base + 1);
  // The demo volunteers' count agrees with their lists too.
  for (const v of V) {
    const list = await page(s.url, '/v', v);
    assert.equal(navCount(list), taskLists(list).open.length, v.phone);
  }
});

/* ---------- staff moves on a task a volunteer holds ---------- */

test('re-dispatching an accepted task to another team lets a member of that team take it', async () => {
  const { code, phone } = await mk();
  await dispatch(code, team.shentou);
  assert.equal((await vact(s.url, V[0], code, 'accept')).status, 303);
  // The center moves it to 助学支教志愿服务队.
  await dispatch(code, team.tutoring);
  assert.equal(order(code).state, 'dispatched');
  assert.equal(order(code).team_id, team.tutoring);
  const [tv] = makeVolunteers(s.db, 1, { pwhash, teams: [team.tutoring], prefix: '1363' });
  const tutor = await vSignIn(s.url, tv.phone, XPASSWORD);
  assert.ok(taskLists(await page(s.url, '/v', tutor)).open.includes(code), 'on the new team\'s list');
  const r = await vact(s.url, tutor, code, 'accept');
  assert.equal(r.status, 303, `the new team's volunteer taps 接单: ${r.status}`);
  // The first volunteer no longer holds it, nor sees the contact.
  const first = await get(s.url, `/v/task/${code}`, V[0]);
  assert.ok(!(await first.text()).includes(phone), 'the first volunteer no longer sees the phone');
  assert.ok(!taskLists(await page(s.url, '/v', V[0])).mine.includes(code));
});

test('cancelled by the center while a volunteer holds it: they are told 已取消 and no longer see the phone', async () => {
  const { code, phone } = await mk();
  await dispatch(code, team.shentou);
  const me = await xs(9);
  assert.equal((await vact(s.url, me, code, 'accept')).status, 303);
  assert.ok((await page(s.url, `/v/task/${code}`, me)).includes(phone));
  const desk = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  assert.equal((await act(s.url, S.dispatcher, code, 'cancel', { version: versionOf(desk), reason: '群众来电取消' })).status, 303);
  const html = await page(s.url, `/v/task/${code}`, me);
  assert.match(html, /<span class="state state-cancelled">已取消<\/span>/);
  assert.ok(!html.includes(phone), 'no phone once cancelled');
  assert.ok(!html.includes(`/v/task/${code}/complete"`), 'no completion form once cancelled');
  assert.ok(!html.includes(`/v/task/${code}/accept"`), 'no 接单 button on a cancelled task');
  assert.ok(!taskLists(await page(s.url, '/v', me)).mine.includes(code));
  const r = await vact(s.url, me, code, 'complete', { what: '已经去过了', start: beijing(nowMs() - 7200e3).local,
    end: beijing(nowMs() - 3600e3).local, [`m_${X[9].id}`]: '60' });
  // Expected in normal work: back to the task, told plainly, no error page.
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/v/task/${code}?done=changed`);
  const told = await page(s.url, r.headers.get('location'), me);
  assert.match(told, /这个任务的情况刚刚变了（可能已被取消、改派或已完成），您的操作没有执行/);
  assert.doesNotMatch(told, /错误代码/);
  assert.equal(one(`SELECT count(*) AS n FROM hours WHERE order_id = ${order(code).id}`).n, 0);
});

test('where two serve and one gives back, the task stays 已接单 and the freed place is open again', async () => {
  const { code } = await mk();
  await dispatch(code, team.shentou);
  sql(s.db, `UPDATE orders SET wanted = 2 WHERE code = '${code}'`);
  const [a, b, c] = [await xs(10), await xs(11), await xs(12)];
  assert.equal((await vact(s.url, a, code, 'accept')).status, 303);
  assert.equal((await vact(s.url, b, code, 'accept')).status, 303);
  assert.ok(!taskLists(await page(s.url, '/v', c)).open.includes(code), 'full');
  assert.equal((await vact(s.url, b, code, 'giveback', { reason: '孩子生病' })).status, 303);
  assert.equal(order(code).state, 'accepted', 'one still serves');
  assert.deepEqual(events(code).at(-1), { actor: 'volunteer', actor_id: X[11].id, from_state: 'accepted',
    to_state: 'accepted', note: '孩子生病', public: 0 });
  assert.ok(taskLists(await page(s.url, '/v', c)).open.includes(code), 'a place is open again');
  assert.equal((await vact(s.url, c, code, 'accept')).status, 303);
  assert.deepEqual(takers(code).map((t) => [t.volunteer_id, t.state]),
    [[X[10].id, 'accepted'], [X[11].id, 'returned'], [X[12].id, 'accepted']]);
});

/* ---------- a long list on a phone ---------- */

test('"/v" shows 30 tasks a page with 更多任务 and 上一页; every open task is on exactly one page; bad pages are told', async () => {
  // 35 requests published for 全区 (open to every volunteer), made directly.
  const center = one("SELECT id FROM orgs WHERE kind = 'center'").id;
  const now = Math.floor(nowMs() / 1000);
  sql(s.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 35)
    INSERT INTO orders(code, service_id, org_id, address, need, contact_name, contact_phone, channel, state,
      consent_at, created_at, updated_at, due_at, area_id)
    SELECT 'PG' || replace(replace(printf('%07d', i), '0', 'A'), '1', 'B'), (SELECT id FROM services WHERE active = 1 LIMIT 1),
      (SELECT id FROM orgs WHERE kind = 'station' LIMIT 1), '某村', printf('翻页任务%d', i), '张三',
      '13800000000', 'web', 'published', ${now}, ${now} - i, ${now}, ${now} + 86400, ${center} FROM n`);
  // By their need: a tracking code drawn for another test may start with PG too.
  const made = sql(s.db, "SELECT code FROM orders WHERE need LIKE '翻页任务%'").map((r) => r.code);
  const [lv] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.limin, prefix: '1363' });
  const me = await vSignIn(s.url, lv.phone, XPASSWORD);

  const seen = [];
  let n = 1, html;
  for (;;) {
    html = await page(s.url, n === 1 ? '/v' : `/v?page=${n}`, me);
    const { open } = taskLists(html);
    seen.push(...open);
    const next = html.includes(`<a href="/v?page=${n + 1}" rel="next">更多任务</a>`);
    if (n > 1) assert.ok(html.includes(`<a href="/v?page=${n - 1}" rel="prev">上一页</a>`), `page ${n} links back`);
    if (!next) break;
    assert.equal(open.length, 30, `page ${n} is full`);
    n++;
  }
  assert.ok(n >= 2, 'more than one page');
  assert.equal(new Set(seen).size, seen.length, 'no task on two pages');
  for (const code of made) assert.ok(seen.includes(code), `${code} listed`);
  // Newest first: the first made 1 s ago, the 35th 35 s ago (digits 0 and 1 are
  // not in codes: A and B stand for them).
  assert.ok(seen.indexOf('PGAAAAAAB') < seen.indexOf('PGAAAAA35'));
  assert.equal(made.length, 35);

  html = await page(s.url, '/v?page=abc', me);
  assert.match(html, /页码不对/);
  assert.equal(taskLists(html).open.length, 30, 'the first page instead');
  html = await page(s.url, '/v?page=999', me);
  assert.match(html, /这一页没有任务了/);
});
