// photos.test.mjs: photos and news in a phone's browser (360x740). A
// resident attaches a photo from the phone's picker to a request; the
// serving volunteer sees it and completes the task with two 服务照片; staff
// mark one 可公开 and the tracking page shows it; an organiser posts 活动风采
// after an activity, and /news, the home page and the activity's page show
// it with its photo. Every page passes axe and the Nu Html Checker, fits the
// phone, and every thumbnail loads with its size set and loading="lazy".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { signIn, page as staffPage, act, versionOf, csrfOf, ACCOUNTS } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, PASSWORD, beijing, vnuErrorsMany } from '../lib/volunteer.mjs';
import { gpsJpeg, png, webp } from '../lib/images.mjs';
import { nowMs } from '../lib/clock.mjs';

let s, browser;
before(async () => { s = await start(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

// What the page checks found, and each page's HTML for the checker (run once
// at the end on all of them).
const found = [];
const shown = {};

// Runs the page checks on what the phone shows now; what names it.
async function checked(page, what) {
  for (const v of await axeViolations(page)) found.push(`${what}: axe: ${v}`);
  shown[what] = await page.content();
  if (await scrollsSideways(page)) found.push(`${what}: scrolls sideways at 360px`);
}

// Returns what each photo's <img> under selector shows: loaded pixels, its width and
// height attributes and its loading attribute.
function images(page, selector) {
  return page.$$eval(`${selector} img[src^="/photos/"]`, (imgs) => imgs.map((i) => ({
    src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0,
    width: i.getAttribute('width'), height: i.getAttribute('height'), loading: i.getAttribute('loading'),
  })));
}

// Scrolls every lazy image into view and waits until each has loaded.
async function loadAll(page, selector) {
  for (const img of await page.$$(`${selector} img[src^="/photos/"]`)) await img.scrollIntoViewIfNeeded();
  await page.waitForFunction((sel) => [...document.querySelectorAll(`${sel} img[src^="/photos/"]`)]
    .every((i) => i.complete && i.naturalWidth > 0), selector);
}

// Asserts every image under selector loaded, sized and lazy; returns them.
async function thumbs(page, selector, what) {
  await loadAll(page, selector);
  const list = await images(page, selector);
  assert.ok(list.length > 0, `${what}: a photo is shown`);
  for (const i of list) {
    assert.ok(i.loaded, `${what}: ${i.src} loads`);
    assert.match(i.width || '', /^\d+$/, `${what}: width set`);
    assert.match(i.height || '', /^\d+$/, `${what}: height set`);
    assert.equal(i.loading, 'lazy', `${what}: loading="lazy"`);
    assert.match(i.src, /^\/photos\/[0-9a-f]{64}\.jpg$/, `${what}: a store URL`);
  }
  return list;
}

test('a resident attaches a photo, a volunteer completes with two, staff publish one; 活动风采 reaches /news and home', async () => {
  // The resident, from the phone's picker.
  const res = await phonePage(browser, s.url);
  await res.goto(s.url + '/order/new');
  await res.selectOption('#f-service', { label: '智能手机使用帮教' });
  await res.selectOption('#f-institute', { label: '神头镇' });
  await res.selectOption('#f-station', { label: '马邑村' });
  await res.fill('#f-address', '村委会对面');
  await res.fill('#f-need', '家里的手机打不开视频通话，照片是手机的样子');
  await res.fill('#f-name', '李大爷');
  await res.fill('#f-phone', '13834560001');
  await res.check('#f-consent');
  await res.setInputFiles('#f-photo', gpsJpeg());
  await checked(res, '/order/new with a photo chosen');
  await res.click('button:has-text("提交申请")');
  await res.waitForSelector('.code');
  const code = (await res.textContent('.code')).replace(/[\s-]/g, '');
  assert.match(code, /^[A-Z2-9]{9}$/);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM photos p JOIN orders o ON o.id = p.order_id
    WHERE o.code = '${code}' AND p.kind = 'request'`)[0].n, 1, 'the photo was saved with the request');
  assert.deepEqual(res.problems, []);
  await res.context().close();

  // The desk sees it; the volunteer's team gets the task.
  const dispatcher = await signIn(s.url, ACCOUNTS.dispatcher);
  const desk = await staffPage(s.url, `/desk/order/${code}`, dispatcher);
  assert.match(desk, /\/photos\/[0-9a-f]{64}\.jpg/, 'staff in scope see the resident\'s photo');
  const team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
  assert.equal((await act(s.url, dispatcher, code, 'dispatch', { version: versionOf(desk), team })).status, 303);

  // The volunteer, on a phone: signs in, takes the task, sees the photo.
  const v = await phonePage(browser, s.url);
  await v.goto(s.url + '/v/login');
  await v.fill('#f-login', DEMO_VOLUNTEERS[0]);
  await v.fill('#f-password', PASSWORD);
  await v.click('button:has-text("登录")');
  await v.waitForURL(/\/v$/);
  await v.goto(`${s.url}/v/task/${code}`);
  assert.equal((await v.$$('main img')).length, 0, 'no photo before taking the task');
  await v.click('main button:has-text("接单")');
  await v.waitForSelector('#h-done');
  await thumbs(v, 'main', 'the task while serving');
  await checked(v, '/v/task/CODE while serving, with the photo');

  // 结项 with two 服务照片 from the picker.
  const me = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`)[0];
  await v.fill('#f-what', '教会了视频通话，拍了两张照片');
  await v.fill('#f-start', beijing(nowMs() - 2 * 3600e3).local);
  await v.fill('#f-end', beijing(nowMs() - 3600e3).local);
  await v.fill(`#m-${me.id}`, '60');
  await v.setInputFiles('#f-photo', [png(), webp()]);
  await v.click('button:has-text("提交完成情况")');
  await v.waitForSelector('.state-completed');
  const done = sql(s.db, `SELECT p.id FROM photos p JOIN orders o ON o.id = p.order_id
    WHERE o.code = '${code}' AND p.kind = 'completion' ORDER BY p.id`);
  assert.equal(done.length, 2, 'both 服务照片 were saved with the completion');
  assert.deepEqual(v.problems, []);
  await v.context().close();

  // Nothing of it is public yet; staff mark the first 可公开.
  const track = await phonePage(browser, s.url);
  await track.goto(`${s.url}/track/${code}`);
  assert.equal((await track.$$('main img[src^="/photos/"]')).length, 0, 'no photo is public before 可公开');
  const page2 = await staffPage(s.url, `/desk/order/${code}`, dispatcher);
  const r = await fetch(`${s.url}/desk/order/${code}/photos/${done[0].id}/public`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: dispatcher.cookie, 'content-type': 'application/x-www-form-urlencoded', origin: s.url },
    body: new URLSearchParams({ csrf: csrfOf(page2) }).toString(),
  });
  assert.equal(r.status, 303);
  await track.goto(`${s.url}/track/${code}`);
  const pub = await thumbs(track, 'main', 'the tracking page');
  assert.equal(pub.length, 1, 'only the photo marked 可公开');
  await checked(track, '/track/CODE with a 服务照片');
  assert.deepEqual(track.problems, []);
  await track.context().close();

  // An activity at 马邑村 that ended an hour ago; its organiser posts 活动风采.
  const now = Math.floor(nowMs() / 1000);
  sql(s.db, `INSERT INTO activities(title, platform_id, org_id, starts_at, ends_at, capacity, open_to,
    qr_key, created_by, created_at) SELECT '马邑村读书会', (SELECT id FROM platforms WHERE code = 'theory'), id,
    ${now - 3 * 3600}, ${now - 3600}, 30, 'all', randomblob(32), 1, ${now - 86400}
    FROM orgs WHERE code = '140602100201'`);
  const activity = sql(s.db, "SELECT id FROM activities WHERE title = '马邑村读书会'")[0].id;
  const org = await phonePage(browser, s.url);
  await org.goto(`${s.url}/login`);
  await org.fill('#f-login', ACCOUNTS.station);
  await org.fill('#f-password', PASSWORD);
  await org.click('button:has-text("登录")');
  await org.waitForURL(/\/desk/);
  await org.goto(`${s.url}/desk/activities/${activity}`);
  await org.click('a:has-text("发布活动风采")');
  await org.waitForURL(/\/desk\/news\/new\?activity=/);
  assert.match(await org.inputValue('#f-title'), /活动风采.*马邑村读书会/);
  await org.fill('#f-body', '十二位村民一起读了《朔州史话》。\n\n孩子们给老人读报，老人讲村里的老故事。');
  await org.setInputFiles('#f-photo', gpsJpeg());
  await checked(org, '/desk/news/new for 活动风采');
  await org.click('button:has-text("保存并发布")');
  await org.waitForURL(/\/desk\/news\/\d+/);
  assert.deepEqual(org.problems, []);
  await org.context().close();

  // The public: /news, the article, home, the activity's page.
  const pubPage = await phonePage(browser, s.url);
  await pubPage.goto(`${s.url}/news`);
  assert.match(await pubPage.textContent('main'), /马邑村读书会/);
  assert.equal(await pubPage.getAttribute('link[rel="alternate"][type="application/atom+xml"]', 'href'), '/news.atom');
  await thumbs(pubPage, 'main', '/news');
  await checked(pubPage, '/news');
  await pubPage.click('main a:has-text("马邑村读书会")');
  await pubPage.waitForURL(/\/news\/\d+$/);
  assert.match(await pubPage.textContent('main'), /孩子们给老人读报/);
  await thumbs(pubPage, 'main', 'the article');
  await checked(pubPage, '/news/ID');
  await pubPage.goto(`${s.url}/`);
  assert.match(await pubPage.textContent('main'), /马邑村读书会/);
  await thumbs(pubPage, 'main', 'the home page');
  await checked(pubPage, '/');
  await pubPage.goto(`${s.url}/activities/${activity}`);
  assert.match(await pubPage.textContent('main'), /孩子们给老人读报/);
  await thumbs(pubPage, 'main', 'the activity page');
  await checked(pubPage, '/activities/ID with 活动风采');
  assert.deepEqual(pubPage.problems, []);
  await pubPage.context().close();

  // Every form was settled: nothing is left staged or half made.
  assert.deepEqual(fs.readdirSync(path.join(s.dir, 'media', 'tmp')), [], 'media/tmp is empty');

  found.push(...vnuErrorsMany(shown).map((e) => e.replace(/^([^:]+): /, '$1: vnu: ')));
  assert.deepEqual(found, [], 'every page passes axe and the HTML checker, and fits the phone');
});
