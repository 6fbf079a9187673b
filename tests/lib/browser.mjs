// browser.mjs: headless Chromium (Debian's) through playwright-core, and the
// page checks every public page must pass: the Nu Html Checker (vnu.jar,
// with the machine's Java) and axe-core.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VNU_JAVA } from './vnu.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const axeSource = fs.readFileSync(path.join(here, '../node_modules/axe-core/axe.min.js'), 'utf8');
const jsqrSource = fs.readFileSync(createRequire(import.meta.url).resolve('jsqr/dist/jsQR.js'), 'utf8');

// Launches Chromium the way this machine allows (no network side traffic).
// playwright talks to it over a pipe (no debugging port) and gives each
// launch a fresh profile directory, so test files may run browsers at once.
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A phone-sized page (360x740) that records console errors and failed or
// off-host requests in page.problems.
export async function phonePage(browser, base) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 },
    isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:')) page.problems.push(`off-host: ${r.url()}`);
  });
  page.on('requestfailed', (r) => page.problems.push(`failed: ${r.url()}`));
  return page;
}

// The phone page (phonePage) for checking one page after another in a mode:
// cookie 'elder' for 长辈模式 (the cookie the switch sets), null for the
// standard look. One page per browser and mode is kept and reused, with its
// problems emptied at each call: a fresh context and page cost up to a second
// or two each on a busy machine.
const modePages = new WeakMap();
export async function modePage(browser, base, cookie) {
  let pages = modePages.get(browser);
  if (!pages) modePages.set(browser, (pages = new Map()));
  let page = pages.get(cookie);
  if (!page || page.isClosed()) {
    page = await phonePage(browser, base);
    if (cookie) await page.context().addCookies([{ name: 'mode', value: cookie, url: base, sameSite: 'Lax' }]);
    pages.set(cookie, page);
  }
  page.problems.length = 0;
  return page;
}

// Returns true if the page scrolls sideways.
export function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
}

// Runs axe-core on the page; returns its serious and critical violations.
export async function axeViolations(page) {
  await page.evaluate(axeSource);	// evaluate is not subject to the page's CSP
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

// Runs the Nu Html Checker on html; returns its error messages.
export function vnuErrors(html) {
  let out;
  try {
    out = execFileSync('java', [...VNU_JAVA, '--errors-only', '--format', 'json', '-'],
      { input: html, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stderr || e.stdout;	// vnu exits 1 when it found errors
  }
  const json = JSON.parse(out || '{"messages":[]}');
  return json.messages.filter((m) => m.type === 'error')
    .map((m) => `line ${m.lastLine}: ${m.message}`);
}

// Reads the QR code in the <img> matching selector, as a phone's camera
// would: jsQR on the image drawn at 480x480 in the page itself. Returns the
// text it holds, or null.
export async function decodeQr(page, selector) {
  await page.evaluate(`window.module = {}; ${jsqrSource}; window.jsQR = module.exports || window.jsQR;`);
  return page.evaluate(async (sel) => {
    const img = document.querySelector(sel);
    const big = new Image();
    big.src = img.src;
    await big.decode();
    const c = document.createElement('canvas');
    c.width = c.height = 480;
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 480, 480);
    ctx.drawImage(big, 0, 0, 480, 480);
    const got = window.jsQR(ctx.getImageData(0, 0, 480, 480).data, 480, 480);
    return got ? got.data : null;
  }, selector);
}
