// browser.mjs: headless Chromium (Debian's) through playwright-core, and the
// page checks every public page must pass: the Nu Html Checker (vnu.jar,
// with the machine's Java) and axe-core.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const axeSource = fs.readFileSync(path.join(here, '../node_modules/axe-core/axe.min.js'), 'utf8');
const vnuJar = path.join(here, '../node_modules/vnu-jar/build/dist/vnu.jar');

// Launches Chromium the way this machine allows (no network side traffic).
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
    out = execFileSync('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', '-'],
      { input: html, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stderr || e.stdout;	// vnu exits 1 when it found errors
  }
  const json = JSON.parse(out || '{"messages":[]}');
  return json.messages.filter((m) => m.type === 'error')
    .map((m) => `line ${m.lastLine}: ${m.message}`);
}
