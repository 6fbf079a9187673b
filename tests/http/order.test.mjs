// order.test.mjs: 群众点单, the manage link and 一码可查, as a resident's
// browser would drive them, through real nginx and sidan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, sql, securityHeaders } from '../lib/harness.mjs';
import { fcgiRequest } from '../lib/fcgi.mjs';
import { GOOD, formTokens, newForm, post, submit, forgeFormToken } from '../lib/order.mjs';
import { nowMs } from '../lib/clock.mjs';

let s;
before(async () => { s = await start(); });
after(async () => { await s.stop(); });

const orders = () => sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n;

test('the service menu lists every active service with a link to order it', async () => {
  const r = await fetch(s.url + '/services');
  assert.equal(r.status, 200);
  const html = await r.text();
  const services = sql(s.db, 'SELECT code, name FROM services WHERE active = 1');
  assert.ok(services.length >= 15);
  for (const { code, name } of services) {
    assert.ok(html.includes(name), name);
    assert.ok(html.includes(`href="/order/new?service=${code}"`), code);
  }
  // No platform headings: residents need not know them (menu.test.mjs).
  for (const p of ['理论宣讲', '教育服务', '文化文艺', '科技科普', '健身体育']) assert.ok(!html.includes(`>${p}</h2>`));
});

test('the form offers services, the 14 所 and their 站, and can arrive with choices made', async () => {
  const html = await (await fetch(s.url + '/order/new?service=health-check&site=140602100201')).text();
  assert.equal((html.match(/<option value="140602\d{3}000"/g) || []).length, 14);
  assert.match(html, /<option value="health-check" selected>健康义诊<\/option>/);
  assert.match(html, /<option value="140602100000" selected>神头镇<\/option>/);
  assert.match(html, /<option value="140602100201" selected>马邑村<\/option>/);
  assert.match(html, /<optgroup label="神头镇" data-institute="140602100000">/);
  assert.match(html, /演示站01（演示）/);
  assert.match(html, /href="\/privacy"/);
  const again = formTokens(await (await fetch(s.url + '/order/new')).text());
  assert.notEqual(again.nonce, formTokens(html).nonce, 'each form has its own nonce');
});

