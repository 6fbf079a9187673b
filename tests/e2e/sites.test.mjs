// sites.test.mjs: the sites directory, site pages, a poster, 一图可视 and
// its geographic view in a phone-sized headless Chromium (360x740), in the
// standard look and in 长辈模式: the status and a text a visitor should see,
// no console errors, nothing from another host, no sideways scrolling, no
// serious or critical axe violation, at most 60 KB of HTML and CSS, valid
// HTML (Nu Html Checker). Also: a map node is a link a finger can follow
// without JavaScript, and the poster prints on one A4 page without the
// site's header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, sql, bin, root } from '../lib/harness.mjs';
import { launch, modePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { vnuErrorsMany } from '../lib/volunteer.mjs';

const MODES = [{ name: 'standard', cookie: null }, { name: '长辈模式', cookie: 'elder' }];
const MAX_BYTES = 60 * 1024;
const cssBytes = fs.statSync(path.join(root, 'static/style.css')).size;

let s, browser;
const ids = {};
const PAGES = [
  { path: () => '/sites', text: '14个新时代文明实践所' },
  { path: () => `/sites/${ids.mayi}`, text: '在这里点单' },
  { path: () => `/sites/${ids.shentou}`, text: '下属站点' },
  { path: () => `/sites/${ids.demoBase}`, text: '这是演示数据' },
  { path: () => `/sites/${ids.mayi}/poster`, text: '扫码点单' },
  { path: () => '/map', text: '示意图' },
  { path: () => '/map?view=geo', text: '个站点暂无坐标，未标在图上' },
];

before(async () => {
  s = await start();
  browser = await launch();
  const id = (q) => sql(s.db, q)[0].id;
  ids.mayi = id("SELECT id FROM orgs WHERE code = '140602100201'");
  ids.shentou = id("SELECT id FROM orgs WHERE code = '140602100000'");
  ids.demoBase = id("SELECT id FROM orgs WHERE kind = 'base' AND is_demo = 1 LIMIT 1");
  // A few sites with coordinates, so the geographic view has something to place.
  const file = path.join(s.dir, 'coords.csv');
  fs.writeFileSync(file, 'code,name,kind,parent_code,lat,lon\n'
    + '140602000000,朔城区新时代文明实践中心,center,,39.3317,112.4328\n'
    + '140602100000,神头镇,institute,140602000000,39.3800,112.3700\n'
    + '140602100201,马邑村,station,140602100000,39.3650,112.3900\n');
  const r = spawnSync(bin, ['site', 'import', file, '--db', s.db], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
after(async () => { await browser?.close(); await s?.stop(); });


const html = {};
for (const mode of MODES) {
  for (const p of PAGES) {
    test(`${p.path.toString().replace(/^\(\) => /, '')} (${mode.name}) at 360x740: clean, fits, accessible, at most 60 KB`, async () => {
      const where = p.path();
      const page = await modePage(browser, s.url, mode.cookie);
      const resp = await page.goto(s.url + where);
      assert.equal(resp.status(), 200);
      assert.ok((await page.textContent('body')).includes(p.text), `the page says ${p.text}`);
      assert.equal(await scrollsSideways(page), false, 'no horizontal scroll');
      const bg = await page.evaluate(() => getComputedStyle(document.querySelector('header.site')).backgroundColor);
      assert.equal(bg, 'rgb(179, 18, 31)', 'the stylesheet applied');
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(page.problems, []);
      const body = await resp.text();
      const bytes = Buffer.byteLength(body);
      assert.ok(bytes + cssBytes <= MAX_BYTES, `${bytes} B of HTML + ${cssBytes} B of CSS <= 60 KB`);
      html[`${mode.name} ${where}`] = body;
    });
  }
}

test('every page is valid HTML (Nu Html Checker)', () => {
  assert.equal(Object.keys(html).length, MODES.length * PAGES.length, 'every page was fetched');
  // One run of the checker for all of them (a Java start per page took 2 minutes).
  assert.deepEqual(vnuErrorsMany(html), []);
});

test('a node of the map is a link to its site, followed without JavaScript', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(s.url + '/map');
  const node = page.locator(`svg.net a[href="/sites/${ids.mayi}"]`);
  // The dot is big enough to see and lies within the phone's width.
  const box = await node.locator('circle').boundingBox();
  assert.ok(box.width >= 7 && box.x + box.width <= 360, JSON.stringify(box));
  await node.scrollIntoViewIfNeeded();
  await Promise.all([page.waitForURL(s.url + `/sites/${ids.mayi}`), node.click()]);
  assert.equal(await page.textContent('h1'), '马邑村');
  // In the geographic view, the three sites with coordinates are drawn and named.
  await page.goto(s.url + '/map?view=geo');
  assert.equal(await page.locator('svg.net a').count(), 3);
  assert.match(await page.textContent('svg.net'), /神头镇/);
  await context.close();
});

test('the poster prints on one A4 page, without the site header, with a large QR code', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(s.url + `/sites/${ids.mayi}/poster`);
  await page.emulateMedia({ media: 'print' });
  const look = await page.evaluate(() => ({
    header: getComputedStyle(document.querySelector('header.site')).display,
    footer: getComputedStyle(document.querySelector('footer.site')).display,
    qr: document.querySelector('.poster-qr').getBoundingClientRect().width,
    name: parseFloat(getComputedStyle(document.querySelector('.poster h1')).fontSize),
  }));
  assert.equal(look.header, 'none');
  assert.equal(look.footer, 'none');
  assert.ok(look.qr >= 380, `the QR code is ${look.qr}px (about 10 cm) wide`);
  assert.ok(look.name >= 48, `the site's name is big (${look.name}px)`);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, 'one A4 page');
  await context.close();
});
