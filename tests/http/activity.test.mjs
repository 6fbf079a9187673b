// activity.test.mjs: an activity's life through real nginx + sidan: staff
// create it (bad input kept and explained), volunteers sign up until it is
// full (never past capacity, even all at once), withdraw, sign in and out
// by the organiser's rotating QR code (an old or forged code refused), and
// the organiser confirms the hours; plus who may see and do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { start, sql } from '../lib/harness.mjs';
import { signIn, page, get, csrfOf } from '../lib/staff.mjs';
import {
  vSignIn, postForm, DEMO_VOLUNTEERS, makeVolunteers, hourAct, beijing, postFrom,
} from '../lib/volunteer.mjs';
import { nowMs } from '../lib/clock.mjs';

let s, staff;
before(async () => {
  s = await start();
  staff = await signIn(s.url, 'zhan.mayi');
});
after(async () => { await s?.stop(); });

const MAYI = () => sql(s.db, "SELECT id FROM orgs WHERE code = '140602100201'")[0].id;

// A good activity form: starting in 30 minutes (sign-up still open, sign-in
// already open), two hours long, for everyone.
function goodForm(changes = {}) {
  const now = nowMs();
  return {
    title: '清明祭英烈 讲红色故事', platform: 'theory', project: 'theory-study',
    site: String(MAYI()), place: '马邑村委会二楼', start: beijing(now + 30 * 60000).local,
    end: beijing(now + 150 * 60000).local, capacity: '2', summary: '讲一讲身边的英烈故事。\n请带上红领巾。',
    open_to: 'all', ...changes,
  };
}

// Creates an activity through the desk form as session; returns its id.
async function create(session, changes = {}) {
  const r = await postForm(s.url, '/desk/activities/new', { csrf: session.csrf, ...goodForm(changes) },
    { cookie: session.cookie });
  const text = await r.text();
  assert.equal(r.status, 303, text.slice(0, 600));
  const m = r.headers.get('location').match(/^\/desk\/activities\/(\d+)\?new=1$/);
  assert.ok(m, r.headers.get('location'));
  return Number(m[1]);
}

// POSTs sign-up or withdraw as volunteer me; returns { status, text }.
async function signup(me, id, what = 'signup') {
  const r = await postForm(s.url, `/activities/${id}/${what}`, { csrf: me.csrf }, { cookie: me.cookie });
  return { status: r.status, text: await r.text() };
}

// The scan link on the organiser's QR screen: /a/ID/in/TOKEN.
async function scanLink(id, what) {
  const html = await page(s.url, `/desk/activities/${id}/qr/${what}`, staff);
  const m = html.match(new RegExp(`https?://[^<"\\s]+(/a/${id}/${what}/[0-9]+-[0-9a-f]{24})`));
  assert.ok(m, 'the QR screen shows the link its code opens');
  assert.match(html, /<script src="\/static\/qr-screen.js" defer><\/script>/, 'the screen reloads itself');
  return m[1];
}

// A code made with the activity's own key for another minute (as an old
// screenshot would hold): HMAC-SHA-256 of "activity:ID:in:STEP", 12 bytes.
function codeFor(id, what, step) {
  const key = Buffer.from(sql(s.db, `SELECT hex(qr_key) AS k FROM activities WHERE id = ${id}`)[0].k, 'hex');
  const mac = crypto.createHmac('sha256', key).update(`activity:${id}:${what}:${step}`).digest('hex').slice(0, 24);
  return `/a/${id}/${what}/${step}-${mac}`;
}

async function scan(me, path, post = false) {
  const r = post
    ? await postForm(s.url, path, { csrf: me.csrf }, { cookie: me.cookie })
    : await get(s.url, path, me);
  return { status: r.status, text: await r.text(), location: r.headers.get('location') };
}

