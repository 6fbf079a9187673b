// order_form_kept.test.mjs: the empty 点单 form a worker keeps (issue 18).
// A visitor who is not signed in gets the form a worker rendered once, with
// a nonce and token of their own; what they see must be what a fresh
// rendering shows: a renamed 站 or service, a new hotline, appear on the
// next view; ?site= still chooses the place; signed-in staff and the
// 长辈模式 get their own page; every view's tokens post a request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { formTokens, post, GOOD } from '../lib/order.mjs';
import { signIn } from '../lib/staff.mjs';

let s;
before(async () => { s = await start({ workers: 1 }); });
after(async () => { await s?.stop(); });

const form = async (path = '/order/new', headers = {}) => {
  const r = await fetch(s.url + path, { headers });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  return r.text();
};
// The page without its tokens: what every visitor is shown alike.
const bare = (html) => html.replace(/name="(nonce|csrf)" value="[^"]*"/g, 'name="$1" value=""');

test('each view of the kept form has its own nonce and token, and each posts a request', async () => {
  const views = [];
  for (let i = 0; i < 4; i++) views.push(await form());
  const tokens = views.map(formTokens);
  assert.equal(new Set(tokens.map((t) => t.nonce)).size, 4, 'four views, four nonces');
  assert.equal(new Set(tokens.map((t) => t.csrf)).size, 4, 'four views, four tokens');
  for (const v of views) assert.equal(bare(v), bare(views[0]), 'the rest of the page is the same');
  assert.doesNotMatch(views[0], /kept-form/, 'no mark is left in the page');
  // The last view's tokens and the first's both work.
  for (const [i, t] of [[0, tokens[0]], [1, tokens[3]]]) {
    const r = await post(s.url, '/order/new', { ...GOOD, phone: `1370000000${i}`, ...t });
    assert.equal(r.status, 303, 'the request is made');
  }
  // A nonce posts once: the second time lands on the same request.
  const again = await post(s.url, '/order/new', { ...GOOD, phone: '13700000000', ...tokens[0] });
  assert.equal(again.status, 303);
  assert.equal(sql(s.db, "SELECT count(*) AS n FROM orders WHERE contact_phone LIKE '1370000000_'")[0].n, 2);
});

test('a renamed 站, a renamed service and a new hotline are on the next view', async () => {
  const before1 = await form();
  assert.ok(before1.includes('马邑村'));
  sql(s.db, "UPDATE orgs SET name = '马邑新村' WHERE code = '140602100201'");
  const after1 = await form();
  assert.ok(after1.includes('马邑新村'), 'the new name of the 站');
  assert.ok(!/>马邑村</.test(after1), 'not the old one');
  const svc = sql(s.db, "SELECT name FROM services WHERE code = 'tutoring'")[0].name;
  sql(s.db, `UPDATE services SET name = '${svc}（周末）' WHERE code = 'tutoring'`);
  assert.ok((await form()).includes(`${svc}（周末）`), 'the new name of the service');
  sql(s.db, "UPDATE orgs SET office_phone = '0349-5550199' WHERE kind = 'center'");
  assert.ok((await form()).includes('0349-5550199'), 'the new hotline');
  sql(s.db, "UPDATE orgs SET name = '马邑村' WHERE code = '140602100201'");
  sql(s.db, `UPDATE services SET name = '${svc}' WHERE code = 'tutoring'`);
});

test('?site= chooses the place; 长辈模式 and signed-in staff get their own page', async () => {
  const plain = await form();
  const site = await form('/order/new?site=140602100201');
  assert.match(site, /<option value="140602100201"[^>]*selected/, 'the 站 of the poster is chosen');
  assert.doesNotMatch(plain, /<option value="140602100201"[^>]*selected/, 'nothing is chosen on the plain form');
  // Twice each: the second view of each mode comes from what the worker kept.
  const elder = [await form('/order/new', { cookie: 'mode=elder' }), await form('/order/new', { cookie: 'mode=elder' })];
  for (const e of elder) assert.match(e, /标准模式/, 'the 长辈模式 page offers the standard mode');
  assert.doesNotMatch(await form(), /恢复标准字号/, 'the standard page stays standard');
  const staff = await signIn(s.url, 'dispatcher');
  const signed = await form('/order/new', { cookie: staff.cookie });
  assert.ok(signed.includes('退出'), 'a signed-in page names its person');
  assert.doesNotMatch(await form(), /退出/, 'and is never served to a visitor');
});
