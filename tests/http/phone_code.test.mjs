// phone_code.test.mjs: 验证码 (issue 15 item 4) through real nginx and
// sidan with an SMS gateway (SIDAN_MESSAGES_FILE: the housekeeping process
// appends each SMS to a file, as `make run` does). A resident who gives a
// mobile confirms it in a second step, with plain form posts (no
// JavaScript), everything typed kept; wrong, expired, reused and used-up
// codes are refused beside the code field; codes are limited per phone and
// per client address; a 座机, staff entry and a server without a gateway
// keep the one step; 不接收短信 is stored; only confirmed phones count
// towards the per-phone daily limit; volunteers sign in with a code that
// only an approved volunteer's phone receives, while every phone gets the
// same answer. Each test posts from its own loopback address (127.0.0.N),
// so the per-client limits of one do not touch another.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, sql } from '../lib/harness.mjs';
import { GOOD, formTokens, newForm, post } from '../lib/order.mjs';
import { postFrom, vnuErrorsMany } from '../lib/volunteer.mjs';
import { signIn, page } from '../lib/staff.mjs';
import { advanceClock } from '../lib/clock.mjs';

let s, smsFile;
before(async () => {
  const base = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '.tmp');
  fs.mkdirSync(base, { recursive: true });
  smsFile = path.join(fs.mkdtempSync(path.join(base, 'sms-')), 'messages.log');
  s = await start({ env: { SIDAN_MESSAGES_FILE: smsFile, SIDAN_CODE_CLIENT: '6', SIDAN_LIMIT_PHONE: '2' } });
});
after(async () => {
  await s.stop();
  if (!process.env.KEEP_TMP) fs.rmSync(path.dirname(smsFile), { recursive: true, force: true });
});