test('a bad activity form says what is wrong beside each field and keeps what was typed', async () => {
  const bad = goodForm({ title: '', capacity: '0', end: beijing(nowMs() - 3600e3).local,
    summary: '保留我写的内容', platform: 'nope' });
  const r = await postForm(s.url, '/desk/activities/new', { csrf: staff.csrf, ...bad }, { cookie: staff.cookie });
  const html = await r.text();
  assert.equal(r.status, 400);
  assert.match(html, /有 4 处需要修改，您填写的内容都已保留/);
  assert.match(html, /<p class="err" id="e-title">此项必须填写/);
  assert.match(html, /<p class="err" id="e-platform">请选择活动所属的服务平台/);
  assert.match(html, /<p class="err" id="e-end">结束时间要晚于开始时间/);
  assert.match(html, /<p class="err" id="e-capacity">请填写1到1000之间的人数/);
  assert.match(html, />保留我写的内容<\/textarea>/, 'the description typed is kept');
  assert.match(html, /value="马邑村委会二楼"/, 'the place typed is kept');
  assert.match(html, /<option value="theory-study" selected>/, 'the project chosen is kept');
});

test('staff create an activity; it is on the calendar and its page, for everyone to see', async () => {
  const before = sql(s.db, 'SELECT count(*) AS n FROM activities')[0].n;
  const id = await create(staff);
  assert.equal(sql(s.db, 'SELECT count(*) AS n FROM activities')[0].n, before + 1);
  const row = sql(s.db, `SELECT title, capacity, open_to, created_by FROM activities WHERE id = ${id}`)[0];
  assert.equal(row.title, '清明祭英烈 讲红色故事');
  assert.equal(row.capacity, 2);
  // The calendar of the month it starts in (30 minutes from now may be next month).
  const month = beijing(nowMs() + 30 * 60000).local.slice(0, 7);
  const cal = await (await fetch(`${s.url}/activities?month=${month}`)).text();
  assert.match(cal, new RegExp(`<a href="/activities/${id}"><strong>清明祭英烈 讲红色故事</strong></a>`));
  assert.match(cal, /<table class="calendar">/);
  const one = await fetch(s.url + `/activities/${id}`);
  const html = await one.text();
  assert.equal(one.status, 200);
  assert.match(html, /<h1>清明祭英烈 讲红色故事<\/h1>/);
  assert.match(html, /名额<\/dt><dd>2 人，已报名 0 人，还剩 2 个/);
  assert.match(html, /<dd><a href="\/sites\/\d+">马邑村<\/a> · 马邑村委会二楼<\/dd>/, 'the site and the exact place');
  assert.match(html, /志愿者登录后报名/);
  assert.match(html, /讲一讲身边的英烈故事。\n请带上红领巾。/);
  const desk = await page(s.url, `/desk/activities/${id}?new=1`, staff);
  assert.match(desk, /活动已发布/);
  assert.match(desk, /显示签到码/);
});

test('sign up until full, withdraw, and the freed place is taken', async () => {
  const id = await create(staff);
  const [a, b, c] = await Promise.all(DEMO_VOLUNTEERS.map((p) => vSignIn(s.url, p)));
  let r = await signup(a, id);
  assert.equal(r.status, 200);
  assert.match(r.text, /报名成功/);
  assert.match(r.text, /您已报名/);
  // A second tap is information, not an error.
  r = await signup(a, id);
  assert.equal(r.status, 200);
  assert.match(r.text, /<div class="notice" role="status"><p>您已经报过名了，不用重复报名。<\/p><\/div>/);
  assert.equal((await signup(b, id)).status, 200);
  r = await signup(c, id);
  assert.equal(r.status, 409);
  assert.match(r.text, /名额已满/);
  assert.match(r.text, /已报满/);
  r = await signup(b, id, 'withdraw');
  assert.equal(r.status, 200);
  assert.match(r.text, /已取消报名/);
  assert.equal((await signup(c, id)).status, 200);
  const rows = sql(s.db, `SELECT v.phone, m.state FROM activity_signups m JOIN volunteers v
    ON v.id = m.volunteer_id WHERE activity_id = ${id} ORDER BY v.phone`);
  assert.deepEqual(rows.map((x) => `${x.phone}:${x.state}`),
    ['13900000001:signed', '13900000002:withdrawn', '13900000003:signed']);
  const desk = await page(s.url, `/desk/activities/${id}`, staff);
  assert.match(desk, /已报名 2 \/ 上限 2/);
});

