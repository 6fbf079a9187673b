// notify.test.mjs: `sidan serve --notify-cmd` (SIDAN_NOTIFY_CMD) as the SMS
// gateway: a task dispatched to a team becomes one message per volunteer,
// and the command is run once per SMS with the text and link on stdin, the
// phone in SIDAN_TO and the idempotency key in SIDAN_MESSAGE_ID; a failing
// command is retried later with the same key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, sql } from '../lib/harness.mjs';
import { signIn, page, act, versionOf, teamsOf } from '../lib/staff.mjs';
import { nowMs, advanceClock } from '../lib/clock.mjs';
import { until, deskEntry } from '../lib/messages.mjs';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-notify-'));
const got = path.join(dir, 'got.txt');
const fail = path.join(dir, 'fail');
// Records what it is given; fails while the file "fail" exists.
const CMD = `[ -e '${fail}' ] && exit 3; { echo "to=$SIDAN_TO key=$SIDAN_MESSAGE_ID"; cat; echo ---; } >> '${got}'`;

let s;
before(async () => { s = await start({ env: { SIDAN_NOTIFY_CMD: CMD } }); });
after(async () => { await s.stop(); });

// Enters a request at the desk and dispatches it to 神头镇志愿服务分队;
// returns its code.
async function dispatchNew(disp) {
  const code = await deskEntry(s.url, disp, { phone: `138${String(nowMs()).slice(-8)}` });
  const html = await page(s.url, `/desk/order/${code}`, disp);
  const team = teamsOf(html).find((t) => t.name.startsWith('神头镇志愿服务分队'));
  const r = await act(s.url, disp, code, 'dispatch', { version: versionOf(html), team: team.id });
  assert.equal(r.status, 303);
  return code;
}

test('dispatching to a team messages each of its volunteers through the command', async () => {
  const disp = await signIn(s.url, 'dispatcher');
  const code = await dispatchNew(disp);
  assert.ok(await until(() => sql(s.db, `SELECT count(*) AS n FROM messages m JOIN orders o ON o.id = m.order_id
    WHERE o.code = '${code}' AND m.kind = 'task_team'`)[0].n === 3), 'one message per volunteer');
  const rows = sql(s.db, `SELECT m.phone, m.text, m.link FROM messages m JOIN orders o ON o.id = m.order_id
    WHERE o.code = '${code}' AND m.kind = 'task_team' ORDER BY m.phone`);
  assert.deepEqual(rows.map((x) => x.phone), ['13900000001', '13900000002', '13900000003']);
  assert.match(rows[0].text, /^【文明朔城】新任务：课业辅导（马邑村），已派给神头镇志愿服务分队/);
  assert.equal(rows[0].link, `/k/${code}`);
  assert.ok(await until(() => fs.existsSync(got) && (fs.readFileSync(got, 'utf8').match(/新任务：课业辅导/g) || []).length >= 3),
    'the command ran for every volunteer');
  const text = fs.readFileSync(got, 'utf8');
  for (const p of ['13900000001', '13900000002', '13900000003'])
    assert.match(text, new RegExp(`to=${p} key=sidan-\\d+-\\d+\\n【文明朔城】新任务：课业辅导（马邑村）.*/k/${code}\\n`));
  assert.ok(await until(() => sql(s.db, `SELECT count(*) AS n FROM messages WHERE sms = 'pending' AND kind = 'task_team'`)[0].n === 0));
});

test('a failed delivery is kept and retried with the same key', async () => {
  fs.writeFileSync(fail, '');
  const disp = await signIn(s.url, 'dispatcher');
  const code = await dispatchNew(disp);
  const mine = `kind = 'task_team' AND order_id = (SELECT id FROM orders WHERE code = '${code}')`;
  assert.ok(await until(() => sql(s.db, `SELECT count(*) AS n FROM messages WHERE ${mine}
    AND sms = 'pending' AND attempts >= 1 AND last_error = 'exit status 3'`)[0].n === 3), 'three failed attempts recorded');
  assert.match(s.log(), /not sent \(exit status 3\); will retry/);
  // The gateway is back; the retry is due 30 seconds later.
  fs.rmSync(fail);
  advanceClock(31);
  assert.ok(await until(() => sql(s.db, `SELECT count(*) AS n FROM messages WHERE ${mine} AND sms = 'sent'`)[0].n === 3),
    'sent on retry');
  assert.equal(sql(s.db, `SELECT min(attempts) AS a FROM messages WHERE ${mine}`)[0].a, 2);
});
