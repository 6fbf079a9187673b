// exchange.test.mjs: 积分兑换 in a phone's browser (360x740): a volunteer
// with confirmed hours opens /v/goods, sees their balance and what it can
// buy, spends points on an item, and sees the balance drop and the
// exchange on /v/me/points; cancelling it gives the points back. The desk's
// pages for goods and exchanges, at a desktop's width, hand it over. Every
// page passes axe and the HTML checker and none scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { ACCOUNTS, PASSWORD } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, makeVolunteers, vnuErrorsMany } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';

let s, browser;
before(async () => { s = await start({ env: { SIDAN_POINTS_PER_HOUR: '10' } }); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

const found = [];
const shown = {};

// Runs the page checks on what the page shows now; what names it.
async function checked(page, what) {
  for (const v of await axeViolations(page)) found.push(`${what}: axe: ${v}`);
  shown[what] = await page.content();
  if (await scrollsSideways(page)) found.push(`${what}: scrolls sideways`);
}

const balance = async (page) => Number(await page.textContent('.figures li:first-child strong'));

test('a volunteer spends points on an item and sees the balance drop; staff hand it over', async () => {
  const pwhash = sql(s.db, `SELECT pwhash FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`)[0].pwhash;
  const [v] = makeVolunteers(s.db, 1, { pwhash, prefix: '1351' });
  const t = nowSec() - 86400;
  sql(s.db, `INSERT INTO hours(volunteer_id, started_at, ended_at, minutes, what, status, confirmed_at, created_at)
    VALUES (${v.id}, ${t}, ${t + 10800}, 180, '入户走访', 'confirmed', ${t}, ${t})`);	// 30 points

  // Staff of 马邑村 put two things on the shelf, at a desktop's width.
  const desk = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' })).newPage();
  await desk.goto(s.url + '/login');
  await desk.fill('#f-login', ACCOUNTS.station);
  await desk.fill('#f-password', PASSWORD);
  await desk.click('main button[type="submit"]');
  await desk.waitForURL(/\/desk/);
  await desk.goto(s.url + '/desk/goods/new');
  await desk.click('main button:has-text("保存")');
  await desk.waitForSelector('#errors');
  await checked(desk, '/desk/goods/new with its problems');
  for (const [name, points] of [['洗衣液一瓶', '20'], ['电饭煲', '500']]) {
    await desk.goto(s.url + '/desk/goods/new');
    await desk.fill('#f-name', name);
    await desk.fill('#f-note', '在马邑村村委会领取');
    await desk.fill('#f-points', points);
    await desk.fill('#f-stock', '3');
    await desk.click('main button:has-text("保存")');
    await desk.waitForURL(/\/desk\/goods\?done=created/);
  }
  await checked(desk, '/desk/goods');
  await desk.click('a:has-text("洗衣液一瓶")');
  await desk.waitForSelector('#f-name');
  await checked(desk, '/desk/goods/ID');

  // The volunteer on their phone.
  const page = await phonePage(browser, s.url);
  await page.goto(s.url + '/v/login');
  await page.fill('#f-login', v.phone);
  await page.fill('#f-password', PASSWORD);
  await page.click('main button:has-text("登录")');
  await page.waitForURL(/\/v$/);
  await page.goto(s.url + '/v/goods');
  assert.equal(await balance(page), 30);
  assert.match(await page.textContent('main'), /洗衣液一瓶 · 20 分/);
  assert.match(await page.textContent('main'), /积分不够，还差 470 分/, 'what it cannot buy yet');
  await checked(page, '/v/goods');
  await page.click('button[aria-label="用 20 积分兑换洗衣液一瓶"]');
  await page.waitForURL(/\/v\/me\/points\?done=asked/);
  assert.equal(await balance(page), 10);
  assert.match(await page.textContent('[role="status"]'), /积分已预扣/);
  assert.match(await page.textContent('main'), /洗衣液一瓶 · −20 分 待领取/);
  await checked(page, '/v/me/points');
  await page.click('a:has-text("积分兑换")');
  await page.waitForURL(/\/v\/goods$/);
  assert.equal(await balance(page), 10);

  // Staff find them by their number and hand it over.
  await desk.goto(s.url + '/desk/exchanges');
  await desk.fill('#f-who', v.number);
  await desk.click('main button:has-text("查找待领取")');
  await desk.waitForSelector('#h-found');
  await checked(desk, '/desk/exchanges?who=NUMBER');
  await desk.click('#h-found ~ ul button:has-text("交付")');
  await desk.waitForURL(/done=confirmed/);
  assert.match(await desk.textContent('[role="status"]'), /已交付/);
  await checked(desk, '/desk/exchanges');
  await page.goto(s.url + '/v/me/points');
  assert.match(await page.textContent('main'), /洗衣液一瓶 · −20 分 已领取/);
  assert.equal(await balance(page), 10);

  assert.deepEqual(page.problems, []);
  await page.context().close();
  await desk.context().close();
  found.push(...vnuErrorsMany(shown));
  assert.deepEqual(found, []);
});
