// field.test.mjs: what residents, volunteers and staff meet when they use
// the four orders for real (issue 14): the serving volunteer is shown where
// to go, landlines and phone numbers written as other systems write them are
// accepted, the hotline is shown to those who cannot use the form, and
// expected conflicts are told plainly instead of as error pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { start, sql, bin } from '../lib/harness.mjs';
import { submit, newForm, post, GOOD, formTokens } from '../lib/order.mjs';
import { ACCOUNTS, signIn, page, rowCodes } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, vSignIn, vact } from '../lib/volunteer.mjs';
import { dispatch, residentPhone, completedBySql, rateByCode } from '../lib/rating.mjs';

let s;
const S = {};
let me, other, team;
const one = (q) => sql(s.db, q)[0];
const vpage = async (who, code) => {
  const r = await fetch(`${s.url}/v/task/${code}`, { headers: { cookie: who.cookie } });
  return { status: r.status, html: await r.text() };
};

before(async () => {
  s = await start({ workers: 2 });
  for (const [role, login] of Object.entries(ACCOUNTS)) S[role] = await signIn(s.url, login);
  me = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  other = await vSignIn(s.url, DEMO_VOLUNTEERS[1]);
  team = one("SELECT id FROM teams WHERE name = '神头镇志愿服务分队'").id;
});
after(async () => { await s?.stop(); });

test('the serving volunteer, and only while serving, sees the address with map links and a one-tap call', async () => {
  const address = '马邑村东街12号 <院>';
  const phone = residentPhone();
  const { code } = await submit(s.url, { address, phone });
  await dispatch(s.url, S.dispatcher, code, team);
  // Before 接单: neither the address nor the phone.
  let p = await vpage(me, code);
  assert.equal(p.status, 200);
  assert.ok(!p.html.includes('马邑村东街12号'), 'no address before 接单');
  assert.ok(!p.html.includes(phone), 'no phone before 接单');
  const r = await vact(s.url, me, code, 'accept');
  assert.equal(r.status, 303);
  p = await vpage(me, code);
  assert.ok(p.html.includes('<dt>详细地址</dt><dd>马邑村东街12号 &lt;院&gt;'), 'the address as typed, escaped');
  assert.match(p.html, new RegExp(`<a class="button secondary" href="tel:${phone}">拨打 ${phone}</a>`), 'a one-tap call');
  const geo = p.html.match(/<a href="(geo:0,0\?q=[^"]+)">用手机地图打开<\/a>/);
  assert.ok(geo, 'a geo: link for the phone\'s map app');
  const q = decodeURIComponent(geo[1].replace('geo:0,0?q=', '').replace(/&amp;/g, '&'));
  assert.equal(q, '朔州市朔城区神头镇马邑村马邑村东街12号 <院>', 'searched in the district, at its 所 and 站');
  const web = p.html.match(/<a href="(https:\/\/uri\.amap\.com\/search\?keyword=[^"]+)"/);
  assert.ok(web, 'a search link that works on any phone');
  assert.equal(decodeURIComponent(web[1].split('keyword=')[1]), q);
  // Nothing on the page is loaded from another host.
  assert.doesNotMatch(p.html, /<(img|script|iframe|link)[^>]+(src|href)="https?:/);
  // Another volunteer of the team does not see it.
  const o = await vpage(other, code);
  assert.ok(!o.html.includes('马邑村东街12号'), 'not shown to another volunteer');
  // Once completed, the address is gone for the volunteer too.
  sql(s.db, `UPDATE orders SET state = 'completed' WHERE code = '${code}'`);
  p = await vpage(me, code);
  assert.ok(!p.html.includes('马邑村东街12号'), 'not after the service');
  assert.ok(!p.html.includes(phone), 'nor the phone');
});

test('a request without an address tells the volunteer to ask by phone', async () => {
  const { code } = await submit(s.url, { address: '', phone: residentPhone() });
  await dispatch(s.url, S.dispatcher, code, team);
  assert.equal((await vact(s.url, me, code, 'accept')).status, 303);
  const p = await vpage(me, code);
  assert.match(p.html, /<dt>详细地址<\/dt><dd>群众没有填写，请打电话问清楚<\/dd>/);
  assert.doesNotMatch(p.html, /geo:/);
});

/* ---------- phones: 座机 and the ways other systems write a number ---------- */

