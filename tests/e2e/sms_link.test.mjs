// sms_link.test.mjs: the SMS a resident gets when their request is done
// (issue 15) carries a short link; on a phone (360x740) it opens the
// tracking page at its rating form, and the resident rates with the last
// four digits of the phone the SMS went to. The gateway here is the file
// `make run` uses (SIDAN_MESSAGES_FILE): one JSON line per SMS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, sql } from '../lib/harness.mjs';
import { launch, phonePage, scrollsSideways, axeViolations } from '../lib/browser.mjs';
import { signIn } from '../lib/staff.mjs';
import { residentPhone, last4 } from '../lib/rating.mjs';
import { until, deskEntry } from '../lib/messages.mjs';
import { nowSec } from '../lib/clock.mjs';

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-sms-')), 'messages.log');
let s, browser;
before(async () => { s = await start({ env: { SIDAN_MESSAGES_FILE: file } }); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

// The SMS written to the file so far.
const sent = () => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean)
  .map((l) => JSON.parse(l)) : []);

test('the 已完成 SMS opens the rating form on a phone', async () => {
  const staff = await signIn(s.url, 'dispatcher');
  const phone = residentPhone('1861');
  const code = await deskEntry(s.url, staff, { phone });
  // Served and completed (the steps between are other tests' business).
  const t = nowSec();
  sql(s.db, `UPDATE orders SET state = 'completed', completed_at = ${t}, updated_at = ${t}, version = version + 1
    WHERE code = '${code}';
    INSERT INTO order_events(order_id, at, actor, from_state, to_state, note, public)
    SELECT id, ${t}, 'volunteer', 'accepted', 'completed', '', 1 FROM orders WHERE code = '${code}'`);
  const sms = await until(() => sent().find((x) => x.to === phone && x.event === 'resident_completed'));
  assert.ok(sms, JSON.stringify(sent()));
  assert.match(sms.text, /^【文明朔城】您的服务申请“课业辅导”已完成，请为这次服务评价：$/);
  assert.equal(sms.link, `/r/${code}`);

  const page = await phonePage(browser, s.url);
  await page.goto(s.url + sms.link);
  assert.match(page.url(), new RegExp(`/track/${code}#h-rate$`));
  await page.waitForSelector('#h-rate');
  const box = await page.$eval('#h-rate', (h) => { const r = h.getBoundingClientRect(); return [r.top, r.bottom]; });
  assert.ok(box[0] >= 0 && box[1] <= 740, `the rating form is in view: ${box}`);
  assert.deepEqual(await axeViolations(page), []);
  assert.equal(await scrollsSideways(page), false);
  await page.fill('#f-last4', last4(phone));
  await page.check('input[name="level"][value="5"]');
  await page.click('button:has-text("提交评价")');
  await page.waitForURL(/\?rated=1/);
  assert.match(await page.textContent('main'), /感谢您的评价/);
  assert.deepEqual(page.problems, []);
});