// Polls check() every 50 ms until it returns something truthy or ms pass.
// (Waiting for the housekeeping process to deliver, not for time to pass.)
async function until(check, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The SMS the gateway received for phone, oldest first.
function smsTo(phone) {
  if (!fs.existsSync(smsFile)) return [];
  return fs.readFileSync(smsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
    .filter((m) => m.to === phone);
}

// The code of the newest 验证码 written for phone, as the gateway received
// it; once sent, the stored copy of the message keeps no digits.
async function codeOf(phone) {
  const [row] = sql(s.db, `SELECT id FROM messages WHERE phone = '${phone}' AND kind LIKE 'code_%'
    ORDER BY id DESC LIMIT 1`);
  assert.ok(row, `a code was written for ${phone}`);
  const sms = await until(() => smsTo(phone).find((m) => m.id === row.id));
  assert.ok(sms, `the gateway received the code for ${phone}`);
  const m = sms.text.match(/验证码(\d{6})/);
  assert.ok(m, sms.text);
  const kept = await until(() => sql(s.db, `SELECT text FROM messages WHERE id = ${row.id} AND sms = 'sent'`)[0]);
  assert.ok(kept, 'marked sent');
  assert.equal(kept.text, sms.text.replace(m[1], '******'), 'the stored text hides the code');
  return m[1];
}

// A code that is not code.
const wrongOf = (code) => code.slice(0, 5) + String((Number(code[5]) + 1) % 10);

// Decodes what the templates' HTML escaping wrote.
const unescape = (v) => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
  .replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// The hidden inputs of the form holding name="step", as a browser posts them.
function hiddenOf(html) {
  const form = html.match(/<form[^>]*action="\/order\/new"[^>]*>([\s\S]*?)<\/form>/);
  assert.ok(form && form[1].includes('name="step"'), 'the step 2 form');
  const out = {};
  for (const m of form[1].matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g)) out[m[1]] = unescape(m[2]);
  return out;
}

// The text of the error beside the code field, or null.
const codeError = (html) => (html.match(/<p class="err" id="e-code">([^<]*)<\/p>/) || [])[1] || null;

const orderOfNonce = (nonce) => sql(s.db, `SELECT code, phone_confirmed, sms_ok, contact_phone FROM orders
  WHERE form_nonce = '${nonce}'`)[0];

// What a resident types, with characters the page must escape and keep.
const TYPED = {
  ...GOOD, address: '马邑村东街12号 "后院" <西门> & 3单元', need: '孩子三年级数学需要辅导，每周两次\n周末也可以',
  wanted: '周六上午 & 下午',
};

// Step 1 from addr: a fresh form filled with TYPED and changes. Returns
// { r, html, tokens }.
async function step1(addr, changes = {}) {
  const tokens = await newForm(s.url);
  const r = await postFrom(addr, s.url, '/order/new', { ...TYPED, ...changes, ...tokens });
  return { r, html: await r.text(), tokens };
}

// A step 2 button pressed on the page html, with the code typed.
async function step2(addr, html, act, code = '') {
  const r = await postFrom(addr, s.url, '/order/new', { ...hiddenOf(html), sms_code: code, do: act });
  return { r, html: await r.text() };
}

test('a mobile is confirmed in a second step, with plain form posts, everything typed kept', async () => {
  const addr = '127.0.0.11', phone = '13800138101';
  const form = await (await fetch(s.url + '/order/new')).text();
  assert.match(form, /不接收短信通知（我会自己用查询码查看进度）/);
  const { r, html, tokens } = await step1(addr, { phone: '138 0013 8101' });
  assert.equal(r.status, 200);
  assert.match(html, /确认手机号/);
  assert.match(html, /<label for="f-code">短信验证码（已发送到手机 138\*\*\*\*8101）/);
  assert.match(html, /name="do" value="resend">重新发送验证码</);
  assert.match(html, /name="do" value="back">返回修改</);
  assert.doesNotMatch(html, /<script/, 'works without JavaScript');
  // The summary and the hidden fields hold everything as typed.
  assert.ok(html.includes('马邑村东街12号 &quot;后院&quot; &lt;西门&gt; &amp; 3单元'));
  const [service] = sql(s.db, "SELECT name FROM services WHERE code = 'tutoring'");
  assert.ok(html.includes(`<dt>服务项目</dt><dd>${service.name}</dd>`));
  assert.match(html, /<dd>神头镇 · 马邑村<\/dd>/);
  const hidden = hiddenOf(html);
  for (const k of ['service', 'institute', 'station', 'address', 'need', 'wanted', 'name', 'consent']) {
    assert.equal(hidden[k], TYPED[k], k);
  }
  assert.equal(hidden.phone, '138 0013 8101');
  assert.equal(hidden.nonce, tokens.nonce, 'the same form nonce in step 2');
  assert.equal(orderOfNonce(tokens.nonce), undefined, 'no request before the code');
  // The SMS reaches the gateway: 【文明朔城】, the code, nothing else of the form.
  const code = await codeOf(phone);
  const [sms] = smsTo(phone);
  assert.match(sms.text, /^【文明朔城】验证码\d{6}，/);
  assert.ok(!sms.text.includes('马邑村'));
  // Stored only as a keyed hash.
  const [row] = sql(s.db, `SELECT length(code_hash) AS n, expires_at - created_at AS ttl, client FROM phone_codes
    WHERE phone = '${phone}'`);
  assert.deepEqual(row, { n: 32, ttl: 600, client: addr });
  // Step 2 with the right code, as typed on a phone (spaces).
  const done = await step2(addr, html, 'confirm', `${code.slice(0, 3)} ${code.slice(3)}`);
  assert.equal(done.r.status, 303);
  const location = done.r.headers.get('location');
  assert.match(location, /^\/m\/[A-Za-z0-9_-]{43}\?new=1$/);
  const made = orderOfNonce(tokens.nonce);
  assert.deepEqual({ ...made, code: undefined }, { code: undefined, phone_confirmed: 1, sms_ok: 1, contact_phone: phone });
  const [o] = sql(s.db, `SELECT address, need, wanted_time FROM orders WHERE code = '${made.code}'`);
  assert.deepEqual(o, { address: TYPED.address, need: TYPED.need, wanted_time: TYPED.wanted });
  const manage = await (await fetch(s.url + location)).text();
  assert.match(manage, /申请已提交/);
  // Pressed twice (or back and again): the same request, no second one.
  const again = await step2(addr, html, 'confirm', code);
  assert.equal(again.r.status, 303);
  assert.equal(again.r.headers.get('location'), location);
  const first = await postFrom(addr, s.url, '/order/new', { ...TYPED, phone: '138 0013 8101', ...tokens });
  assert.equal(first.status, 303, 'step 1 of a form already used goes to its request');
  assert.equal(first.headers.get('location'), location);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM orders WHERE form_nonce = '${tokens.nonce}'`)[0].n, 1);
  assert.equal(smsTo(phone).length, 1, 'no code sent for a form already used');
});

test('返回修改 goes back to the full form with everything kept', async () => {
  const addr = '127.0.0.12';
  const { html } = await step1(addr, { phone: '13800138102', nosms: '1' });
  const back = await step2(addr, html, 'back');
  assert.equal(back.r.status, 200);
  assert.match(back.html, /<h1>我要点单<\/h1>/);
  assert.doesNotMatch(back.html, /class="err"/, 'no errors');
  assert.ok(back.html.includes('value="马邑村东街12号 &quot;后院&quot; &lt;西门&gt; &amp; 3单元"'));
  assert.ok(back.html.includes('>孩子三年级数学需要辅导，每周两次\n周末也可以</textarea>'));
  assert.ok(back.html.includes('value="周六上午 &amp; 下午"'));
  assert.ok(back.html.includes('value="13800138102"'));
  assert.match(back.html, /<option value="tutoring" selected>/);
  assert.match(back.html, /<option value="140602100201" selected>/);
  assert.match(back.html, /id="f-consent" name="consent" type="checkbox" value="yes" checked/);
  assert.match(back.html, /id="f-nosms" name="nosms" type="checkbox" value="1" checked/);
  assert.equal(formTokens(back.html).nonce, hiddenOf(html).nonce, 'the same form, the same nonce');
  // A change, then step 1 again: a new code to the new phone.
  const t = formTokens(back.html);
  const r = await postFrom(addr, s.url, '/order/new', { ...TYPED, phone: '13800138103', nosms: '1', ...t });
  assert.equal(r.status, 200);
  assert.match(await r.text(), /已发送到手机 138\*\*\*\*8103/);
});

test('a wrong code is refused beside the field, everything kept; the right one still works', async () => {
  const addr = '127.0.0.13', phone = '13800138104';
  const { html, tokens } = await step1(addr, { phone });
  const code = await codeOf(phone);
  const wrong = await step2(addr, html, 'confirm', wrongOf(code));
  assert.equal(wrong.r.status, 400);
  assert.equal(codeError(wrong.html), '验证码不对，请核对短信后重新输入');
  assert.match(wrong.html, /id="f-code"[^>]*aria-invalid="true"/);
  assert.deepEqual(hiddenOf(wrong.html), hiddenOf(html), 'everything kept');
  assert.ok(wrong.html.includes(`value="${wrongOf(code)}"`), 'the code as typed is kept');
  assert.equal(orderOfNonce(tokens.nonce), undefined);
  // Not six digits: said so, and not counted as a try.
  const short = await step2(addr, html, 'confirm', '12345');
  assert.equal(short.r.status, 400);
  assert.equal(codeError(short.html), '验证码是6位数字，请按短信里的验证码输入');
  const empty = await step2(addr, html, 'confirm', '');
  assert.equal(codeError(empty.html), '请输入短信里的6位数字验证码');
  assert.equal(sql(s.db, `SELECT tries FROM phone_codes WHERE phone = '${phone}'`)[0].tries, 1);
  const ok = await step2(addr, wrong.html, 'confirm', code);
  assert.equal(ok.r.status, 303);
  assert.equal(orderOfNonce(tokens.nonce).phone_confirmed, 1);
});

test('five wrong tries kill a code; 重新发送 sends a new one that works', async () => {
  const addr = '127.0.0.14', phone = '13800138105';
  const { html, tokens } = await step1(addr, { phone });
  const code = await codeOf(phone);
  let last;
  for (let i = 0; i < 5; i++) last = await step2(addr, html, 'confirm', wrongOf(code));
  assert.equal(last.r.status, 400);
  assert.match(codeError(last.html), /输错次数过多，已经失效/);
  const late = await step2(addr, html, 'confirm', code);
  assert.equal(late.r.status, 400, 'the right code no longer works');
  assert.match(codeError(late.html), /输错次数过多/);
  assert.equal(orderOfNonce(tokens.nonce), undefined);
  const resent = await step2(addr, late.html, 'resend');
  assert.equal(resent.r.status, 200);
  assert.match(resent.html, /新的验证码已发送到手机 138\*\*\*\*8105/);
  assert.equal(codeError(resent.html), null);
  const fresh = await codeOf(phone);
  const ok = await step2(addr, resent.html, 'confirm', fresh);
  assert.equal(ok.r.status, 303);
  assert.equal(orderOfNonce(tokens.nonce).phone_confirmed, 1);
});

test('an expired code is refused (the clock moves 10 minutes on); a new one works', async () => {
  const addr = '127.0.0.15', phone = '13800138106';
  const { html, tokens } = await step1(addr, { phone });
  const code = await codeOf(phone);
  advanceClock(601);
  const late = await step2(addr, html, 'confirm', code);
  assert.equal(late.r.status, 400);
  assert.equal(codeError(late.html), '验证码已过期或已使用，请点“重新发送验证码”，把新的验证码发到 138****8106');
  assert.deepEqual(hiddenOf(late.html), hiddenOf(html));
  assert.equal(orderOfNonce(tokens.nonce), undefined);
  const resent = await step2(addr, late.html, 'resend');
  const ok = await step2(addr, resent.html, 'confirm', await codeOf(phone));
  assert.equal(ok.r.status, 303);
});

test('a code is used once: another form cannot use it again', async () => {
  const addr = '127.0.0.16', phone = '13800138107';
  const a = await step1(addr, { phone });
  const code = await codeOf(phone);
  assert.equal((await step2(addr, a.html, 'confirm', code)).r.status, 303);
  // Another form posted straight to step 2 with the code already used.
  const t = await newForm(s.url);
  const r = await postFrom(addr, s.url, '/order/new', { ...TYPED, phone, ...t, step: 'code', do: 'confirm', sms_code: code });
  assert.equal(r.status, 400);
  assert.match(codeError(await r.text()), /^验证码已过期或已使用/);
  assert.equal(orderOfNonce(t.nonce), undefined);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM orders WHERE contact_phone = '${phone}'`)[0].n, 1);
});

