// wall.test.mjs: the wall screen (/screen) on a 1920x1080 display. It uses
// the whole width (the figures at the left edge, the list reaching the
// right), nothing scrolls sideways or down, every text is at least 24 px
// (the list 32 px, the figures 48 px: read from five metres), there is no
// site navigation; a list longer than the screen rolls by CSS (no script)
// and stands still for a viewer who prefers reduced motion or stops the
// refresh. axe finds nothing serious (its meta-refresh rule waived on the
// refreshing page: a real-time display, WCAG 2.2.1's exception).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/harness.mjs';
import { launch, axeViolations, scrollsSideways } from '../lib/browser.mjs';
import { insertRequests, fakeCode } from '../lib/rating.mjs';
import { PLACES } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';

let s, browser;
before(async () => {
  s = await start();
  browser = await launch();
  const now = nowSec();
  // 16 waiting, the older half overdue (due seven days after they were made).
  insertRequests(s.db, Array.from({ length: 16 }, (_, i) => ({ code: fakeCode('SW'), service: i % 2 ? 'reading' : 'health-check',
    org: i % 3 ? PLACES.mayi : PLACES.shentou, state: 'submitted', created: now - (i + 1) * 22 * 3600 })));
});
after(async () => { await browser?.close(); await s?.stop(); });

// A 1920x1080 screen page.
async function wall(path, opts = {}) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', ...opts });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(m.text()); });
  page.on('request', (r) => { if (!r.url().startsWith(s.url)) page.problems.push(`off-host: ${r.url()}`); });
  const resp = await page.goto(s.url + path);
  assert.equal(resp.status(), 200);
  return page;
}

// The computed size of every text on the screen's visible area: [{ what, px }].
function sizes(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.nodeValue.trim() || !el.checkVisibility({ visibilityProperty: true })) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.width === 0 || r.bottom <= 0 || r.top >= innerHeight) continue;
      out.push({ what: `<${el.tagName.toLowerCase()}> ${n.nodeValue.trim().slice(0, 20)}`, px: parseFloat(getComputedStyle(el).fontSize) });
    }
    return out;
  });
}

test('at 1920x1080: the whole width, no scrolling, large type, no site navigation, clean', async () => {
  const page = await wall('/screen');
  assert.equal(await scrollsSideways(page), false, 'nothing scrolls sideways');
  const box = await page.evaluate(() => {
    const r = (sel) => document.querySelector(sel).getBoundingClientRect();
    return { height: document.documentElement.scrollHeight, counts: r('.screen-counts'), list: r('.screen-waits'),
      table: r('.waits'), h1: parseFloat(getComputedStyle(document.querySelector('h1')).fontSize),
      cell: parseFloat(getComputedStyle(document.querySelector('.waits tbody td')).fontSize),
      figure: parseFloat(getComputedStyle(document.querySelector('.big strong')).fontSize),
      nav: document.querySelectorAll('nav, header.site, footer').length };
  });
  assert.ok(box.height <= 1080, `nothing scrolls down (${box.height})`);
  assert.equal(box.nav, 0, 'no site header, navigation or footer');
  assert.ok(box.counts.left < 60, `the figures start at the left edge (${box.counts.left})`);
  assert.ok(box.list.right > 1860 && box.table.right > 1860, `the list reaches the right edge (${box.list.right})`);
  assert.ok(box.list.left > box.counts.right, 'the figures beside the list');
  assert.ok(box.list.top < 300 && box.counts.top < 300, 'side by side from the top');
  assert.ok(box.h1 >= 40, `heading ${box.h1}px`);
  assert.ok(box.cell >= 32, `list ${box.cell}px`);
  assert.ok(box.figure >= 48, `figures ${box.figure}px`);
  const small = (await sizes(page)).filter((t) => t.px < 24).map((t) => `${t.px}px ${t.what}`);
  assert.deepEqual(small, [], 'no text under 24 px');
  // Ten rows in view at once, the next ones rolling up into view.
  const rowsInView = await page.evaluate(() => {
    const box = document.querySelector('.rollbox').getBoundingClientRect();
    return [...document.querySelectorAll('.waits tbody tr')].filter((tr) => {
      const r = tr.getBoundingClientRect();
      return r.top >= box.top - 1 && r.bottom <= box.bottom + 1;
    }).length;
  });
  assert.equal(rowsInView, 10);
  assert.deepEqual((await axeViolations(page)).filter((v) => !v.startsWith('meta-refresh:')), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('a list longer than the screen rolls; it stands still for reduced motion and when the refresh is stopped', async () => {
  const page = await wall('/screen');
  const first = () => page.evaluate(() => document.querySelector('.waits tbody tr').getBoundingClientRect().top);
  const anim = await page.evaluate(() => getComputedStyle(document.querySelector('.waits tbody')).animationName);
  assert.equal(anim, 'roll');
  const t0 = await first();
  await page.waitForTimeout(1500);
  assert.ok(await first() < t0 - 5, 'the rows move up');
  // Both copies are the same rows; the second is hidden from screen readers.
  const copies = await page.evaluate(() => [...document.querySelectorAll('.waits tbody')].map((b) => [b.rows.length, b.getAttribute('aria-hidden')]));
  assert.deepEqual(copies, [[16, null], [16, 'true']]);
  await page.context().close();

  for (const [what, path, opts] of [['reduced motion', '/screen', { reducedMotion: 'reduce' }], ['stopped', '/screen?refresh=0', {}]]) {
    const still = await wall(path, opts);
    assert.equal(await still.evaluate(() => getComputedStyle(document.querySelector('.waits tbody')).animationName), 'none', what);
    assert.equal(await still.evaluate(() => [...document.querySelectorAll('.waits tbody')].filter((b) => b.checkVisibility()).length), 1, `${what}: one copy`);
    assert.equal(await scrollsSideways(still), false);
    if (path.includes('refresh=0')) {
      // Read at one's own pace: the list scrolls by hand (and by keyboard).
      assert.ok(await still.evaluate(() => { const b = document.querySelector('.rollbox'); return b.scrollHeight > b.clientHeight && getComputedStyle(b).overflowY === 'auto'; }));
      assert.deepEqual(await axeViolations(still), []);
    }
    await still.context().close();
  }
});
