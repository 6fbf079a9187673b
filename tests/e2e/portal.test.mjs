// portal.test.mjs: the public pages in a phone-sized headless Chromium:
// no console errors, nothing from another host, no sideways scrolling,
// valid HTML (Nu Html Checker) and no serious or critical axe violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations, vnuErrors } from '../lib/browser.mjs';

import { submit } from '../lib/order.mjs';

// Every public page, with the status it should answer. Later pages join here;
// pages of a request are added once one exists (see before()).
const PAGES = [
  { path: '/', status: 200, text: '14个新时代文明实践所' },
  { path: '/services', status: 200, text: '服务菜单' },
  { path: '/order/new', status: 200, text: '我要点单' },
  { path: '/track', status: 200, text: '一码可查' },
  { path: '/track/ABCDEFGHJ', status: 404, text: '未找到查询码' },
  { path: '/privacy', status: 200, text: '个人信息怎样使用' },
  { path: '/no-such-page', status: 404, text: '页面不存在' },
];

let s, browser, order;
before(async () => {
  s = await start();
  browser = await launch();
  order = await submit(s.url);
});
after(async () => { await browser?.close(); await s?.stop(); });

const REQUEST_PAGES = [
  { path: () => `/track/${order.code}`, status: 200, text: '办理进度' },
  { path: () => `/m/${order.token}?new=1`, status: 200, text: '申请已提交' },
];

for (const p of [...PAGES, ...REQUEST_PAGES]) {
  test(`${typeof p.path === 'string' ? p.path : 'a request page'} at 360x740: clean, fits, valid, accessible`, async () => {
    if (typeof p.path === 'function') p.path = p.path();
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