test('twenty volunteers at once for five places: exactly five get in', async () => {
  const id = await create(staff, { capacity: '5' });
  const pwhash = sql(s.db, "SELECT pwhash FROM volunteers WHERE phone = '13900000001'")[0].pwhash;
  const people = makeVolunteers(s.db, 20, { pwhash, prefix: '1351' });
  const sessions = [];
  for (const p of people) sessions.push(await vSignIn(s.url, p.phone));
  const results = await Promise.all(sessions.map((me, i) =>
    postFrom(`127.0.0.${10 + i}`, s.url, `/activities/${id}/signup`, { csrf: me.csrf }, { cookie: me.cookie })));
  const ok = results.filter((r) => r.status === 200).length;
  const full = results.filter((r) => r.status === 409).length;
  assert.equal(ok, 5);
  assert.equal(full, 15);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM activity_signups WHERE activity_id = ${id} AND state = 'signed'`)[0].n, 5);
});

test('QR sign-in and sign-out record the times; old and forged codes are refused; hours are confirmed', async () => {
  const id = await create(staff, { capacity: '3' });
  const [a, b] = await Promise.all(DEMO_VOLUNTEERS.slice(0, 2).map((p) => vSignIn(s.url, p)));
  assert.equal((await signup(a, id)).status, 200);
  const inPath = await scanLink(id, 'in');

  // Not signed in: the scan goes through the volunteer sign-in and back.
  const anon = await get(s.url, inPath);
  assert.equal(anon.status, 303);
  assert.equal(new URL(anon.headers.get('location'), s.url).searchParams.get('next'), inPath);
  assert.equal(new URL(anon.headers.get('location'), s.url).pathname, '/v/login');

  // The QR image is there and is an SVG.
  const img = await get(s.url, `/desk/activities/${id}/qr/in.svg`, staff);
  assert.equal(img.status, 200);
  assert.match(img.headers.get('content-type'), /^image\/svg\+xml/);

  // Scanning asks for one tap; the tap records the time.
  let r = await scan(a, inPath);
  assert.equal(r.status, 200);
  assert.match(r.text, /确认签到/);
  assert.equal(sql(s.db, `SELECT checkin_at FROM activity_signups WHERE activity_id = ${id} AND volunteer_id = 1`)[0].checkin_at, null);
  const t0 = Math.floor(nowMs() / 1000);
  r = await scan(a, inPath, true);
  assert.equal(r.status, 200);
  assert.match(r.text, /已签到，时间 \d\d:\d\d/);
  const at = sql(s.db, `SELECT checkin_at FROM activity_signups WHERE activity_id = ${id} AND volunteer_id = 1`)[0].checkin_at;
  assert.ok(Math.abs(at - t0) <= 5, `sign-in time ${at} near ${t0}`);
  r = await scan(a, inPath, true);
  assert.match(r.text, /您已在 \d\d:\d\d 签到过/);

  // An old code (a quarter of an hour ago, made with the real key) and a forged one.
  const step = Math.floor(nowMs() / 60000);
  const old = codeFor(id, 'in', step - 15);
  r = await scan(b, old);
  assert.equal(r.status, 410);
  assert.match(r.text, /这个签到码已过期/);
  r = await scan(b, old, true);
  assert.equal(r.status, 410);
  const genuineNow = codeFor(id, 'in', step);
  assert.equal((await scan(b, genuineNow)).status, 200, 'the same recipe for this minute is accepted');
  const forged = inPath.slice(0, -1) + (inPath.endsWith('0') ? '1' : '0');
  r = await scan(b, forged, true);
  assert.equal(r.status, 400);
  assert.match(r.text, /这不是本活动有效的签到码/);
  r = await scan(b, inPath.replace('/in/', '/out/'), true);
  assert.equal(r.status, 400, 'a sign-in code does not sign out');
  r = await scan(b, codeFor(id, 'in', step + 3), true);
  assert.equal(r.status, 400, 'a code from the future is forged');
  const other = await create(staff, { capacity: '3' });
  r = await scan(b, inPath.replace(`/a/${id}/`, `/a/${other}/`), true);
  assert.equal(r.status, 400, "one activity's code does not sign in to another");
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM activity_signups WHERE activity_id = ${id} AND volunteer_id = 2`)[0].n, 0,
    'the refused scans recorded nothing');

  // Sign-out before sign-in is refused; b walks in without signing up.
  const outPath = await scanLink(id, 'out');
  r = await scan(b, outPath, true);
  assert.equal(r.status, 409);
  assert.match(r.text, /您还没有签到/);
  r = await scan(b, inPath, true);
  assert.equal(r.status, 200, 'a walk-in takes a free place');

  // Signing out before the start is refused.
  r = await scan(a, outPath, true);
  assert.equal(r.status, 409);
  assert.match(r.text, /活动还没开始，开始后才能签退/);

  // An hour later (the activity moved back an hour: it began half an hour
  // ago), a, who signed in two hours before the start, signs out: the record
  // counts only the part of the activity between (about 30 minutes).
  sql(s.db, `UPDATE activities SET starts_at = starts_at - 3600, ends_at = ends_at - 3600 WHERE id = ${id};
    UPDATE activity_signups SET checkin_at = checkin_at - 7200 WHERE activity_id = ${id} AND volunteer_id = 1`);
  r = await scan(a, outPath, true);
  assert.equal(r.status, 200);
  assert.match(r.text, /已签退/);
  const hour = sql(s.db, `SELECT h.id, h.status, h.minutes, h.activity_id, h.order_id FROM hours h
    JOIN activity_signups m ON m.hour_id = h.id WHERE m.activity_id = ${id} AND m.volunteer_id = 1`)[0];
  assert.equal(hour.status, 'pending');
  assert.equal(hour.activity_id, id);
  assert.equal(hour.order_id, null);
  assert.ok(hour.minutes >= 29 && hour.minutes <= 31, `${hour.minutes} minutes: from the start, not from the early sign-in`);
  const mine = await (await get(s.url, `/activities/${id}`, a)).text();
  assert.match(mine, /等待组织方确认/);

  // The organiser sees it and confirms it.
  const desk = await page(s.url, `/desk/activities/${id}`, staff);
  assert.match(desk, /已签到 2，已签退 1/);
  const hoursPage = await page(s.url, '/desk/hours', staff);
  assert.match(hoursPage, /活动：清明祭英烈 讲红色故事/);
  const c = await hourAct(s.url, staff, hour.id, 'confirm');
  assert.equal(c.status, 303);
  assert.equal(sql(s.db, `SELECT status FROM hours WHERE id = ${hour.id}`)[0].status, 'confirmed');
  const after = await (await get(s.url, `/activities/${id}`, a)).text();
  assert.match(after, /已确认，计入服务记录/);
  const me = await (await get(s.url, '/v/me', a)).text();
  assert.match(me, /参加活动：清明祭英烈 讲红色故事/);
});

