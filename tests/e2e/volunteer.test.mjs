// volunteer.test.mjs: a volunteer on a phone (360x740) signs in, takes a
// task dispatched to their team, serves it and reports it done with the
// hours; the resident's tracking page then says 已完成. Every volunteer page,
// the join form, the certificate and its verification pass the HTML checker
// and axe, and none scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { submit } from '../lib/order.mjs';
import { signIn, page as staffPage, act, versionOf } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, PASSWORD, beijing, hourAct, vnuErrorsMany } from '../lib/volunteer.mjs';
import { nowMs } from '../lib/clock.mjs';

let s, browser;
before(async () => { s = await start(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

// What the page checks found, by page, and the pages for the HTML checker
// (run once at the end, on all of them): asserted empty at the end, so one
// run names every page with a problem.
let found = [];
let shown = {};

// Runs the page checks on what the phone shows now; what names it.
async function checked(page, what) {
  for (const v of await axeViolations(page)) found.push(`${what}: axe: ${v}`);
  shown[what] = await page.content();
  if (await scrollsSideways(page)) found.push(`${what}: scrolls sideways at 360px`);
}

test('a volunteer signs in, accepts a task, completes it with hours; the resident sees 已完成', async () => {
  found = [];
  shown = {};
  const resident = '13866660001';
  const { code } = await submit(s.url, { service: 'health-check', phone: resident, name: '周大爷' });
  const team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
  const dispatcher = await signIn(s.url, 'dispatcher');
  const desk = await staffPage(s.url, `/desk/order/${code}`, dispatcher);
  assert.equal((await act(s.url, dispatcher, code, 'dispatch', { version: versionOf(desk), team })).status, 303);
  const me = sql(s.db, `SELECT id, number FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`)[0];

  // Anyone may apply: the join form, and the form again with its problems.
  const join = await phonePage(browser, s.url);
  await join.goto(s.url + '/volunteer/join');
  await checked(join, '/volunteer/join');
  await join.click('button:has-text("提交申请")');
  await join.waitForSelector('#errors');
  await checked(join, '/volunteer/join with its problems');
  assert.deepEqual(join.problems.filter((p) => !/status of 400/.test(p)), [], 'only the expected 400');
  await join.context().close();

  const page = await phonePage(browser, s.url);

  // Signing in, remembered on this phone.
  await page.goto(s.url + '/v');
  assert.match(page.url(), /\/v\/login\?next=(%2F|\/)v$/, 'the task list asks for a sign-in first');
  await checked(page, '/v/login');
  await page.fill('#f-login', DEMO_VOLUNTEERS[0]);
  await page.fill('#f-password', PASSWORD);
  await page.check('#f-remember');
  await page.click('button:has-text("登录")');
  await page.waitForURL(/\/v$/);
  assert.match(await page.textContent('header'), /演示志愿者甲（志愿者）/);
  assert.match(await page.textContent('nav'), /我的任务 1/, 'one new task in the navigation');
  assert.match(await page.textContent('main'), new RegExp(me.number));
  await checked(page, '/v');

  // The task: no contact yet; one tap takes it.
  await page.click(`a[href="/v/task/${code}"]`);
  await page.waitForURL(new RegExp(`/v/task/${code}$`));
  assert.ok(!(await page.content()).includes(resident), 'no phone before accepting');
  await checked(page, '/v/task/CODE before accepting');
  await page.click('main button:has-text("接单")');
  await page.waitForSelector('#h-done');
  assert.match(await page.textContent('.summary'), /已接单/);
  assert.equal(await page.getAttribute(`a[href="tel:${resident}"]`, 'href'), `tel:${resident}`, 'the phone to call');
  await checked(page, '/v/task/CODE while serving');

  // Done: what, when, and the minutes.
  await page.fill('#f-what', '上门量血压，讲解降压药的服用方法');
  await page.fill('#f-start', beijing(nowMs() - 2 * 3600e3).local);
  await page.fill('#f-end', beijing(nowMs() - 3600e3).local);
  await page.fill(`#m-${me.id}`, '60');
  await page.click('button:has-text("提交完成情况")');
  await page.waitForSelector('.state-completed');
  assert.match(await page.textContent('.summary'), /已完成/);
  assert.ok(!(await page.content()).includes(resident), 'the phone is gone after completion');

  // The resident's tracking page.
  const res = await phonePage(browser, s.url);
  await res.goto(`${s.url}/track/${code}`);
  assert.match(await res.textContent('.summary'), /已完成/);
  assert.match(await res.textContent('.timeline'), /已完成/);
  assert.deepEqual(res.problems, []);
  await res.context().close();

  // The record, once the leader confirmed the hours; a certificate; its check.
  const leader = await signIn(s.url, 'leader.shentou');
  const hour = sql(s.db, `SELECT id FROM hours WHERE volunteer_id = ${me.id} AND status = 'pending'`)[0].id;
  assert.equal((await hourAct(s.url, leader, hour, 'confirm')).status, 303);
  await page.click('nav >> text=我的记录');
  await page.waitForURL(/\/v\/me$/);
  assert.match(await page.textContent('.figures'), /1\.0\s*已确认时长（小时）\s*2\s*积分/);
  await checked(page, '/v/me');
  await page.click('button:has-text("开具证明")');
  await page.waitForURL(/\/v\/certificate\/[A-Z2-9]{12}$/);
  const cert = page.url().split('/').pop();
  assert.match(await page.textContent('.certificate'), new RegExp(`核验码：${cert}`));
  await checked(page, '/v/certificate/CODE');
  await page.goto(`${s.url}/verify/${cert}`);
  assert.match(await page.textContent('main'), /核验通过/);
  assert.match(await page.textContent('main'), new RegExp(me.number));
  await checked(page, '/verify/CODE');
  assert.deepEqual(page.problems, []);
  await page.context().close();
  assert.equal(Object.keys(shown).length, 9, 'every page was checked');
  found.push(...vnuErrorsMany(shown).map((e) => e.replace(/^([^:]+): /, '$1: vnu: ')));
  assert.deepEqual(found, [], 'every page passes axe and the HTML checker, and fits the phone');
});