test('a valid submission makes one order and shows the code, QR and manage link', async () => {
  const before = orders();
  const { location, token, code, html } = await submit(s.url, { name: '提交测试人', phone: '13912345678' });
  assert.equal(orders(), before + 1);
  assert.match(html, /申请已提交/);
  assert.match(html, /请记下您的<strong>查询码<\/strong>/);
  assert.ok(html.includes(`<img src="/track/${code}/qr.svg"`));
  assert.ok(html.includes(`/m/${token}</a>`), 'the manage link is shown');
  assert.ok(location.startsWith('/m/'));
  const [row] = sql(s.db, `SELECT state, channel, contact_phone, contact_name, consent_at IS NOT NULL AS consent,
    length(token_hash) AS th, (SELECT count(*) FROM order_events e WHERE e.order_id = o.id) AS events
    FROM orders o WHERE code = '${code}'`);
  assert.deepEqual(row, { state: 'submitted', channel: 'web', contact_phone: '13912345678',
    contact_name: '提交测试人', consent: 1, th: 32, events: 1 });
  // Only the hash of the manage secret is stored.
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM orders WHERE hex(token_hash) LIKE '%${Buffer.from(token).toString('hex').slice(0, 16).toUpperCase()}%'`)[0].n, 0);
  assert.match(code, /^[2-9A-HJKMNP-Z]{9}$/, 'no 0 O 1 I L');
});

const CASES = [
  ['service', { service: '' }, '请选择服务项目'],
  ['service', { service: 'no-such-service' }, '没有这个服务项目'],
  ['institute', { institute: '', station: '' }, '请选择您所在的实践所'],
  ['institute', { institute: '140602100201' }, '请从列表中选择实践所'],
  ['station', { station: '140602200000/上团堡' }, '所选实践站不属于所选的实践所'],
  ['station', { station: 'nonsense' }, '请从列表中选择实践站'],
  ['address', { address: '第一行\n第二行' }, '请写在一行内'],
  ['address', { address: '长'.repeat(101) }, '不能超过100个字'],
  ['need', { need: '   ' }, '此项必须填写'],
  ['need', { need: '需'.repeat(501) }, '不能超过500个字'],
  ['wanted', { wanted: '时'.repeat(41) }, '不能超过40个字'],
  ['name', { name: '' }, '此项必须填写'],
  ['name', { name: '名'.repeat(21) }, '不能超过20个字'],
  ['phone', { phone: '' }, '此项必须填写'],
  ['phone', { phone: '12800138000' }, '请填写手机号码，或带区号的座机号码'],
  ['phone', { phone: '1380013800' }, '请填写手机号码，或带区号的座机号码'],
  ['phone', { phone: '1380013800a' }, '请填写手机号码，或带区号的座机号码'],
  ['consent', { consent: '' }, '请阅读并同意'],
];

for (const [field, change, message] of CASES) {
  test(`a bad ${field} (${JSON.stringify(change).slice(0, 40)}) gets its own message; the rest is kept`, async () => {
    const before = orders();
    const t = await newForm(s.url);
    const fields = { ...GOOD, ...change, ...t };
    if (change.consent === '') delete fields.consent;
    const r = await post(s.url, '/order/new', fields);
    assert.equal(r.status, 400);
    const html = await r.text();
    const err = html.match(new RegExp(`<p class="err" id="e-${field}">([^<]*)</p>`));
    assert.ok(err, `message beside ${field}`);
    assert.ok(err[1].includes(message), `${err[1]} has ${message}`);
    assert.equal((html.match(/<p class="err"/g) || []).length, 1, 'only that field is marked');
    assert.match(html, /有 1 处需要修改/);
    // Everything else typed is still there.
    if (field !== 'need') assert.ok(html.includes(`>${GOOD.need}</textarea>`));
    if (field !== 'phone') assert.ok(html.includes(`value="${GOOD.phone}"`));
    if (field !== 'name') assert.ok(html.includes(`value="${GOOD.name}"`));
    if (field !== 'consent') assert.match(html, /name="consent" type="checkbox" value="yes" checked/);
    assert.equal(formTokens(html).nonce, t.nonce, 'the same form goes on');
    assert.equal(orders(), before, 'nothing stored');
  });
}

test('a double submit (double tap, refresh, back and submit again) makes one order', async () => {
  const t = await newForm(s.url);
  const before = orders();
  const fields = { ...GOOD, phone: '13700000001', ...t };
  const [a, b] = await Promise.all([post(s.url, '/order/new', fields), post(s.url, '/order/new', fields)]);
  const c = await post(s.url, '/order/new', fields);
  assert.deepEqual([a.status, b.status, c.status], [303, 303, 303]);
  assert.equal(a.headers.get('location'), b.headers.get('location'));
  assert.equal(a.headers.get('location'), c.headers.get('location'));
  assert.equal(orders(), before + 1);
});

test('a POST without a valid form token or from another site is refused with 403', async () => {
  const t = await newForm(s.url);
  const before = orders();
  for (const [fields, headers] of [
    [{ ...GOOD }, {}],
    [{ ...GOOD, nonce: t.nonce, csrf: 'x'.repeat(43) }, {}],
    [{ ...GOOD, nonce: t.nonce + '1', csrf: t.csrf }, {}],
    [{ ...GOOD, ...t }, { origin: 'http://evil.example' }],
  ]) {
    const r = await post(s.url, '/order/new', fields, headers);
    assert.equal(r.status, 403);
    securityHeaders(assert, r.headers, '403');
    assert.match(await r.text(), /没有权限/);
  }
  assert.equal(orders(), before);
  // The right Origin is fine.
  const ok = await post(s.url, '/order/new', { ...GOOD, ...t, phone: '13700000002' }, { origin: s.url });
  assert.equal(ok.status, 303);
});

test('a form left open too long is refused kindly, with the input kept and a fresh token', async () => {
  const nonce = `${'ab'.repeat(16)}.${Math.floor(nowMs() / 1000) - 25 * 3600}`;
  const csrf = forgeFormToken(s.db, nonce);
  const before = orders();
  const r = await post(s.url, '/order/new', { ...GOOD, nonce, csrf });
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.match(html, /打开太久已经失效/);
  assert.ok(html.includes(`>${GOOD.need}</textarea>`));
  assert.notEqual(formTokens(html).nonce, nonce);
  assert.equal(orders(), before);
});

test('the tracking page shows the service, place, state and timeline, and no name or phone', async () => {
  const { code } = await submit(s.url, { name: '隐私标记甲乙', phone: '13612345678', address: '地址标记丙丁', need: '需求标记戊己' });
  const r = await fetch(`${s.url}/track/${code}`);
  assert.equal(r.status, 200);
  const html = await r.text();
  for (const secret of ['隐私标记甲乙', '13612345678', '1361', '5678', '地址标记丙丁', '需求标记戊己', '****'])
    assert.ok(!html.includes(secret), `no ${secret}`);
  assert.match(html, /课业辅导/);
  assert.match(html, /神头镇 · 马邑村/);
  assert.match(html, /待审核/);
  assert.match(html, /提交申请/);
  assert.ok(html.includes(`<img src="/track/${code}/qr.svg"`));
  // Any case, spaces and dashes.
  const pretty = `${code.slice(0, 3)}-${code.slice(3, 6)} ${code.slice(6)}`.toLowerCase();
  assert.equal((await fetch(`${s.url}/track/${encodeURIComponent(pretty)}`)).status, 200);
  const q = await fetch(`${s.url}/track?code=${encodeURIComponent(pretty)}`, { redirect: 'manual' });
  assert.equal(q.status, 303);
  assert.equal(q.headers.get('location'), `/track/${code}`);
});

test('an unknown or malformed code gets a 404 page that offers the form again', async () => {
  for (const p of ['/track/ABCDEFGHJ', '/track/0000', '/track?code=O0I1L', '/track?code=abc']) {
    const r = await fetch(s.url + p);
    assert.equal(r.status, 404, p);
    const html = await r.text();
    assert.match(html, /未找到查询码/);
    assert.match(html, /<form class="form" method="get" action="\/track">/);
    assert.match(html, /href="\/order\/new"/);
  }
});

test('the QR code is an SVG image for an existing code only', async () => {
  const { code } = await submit(s.url, { phone: '13612340000' });
  const r = await fetch(`${s.url}/track/${code}/qr.svg`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
  const svg = await r.text();
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
  assert.match(svg, /<title>查询办理进度的二维码<\/title>/);
  assert.match(svg, /<path fill="#000" d="(M\d+ \d+h\d+v1h-\d+z)+"\/><\/svg>/);
  assert.equal((await fetch(`${s.url}/track/ABCDEFGHJ/qr.svg`)).status, 404);
});

test('the resident cancels with a reason through the private link', async () => {
  const { token, code } = await submit(s.url, { phone: '13512345678' });
  const page = await (await fetch(`${s.url}/m/${token}`)).text();
  const t = formTokens(page);
  let r = await post(s.url, `/m/${token}/cancel`, { ...t, reason: '  ' });
  assert.equal(r.status, 400);
  assert.match(await r.text(), /请写一下取消的原因/);
  assert.equal(sql(s.db, `SELECT state FROM orders WHERE code = '${code}'`)[0].state, 'submitted');
  r = await post(s.url, `/m/${token}/cancel`, { ...t, reason: '已经找到人帮忙了' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/m/${token}?cancelled=1`);
  const after = await (await fetch(s.url + r.headers.get('location'))).text();
  assert.match(after, /申请已取消/);
  assert.doesNotMatch(after, /action="\/m\/[^"]+\/cancel"/, 'no cancel form any more');
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.match(track, /已取消/);
  assert.ok(!track.includes('已经找到人帮忙了'), "the resident's words stay off the public page");
  const ev = sql(s.db, `SELECT actor, from_state, to_state, note FROM order_events e JOIN orders o ON o.id = e.order_id
    WHERE o.code = '${code}' ORDER BY e.id`);
  assert.deepEqual(ev.map((e) => e.to_state), ['submitted', 'cancelled']);
  assert.deepEqual(ev[1], { actor: 'resident', from_state: 'submitted', to_state: 'cancelled', note: '已经找到人帮忙了' });
});

