// stars.test.mjs: 星级志愿者 and the printable certificate on a phone
// (360x740): a volunteer with three stars' hours sees ★★★ 三星级志愿者 on
// /v/me and on the certificate they ask for; printed, the certificate
// shows no navigation and fits one A4 page; /v/me, the certificate, its /verify page and the
// admin's /admin/stars (also with its errors) pass axe and the HTML checker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { PASSWORD, makeVolunteers, vnuErrorsMany, PLACES } from '../lib/volunteer.mjs';
import { ACCOUNTS } from '../lib/staff.mjs';
import { nowSec } from '../lib/clock.mjs';

let s, browser;
before(async () => { s = await start(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

const found = [];
const shown = {};

// Runs the page checks on what the phone shows now; what names it.
async function checked(page, what) {
  for (const v of await axeViolations(page)) found.push(`${what}: axe: ${v}`);
  shown[what] = await page.content();
  if (await scrollsSideways(page)) found.push(`${what}: scrolls sideways at 360px`);
}

test('a volunteer sees their stars on /v/me and the certificate, which prints without navigation', async () => {
  const pwhash = sql(s.db, "SELECT pwhash FROM volunteers WHERE phone = '13900000001'")[0].pwhash;
  const [v] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.mayi, prefix: '1375' });
  // A place's own thresholds (a tenth of the national ones; /admin/stars sets
  // them, tests/http/stars.test.mjs checks that): 65 hours in five records
  // are three stars, 35 hours short of the fourth, and the certificate stays
  // short enough for one A4 page.
  sql(s.db, 'UPDATE star_levels SET hours = hours / 10');
  const t0 = nowSec() - 100 * 86400;
  const rows = [];
  for (let i = 0; i < 5; i++) {
    const st = t0 + i * 86400;
    rows.push(`(${v.id}, ${st}, ${st + 780 * 60}, 780, '社区服务', 'confirmed', 4, ${st + 780 * 60 + 60}, ${st + 780 * 60})`);
  }
  sql(s.db, `INSERT INTO hours(volunteer_id, started_at, ended_at, minutes, what, status, confirmed_by,
    confirmed_at, created_at) VALUES ${rows.join(',')}`);

  const page = await phonePage(browser, s.url);
  await page.goto(s.url + '/v/login?next=/v/me');
  await page.fill('#f-login', v.phone);
  await page.fill('#f-password', PASSWORD);
  await page.click('button[type="submit"]:has-text("登录")');
  await page.waitForURL(/\/v\/me$/);
  const stars = page.locator('p.stars');
  assert.equal(await stars.count(), 1);
  assert.ok(await stars.isVisible());
  assert.equal((await stars.innerText()).replace(/\s+/g, ' ').trim(), '★★★ 三星级志愿者：再服务 35.0 小时可评为四星级志愿者。');
  assert.equal(await stars.locator('span[aria-hidden="true"]').innerText(), '★★★', 'the glyphs are hidden from screen readers; the words say it');
  assert.ok(await page.locator('a[href="/v/me/hours.csv"]', { hasText: '导出我的服务记录（CSV）' }).isVisible());
  await checked(page, '/v/me');

  await page.click('button:has-text("开具证明")');
  await page.waitForURL(/\/v\/certificate\/[2-9A-Z]{12}$/);
  const code = page.url().split('/').pop();
  assert.match(await page.locator('article.certificate').innerText(), /按累计服务时长评定为 ★★★ 三星级志愿者/);
  assert.match(await page.locator('p.noprint').innerText(), /打印/);
  assert.ok(await page.locator('header').first().isVisible(), 'on screen the site header is there');
  await checked(page, '/v/certificate');

  // Printed: A4, no site header, navigation, footer or the back link.
  assert.equal(await page.locator('link[href="/static/print.css"][media="print"]').count(), 1);
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['header', 'nav', 'footer', 'p.noprint'])
    for (const el of await page.locator(sel).all())
      assert.ok(!(await el.isVisible()), `${sel} is hidden in print`);
  assert.ok(await page.locator('article.certificate').isVisible());
  assert.match(await page.locator('article.certificate').innerText(), /三星级志愿者/);
  // On A4 it is one page.
  const pdf = (await page.pdf({ format: 'A4', preferCSSPageSize: true })).toString('latin1');
  assert.equal((pdf.match(/\/Type\s*\/Page[^s]/g) || []).length, 1, 'the certificate prints on one A4 page');
  await page.emulateMedia({ media: 'screen' });

  await page.goto(`${s.url}/verify/${code}`);
  assert.match(await page.locator('dl.summary').innerText(), /星级\s*★★★ 三星级志愿者/);
  await checked(page, '/verify');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the admin's thresholds page, and with its errors, at 360px", async () => {
  sql(s.db, 'UPDATE star_levels SET hours = hours * 10');	// the national ones again
  const page = await phonePage(browser, s.url);
  await page.goto(s.url + '/login?next=/admin/stars');
  await page.fill('#f-login', ACCOUNTS.admin);
  await page.fill('#f-password', PASSWORD);
  await page.click('button[type="submit"]:has-text("登录")');
  await page.waitForURL(/\/admin\/stars$/);
  await checked(page, '/admin/stars');
  await page.fill('#f-s3', '200');
  await page.click('button:has-text("保存星级标准")');
  await page.waitForSelector('#e-s3');
  assert.equal(await page.locator('#e-s3').innerText(), '三星须多于二星的 300 小时');
  assert.equal(await page.inputValue('#f-s3'), '200');
  await checked(page, '/admin/stars with an error');
  assert.deepEqual(page.problems.filter((p) => !/status of 400/.test(p)), []);
  await page.context().close();
});

test('every page checked passes axe and the HTML checker', () => {
  assert.deepEqual(found, []);
  assert.deepEqual(vnuErrorsMany(shown), []);
});
