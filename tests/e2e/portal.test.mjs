// portal.test.mjs: the public pages in a phone-sized headless Chromium:
// no console errors, nothing from another host, no sideways scrolling,
// valid HTML (Nu Html Checker) and no serious or critical axe violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations, vnuErrors } from '../lib/browser.mjs';

// Every public page, with the status it should answer. Later pages join here.
const PAGES = [
  { path: '/', status: 200, text: '14个新时代文明实践所' },
  { path: '/no-such-page', status: 404, text: '页面不存在' },
];

let s, browser;
before(async () => { s = await start(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

for (const p of PAGES) {
  test(`${p.path} at 360x740: clean, fits, valid, accessible`, async () => {
    const page = await phonePage(browser, s.url);
    const resp = await page.goto(s.url + p.path);
    assert.equal(resp.status(), p.status);
    assert.ok((await page.textContent('body')).includes(p.text));
    assert.equal(await scrollsSideways(page), false, 'no horizontal scroll');
    // The stylesheet applied (the header is coloured, not the browser default).
    const bg = await page.evaluate(() => getComputedStyle(document.querySelector('header.site')).backgroundColor);
    assert.equal(bg, 'rgb(179, 18, 31)');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(page.problems.filter((x) => !(p.status === 404 && x.includes('404'))), []);
    const html = await (await fetch(s.url + p.path)).text();
    assert.deepEqual(vnuErrors(html), []);
    await page.context().close();
  });
}