test('once a volunteer has accepted, the manage page says why it cannot be cancelled', async () => {
  const { token, code } = await submit(s.url, { phone: '13512340001' });
  const t = formTokens(await (await fetch(`${s.url}/m/${token}`)).text());
  sql(s.db, `UPDATE orders SET state = 'accepted' WHERE code = '${code}'`);
  const html = await (await fetch(`${s.url}/m/${token}`)).text();
  assert.match(html, /志愿者已经接单/);
  assert.doesNotMatch(html, /action="\/m\/[^"]+\/cancel"/);
  const r = await post(s.url, `/m/${token}/cancel`, { ...t, reason: '不需要了' });
  assert.equal(r.status, 409);
  assert.match(await r.text(), /志愿者已经接单/);
  assert.equal(sql(s.db, `SELECT state FROM orders WHERE code = '${code}'`)[0].state, 'accepted');
});

test('a wrong or tampered manage token gets 404', async () => {
  const { token } = await submit(s.url, { phone: '13512340002' });
  const t = formTokens(await (await fetch(`${s.url}/m/${token}`)).text());
  const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
  for (const p of [`/m/${tampered}`, `/m/${token.slice(0, 42)}`, '/m/short', `/m/${token}x`]) {
    assert.equal((await fetch(s.url + p)).status, 404, p);
  }
  assert.equal((await post(s.url, `/m/${tampered}/cancel`, { ...t, reason: 'x' })).status, 404);
});

