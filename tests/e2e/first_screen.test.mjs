// first_screen.test.mjs: the first screen on a phone (360x740). On every
// kind of page (home, the 点单 form, tracking, a site, activities, the
// volunteer's task, the desk) the page's own heading (its h1) starts within
// the top 160 px, in the standard look, signed out and signed in; the
// navigation stays usable (every entry can be reached and tapped, the page
// itself never scrolls sideways) and accessible (axe).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { submit } from '../lib/order.mjs';
import { signIn, page as staffPage, act, versionOf } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, vSignIn, vact } from '../lib/volunteer.mjs';

const TOP = 160;
let s, browser, code, site, volunteer, staff;

before(async () => {
  s = await start();
  browser = await launch();
  // A request dispatched to the demo volunteers' team and accepted by one.
  ({ code } = await submit(s.url, { service: 'health-check' }));
  const team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
  staff = await signIn(s.url, 'dispatcher');
  const desk = await staffPage(s.url, `/desk/order/${code}`, staff);
  assert.equal((await act(s.url, staff, code, 'dispatch', { version: versionOf(desk), team })).status, 303);
  volunteer = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  assert.equal((await vact(s.url, volunteer, code, 'accept')).status, 303);
  site = sql(s.db, "SELECT id FROM orgs WHERE code = '140602100201'")[0].id;
});
after(async () => { await browser?.close(); await s?.stop(); });

// The pages, and the session cookie (name=value) each is seen with.
const PAGES = () => [
  { path: '/', who: null },
  { path: '/order/new', who: null },
  { path: `/track/${code}`, who: null },
  { path: `/sites/${site}`, who: null },
  { path: '/activities', who: null },
  { path: `/v/task/${code}`, who: volunteer.cookie },
  { path: '/v', who: volunteer.cookie },
  { path: '/desk', who: staff.cookie },
  { path: `/desk/order/${code}`, who: staff.cookie },
];

// A phone page carrying the cookie "name=value" (or none).
async function phoneWith(cookie) {
  const page = await phonePage(browser, s.url);
  if (cookie) {
    const [name, value] = cookie.split('=');
    await page.context().addCookies([{ name, value, url: s.url, sameSite: 'Lax' }]);
  }
  return page;
}

test('on a 360x740 phone every page’s own heading starts within the top 160 px', async () => {
  const found = [];
  for (const p of PAGES()) {
    const page = await phoneWith(p.who);
    const resp = await page.goto(s.url + p.path);
    assert.equal(resp.status(), 200, p.path);
    const top = await page.evaluate(() => {
      const h1 = document.querySelector('main h1') || document.querySelector('h1');
      return h1 ? h1.getBoundingClientRect().top + window.scrollY : null;
    });
    if (top === null) found.push(`${p.path}: no h1`);
    else if (top > TOP) found.push(`${p.path}: h1 starts at ${Math.round(top)} px`);
    if (await scrollsSideways(page)) found.push(`${p.path}: scrolls sideways`);
    await page.context().close();
  }
  assert.deepEqual(found, []);
});

test('the compact navigation: every entry can be reached and tapped, by touch and by keyboard, and passes axe', async () => {
  // Signed out, as a volunteer, as staff.
  for (const p of PAGES().filter((x) => ['/', '/v', '/desk'].includes(x.path))) {
    const page = await phoneWith(p.who);
    await page.goto(s.url + p.path);
    const links = await page.$$eval('nav[aria-label="主导航"] a', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.length >= 10, `${p.path}: the whole navigation is there (${links.length})`);
    for (const href of links) {
      const a = page.locator(`nav[aria-label="主导航"] a[href="${href}"]`);
      await a.scrollIntoViewIfNeeded();
      const box = await a.boundingBox();
      assert.ok(box && box.width >= 24 && box.height >= 24, `${p.path}: ${href} is a target of at least 24 px`);
      assert.ok(box.x >= -1 && box.x + box.width <= 361, `${p.path}: ${href} can be scrolled into view`);
      // Nothing covers it: a tap there lands on the link.
      const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href'),
        [box.x + box.width / 2, box.y + box.height / 2]);
      assert.equal(hit, href, `${p.path}: a tap on ${href} reaches it`);
    }
    assert.equal(await scrollsSideways(page), false, `${p.path}: the page itself does not scroll sideways`);
    assert.deepEqual(await axeViolations(page), [], p.path);
    await page.context().close();
  }
  // A keyboard user reaches the navigation and follows an entry.
  const page = await phoneWith(null);
  await page.goto(s.url + '/order/new');
  const honour = page.locator('nav[aria-label="主导航"] a[href="/honour"]');
  await honour.focus();
  await Promise.all([page.waitForURL(/\/honour$/), page.keyboard.press('Enter')]);
  await page.context().close();
});
