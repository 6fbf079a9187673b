// privacy.test.mjs: every text a resident, a volunteer or staff types has a
// reader list, and nothing reaches a public page unless its field says so
// (issue 14, item 1). A marker is typed into every free-text field of every
// role through the real forms; then the public pages (tracking, Open311,
// the portal, the figures, the map, the wall screen, open data) are crawled
// without a session and must not hold any marker of a private field. The
// two fields labelled 群众可以看到 (the reasons for 不予受理 and for a cancel
// by staff) must show on the tracking page, and nothing else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { start, sql } from '../lib/harness.mjs';
import { submit, post, formTokens } from '../lib/order.mjs';
import { ACCOUNTS, signIn, page, act, versionOf } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, vSignIn, vact, apply, application, review, hourAct, beijing, postForm } from '../lib/volunteer.mjs';
import { dispatch, residentPhone, rateByLink, followupsView, followupAct } from '../lib/rating.mjs';
import { nowMs } from '../lib/clock.mjs';

let s;
const S = {};
let me, vid, team;
const one = (q) => sql(s.db, q)[0];

// A marker per field: letters and digits no page could show by chance.
const mark = (field) => `MK${field}${crypto.randomBytes(4).toString('hex')}`;
const PRIVATE = {};	// field -> marker that must stay off public pages
const PUBLIC = {};	// field -> marker that must show on the request's tracking page
const codes = [];	// every request the test made

before(async () => {
  s = await start({ workers: 2 });
  for (const [role, login] of Object.entries(ACCOUNTS)) S[role] = await signIn(s.url, login);
  me = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  vid = one(`SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`).id;
  team = one("SELECT id FROM teams WHERE name = '神头镇志愿服务分队'").id;
});
after(async () => { await s?.stop(); });

// Submits a resident's request with a marker in every free-text field.
async function residentRequest(tag) {
  for (const f of ['address', 'need', 'wanted', 'name']) PRIVATE[`${tag}.${f}`] = mark(`${tag}${f}`);
  const phone = residentPhone('1866');
  PRIVATE[`${tag}.phone`] = phone;
  const r = await submit(s.url, { address: PRIVATE[`${tag}.address`], need: PRIVATE[`${tag}.need`],
    wanted: PRIVATE[`${tag}.wanted`], name: PRIVATE[`${tag}.name`], phone });
  codes.push(r.code);
  return { ...r, phone };
}

test('markers typed by every role into every free-text field', async () => {
  // A resident's request, dispatched, taken, given back with a reason,
  // taken again, completed with what was done, rated poorly with a
  // private comment, followed up and reopened with a 回访记录.
  const a = await residentRequest('a');
  PRIVATE.deskNote = mark('desknote');
  let html = await page(s.url, `/desk/order/${a.code}`, S.dispatcher);
  let r = await act(s.url, S.dispatcher, a.code, 'note', { note: PRIVATE.deskNote });
  assert.equal(r.status, 303, 'internal note saved');
  await dispatch(s.url, S.dispatcher, a.code, team);
  r = await vact(s.url, me, a.code, 'accept');
  assert.equal(r.status, 303);
  PRIVATE.returnReason = mark('return');
  r = await vact(s.url, me, a.code, 'giveback', { reason: PRIVATE.returnReason });
  assert.equal(r.status, 303, 'given back');
  r = await vact(s.url, me, a.code, 'accept');
  assert.equal(r.status, 303);
  PRIVATE.what = mark('what');
  const now = nowMs();
  r = await vact(s.url, me, a.code, 'complete', { what: PRIVATE.what, start: beijing(now - 2 * 3600e3).local,
    end: beijing(now - 3600e3).local, [`m_${vid}`]: '60' });
  assert.equal(r.status, 303, 'completed');
  PRIVATE.comment = mark('comment');
  r = await rateByLink(s.url, a.token, { level: '1', comment: PRIVATE.comment });
  assert.equal(r.status, 303, 'rated 非常不满意 with a comment not to be shown');
  const f = followupsView(await page(s.url, '/desk/followups', S.dispatcher)).open.find((x) => x.code === a.code);
  PRIVATE.followup = `已电话回访李大爷 ${mark('followup')}`;
  r = await followupAct(s.url, S.dispatcher, f.id, 'reopen', { note: PRIVATE.followup });
  assert.equal(r.status, 303, 'reopened');
  // The organiser corrects the hours with a reason.
  const hour = one(`SELECT h.id FROM hours h JOIN orders o ON o.id = h.order_id WHERE o.code = '${a.code}'`).id;
  PRIVATE.hourReason = mark('hourreason');
  r = await hourAct(s.url, S.dispatcher, hour, 'correct', { minutes: '45', reason: PRIVATE.hourReason });
  assert.equal(r.status, 303, 'hours corrected');

  // A request the resident cancels with a reason.
  const b = await residentRequest('b');
  PRIVATE.cancelByResident = mark('rcancel');
  const m = await (await fetch(`${s.url}/m/${b.token}`)).text();
  r = await post(s.url, `/m/${b.token}/cancel`, { ...formTokens(m), reason: PRIVATE.cancelByResident });
  assert.equal(r.status, 303, 'cancelled by the resident');

  // Requests staff reject and cancel: their reasons are labelled public.
  const c = await residentRequest('c');
  PUBLIC.reject = mark('reject');
  html = await page(s.url, `/desk/order/${c.code}`, S.dispatcher);
  assert.match(html, /不予受理的原因（群众可以看到）/);
  r = await act(s.url, S.dispatcher, c.code, 'reject', { version: versionOf(html), reason: PUBLIC.reject });
  assert.equal(r.status, 303);
  const d = await residentRequest('d');
  PUBLIC.cancel = mark('scancel');
  html = await page(s.url, `/desk/order/${d.code}`, S.dispatcher);
  assert.match(html, /取消的原因（群众可以看到）/);
  r = await act(s.url, S.dispatcher, d.code, 'cancel', { version: versionOf(html), reason: PUBLIC.cancel });
  assert.equal(r.status, 303);

  // A request taken by staff on the phone (代群众登记).
  PRIVATE['e.address'] = mark('eaddress');
  PRIVATE['e.need'] = mark('eneed');
  PRIVATE['e.name'] = mark('ename');
  const form = await page(s.url, '/desk/new', S.station);
  r = await post(s.url, '/desk/new', { ...formTokens(form), service: 'tutoring', institute: '140602100000',
    station: '140602100201', address: PRIVATE['e.address'], need: PRIVATE['e.need'], wanted: '',
    name: PRIVATE['e.name'], phone: residentPhone('1855'), consent: 'yes', channel: 'phone' },
  { cookie: S.station.cookie });
  assert.equal(r.status, 303, 'entered by staff');
  codes.push(one(`SELECT code FROM orders WHERE need = '${PRIVATE['e.need']}'`).code);

  // A volunteer's application, declined with a reason.
  PRIVATE.applicant = mark('applicant');
  r = await apply(s.url, application({ name: PRIVATE.applicant, phone: '13712345678', team: String(team) }));
  assert.equal(r.status, 303, 'applied');
  const app = one("SELECT id FROM volunteers WHERE phone = '13712345678'").id;
  PRIVATE.declined = mark('declined');
  r = await review(s.url, S.dispatcher, app, 'reject', { reason: PRIVATE.declined });
  assert.equal(r.status, 303, 'declined');

  // A staff account's name.
  PRIVATE.staffName = mark('staff').slice(0, 20);
  r = await postForm(s.url, '/admin/users', { csrf: S.admin.csrf, login: 'privacy.test', name: PRIVATE.staffName,
    role: 'dispatcher', password: 'Privacy-Test-2026' }, { cookie: S.admin.cookie });
  assert.equal(r.status, 303, 'account made');
  // The new dispatcher acts on a request: their name is on no public page.
  const staff = await signIn(s.url, 'privacy.test', 'Privacy-Test-2026');
  const g = await residentRequest('g');
  await dispatch(s.url, staff, g.code, team);

  // A 工作动态 kept as a draft: its title and text are staff's until published.
  PRIVATE.draftTitle = mark('draft').slice(0, 20);
  PRIVATE.draftBody = mark('draftbody');
  const place = one("SELECT id FROM orgs WHERE code = '140602100201'").id;
  r = await postForm(s.url, '/desk/news/new', { csrf: S.dispatcher.csrf, title: PRIVATE.draftTitle,
    body: PRIVATE.draftBody, org: String(place), platform: '', publish: '0' }, { cookie: S.dispatcher.cookie });
  assert.equal(r.status, 303, 'draft saved');
});