test('codes per phone per day: the sixth is refused with 429, the form kept', async () => {
  const addr = '127.0.0.17', phone = '13800138108';
  let { r, html } = await step1(addr, { phone });
  assert.equal(r.status, 200);
  for (let i = 0; i < 4; i++) {
    const next = await step2(addr, html, 'resend');
    assert.equal(next.r.status, 200, `resend ${i + 1}`);
    html = next.html;
  }
  const over = await step2(addr, html, 'resend');
  assert.equal(over.r.status, 429);
  assert.ok(Number(over.r.headers.get('retry-after')) > 0);
  assert.match(over.html, /今天发给手机 138\*\*\*\*8108 的验证码已达上限（5条），请明天再试/);
  assert.deepEqual(hiddenOf(over.html), hiddenOf(html), 'everything kept');
  // From another address too: the limit is the phone's.
  const other = await step1('127.0.0.18', { phone });
  assert.equal(other.r.status, 429);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM phone_codes WHERE phone = '${phone}'`)[0].n, 5);
  await until(() => smsTo(phone).length >= 5);
  assert.equal(smsTo(phone).length, 5);
  // A code already received still works.
  const ok = await step2(addr, html, 'confirm', await codeOf(phone));
  assert.equal(ok.r.status, 303);
});

test('codes per client address per day: the seventh from one address is refused', async () => {
  const addr = '127.0.0.19';
  for (let i = 0; i < 6; i++) {
    const { r } = await step1(addr, { phone: `1370000010${i}` });
    assert.equal(r.status, 200, `code ${i + 1}`);
  }
  const { r, html } = await step1(addr, { phone: '13700000109' });
  assert.equal(r.status, 429);
  assert.match(html, /今天从这个网络获取的验证码已达上限（6条）/);
  assert.equal(hiddenOf(html).address, TYPED.address);
  assert.equal(sql(s.db, "SELECT count(*) AS n FROM phone_codes WHERE phone = '13700000109'")[0].n, 0);
  // Another address is not held back.
  assert.equal((await step1('127.0.0.20', { phone: '13700000109' })).r.status, 200);
});

test('a 座机 only: one step, as before; 不接收短信 is stored', async () => {
  const addr = '127.0.0.21';
  const { r, tokens } = await step1(addr, { phone: '0349 502 1234', nosms: '1' });
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/m\//);
  assert.deepEqual({ ...orderOfNonce(tokens.nonce), code: undefined },
    { code: undefined, phone_confirmed: 0, sms_ok: 0, contact_phone: '' });
  assert.equal(sql(s.db, "SELECT count(*) AS n FROM phone_codes WHERE phone LIKE '0349%'")[0].n, 0);
});

test('不接收短信 on a confirmed mobile is stored; unticked is the default', async () => {
  const addr = '127.0.0.22', phone = '13800138110';
  const a = await step1(addr, { phone, nosms: '1' });
  assert.match(a.html, /<dt>短信通知<\/dt><dd>不接收，自己用查询码查看进度<\/dd>/);
  assert.equal(hiddenOf(a.html).nosms, '1');
  assert.equal((await step2(addr, a.html, 'confirm', await codeOf(phone))).r.status, 303);
  assert.equal(orderOfNonce(a.tokens.nonce).sms_ok, 0);
});

test('staff entry is exempt; only confirmed phones count towards the daily limit (2 here)', async () => {
  const phone = '13800138111';
  const staff = await signIn(s.url, 'dispatcher');
  const deskForm = await page(s.url, '/desk/new', staff);
  assert.match(deskForm, /群众不接收短信通知/);
  // Three requests entered at the desk for the number: no code, none counted.
  for (let i = 0; i < 3; i++) {
    const html = await page(s.url, '/desk/new', staff);
    const form = html.match(/<form class="form" method="post" action="\/desk\/new"[^>]*>([\s\S]*?)<\/form>/);
    const r = await post(s.url, '/desk/new', { ...GOOD, phone, channel: 'phone', ...formTokens(form[1]) },
      { cookie: staff.cookie });
    assert.equal(r.status, 303, `desk entry ${i + 1}`);
    assert.match(r.headers.get('location'), /^\/desk\/order\//);
  }
  assert.deepEqual(sql(s.db, `SELECT count(*) AS n, sum(phone_confirmed) AS c FROM orders WHERE contact_phone = '${phone}'`)[0],
    { n: 3, c: 0 });
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM phone_codes WHERE phone = '${phone}'`)[0].n, 0);
  // Step 1 never confirmed does not count either.
  await step1('127.0.0.23', { phone });
  // So the resident can still make two confirmed requests today ...
  for (let i = 0; i < 2; i++) {
    const addr = `127.0.0.${24 + i}`;
    const { html, tokens } = await step1(addr, { phone });
    const ok = await step2(addr, html, 'confirm', await codeOf(phone));
    assert.equal(ok.r.status, 303, `confirmed request ${i + 1}`);
    assert.equal(orderOfNonce(tokens.nonce).phone_confirmed, 1);
  }
  // ... and the third is refused before any code is sent.
  const codes = sql(s.db, `SELECT count(*) AS n FROM phone_codes WHERE phone = '${phone}'`)[0].n;
  const { r, html } = await step1('127.0.0.26', { phone });
  assert.equal(r.status, 429);
  assert.match(html, /今天用这个电话号码提交的申请已达上限（2次）/);
  assert.ok(html.includes('value="马邑村东街12号 &quot;后院&quot; &lt;西门&gt; &amp; 3单元"'), 'the form kept');
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM phone_codes WHERE phone = '${phone}'`)[0].n, codes);
});

// The volunteer sign-in page with the phone typed: its status and text,
// without the parts that differ from one answer to another (tokens, the
// masked number).
async function vSend(addr, phone) {
  const form = await (await fetch(s.url + '/v/login/code')).text();
  const r = await postFrom(addr, s.url, '/v/login/code', { ...formTokens(form), phone, next: '/v' });
  const html = await r.text();
  return { r, html, same: html.replace(/name="(nonce|csrf)" value="[^"]*"/g, '')
    .replace(/1\d\d\*\*\*\*\d{4}/g, 'MASKED').replace(/value="1\d{10}"/g, 'value="PHONE"') };
}

// The Set-Cookie headers of a postFrom response, as one string.
const setCookie = (r) => [].concat(r.headers.get('set-cookie') || []).join(', ');
const vsidOf = (r) => (setCookie(r).match(/(?:^|[\s,])vsid=([^;]*)/) || [])[1] || null;

async function vCheck(addr, html, code, extra = {}) {
  const t = formTokens(html);
  const phone = html.match(/name="phone" value="(\d+)"/)[1];
  return postFrom(addr, s.url, '/v/login/code/check', { ...t, phone, next: '/v', sms_code: code, ...extra });
}

test('a volunteer signs in with a code sent to their phone', async () => {
  const addr = '127.0.0.31', phone = '13900000001';
  const login = await (await fetch(s.url + '/v/login')).text();
  assert.match(login, /href="\/v\/login\/code\?next=\/v">用短信验证码登录</);
  const { r, html } = await vSend(addr, '139 0000 0001');
  assert.equal(r.status, 200);
  assert.match(html, /短信验证码（发送到手机 139\*\*\*\*0001）/);
  const code = await codeOf(phone);
  assert.match(smsTo(phone).at(-1).text, /用于志愿者登录/);
  const wrong = await vCheck(addr, html, wrongOf(code));
  assert.equal(wrong.status, 400);
  const wrongHtml = await wrong.text();
  assert.match(wrongHtml, /<p class="err" id="e-code">验证码不对，请核对短信后重新输入<\/p>/);
  assert.equal(vsidOf(wrong), null);
  const ok = await vCheck(addr, wrongHtml, code, { remember: '1' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/v');
  const vsid = vsidOf(ok);
  assert.ok(vsid);
  assert.match(setCookie(ok), new RegExp(`Max-Age=${30 * 86400}`), 'remembered: 30 days');
  const me = await fetch(s.url + '/v', { redirect: 'manual', headers: { cookie: `vsid=${vsid}` } });
  assert.equal(me.status, 200, 'signed in');
  // The code is used: it signs nobody in again.
  const again = await vCheck(addr, html, code);
  assert.equal(again.status, 400);
  assert.match(await again.text(), /验证码已过期或已使用/);
});

test('a phone of nobody registered gets the same answer, and no SMS', async () => {
  const known = await vSend('127.0.0.32', '13900000002');
  const unknown = await vSend('127.0.0.33', '13712340000');
  assert.equal(unknown.r.status, known.r.status);
  assert.equal(unknown.same, known.same);
  assert.equal(sql(s.db, "SELECT count(*) AS n FROM messages WHERE phone = '13712340000'")[0].n, 0);
  await codeOf('13900000002');
  assert.equal(smsTo('13712340000').length, 0);
  // Any code is wrong for it, in the same words as for a volunteer.
  const a = await vCheck('127.0.0.33', unknown.html, '123456');
  const b = await vCheck('127.0.0.32', known.html, wrongOf(await codeOf('13900000002')));
  assert.equal(a.status, 400);
  assert.equal(b.status, 400);
  const err = (h) => h.match(/<p class="err" id="e-code">([^<]*)</)[1];
  assert.equal(err(await a.text()), err(await b.text()));
  // The limits are the same too: the sixth send to the unknown phone is refused.
  for (let i = 0; i < 4; i++) assert.equal((await vSend('127.0.0.34', '13712340000')).r.status, 200);
  const over = await vSend('127.0.0.35', '13712340000');
  assert.equal(over.r.status, 429);
  assert.match(over.html, /验证码已达上限（5条）/);
  // A bad number is said so beside the field.
  const bad = await vSend('127.0.0.36', '12345');
  assert.equal(bad.r.status, 400);
  assert.match(bad.html, /<p class="err" id="e-phone">请输入11位手机号码/);
  assert.ok(bad.html.includes('value="12345"'));
});

test('the new pages are valid HTML', async () => {
  const phone = '13800138130';
  const form = await (await fetch(s.url + '/order/new')).text();
  const { html: confirm } = await step1('127.0.0.40', { phone, nosms: '1' });
  const wrong = await step2('127.0.0.40', confirm, 'confirm', 'abc');
  const vPhone = await (await fetch(s.url + '/v/login/code')).text();
  const vCode = await vSend('127.0.0.41', '13900000003');
  const vBad = await vSend('127.0.0.41', '1');
  const vLogin = await (await fetch(s.url + '/v/login')).text();
  assert.deepEqual(vnuErrorsMany({
    form, confirm, wrong: wrong.html, vPhone, vCode: vCode.html, vBad: vBad.html, vLogin,
  }), []);
});

test('without a gateway: one step, no 不接收短信 box, and code sign-in points to the password', async () => {
  const plain = await start();
  try {
    const form = await (await fetch(plain.url + '/order/new')).text();
    assert.doesNotMatch(form, /不接收短信/);
    const t = await newForm(plain.url);
    const r = await post(plain.url, '/order/new', { ...GOOD, phone: '13800138120', ...t });
    assert.equal(r.status, 303);
    assert.deepEqual(sql(plain.db, `SELECT phone_confirmed, sms_ok FROM orders WHERE form_nonce = '${t.nonce}'`)[0],
      { phone_confirmed: 0, sms_ok: 1 });
    assert.equal(sql(plain.db, 'SELECT count(*) AS n FROM phone_codes')[0].n, 0);
    const login = await (await fetch(plain.url + '/v/login')).text();
    assert.doesNotMatch(login, /用短信验证码登录/);
    const code = await fetch(plain.url + '/v/login/code');
    assert.equal(code.status, 200);
    const html = await code.text();
    assert.match(html, /短信服务还没有开通，暂时不能用验证码登录。请用手机号和密码登录。/);
    assert.match(html, /href="\/v\/login\?next=\/v">用密码登录</);
    assert.doesNotMatch(html, /name="phone"/);
  } finally {
    await plain.stop();
  }
});
