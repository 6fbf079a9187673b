// field.test.mjs: what residents, volunteers and staff meet when they use
// the four orders for real (issue 14): the serving volunteer is shown where
// to go, landlines and phone numbers written as other systems write them are
// accepted, the hotline is shown to those who cannot use the form, and
// expected conflicts are told plainly instead of as error pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { ACCOUNTS, signIn } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, vSignIn, vact } from '../lib/volunteer.mjs';
import { dispatch, residentPhone } from '../lib/rating.mjs';

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
