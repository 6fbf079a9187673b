// dispatcher.test.mjs: a dispatcher at a PC signs in, filters the desk,
// dispatches a request to a team, and the resident's tracking page then
// says 已派单. The staff pages pass the HTML checker and axe too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/harness.mjs';
import { launch, axeViolations } from '../lib/browser.mjs';
import { vnuErrorsMany } from '../lib/volunteer.mjs';
import { submit } from '../lib/order.mjs';

let s, browser;
before(async () => { s = await start(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

test('a dispatcher signs in, filters, dispatches; the resident sees 已派单', async () => {
  const mine = await submit(s.url, { service: 'health-check', phone: '13855556666' });
  await submit(s.url, { service: 'tutoring', phone: '13855557777' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });

  await page.goto(s.url + '/desk');
  assert.match(page.url(), /\/login\?next=\/desk$/, 'the desk asks for a sign-in first');
  assert.deepEqual(await axeViolations(page), []);
  await page.fill('#f-login', 'dispatcher');
  await page.fill('#f-password', 'wenming-demo-2026');
  await page.click('button:has-text("登录")');
  await page.waitForURL(/\/desk$/);
  assert.match(await page.textContent('header'), /演示调度员/);

  await page.selectOption('#f-platform', { label: '健身体育' });
  await page.click('button:has-text("筛选")');
  await page.waitForURL(/platform=fitness/);
  const codes = await page.$$eval('.rowcode', (as) => as.map((a) => a.textContent.replace(/-/g, '')));
  assert.ok(codes.includes(mine.code), 'the health check is listed');
  assert.equal(codes.length, 1, 'the tutoring request is filtered out');
  assert.deepEqual(await axeViolations(page), [], 'the desk is accessible');
  const shown = { 'the desk, filtered': await page.content() };

  await page.click(`a[href="/desk/order/${mine.code}"]`);
  await page.waitForSelector('#f-team');
  const team = await page.$eval('#f-team option:checked', (o) => o.textContent);
  assert.match(team, /神头镇志愿服务分队（推荐）/, 'the branch team of the place is suggested first');
  assert.deepEqual(await axeViolations(page), []);
  shown['the request'] = await page.content();
  assert.deepEqual(vnuErrorsMany(shown), [], 'valid HTML');
  await page.click('form[action$="/dispatch"] button');
  await page.waitForSelector('.summary');
  assert.match(await page.textContent('.summary'), /已派单/);

  const resident = await context.newPage();
  await resident.goto(`${s.url}/track/${mine.code}`);
  assert.match(await resident.textContent('.summary'), /已派单/);
  assert.match(await resident.textContent('.timeline'), /已派单/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the admin pages, the volunteer list (with a search and its errors), the staff entry form and the sign-in page pass the HTML checker and axe', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(s.url + '/login');
  const shown = { '/login': await page.content() };
  await page.fill('#f-login', 'admin');
  await page.fill('#f-password', 'wenming-demo-2026');
  await page.click('button:has-text("登录")');
  await page.waitForURL(/\/desk$/);
  for (const p of ['/admin/users', '/admin/teams', '/admin/services', '/desk/new', '/desk/members',
    '/desk/members?q=' + encodeURIComponent('演示'), '/desk/members?q=' + encodeURIComponent('查'.repeat(41)),
    '/desk/members?page=abc']) {
    await page.goto(s.url + p);
    assert.deepEqual(await axeViolations(page), [], `${p}: axe`);
    shown[p] = await page.content();
  }
  // One run of the checker for all of them.
  assert.deepEqual(vnuErrorsMany(shown), []);
  await context.close();
});
