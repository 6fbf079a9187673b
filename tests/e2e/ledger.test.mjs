// ledger.test.mjs: staff of a 站 at a PC (1366×768) open 台账 from the desk,
// choose the month, download the workbook (a real .xlsx, checked with
// Python's zipfile) and open the printable page: printed, it shows no site
// header or navigation. Every page passes axe and the HTML checker.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { start } from '../lib/harness.mjs';
import { launch, axeViolations, vnuErrors } from '../lib/browser.mjs';
import { submit } from '../lib/order.mjs';
import { beijingDate, clearOfMidnight } from '../lib/clock.mjs';

let s, browser;
before(async () => { s = await start(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

test('staff choose the month, download the workbook and print the ledger', async () => {
  await clearOfMidnight(120);
  const { code } = await submit(s.url, { name: '台账浏览器测试', phone: '13866665555' });
  const { ym } = beijingDate();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN',
    acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto(s.url + '/login?next=/desk');
  await page.fill('#f-login', 'zhan.mayi');
  await page.fill('#f-password', 'wenming-demo-2026');
  await page.click('button:has-text("登录")');
  await page.waitForURL(/\/desk$/);
  await page.click('a[href="/desk/ledger"]');
  await page.waitForURL(/\/desk\/ledger$/);
  assert.match(await page.textContent('h1'), /台账/);
  assert.deepEqual(await axeViolations(page), [], 'the ledger form is accessible');
  assert.deepEqual(vnuErrors(await page.content()), [], 'the ledger form is valid HTML');

  // Choose the month and look.
  await page.fill('#f-month', ym);
  await page.click('button:has-text("查看台账")');
  await page.waitForURL(new RegExp(`month=${ym}`));
  assert.match(await page.textContent('main h2'), new RegExp(`马邑村 · ${ym}-01 至`));
  assert.match(await page.textContent('table.data'), /群众点单\d+ 件/);
  assert.deepEqual(await axeViolations(page), []);

  // Download the workbook.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('a:has-text("下载 Excel 台账")'),
  ]);
  assert.match(download.suggestedFilename(), new RegExp(`^ledger-140602100201-${ym}-01_${ym}-\\d\\d\\.xlsx$`));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-e2e-')), 'book.xlsx');
  await download.saveAs(file);
  const names = execFileSync('python3', ['-c', `
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
wb = ET.fromstring(z.read('xl/workbook.xml'))
print('|'.join(s.get('name') for s in wb.iter('{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet')))
print(sys.argv[2] in z.read('xl/worksheets/sheet1.xml').decode())
`, file, code], { encoding: 'utf8' }).trim().split('\n');
  assert.equal(names[0], '群众点单|活动|志愿者');
  assert.equal(names[1], 'True', 'the request made is in the workbook');

  // The printable page, as printed.
  await page.click('a:has-text("打印台账")');
  await page.waitForURL(/\/desk\/ledger\/print\?/);
  assert.deepEqual(await axeViolations(page), [], 'the print page is accessible');
  assert.deepEqual(vnuErrors(await page.content()), [], 'the print page is valid HTML');
  assert.ok(await page.isVisible('header.site'), 'on screen the header is there');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('header.site'), false, 'printed: no site header');
  assert.equal(await page.isVisible('nav'), false, 'printed: no navigation');
  assert.equal(await page.isVisible('footer.site'), false, 'printed: no footer');
  assert.equal(await page.isVisible('p.noprint'), false, 'printed: no hint');
  assert.ok(await page.isVisible('h1:has-text("台账")'));
  assert.ok(await page.isVisible(`th:has-text("${code}")`), 'the request is in the printed table');
  assert.match(await page.textContent('main'), /地点：马邑村　时间：/);
  assert.ok(!(await page.content()).includes('13866665555'), 'no resident phone');
  assert.ok(!(await page.content()).includes('台账浏览器测试'), 'no resident name');
  assert.deepEqual(problems, []);
  await context.close();
});