const stored = (code) => one(`SELECT contact_phone AS mobile, contact_landline AS landline FROM orders WHERE code = '${code}'`);
// The error shown beside the phone field of a form page, or null.
const phoneError = (html) => (html.match(/<p class="err" id="e-phone">([^<]*)<\/p>/) || [])[1] || null;

test('the public form takes a 座机 with its area code and a mobile written any usual way, and stores one form', async () => {
  const cases = [
    ['0349-5021234', { mobile: '', landline: '0349-5021234' }],
    ['0349 502 1234', { mobile: '', landline: '0349-5021234' }],
    ['(0349)5021235', { mobile: '', landline: '0349-5021235' }],
    ['+86 139 1234 0061', { mobile: '13912340061', landline: '' }],
    ['139-1234-0062', { mobile: '13912340062', landline: '' }],
    ['8613912340063', { mobile: '13912340063', landline: '' }],
  ];
  for (const [typed, want] of cases) {
    const { code } = await submit(s.url, { phone: typed });
    assert.deepEqual(stored(code), want, typed);
  }
  // The form says a 座机 is welcome.
  const form = await (await fetch(`${s.url}/order/new`)).text();
  assert.match(form, /<label for="f-phone">联系电话/);
  assert.match(form, /或带区号的座机号码（如 0349-5021234）/);
});

test('a number that is neither is refused beside the field, with what was typed kept', async () => {
  for (const typed of ['5021234', '139 1234 006', '0349-1021234', '+1 212 555 0100']) {
    const r = await post(s.url, '/order/new', { ...GOOD, phone: typed, ...(await newForm(s.url)) });
    assert.equal(r.status, 400, typed);
    const html = await r.text();
    assert.equal(phoneError(html), '请填写手机号码，或带区号的座机号码（如 0349-5021234）', typed);
    assert.ok(html.includes(`value="${typed}"`), `${typed} kept`);
    assert.ok(html.includes(`value="${GOOD.need}"`) || html.includes(GOOD.need), 'the rest kept');
  }
});

test('staff take a request by phone from a resident with only a 座机', async () => {
  const form = await page(s.url, '/desk/new', S.station);
  const r = await post(s.url, '/desk/new', { ...formTokens(form), ...GOOD, phone: '0349-5029876', channel: 'phone' },
    { cookie: S.station.cookie });
  assert.equal(r.status, 303);
  const code = r.headers.get('location').split('/').pop();
  assert.deepEqual(stored(code), { mobile: '', landline: '0349-5029876' });
});

test('the desk finds a request by its number however it is written', async () => {
  const { code } = await submit(s.url, { phone: '0349-5027777' });
  for (const q of ['0349-5027777', '03495027777', '0349 502 7777']) {
    const html = await page(s.url, `/desk?q=${encodeURIComponent(q)}`, S.dispatcher);
    assert.deepEqual(rowCodes(html), [code], q);
  }
  const m = await submit(s.url, { phone: '13912347777' });
  const html = await page(s.url, `/desk?q=${encodeURIComponent('+86 139 1234 7777')}`, S.dispatcher);
  assert.deepEqual(rowCodes(html), [m.code]);
});

test('a resident with a 座机 rates from the tracking page with its last four digits', async () => {
  const { code } = await completedBySql(s.url, s.db, { changes: { phone: '0349-5024321' } });
  const r = await rateByCode(s.url, code, { last4: '4321', level: '5' });
  assert.equal(r.status, 303);
  assert.equal(one(`SELECT r.level FROM ratings r JOIN orders o ON o.id = r.order_id WHERE o.code = '${code}'`).level, 5);
});

test('Open311 takes phones as FixMyStreet and others send them, and a 座机; phone and attribute[phone] compare as numbers', async () => {
  const key = execFileSync(bin, ['apikey', 'add', 'field-test', '--db', s.db], { encoding: 'utf8' }).trim();
  const station = one("SELECT code FROM orgs WHERE code = '140602100201'").code;
  const create = async (fields) => {
    const r = await fetch(`${s.url}/open311/v2/requests.json`, { method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: key, service_code: 'tutoring', address_id: station,
        first_name: '王', last_name: '大爷', description: '需要帮忙', 'attribute[consent]': 'yes', ...fields }) });
    return { status: r.status, json: await r.json() };
  };
  for (const [fields, want] of [
    [{ phone: '139 1234 0071' }, { mobile: '13912340071', landline: '' }],
    [{ phone: '+8613912340072' }, { mobile: '13912340072', landline: '' }],
    [{ phone: '0349-5021288' }, { mobile: '', landline: '0349-5021288' }],
    [{ phone: '139 1234 0073', 'attribute[phone]': '+86-139-1234-0073' }, { mobile: '13912340073', landline: '' }],
  ]) {
    const r = await create(fields);
    assert.equal(r.status, 200, JSON.stringify(fields) + JSON.stringify(r.json));
    assert.deepEqual(stored(r.json[0].service_request_id), want, JSON.stringify(fields));
  }
  let r = await create({ phone: '139 1234 0074', 'attribute[phone]': '13912340075' });
  assert.equal(r.status, 400);
  assert.match(JSON.stringify(r.json), /phone与attribute\[phone\]不一致/);
  r = await create({ phone: '12345' });
  assert.equal(r.status, 400);
  assert.match(JSON.stringify(r.json), /phone：请填写手机号码，或带区号的座机号码/);
});

