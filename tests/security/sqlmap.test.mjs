// sqlmap.test.mjs: Debian's sqlmap against the public forms and the Open311
// endpoints of a fresh stack on loopback (bounded: level 2, risk 1, SQLite
// only). Each target passes only when sqlmap says it tested the parameters
// and found none injectable; a run that stops early (connection trouble, a
// page it could not parse) fails rather than passing quietly.
// Run with `make security` (a few minutes); not part of `make test`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, bin, sql } from '../lib/harness.mjs';
import { newForm, GOOD, submit } from '../lib/order.mjs';

let s, key, code, serviceRequestId;

before(async () => {
  // The per-phone daily limit (0: none) would answer sqlmap's repeats with 429.
  s = await start({ env: { SIDAN_LIMIT_PHONE: '0' } });
  key = execFileSync(bin, ['apikey', 'add', 'sqlmap', '--db', s.db], { encoding: 'utf8' })
    .match(/^[A-Za-z0-9_-]{43}$/m)[0];
  code = (await submit(s.url)).code;
  serviceRequestId = sql(s.db, `SELECT code FROM orders ORDER BY id LIMIT 1`)[0].code;
});
after(async () => { await s?.stop(); });

// Runs sqlmap with args against the stack; returns its whole output.
function sqlmap(args) {
  const out = path.join(s.dir, 'sqlmap');
  fs.mkdirSync(out, { recursive: true });
  return new Promise((resolve) => {
    execFile('sqlmap', ['--batch', '--dbms=SQLite', '--level=2', '--risk=1', '--threads=4',
      '--flush-session', '--disable-coloring', '--output-dir', out, ...args],
    { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000 },
    (err, stdout, stderr) => resolve(stdout + stderr + (err && err.killed ? '\n[killed: timeout]' : '')));
  });
}

// Fails unless sqlmap tested each of params and found no injection.
function assertClean(output, what, params) {
  const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const p of params)
    assert.match(output, new RegExp(`testing for SQL injection on [A-Z]+ parameter '${esc(p)}'`),
      `${what}: sqlmap did not test ${p}\n${output.slice(-3000)}`);
  assert.doesNotMatch(output, /identified the following injection point|is vulnerable|appears to be injectable/i,
    `${what}: sqlmap found an injection\n${output.slice(-3000)}`);
  assert.match(output, /all tested parameters do not appear to be injectable/,
    `${what}: sqlmap did not finish its tests\n${output.slice(-3000)}`);
}

test('the tracking lookup takes no injection', async () => {
  assertClean(await sqlmap(['-u', `${s.url}/track?code=${code}`]), '/track?code=', ['code']);
  assertClean(await sqlmap(['-u', `${s.url}/track/${code}*`]), '/track/{code}', ['#1*']);
});

test('the 点单 form takes no injection in any field', async () => {
  const t = await newForm(s.url);
  const data = new URLSearchParams({ ...GOOD, ...t }).toString();
  // The tokens are the server's own: sqlmap may vary them, but they are not
  // what is under test here.
  assertClean(await sqlmap(['-u', `${s.url}/order/new`, '--data', data,
    '--skip', 'nonce,csrf', '--ignore-code', '400,403,409,429']), 'POST /order/new',
  Object.keys(GOOD));
  assertClean(await sqlmap(['-u', `${s.url}/order/new?service=tutoring&site=140602100000`]),
    'GET /order/new', ['service', 'site']);
});

test('the Open311 reads take no injection', async () => {
  assertClean(await sqlmap(['-u',
    `${s.url}/open311/v2/requests.json?service_code=tutoring&status=open&start_date=2026-01-01T00:00:00%2B08:00&end_date=2030-01-01T00:00:00%2B08:00&service_request_id=${serviceRequestId}`]),
  'GET requests.json', ['service_code', 'status', 'start_date', 'end_date', 'service_request_id']);
  assertClean(await sqlmap(['-u', `${s.url}/open311/v2/requests/${serviceRequestId}*.json`]),
    'GET requests/{id}.json', ['#1*']);
  assertClean(await sqlmap(['-u', `${s.url}/open311/v2/services/tutoring*.json`]),
    'GET services/{code}.json', ['#1*']);
});

test('the Open311 POST takes no injection', async () => {
  const data = new URLSearchParams({
    api_key: key, service_code: 'tutoring', address_string: '马邑村', description: '孩子需要数学辅导',
    phone: '13800138000', first_name: '王', 'attribute[consent]': 'yes',
    'attribute[wanted_time]': '周六上午',
  }).toString();
  assertClean(await sqlmap(['-u', `${s.url}/open311/v2/requests.json`, '--data', data,
    '--skip', 'api_key', '--ignore-code', '400,403,429']), 'POST requests.json',
  ['service_code', 'address_string', 'description', 'phone', 'first_name', 'attribute[consent]']);
});