test('who may organise: the place and the team, not others; leaders organise for their team only', async () => {
  const id = await create(staff);
  const institute = await signIn(s.url, 'suo.shentou');
  const admin = await signIn(s.url, 'admin');
  const leader = await signIn(s.url, 'leader.shentou');
  assert.equal((await get(s.url, `/desk/activities/${id}`, institute)).status, 200);
  assert.equal((await get(s.url, `/desk/activities/${id}`, admin)).status, 200);
  assert.equal((await get(s.url, `/desk/activities/${id}`, leader)).status, 404);
  assert.equal((await get(s.url, `/desk/activities/${id}/qr/in`, leader)).status, 404);
  const v = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  assert.equal((await get(s.url, `/desk/activities/${id}`, v)).status, 403);

  // A leader's activity is for the team's members only.
  const form = await page(s.url, '/desk/activities/new', leader);
  assert.match(form, /报名范围：神头镇志愿服务分队的队员/);
  const tid = await create(leader, { open_to: 'all' });
  assert.equal(sql(s.db, `SELECT open_to, team_id FROM activities WHERE id = ${tid}`)[0].open_to, 'team');
  assert.equal((await signup(v, tid)).status, 200, 'a member of the team');
  const pwhash = sql(s.db, "SELECT pwhash FROM volunteers WHERE phone = '13900000001'")[0].pwhash;
  const [outsider] = makeVolunteers(s.db, 1, { pwhash, prefix: '1352' });
  const o = await vSignIn(s.url, outsider.phone);
  const r = await signup(o, tid);
  assert.equal(r.status, 403);
  assert.match(r.text, /您不在范围内/);
  assert.equal((await get(s.url, `/desk/activities/${tid}`, leader)).status, 200);
  assert.equal((await get(s.url, `/desk/activities/${tid}`, staff)).status, 200, 'the station hosts it');
  assert.match(csrfOf(form), /^[0-9a-f]{64}$/);
});

