// elder.test.mjs: 长辈模式 (the cookie mode=elder) enlarges everything. On a
// phone (360x740), on the 点单 form (also with its error messages), the
// tracking page of a real request and the task page of the volunteer who
// accepted it, every visible text (each text node, by its element's computed
// size) and every form control (select and its options, input, button,
// textarea) is at least 20 px; in the standard look the same pages still
// have smaller text (so the measure measures something). The pages still fit
// the phone and pass axe in that mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { submit } from '../lib/order.mjs';
import { signIn, page as staffPage, act, versionOf } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, vSignIn, vact } from '../lib/volunteer.mjs';

const MIN = 20;
let s, browser, code, volunteer;

before(async () => {
  s = await start();
  browser = await launch();
  ({ code } = await submit(s.url, { service: 'health-check' }));
  const team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
  const staff = await signIn(s.url, 'dispatcher');
  const desk = await staffPage(s.url, `/desk/order/${code}`, staff);
  assert.equal((await act(s.url, staff, code, 'dispatch', { version: versionOf(desk), team })).status, 303);
  volunteer = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  assert.equal((await vact(s.url, volunteer, code, 'accept')).status, 303);
});
after(async () => { await browser?.close(); await s?.stop(); });

// A phone page in 长辈模式 (or the standard look), as the volunteer if asked.
async function phone({ elder, asVolunteer }) {
  const page = await phonePage(browser, s.url);
  const cookies = [];
  if (elder) cookies.push({ name: 'mode', value: 'elder', url: s.url, sameSite: 'Lax' });
  if (asVolunteer) cookies.push({ name: 'vsid', value: volunteer.vsid, url: s.url, sameSite: 'Lax' });
  if (cookies.length) await page.context().addCookies(cookies);
  return page;
}

// Every visible text on the page and every form control, with its computed
// font size: [{ what, px }]. Hidden text (display:none, visibility:hidden,
// the 1px screen-reader-only clip) is not measured; an <option> is measured
// by its own computed size (what the open list draws it with).
function measure(page) {
  return page.evaluate(() => {
    const out = [];
    const srOnly = (el) => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const r = e.getBoundingClientRect();
        const cs = getComputedStyle(e);
        if (r.width <= 1 && r.height <= 1 && cs.overflow !== 'visible') return true;
      }
      return false;
    };
    const shown = (el) => el.checkVisibility({ visibilityProperty: true }) && !srOnly(el);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.nodeValue.trim();
      const el = n.parentElement;
      if (!text || !el || ['SCRIPT', 'STYLE', 'OPTION', 'TEXTAREA', 'NOSCRIPT'].includes(el.tagName)) continue;
      if (!shown(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const rect = range.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      out.push({ what: `<${el.tagName.toLowerCase()}${el.className ? `.${el.className}` : ''}> ${text.slice(0, 30)}`,
        px: parseFloat(getComputedStyle(el).fontSize) });
    }
    for (const el of document.querySelectorAll('select, option, input, button, textarea')) {
      if (el.tagName === 'INPUT' && ['hidden', 'checkbox', 'radio'].includes(el.type)) continue;
      const owner = el.tagName === 'OPTION' ? el.closest('select') : el;
      if (!owner || !shown(owner)) continue;
      const label = el.tagName === 'OPTION' ? el.textContent.trim()
        : (el.name || el.id || el.textContent.trim());
      out.push({ what: `<${el.tagName.toLowerCase()}> ${label.slice(0, 30)}`, px: parseFloat(getComputedStyle(el).fontSize) });
    }
    return out;
  });
}

// The pages: what to open, and what to do there first.
const PAGES = [
  { name: 'the 点单 form', path: () => '/order/new', controls: true },
  { name: 'the 点单 form with its errors', path: () => '/order/new', controls: true,
    then: async (page) => {
      await page.click('main button[type="submit"]');
      await page.waitForSelector('.err');
    } },
  { name: 'the tracking page', path: () => `/track/${code}` },
  { name: 'the volunteer’s task page', path: () => `/v/task/${code}`, asVolunteer: true },
  { name: 'the map (一图可视)', path: () => '/map' },
  { name: 'the map by coordinates', path: () => '/map?view=geo' },
];

for (const p of PAGES) {
  test(`长辈模式: every text and control on ${p.name} is at least ${MIN} px`, async () => {
    const page = await phone({ elder: true, asVolunteer: p.asVolunteer });
    const resp = await page.goto(s.url + p.path());
    assert.equal(resp.status(), 200);
    if (p.then) await p.then(page);
    assert.equal(await page.evaluate(() => document.documentElement.className), 'elder');
    const all = await measure(page);
    assert.ok(all.length > 20, `the page has text to measure (${all.length})`);
    if (p.controls) assert.ok(all.some((t) => t.what.startsWith('<select>')), 'the select boxes were measured');
    const small = all.filter((t) => t.px < MIN).map((t) => `${t.px}px ${t.what}`);
    assert.deepEqual(small, [], 'nothing under 20 px');
    assert.equal(await scrollsSideways(page), false, 'fits the phone');
    assert.deepEqual(await axeViolations(page), []);
    await page.context().close();

    // The standard look of the same page has text under 20 px: the
    // measure sees the difference.
    const std = await phone({ elder: false, asVolunteer: p.asVolunteer });
    await std.goto(s.url + p.path());
    if (p.then) await p.then(std);
    assert.ok((await measure(std)).some((t) => t.px < MIN), 'the standard look is smaller');
    await std.context().close();
  });
}
