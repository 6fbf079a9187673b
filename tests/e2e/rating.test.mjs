// rating.test.mjs: 群众评单 in a browser. A resident on a phone (360x740)
// rates a completed request from their private link, choosing 不满意 with a
// comment; a dispatcher at a PC then finds it on /desk/followups. The
// manage page with the rating form, /figures and /desk/followups pass the
// HTML checker and axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { signIn, PASSWORD } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, vSignIn, vnuErrorsMany } from '../lib/volunteer.mjs';
import { completedRequest, insertRequests, fakeCode } from '../lib/rating.mjs';
import { nowMs } from '../lib/clock.mjs';

let s, browser;
const html = {};	// pages for the HTML checker, by name

before(async () => {
  s = await start();
  browser = await launch();
});
after(async () => { await browser?.close(); await s?.stop(); });

// A request brought to 已完成 through the desk and the volunteer's pages.
async function completed() {
  const dispatcher = await signIn(s.url, 'dispatcher');
  const me = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  const vid = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`)[0].id;
  const team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
  return completedRequest(s.url, { staff: dispatcher, me, volunteerId: vid, teamId: team,
    changes: { service: 'phone-help', phone: '13866660001' } });
}

test('a resident rates 不满意 with a comment from the private link; the dispatcher finds it on /desk/followups', async () => {
  const { code, token } = await completed();
  const page = await phonePage(browser, s.url);
  await page.goto(`${s.url}/m/${token}`);
  await page.waitForSelector('#h-rate');
  assert.equal(await page.textContent('.summary .state'), '已完成');
  assert.deepEqual(await axeViolations(page), [], 'the manage page with the rating form: axe');
  assert.equal(await scrollsSideways(page), false);
  html.manage = await page.content();

  // Sent without a level: told so, and what was typed stays.
  await page.fill('#f-comment', '志愿者没讲清楚怎么视频通话');
  await page.click('button:has-text("提交评价")');
  await page.waitForSelector('.errors');
  assert.match(await page.textContent('.errors'), /请选择您对这次服务的满意程度/);
  assert.equal(await page.inputValue('#f-comment'), '志愿者没讲清楚怎么视频通话');
  assert.deepEqual(await axeViolations(page), [], 'the form with its message: axe');
  html.manageError = await page.content();
  page.problems.length = 0;	// the 400 of that answer is logged by the browser

  await page.getByLabel('不满意', { exact: true }).check();
  await page.getByLabel('耐心').check();
  await page.fill('#f-comment', '志愿者没讲清楚怎么视频通话，老人还是不会用');
  await page.click('button:has-text("提交评价")');
  await page.waitForURL(/\?rated=1$/);
  assert.match(await page.textContent('[role=status]'), /感谢您的评价/);
  assert.equal(await page.textContent('.summary .state'), '已评价');
  assert.match(await page.textContent('section[aria-labelledby="h-rated"]'), /不满意 · 耐心/);
  assert.equal(await page.$('#h-rate'), null, 'no form any more');
  assert.equal(await scrollsSideways(page), false);
  assert.deepEqual(page.problems, []);
  await page.context().close();

  // The dispatcher, at a PC.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const desk = await context.newPage();
  const problems = [];
  desk.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await desk.goto(s.url + '/login');
  await desk.fill('#f-login', 'dispatcher');
  await desk.fill('#f-password', PASSWORD);
  await desk.click('button:has-text("登录")');
  await desk.waitForURL(/\/desk$/);
  assert.equal(await desk.textContent('a[href="/desk/followups"] strong'), '1', 'the desk counts one follow-up');
  await desk.click('a[href="/desk/followups"]');
  await desk.waitForURL(/\/desk\/followups$/);
  const item = desk.locator('li.overdue', { has: desk.locator(`a[href="/desk/order/${code}"]`) });
  assert.equal(await item.count(), 1, 'the request is waiting for a follow-up');
  assert.match(await item.textContent(), /智能手机使用帮教 · 马邑村 · 不满意/);
  assert.match(await item.textContent(), /老人还是不会用/);
  assert.deepEqual(await axeViolations(desk), [], '/desk/followups: axe');
  html.followups = await desk.content();

  // Sent without a note: the message beside the note, then recorded.
  await item.locator('button:has-text("记录并结束回访")').click();
  await desk.waitForSelector('.err');
  assert.match(await desk.textContent('.err'), /请记录回访情况/);
  assert.deepEqual(await axeViolations(desk), [], '/desk/followups with a message: axe');
  html.followupsError = await desk.content();
  await desk.locator('li.overdue textarea').first().fill('已电话回访，约定周六再上门教一次');
  await desk.locator('li.overdue button:has-text("记录并结束回访")').first().click();
  await desk.waitForURL(/done=close$/);
  assert.match(await desk.textContent('[role=status]'), /回访已记录/);
  assert.match(await desk.textContent('main'), /没有待回访的申请/);
  assert.deepEqual(problems.filter((p) => !/400 \(Bad Request\)/.test(p)), []);
  await context.close();
});

test('/figures reads on a phone and a PC: charts load, tables beside them, no sideways scrolling of the page', async () => {
  const now = Math.floor(nowMs() / 1000);
  const team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
  insertRequests(s.db, [5, 4, 4, 3, 1].map((level, i) => ({ code: fakeCode('EF'), service: 'tutoring',
    org: '140602100201', state: 'rated', created: now - (i + 1) * 40 * 86400, team, dispatched: now - (i + 1) * 40 * 86400 + 3600,
    accepted: now - (i + 1) * 40 * 86400 + 7200, completed: now - (i + 1) * 40 * 86400 + 86400, level })));
  const page = await phonePage(browser, s.url);
  await page.goto(s.url + '/figures');
  await page.waitForSelector('table.data');
  for (const name of ['monthly', 'satisfaction', 'platforms']) {
    const w = await page.$eval(`img[src="/charts/${name}.svg"]`, (img) => img.complete && img.naturalWidth);
    assert.ok(w > 0, `${name}.svg loads`);
  }
  html.figures = await page.content();
  assert.equal(await scrollsSideways(page), false, 'the page does not scroll sideways on a phone');
  assert.deepEqual(page.problems, []);
  const onPhone = await axeViolations(page);
  await page.context().close();

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const pc = await context.newPage();
  await pc.goto(s.url + '/figures');
  const onPc = await axeViolations(pc);
  await context.close();
  assert.deepEqual({ onPhone, onPc }, { onPhone: [], onPc: [] }, '/figures: axe');
});

test('the manage page with the rating form, /figures and /desk/followups pass the HTML checker', () => {
  assert.ok(html.manage && html.figures && html.followups, 'needs the tests before');
  assert.deepEqual(vnuErrorsMany(html), []);
});