test("an activity for a place's own volunteers: those under it sign up, others are told why not", async () => {
  const institute = await signIn(s.url, 'suo.shentou');
  const shentou = sql(s.db, "SELECT id FROM orgs WHERE code = '140602100000'")[0].id;
  const near = await create(institute, { site: String(shentou), open_to: 'area' });
  const admin = await signIn(s.url, 'admin');
  const beicheng = sql(s.db, "SELECT id FROM orgs WHERE code = '140602001000'")[0].id;
  const far = await create(admin, { site: String(beicheng), open_to: 'area' });
  const v = await vSignIn(s.url, DEMO_VOLUNTEERS[1]);	// lives in 马邑村, under 神头镇
  const pageNear = await (await get(s.url, `/activities/${near}`, v)).text();
  assert.match(pageNear, /报名范围<\/dt><dd>住在神头镇及所辖站点的志愿者/);
  assert.match(pageNear, /报名参加/);
  assert.equal((await signup(v, near)).status, 200);
  const pageFar = await (await get(s.url, `/activities/${far}`, v)).text();
  assert.doesNotMatch(pageFar, /报名参加/, 'no button that would only be refused');
  assert.match(pageFar, /这个活动只接受住在北城街道及所辖站点的志愿者报名，您不在范围内/);
  const r = await signup(v, far);
  assert.equal(r.status, 403);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM activity_signups WHERE activity_id = ${far}`)[0].n, 0);
});

test('a cancelled activity says so and takes no more sign-ups', async () => {
  const id = await create(staff);
  const r = await postForm(s.url, `/desk/activities/${id}/cancel`, { csrf: staff.csrf }, { cookie: staff.cookie });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /活动已取消/);
  const pub = await (await fetch(s.url + `/activities/${id}`)).text();
  assert.match(pub, /这个活动已取消/);
  assert.doesNotMatch(pub, /志愿者登录后报名/);
  const v = await vSignIn(s.url, DEMO_VOLUNTEERS[2]);
  const x = await signup(v, id);
  assert.equal(x.status, 409);
  assert.match(x.text, /报名已经截止/);
  const cal = await (await fetch(s.url + '/activities')).text();
  assert.doesNotMatch(cal, new RegExp(`href="/activities/${id}"`), 'not on the calendar');
});

test('a month that does not exist and an unknown activity are 404', async () => {
  assert.equal((await fetch(s.url + '/activities?month=2026-13')).status, 404);
  assert.equal((await fetch(s.url + '/activities?month=abc')).status, 404);
  assert.equal((await fetch(s.url + '/activities/999999')).status, 404);
  assert.equal((await fetch(s.url + '/activities/x1')).status, 404);
  const feb = await (await fetch(s.url + '/activities?month=2028-02')).text();
  assert.match(feb, /2028年2月的活动/);
  assert.match(feb, />29</, 'a leap February has 29 days');
  assert.doesNotMatch(feb, />30</);
});