test('a body shorter than announced is a 400', async () => {
  const out = await fcgiRequest(path.join(s.dir, 'sidan.sock'), {
    REQUEST_METHOD: 'POST', DOCUMENT_URI: '/order/new', QUERY_STRING: '', REMOTE_ADDR: '127.0.0.1',
    CONTENT_TYPE: 'application/x-www-form-urlencoded', CONTENT_LENGTH: '100',
  }, async () => {}, 'need=short');
  assert.match(out, /^Status: 400 /);
});

test('the daily limit per phone number gives 429 with the input kept', async () => {
  const l = await start({ env: { SIDAN_LIMIT_PHONE: '2' } });
  try {
    for (let i = 0; i < 2; i++) await submit(l.url, { phone: '13300000000' });
    const t = await newForm(l.url);
    const r = await post(l.url, '/order/new', { ...GOOD, phone: '13300000000', ...t });
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
    const html = await r.text();
    assert.match(html, /用这个电话号码提交的申请已达上限（2次）/);
    assert.ok(html.includes(`>${GOOD.need}</textarea>`));
    assert.equal(sql(l.db, "SELECT count(*) AS n FROM orders WHERE contact_phone = '13300000000'")[0].n, 2);
    // Another number is still welcome.
    await submit(l.url, { phone: '13300000001' });
  } finally { await l.stop(); }
});

test('the privacy page explains the use of contact details', async () => {
  const r = await fetch(s.url + '/privacy');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /只用来办理您这一次的申请/);
  assert.match(html, /公开页面.*不显示任何人的姓名和电话/);
});
