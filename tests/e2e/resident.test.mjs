// resident.test.mjs: a resident on a phone (360x740) asks for a service,
// gets the code and QR code, and opens the tracking page through the QR.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations, vnuErrors, decodeQr } from '../lib/browser.mjs';

let s, browser;
before(async () => { s = await start(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

test('a resident asks for help, gets a code and QR, and follows it to the tracking page', async () => {
  const page = await phonePage(browser, s.url);
  await page.goto(s.url + '/');
  await page.click('nav >> text=我要点单');
  assert.equal(new URL(page.url()).pathname, '/order/new');

  // Sending it empty shows what is missing, beside each field.
  await page.click('button:has-text("提交申请")');
  await page.waitForSelector('#errors');
  assert.match(await page.textContent('#errors'), /有 \d 处需要修改/);
  assert.deepEqual(await axeViolations(page), [], 'the form with errors is accessible');
  assert.equal(await scrollsSideways(page), false);
  assert.deepEqual(page.problems, ['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  page.problems.length = 0;

  await page.selectOption('#f-service', { label: '智能手机使用帮教' });
  await page.selectOption('#f-institute', { label: '神头镇' });
  // With JavaScript, only 神头镇's stations are offered.
  const visible = await page.$$eval('#f-station optgroup', (gs) => gs.filter((g) => !g.disabled).map((g) => g.label));
  assert.deepEqual(visible, ['神头镇']);
  await page.selectOption('#f-station', { label: '马邑村' });
  await page.fill('#f-address', '村委会对面');
  await page.fill('#f-need', '村里有十来位老人想学用手机和子女视频通话');
  await page.fill('#f-wanted', '周末下午');
  await page.fill('#f-name', '李大爷');
  await page.fill('#f-phone', '13834567890');
  await page.check('#f-consent');
  await page.click('button:has-text("提交申请")');
  await page.waitForSelector('.success');
  assert.match(await page.textContent('.success'), /申请已提交/);
  const code = (await page.textContent('.code')).trim();
  assert.match(code, /^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
  assert.equal(await scrollsSideways(page), false, 'the long manage link wraps');
  assert.deepEqual(await axeViolations(page), []);

  const link = await decodeQr(page, '.qr img');
  assert.equal(link, `${s.url}/track/${code.replace(/-/g, '')}`, 'the QR code holds the tracking link');
  await page.goto(link);
  assert.match(await page.textContent('.summary'), new RegExp(code));
  assert.match(await page.textContent('.summary'), /待审核/);
  assert.match(await page.textContent('.summary'), /神头镇 · 马邑村/);
  const body = await page.textContent('body');
  assert.ok(!body.includes('李大爷') && !body.includes('13834567890'));
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('typing the code in any case with dashes finds the request', async () => {
  const page = await phonePage(browser, s.url);
  await page.goto(s.url + '/order/new?service=reading&site=140602100201');
  await page.fill('#f-need', '想给孩子们办一次读书会');
  await page.fill('#f-name', '张老师');
  await page.fill('#f-phone', '13934567890');
  await page.check('#f-consent');
  await page.click('button:has-text("提交申请")');
  await page.waitForSelector('.success');
  const code = (await page.textContent('.code')).trim();
  await page.click('nav >> text=一码可查');
  await page.fill('#f-code', ` ${code.toLowerCase()} `);
  await page.click('button:has-text("查询")');
  await page.waitForSelector('.summary');
  assert.match(await page.textContent('.summary'), /读书分享活动/);
  await page.context().close();
});
