// screen.test.mjs: the centre's wall screen (/screen). A page of its own
// (no site header, navigation or footer); today's figures and the queue
// beside the list of what waits: code, service, place, progress and how long
// it has waited, the overdue first (the longest overdue at the top), closed
// requests never; at most 20 listed, with the total; a list longer than the
// screen's ten rows rolls (a second, hidden copy of the rows), unless the
// refresh is stopped. Nothing of the person: a request's name, phone,
// address, wanted time and need, each a marker, appear nowhere on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { insertRequests, fakeCode } from '../lib/rating.mjs';
import { PLACES } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';

const H = 3600, D = 86400;
let s;
before(async () => { s = await start(); });
after(async () => { await s?.stop(); });

const get = async (path) => {
  const r = await fetch(s.url + path, { redirect: 'manual' });
  return { r, text: await r.text() };
};
// The rows of the list as the page gives them (the first copy only):
// [{ code, service, place, state, waited, late }].
function rows(html) {
  const body = (html.split('<tbody>')[1] || '').split('</tbody>')[0];
  return [...body.matchAll(/<tr( class="late")?><td class="rowcode">([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>(.*?)<\/td><\/tr>/g)]
    .map((m) => ({ late: Boolean(m[1]), code: m[2].replace(/-/g, ''), service: m[3], place: m[4], state: m[5], waited: m[6] }));
}
const dash = (c) => `${c.slice(0, 3)}-${c.slice(3, 6)}-${c.slice(6)}`;

test('what waits: code, service, place, progress and time waited, and nothing of the person', async () => {
  const marks = { name: '标记姓名甲', phone: '13655554444', address: '标记地址乙巷9号',
    need: '标记需要丙：请勿公开的话', wanted: '标记时间丁' };
  const o = await submit(s.url, { ...marks, service: 'health-check' });
  const { r, text } = await get('/screen');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'no-cache');
  // A page of its own: no site header, navigation, footer or skip link.
  assert.doesNotMatch(text, /<nav|<header class="site"|<footer|跳到正文|长辈模式/);
  assert.match(text, /<html lang="zh-CN" class="wall">/);
  assert.match(text, /<h1>朔城区新时代文明实践中心 · 四单工作法<\/h1>/);
  const mine = rows(text).find((x) => x.code === o.code);
  assert.ok(mine, 'the new request is listed');
  assert.deepEqual(mine, { late: false, code: o.code, service: '健康义诊', place: '神头镇 · 马邑村',
    state: '待审核', waited: '不到1分钟' });
  assert.ok(text.includes(`<td class="rowcode">${dash(o.code)}</td>`), 'the code as residents see it');
  for (const [field, mark] of Object.entries(marks)) assert.ok(!text.includes(mark), `no ${field} on the screen`);
  assert.ok(!text.includes('请勿公开'), 'no word of the need');
  assert.doesNotMatch(text, /1[3-9]\d{9}/, 'no phone number at all');
  // The same with the refresh stopped, and in 长辈模式.
  for (const path of ['/screen?refresh=0']) {
    const t = (await get(path)).text;
    for (const mark of Object.values(marks)) assert.ok(!t.includes(mark));
  }
  const elder = await (await fetch(s.url + '/screen', { headers: { cookie: 'mode=elder' } })).text();
  assert.match(elder, /<html lang="zh-CN" class="wall elder">/);
  for (const mark of Object.values(marks)) assert.ok(!elder.includes(mark));
});

test('the overdue first, the longest overdue at the top; closed requests are not listed; the total is told', async () => {
  sql(s.db, "UPDATE orders SET state = 'cancelled' WHERE state IN ('submitted', 'dispatched', 'published', 'accepted')");
  const now = nowSec();
  // insertRequests makes each due 7 days after it was made.
  const spec = (code, state, created, extra = {}) => ({ code, service: 'tutoring', org: PLACES.mayi, state, created, ...extra });
  const fresh = fakeCode('SQ'), late2 = fakeCode('SQ'), late9 = fakeCode('SQ'), half = fakeCode('SQ');
  const done = fakeCode('SQ'), shut = fakeCode('SQ');
  insertRequests(s.db, [
    spec(fresh, 'submitted', now - 2 * H - 5 * 60),
    spec(late2, 'dispatched', now - 9 * D - 3 * H, { dispatched: now - 8 * D }),
    spec(half, 'accepted', now - 3 * D, { dispatched: now - 3 * D + 60, accepted: now - 2 * D }),
    spec(late9, 'published', now - 16 * D, { published: now - 15 * D }),
    spec(done, 'completed', now - 20 * D, { dispatched: now - 19 * D, accepted: now - 19 * D, completed: now - 18 * D }),
    { code: shut, service: 'tutoring', org: PLACES.shentou, state: 'rejected', created: now - 30 * D },
  ]);
  const { text } = await get('/screen');
  const list = rows(text);
  assert.deepEqual(list.map((x) => x.code), [late9, late2, half, fresh], 'overdue first, then by due time');
  assert.deepEqual(list.map((x) => x.state), ['待接单', '已派单', '已接单', '待审核']);
  assert.deepEqual(list.map((x) => x.late), [true, true, false, false]);
  assert.equal(list[0].waited, '16天<span class="over">超时 9天</span>');
  assert.equal(list[1].waited, '9天3小时<span class="over">超时 2天3小时</span>');
  assert.equal(list[2].waited, '3天');
  assert.equal(list[3].waited, '2小时5分');
  assert.ok(!text.includes(dash(done)) && !text.includes(dash(shut)), 'closed requests are not listed');
  assert.match(text, /共 4 件/);
  assert.doesNotMatch(text, /列出最先要办的/);
  assert.doesNotMatch(text, /class="rollbox roll/, 'four rows fit: no roll');
  assert.doesNotMatch(text, /aria-hidden/);
  // The figures beside the list agree.
  assert.match(text, /<li class="late"><strong>2<\/strong><span>已超时<\/span><\/li>/);
});

test('more than the screen holds: the list rolls (a hidden second copy), at most 20 rows with the total; stopped, it does not roll', async () => {
  sql(s.db, "UPDATE orders SET state = 'cancelled' WHERE state IN ('submitted', 'dispatched', 'published', 'accepted')");
  const now = nowSec();
  const make = (n) => Array.from({ length: n }, (_, i) => ({ code: fakeCode('SR'), service: 'reading',
    org: PLACES.xiaobo, state: 'submitted', created: now - (i + 1) * H }));
  let specs = make(12);
  insertRequests(s.db, specs);
  let { text } = await get('/screen');
  assert.equal(rows(text).length, 12);
  assert.match(text, /<div class="rollbox roll roll-12">/);
  const again = text.split('<tbody class="again" aria-hidden="true">')[1];
  assert.ok(again, 'a second copy of the rows, hidden from screen readers');
  assert.equal([...again.split('</tbody>')[0].matchAll(/<td class="rowcode">/g)].length, 12);
  assert.match(text, /<meta http-equiv="refresh" content="60">/);
  assert.ok(!text.includes('<script'), 'no script');

  // Stopped: no refresh, no roll, the list can be scrolled by hand.
  const still = (await get('/screen?refresh=0')).text;
  assert.doesNotMatch(still, /http-equiv="refresh"/);
  assert.doesNotMatch(still, /roll-|aria-hidden/);
  assert.match(still, /<div class="rollbox" tabindex="0" role="region" aria-label="等待办理的申请">/);
  assert.match(still, /<a href="\/screen">恢复自动刷新<\/a>/);
  assert.equal(rows(still).length, 12);

  // 25 waiting: the 20 due first are listed, and the total.
  specs = make(13);
  insertRequests(s.db, specs);
  ({ text } = await get('/screen'));
  assert.equal(rows(text).length, 20);
  assert.match(text, /共 25 件，列出最先要办的 20 件/);
  assert.match(text, /<div class="rollbox roll roll-20">/);
  assert.equal(rows(text)[0].place, '神头镇 · 小泊村');
});

test('nothing waits: the screen says so', async () => {
  sql(s.db, "UPDATE orders SET state = 'cancelled' WHERE state IN ('submitted', 'dispatched', 'published', 'accepted')");
  const { r, text } = await get('/screen');
  assert.equal(r.status, 200);
  assert.match(text, /现在没有等待办理的申请。/);
  assert.doesNotMatch(text, /<table/);
});