// GETs a public path without any session; returns its text.
async function publicText(path) {
  const r = await fetch(s.url + path, { redirect: 'manual' });
  return `${r.status} ${await r.text()}`;
}

test('the public pages hold no private marker, and the public reasons show where they belong', async () => {
  const paths = ['/', '/services', '/activities', '/sites', '/map', '/map?view=geo', '/figures', '/honour',
    '/screen', '/api/stats.json', '/platforms', '/projects', '/track', '/news', '/news.atom',
    '/open311/v2/requests.json', '/open311/v2/requests.xml', '/open311/v2/services.json',
    '/open311/v2/servicerequestupdates.json', '/open311/v2/servicerequestupdates.xml'];
  const sites = sql(s.db, `SELECT DISTINCT org_id AS id FROM orders WHERE code IN (${codes.map((c) => `'${c}'`).join(',')})
    UNION SELECT parent_id FROM orgs WHERE id IN (SELECT org_id FROM orders WHERE code IN (${codes.map((c) => `'${c}'`).join(',')}))`);
  for (const { id } of sites) if (id) paths.push(`/sites/${id}`, `/sites/${id}/poster`);
  for (const code of codes) paths.push(`/track/${code}`, `/open311/v2/requests/${code}.json`, `/open311/v2/requests/${code}.xml`);
  const seen = {};
  for (const p of paths) seen[p] = await publicText(p);
  for (const [field, marker] of Object.entries(PRIVATE))
    for (const [p, text] of Object.entries(seen))
      assert.ok(!text.includes(marker), `${field} (${marker}) is on the public page ${p}`);
  // The fields labelled 群众可以看到 are on their request's tracking page.
  const track = (i) => seen[`/track/${codes[i]}`];
  assert.ok(track(2).includes(PUBLIC.reject), 'the reason for 不予受理 is shown to the public');
  assert.ok(track(3).includes(PUBLIC.cancel), 'the reason for the cancel is shown to the public');
  // The reopened request still says it was reopened, without the note.
  assert.match(track(0), /重新办理/);
});

test('the resident reads their own words on the private link; staff read the note on the desk', async () => {
  const a = codes[0];
  const desk = await page(s.url, `/desk/order/${a}`, S.dispatcher);
  assert.ok(desk.includes(PRIVATE.deskNote), 'the internal note is on the desk');
  const follow = await page(s.url, '/desk/followups', S.dispatcher);
  assert.ok(follow.includes(PRIVATE.followup.split(' ')[1]), 'the 回访记录 is kept for staff');
});