/* ---------- what the resident and the volunteer read ---------- */

test('the tracking page shows by when and which team once dispatched, no person; a reason once; 不予受理 for 不予受理', async () => {
  const { code } = await submit(s.url, { phone: residentPhone() });
  let html = await (await fetch(`${s.url}/track/${code}`)).text();
  const due = one(`SELECT due_at FROM orders WHERE code = '${code}'`).due_at;
  const bj = new Date((due + 8 * 3600) * 1000).toISOString().replace('T', ' ').slice(0, 16);
  assert.match(html, new RegExp(`<dt>预计办理</dt><dd>${bj} 前</dd>`));
  assert.doesNotMatch(html, /<dt>服务队<\/dt>/, 'no team before dispatch');
  await dispatch(s.url, S.dispatcher, code, team);
  html = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.match(html, /<dt>服务队<\/dt><dd>神头镇志愿服务分队<\/dd>/);
  assert.equal((await vact(s.url, me, code, 'accept')).status, 303);
  html = await (await fetch(`${s.url}/track/${code}`)).text();
  const volunteer = one(`SELECT name, phone FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`);
  assert.ok(!html.includes(volunteer.name) && !html.includes(volunteer.phone), 'no volunteer on the public page');
  // Rejected: the staff's word, the reason beside the state and not again in the timeline.
  const r = await submit(s.url, { phone: residentPhone() });
  const desk = await page(s.url, `/desk/order/${r.code}`, S.dispatcher);
  const reason = '本周已安排同类服务，请下周再约';
  assert.equal((await post(s.url, `/desk/order/${r.code}/reject`, { csrf: S.dispatcher.csrf,
    version: desk.match(/name="version" value="(\d+)"/)[1], reason }, { cookie: S.dispatcher.cookie })).status, 303);
  html = await (await fetch(`${s.url}/track/${r.code}`)).text();
  assert.match(html, /<span class="state state-rejected">不予受理<\/span>/);
  assert.equal(html.split(reason).length - 1, 1, 'the reason is printed once');
  assert.doesNotMatch(html, /已拒绝|预计办理/);
});

test('a volunteer with nothing in hand reads 暂无; the completion hint names who confirms the hours', async () => {
  const fresh = await vSignIn(s.url, DEMO_VOLUNTEERS[2]);
  const list = await page(s.url, '/v', fresh);
  assert.match(list, /<h2>我正在做的<\/h2>\s*<ul class="rows">\s*<li><p>暂无<\/p><\/li><\/ul>/);
  // A team's task: its leader or the staff who dispatched it.
  const a = await submit(s.url, { phone: residentPhone() });
  await dispatch(s.url, S.dispatcher, a.code, team);
  assert.equal((await vact(s.url, fresh, a.code, 'accept')).status, 303);
  let html = await page(s.url, `/v/task/${a.code}`, fresh);
  assert.match(html, /时长由服务队队长或派单的工作人员确认后计入服务记录/);
  // A task open for claiming (抢单): only the place's staff.
  const b = await submit(s.url, { phone: residentPhone() });
  const desk = await page(s.url, `/desk/order/${b.code}`, S.dispatcher);
  const area = desk.match(/<select id="f-area" name="area"><option value="(\d+)">/)[1];
  assert.equal((await post(s.url, `/desk/order/${b.code}/publish`, { csrf: S.dispatcher.csrf,
    version: desk.match(/name="version" value="(\d+)"/)[1], area }, { cookie: S.dispatcher.cookie })).status, 303);
  assert.equal((await vact(s.url, fresh, b.code, 'accept')).status, 303);
  html = await page(s.url, `/v/task/${b.code}`, fresh);
  assert.match(html, /时长由发布抢单的实践站、实践所或中心的工作人员确认后计入服务记录/);
  assert.doesNotMatch(html, /服务队队长/);
});

