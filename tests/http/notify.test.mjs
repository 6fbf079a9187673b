// notify.test.mjs: a new task for a team goes to the outbox for each of its
// volunteers, and `sidan serve --notify-cmd` hands every message to the
// command (text on stdin, phone in SIDAN_TO), retrying when it fails.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, sql } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { signIn, page, act, versionOf, teamsOf } from '../lib/staff.mjs';
import { nowMs, nowSec } from '../lib/clock.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-notify-'));
const got = path.join(dir, 'got.txt');
const fail = path.join(dir, 'fail');
// Records what it is given; fails while the file "fail" exists.
const CMD = `[ -e '${fail}' ] && exit 3; { echo "to=$SIDAN_TO"; cat; echo ---; } >> '${got}'`;

let s;
before(async () => { s = await start({ env: { SIDAN_NOTIFY_CMD: CMD } }); });
after(async () => { await s.stop(); });

// Waits until check() is true, up to ms.
async function until(check, ms = 8000) {
  const end = nowMs() + ms;
  while (nowMs() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

// Dispatches a new request to 神头镇志愿服务分队; returns its code.
async function dispatchNew(disp) {
  const { code } = await submit(s.url, { phone: `138${String(nowMs()).slice(-8)}` });
  const html = await page(s.url, `/desk/order/${code}`, disp);
  const team = teamsOf(html).find((t) => t.name.startsWith('神头镇志愿服务分队'));
  const r = await act(s.url, disp, code, 'dispatch', { version: versionOf(html), team: team.id });
  assert.equal(r.status, 303);
  return code;
}

test('dispatching to a team messages each of its volunteers through the command', async () => {
  const disp = await signIn(s.url, 'dispatcher');
  const code = await dispatchNew(disp);
  const rows = sql(s.db, `SELECT recipient, body FROM outbox ORDER BY recipient`);
  assert.deepEqual(rows.map((x) => x.recipient), ['13900000001', '13900000002', '13900000003']);
  assert.match(rows[0].body, /有新的志愿服务任务：课业辅导（马邑村）/);
  assert.ok(await until(() => fs.existsSync(got) && fs.readFileSync(got, 'utf8').split('---').length > 3),
    'the command ran for every message');
  const text = fs.readFileSync(got, 'utf8');
  for (const p of ['13900000001', '13900000002', '13900000003']) assert.match(text, new RegExp(`to=${p}\\n【文明朔城】`));
  assert.ok(await until(() => sql(s.db, 'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL')[0].n === 0));
  assert.ok(code);
});

test('a failed delivery is kept and retried', async () => {
  fs.writeFileSync(fail, '');
  const disp = await signIn(s.url, 'dispatcher');
  await dispatchNew(disp);
  assert.ok(await until(() => sql(s.db, "SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL AND attempts >= 1 AND last_error = 'exit status 3'")[0].n === 3),
    'three failed attempts recorded');
  const [{ wait }] = sql(s.db, `SELECT min(next_at) - ${nowSec()} AS wait FROM outbox WHERE sent_at IS NULL`);
  assert.ok(wait > 0, 'the next attempt waits');
  assert.match(s.log(), /not sent \(exit status 3\); will retry/);
  // The gateway is back; make the retry due now rather than waiting for it.
  fs.rmSync(fail);
  sql(s.db, "UPDATE outbox SET next_at = 0 WHERE sent_at IS NULL");
  assert.ok(await until(() => sql(s.db, 'SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL')[0].n === 0),
    'sent on retry');
  assert.equal(sql(s.db, 'SELECT min(attempts) AS a FROM outbox WHERE last_error = \'\' AND sent_at IS NOT NULL AND id > 3')[0].a, 2);
});
