// activity.test.mjs: an activity in the browser. A station's staff member
// publishes it through the desk form; a volunteer on a phone (360x740) finds
// it on the calendar and signs up; on the day the organiser's screen shows
// the sign-in code, the phone's camera (here: jsQR reading the screen's
// image) opens its link, one tap signs in, and the same for sign-out; the
// organiser confirms the hours. Every page passes the HTML checker and axe
// and none scrolls sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations, decodeQr } from '../lib/browser.mjs';
import { PASSWORD } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, beijing, vnuErrorsMany } from '../lib/volunteer.mjs';
import { nowMs, nowSec } from '../lib/clock.mjs';

let s, browser;
before(async () => { s = await start(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

const found = [];
const shown = {};

// Runs the page checks on what the page shows now; what names it.
async function checked(page, what) {
  for (const v of await axeViolations(page)) found.push(`${what}: axe: ${v}`);
  shown[what] = await page.content();
  if (await scrollsSideways(page)) found.push(`${what}: scrolls sideways at 360px`);
}


test('publish, sign up on a phone, scan in and out, confirm the hours', async () => {
  const staff = await phonePage(browser, s.url);
  await staff.goto(s.url + '/login?next=/desk/activities');
  await staff.fill('#f-login', 'zhan.mayi');
  await staff.fill('#f-password', PASSWORD);
  await staff.click('main button:has-text("登录")');
  await staff.waitForURL(/\/desk\/activities$/);
  await checked(staff, '/desk/activities');
  await staff.click('text=新建活动');
  await staff.waitForURL(/\/desk\/activities\/new$/);
  await checked(staff, '/desk/activities/new');

  // Sent empty: every problem is named beside its field.
  await staff.fill('#f-capacity', '');
  await staff.click('button:has-text("发布活动")');
  await staff.waitForSelector('#errors');
  for (const [field, text] of [['title', '此项必须填写'], ['platform', '请选择活动所属的服务平台'],
    ['site', '请从列表中选择举办活动的站点'], ['start', '请填写开始的日期和时间'], ['capacity', '请填写1到1000之间的人数']])
    assert.match(await staff.textContent(`#e-${field}`), new RegExp(text), `the message beside ${field}`);
  await checked(staff, '/desk/activities/new with its problems');

  const now = nowMs();
  await staff.fill('#f-title', '全民阅读 亲子共读');
  await staff.selectOption('#f-platform', 'education');
  await staff.selectOption('#f-project', 'slow-reading');
  await staff.selectOption('#f-site', { label: '神头镇 · 马邑村' });
  await staff.fill('#f-start', beijing(now + 20 * 60000).local);
  await staff.fill('#f-end', beijing(now + 140 * 60000).local);
  await staff.fill('#f-capacity', '10');
  await staff.fill('#f-summary', '和孩子一起读一本书。');
  await staff.check('input[name="open_to"][value="all"]');
  await staff.click('button:has-text("发布活动")');
  await staff.waitForURL(/\/desk\/activities\/\d+\?new=1$/);
  const id = Number(staff.url().match(/activities\/(\d+)/)[1]);
  assert.match(await staff.textContent('main'), /活动已发布/);
  await checked(staff, '/desk/activities/ID');

  // A volunteer finds it on the calendar and signs up.
  const phone = await phonePage(browser, s.url);
  await phone.goto(s.url + '/activities');
  await checked(phone, '/activities');
  // It starts in 20 minutes: next month, late on a month's last day.
  const starts = beijing(now + 20 * 60000).local.slice(0, 7);
  const next = (await phone.getAttribute('a[rel="next"]', 'href')).match(/month=(\d{4}-\d{2})/)[1];
  if (next === starts) await phone.click('a[rel="next"]');
  await phone.click(`a[href="/activities/${id}"]`);
  await checked(phone, '/activities/ID (not signed in)');
  await phone.click('text=志愿者登录后报名');
  await phone.fill('#f-login', DEMO_VOLUNTEERS[0]);
  await phone.fill('#f-password', PASSWORD);
  await phone.click('main button:has-text("登录")');
  await phone.waitForURL(new RegExp(`/activities/${id}$`));
  await phone.click('button:has-text("报名参加")');
  await phone.waitForSelector('text=报名成功');
  await checked(phone, '/activities/ID (signed up)');

  // The organiser shows the sign-in code; the phone reads it.
  await staff.click('text=显示签到码');
  await staff.waitForURL(new RegExp(`/desk/activities/${id}/qr/in$`));
  await staff.waitForSelector('img[alt="签到二维码"]');
  await checked(staff, '/desk/activities/ID/qr/in');
  const inLink = await decodeQr(staff, 'img[alt="签到二维码"]');
  assert.match(inLink || '', new RegExp(`/a/${id}/in/\\d+-[0-9a-f]{24}$`), 'the code opens the sign-in link');
  await phone.goto(inLink);
  await checked(phone, 'scan page');
  await phone.click('button:has-text("确认签到")');
  await phone.waitForSelector('text=已签到');
  await checked(phone, 'scan page, signed in');

  // The activity begins (moved to have started a minute ago): sign-out opens.
  sql(s.db, `UPDATE activities SET starts_at = ${nowSec()} - 60 WHERE id = ${id}`);
  await staff.click('text=改为显示签退码');
  await staff.waitForSelector('img[alt="签退二维码"]');
  const outLink = await decodeQr(staff, 'img[alt="签退二维码"]');
  assert.match(outLink || '', new RegExp(`/a/${id}/out/`));
  await phone.goto(outLink);
  await phone.click('button:has-text("确认签退")');
  await phone.waitForSelector('text=已签退');

  // The organiser confirms the hours on the activity's page.
  await staff.goto(s.url + `/desk/activities/${id}`);
  assert.match(await staff.textContent('main'), /已签到 1，已签退 1/);
  await staff.click('button:has-text("确认演示志愿者甲的时长")');
  await staff.waitForURL(/\/desk\/hours\?done=1$/);
  assert.equal(sql(s.db, `SELECT h.status FROM hours h WHERE h.activity_id = ${id}`)[0].status, 'confirmed');
  await phone.goto(s.url + `/activities/${id}`);
  assert.match(await phone.textContent('main'), /已确认，计入服务记录/);

  assert.deepEqual(staff.problems.filter((p) => !/status of 400/.test(p)), []);
  assert.deepEqual(phone.problems, []);
  assert.deepEqual(found, []);
  assert.deepEqual(vnuErrorsMany(shown), []);
});