test('no page a user reads names a setting', async () => {
  for (const path of ['/', '/order/new', '/sites', '/sites/1/poster', '/track', '/privacy', '/services']) {
    const html = await (await fetch(s.url + path)).text();
    assert.doesNotMatch(html, /SIDAN_[A-Z_]+/, path);
  }
});

/* ---------- the hotline ---------- */

test('the centre\'s hotline, set on the desk, is offered on the form, the tracking pages, each site page and the poster', async () => {
  const centre = one("SELECT id FROM orgs WHERE kind = 'center'").id;
  const mayi = one("SELECT id FROM orgs WHERE code = '140602100201'").id;
  const { code } = await submit(s.url, { phone: residentPhone() });
  const pages = ['/order/new', '/track?code=AAAAAAAAA', `/track/${code}`, `/sites/${mayi}`, `/sites/${mayi}/poster`];
  // None on record: nothing made up.
  for (const p of pages)
    assert.doesNotMatch(await (await fetch(s.url + p)).text(), /服务热线/, `${p}: no hotline before one is set`);
  // The centre's staff set the centre's office phone on the desk; the 站 its own.
  const set = async (who, id, phone) => {
    const form = await page(s.url, `/desk/sites/${id}`, who);
    const r = await post(s.url, `/desk/sites/${id}`, { csrf: who.csrf, address: '', open_hours: '', lat: '', lon: '',
      ...Object.fromEntries([...form.matchAll(/name="(address|open_hours|lat|lon)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]])),
      office_phone: phone }, { cookie: who.cookie });
    assert.equal(r.status, 303, `set ${phone}`);
  };
  await set(S.dispatcher, centre, '0349-2021234');
  await set(S.station, mayi, '0349-5025678');
  for (const p of pages) {
    const html = await (await fetch(s.url + p)).text();
    assert.match(html, /服务热线(<\/dt><dd>)?[^<]*<a href="tel:0349-2021234">0349-2021234<\/a>|服务热线 0349-2021234/, `${p}: the hotline`);
  }
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.match(track, /或服务地点的办公电话 <a href="tel:0349-5025678">0349-5025678<\/a>/, 'and the place\'s own office');
  const poster = await (await fetch(`${s.url}/sites/${mayi}/poster`)).text();
  assert.match(poster, /或拨打办公电话 0349-5025678，或拨打中心服务热线 0349-2021234。/);
});

test('the 点单 form offers services as one list, no platform; staff entry keeps the platforms', async () => {
  const form = await (await fetch(`${s.url}/order/new`)).text();
  const select = form.match(/<select id="f-service"[\s\S]*?<\/select>/)[0];
  assert.doesNotMatch(select, /optgroup/, 'no platform headings for residents');
  assert.ok((select.match(/<option value="[a-z-]+"/g) || []).length >= 18, 'every service offered');
  const texts = [...select.matchAll(/<option value="[a-z-]+"[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);
  for (const p of ['理论宣讲', '教育服务', '文化文艺', '科技科普', '健身体育'])
    assert.ok(!texts.includes(p) && !select.includes(`label="${p}"`), p);
  const desk = await page(s.url, '/desk/new', S.station);
  assert.match(desk.match(/<select id="f-service"[\s\S]*?<\/select>/)[0], /<optgroup label="理论宣讲">/);
});

test('a volunteer may write their mobile as people do, to join and to sign in; a 座机 is refused for sign-in', async () => {
  const { apply, application, tryVLogin, APPLICANT_PASSWORD } = await import('../lib/volunteer.mjs');
  let r = await apply(s.url, application({ phone: '139 1234 0099', team: String(team) }));
  assert.equal(r.status, 303, 'applied');
  assert.equal(one("SELECT count(*) AS n FROM volunteers WHERE phone = '13912340099'").n, 1, 'stored as 11 digits');
  r = await apply(s.url, application({ phone: '0349-5021234', team: String(team) }));
  assert.equal(r.status, 400);
  assert.match(await r.text(), /请填写11位手机号码（以13至19开头）/);
  sql(s.db, "UPDATE volunteers SET status = 'approved', number = 'SC2026990099' WHERE phone = '13912340099'");
  r = await tryVLogin(s.url, '+86 139-1234-0099', APPLICANT_PASSWORD);
  assert.equal(r.status, 303, 'signed in with the number written another way');
});
