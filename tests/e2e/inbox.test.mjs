// inbox.test.mjs: a volunteer on a phone (360x740) sees how many messages
// they have not read in the navigation, opens their 站内信, taps 查看 on one
// (it is read and they are where it points), marks the rest read; in
// 长辈模式 too. The staff pages of messages (the inbox, a request's 通知记录
// with 催办 and 督办, the admin's SMS not delivered) are checked at the same
// size. Every page passes axe and the HTML checker and never scrolls
// sideways.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { submit } from '../lib/order.mjs';
import { signIn, page as staffPage, act, versionOf, teamsOf } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, PASSWORD, vnuErrorsMany } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';

let s, browser;
before(async () => { s = await start(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

// Inserts one message; returns its id (see tests/http/inbox.test.mjs).
function addMessage(m) {
  const at = m.at ?? nowSec();
  return sql(s.db, `INSERT INTO messages(created_at, kind, order_id, volunteer_id, user_id, phone, text,
      link, sms, attempts, next_at, sent_at, last_error, read_at)
    VALUES (${at}, ${q(m.kind || 'task_team')}, ${q(m.order)}, ${q(m.volunteer)}, ${q(m.user)},
      ${q(m.phone || '')}, ${q(m.text)}, ${q(m.link || '')}, ${q(m.sms || 'none')}, ${m.attempts || 0},
      ${at}, ${q(m.sent)}, ${q(m.error || '')}, ${q(m.read)}) RETURNING id`)[0].id;
}

let found = [];
let shown = {};

// Runs the page checks on what the phone shows now; what names it.
async function checked(page, what) {
  for (const v of await axeViolations(page)) found.push(`${what}: axe: ${v}`);
  shown[what] = await page.content();
  if (await scrollsSideways(page)) found.push(`${what}: scrolls sideways at 360px`);
}

test('a volunteer on a phone: 消息 2 in the navigation, the inbox, 查看, 全部标为已读', async () => {
  found = [];
  shown = {};
  const me = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[2]}'`)[0];
  const before = sql(s.db, `SELECT count(*) AS n FROM messages WHERE volunteer_id = ${me.id} AND read_at IS NULL`)[0].n;
  const t = nowSec();
  addMessage({ volunteer: me.id, text: '【文明朔城】您2026年6月的服务时长1.5小时已确认：', link: '/v/me', at: t - 86400, read: t - 80000 });
  addMessage({ volunteer: me.id, kind: 'task_open',
    text: '【文明朔城】附近有可抢单的任务：心肺复苏普及进万家宣讲活动需要两名志愿者协助布置场地和签到（神头镇马邑村新时代文明实践站），先到先得：',
    link: '/v', at: t - 600 });
  const rec = addMessage({ volunteer: me.id, kind: 'hours_confirmed', text: '【文明朔城】您6月14日的服务时长2小时已确认：', link: '/v/me', at: t - 60 });
  const unread = before + 2;

  const page = await phonePage(browser, s.url);
  await page.goto(s.url + '/v/login');
  await page.fill('#f-login', DEMO_VOLUNTEERS[2]);
  await page.fill('#f-password', PASSWORD);
  await page.click('button:has-text("登录")');
  await page.waitForURL(/\/v$/);
  const link = page.locator('nav a[href="/v/inbox"]');
  assert.equal((await link.textContent()).trim(), `消息 ${unread}`, 'the count beside 消息');
  assert.equal(await link.getAttribute('aria-label'), `消息，未读${unread}条`, 'said whole to a screen reader');
  await checked(page, '/v with unread messages');

  await link.click();
  await page.waitForURL(/\/v\/inbox$/);
  assert.match(await page.textContent('main h1'), /消息/);
  assert.equal(await page.locator('.inbox li.unread').count(), unread);
  assert.equal(await page.locator('.inbox li.unread .unread-tag').count(), unread, '未读 in words on each');
  assert.match(await page.textContent('.inbox li:first-child'), /服务时长2小时已确认/, 'newest first');
  assert.equal(await page.getAttribute('.inbox li:first-child time', 'datetime') !== null, true);
  // The 查看 button is big enough to tap.
  const box = await page.locator(`form[action="/v/inbox/${rec}/open"] button`).boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, `查看 is ${box.width}x${box.height}`);
  await checked(page, '/v/inbox');

  await page.click(`form[action="/v/inbox/${rec}/open"] button`);
  await page.waitForURL(/\/v\/me$/);
  assert.equal((await page.locator('nav a[href="/v/inbox"]').textContent()).trim(), `消息 ${unread - 1}`);
  assert.ok(sql(s.db, `SELECT read_at FROM messages WHERE id = ${rec}`)[0].read_at > 0);

  await page.goto(s.url + '/v/inbox');
  await page.click('button:has-text("全部标为已读")');
  await page.waitForURL(/\/v\/inbox\?done=read$/);
  assert.match(await page.textContent('main'), /全部消息已标为已读/);
  assert.equal((await page.locator('nav a[href="/v/inbox"]').textContent()).trim(), '消息', 'no count left');
  assert.equal(await page.locator('.inbox li.unread').count(), 0);
  await checked(page, '/v/inbox all read');

  // 长辈模式: larger type, still no sideways scroll.
  addMessage({ volunteer: me.id, text: '【文明朔城】提醒：您报名的活动“全民阅读日”明天09:00开始，地点：朔城区文体综合大楼。' });
  await page.context().addCookies([{ name: 'mode', value: 'elder', url: s.url, sameSite: 'Lax' }]);
  await page.goto(s.url + '/v/inbox');
  await checked(page, '/v/inbox in 长辈模式');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  found.push(...vnuErrorsMany(shown).map((e) => e.replace(/^([^:]+): /, '$1: vnu: ')));
  assert.deepEqual(found, [], 'every page passes axe and the HTML checker, and fits the phone');
});

test('the staff pages of messages at 360x740: the inbox, 通知记录 with 催办 and 督办, SMS not delivered', async () => {
  found = [];
  shown = {};
  const { code } = await submit(s.url, { phone: '13812349876' });
  const order = sql(s.db, `SELECT id FROM orders WHERE code = '${code}'`)[0].id;
  const admin = await signIn(s.url, 'admin');
  const adminId = sql(s.db, "SELECT id FROM users WHERE login = 'admin'")[0].id;
  const html = await staffPage(s.url, `/desk/order/${code}`, admin);
  const team = teamsOf(html).find((x) => x.name.startsWith('神头镇志愿服务分队'));
  assert.equal((await act(s.url, admin, code, 'dispatch', { version: versionOf(html), team: team.id })).status, 303);
  const t = nowSec();
  addMessage({ order, phone: '13812349876', sms: 'sent', sent: t - 30, kind: 'resident_received', text: '【文明朔城】您的服务申请“作业辅导”已受理，查询码ABC-DEF-GHJ，查看进度：', at: t - 60 });
  addMessage({ order, phone: '13812349876', sms: 'dead', attempts: 11, error: 'HTTP 503 Service Unavailable from https://sms.example.cn/api/v2/send?account=wenming', kind: 'resident_dispatched', text: '【文明朔城】您的服务申请“作业辅导”已派单给神头镇志愿服务分队，志愿者将与您联系：', at: t - 50 });
  addMessage({ order, user: adminId, kind: 'staff_escalate', text: '【文明朔城】督办：作业辅导（马邑村）派出24小时仍无人接单，请协调：', link: `/desk/order/${code}`, at: t - 40 });
  sql(s.db, `INSERT INTO order_events(order_id, at, actor, actor_id, from_state, to_state, note, public, kind)
    VALUES (${order}, ${t - 20}, 'staff', ${adminId}, 'dispatched', 'dispatched', '', 0, 'urge'),
           (${order}, ${t - 10}, 'system', NULL, 'dispatched', 'dispatched', '督办：派出24小时仍无人接单，已通知神头镇新时代文明实践所', 0, 'escalate')`);

  const page = await phonePage(browser, s.url);
  const sid = admin.cookie.split('=')[1];
  await page.context().addCookies([{ name: 'sid', value: sid, url: s.url, sameSite: 'Lax', httpOnly: true }]);
  await page.goto(`${s.url}/desk/order/${code}?urged=1`);
  assert.match(await page.textContent('main'), /已催办，已再次通知队伍的志愿者/);
  assert.match(await page.textContent('main'), /通知记录/);
  assert.match(await page.textContent('main'), /未送达（HTTP 503/);
  await checked(page, '/desk/order/CODE');
  await page.goto(`${s.url}/desk/inbox`);
  await checked(page, '/desk/inbox');
  await page.goto(`${s.url}/admin/messages`);
  assert.match(await page.textContent('main'), /HTTP 503 Service Unavailable/);
  await checked(page, '/admin/messages');
  assert.deepEqual(page.problems, []);
  await page.context().close();

  found.push(...vnuErrorsMany(shown).map((e) => e.replace(/^([^:]+): /, '$1: vnu: ')));
  assert.deepEqual(found, [], 'every page passes axe and the HTML checker, and fits the phone');
});
