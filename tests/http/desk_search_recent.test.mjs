// desk_search_recent.test.mjs: a word in most of the district's requests
// (issue 18), on a database whose newest requests lack it, as after a busy
// morning of other needs: the desk still lists, page by page, exactly the
// newest requests instr() finds (sidan reads them from the text index in id
// order), with those the index has not caught up with yet (written by the
// form a moment ago, by the sqlite3 tool, or changed), in every role's scope
// and with a state or platform filter; the district's counts say "more than
// 1000", a 所's and a 站's are exact.
// Once a request is written with an earlier time than others entered before
// it, ids no longer follow times, and the desk keeps listing by time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { start, sql, bin } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { ACCOUNTS, signIn, page, countsOf } from '../lib/staff.mjs';
import { PLACES } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';
import { until } from '../lib/messages.mjs';
import { SCOPE, whereText, expected, expectedCounts, deskPages, seededDb } from '../lib/desk_search.mjs';

// In every request `sidan seed --orders` writes, and in no place's name
// (演示 is: the demo stations are 演示站).
const WORD = '性能';
const OVER = /符合条件的申请超过 1000 条，各状态数量不再逐一统计；请加条件缩小范围。/;
let s;
let dir;
const S = {};
const ROLES = Object.keys(SCOPE);

// role's first `pages` pages of the desk for query string qs.
const firstPages = (role, qs, pages) => deskPages(s.url, S[role], qs, pages);

// Checks every role's first three pages for WORD (and filter) against instr().
async function listsAsInstr(filter = '', where = '1') {
  const qs = `q=${encodeURIComponent(WORD)}${filter}`;
  for (const role of ROLES) {
    const want = expected(s.db, role, `${whereText(WORD)} AND ${where}`).slice(0, 150);
    assert.deepEqual(await firstPages(role, qs, 3), want, `${role}: ${qs}`);
  }
}

// Writes a request with the sqlite3 tool (no index), at time `at`.
function writeByTool(code, need, at) {
  sql(s.db, `INSERT INTO orders(code, service_id, org_id, institute_id, need, contact_name, channel,
    created_at, updated_at, due_at)
    SELECT '${code}', (SELECT id FROM services WHERE code = 'tutoring'), o.id, o.parent_id,
    '${need}', '工具写入者', 'phone', ${at}, ${at}, ${at + 86400}
    FROM orgs o WHERE o.code = '${PLACES.mayi}'`);
}

before(async () => {
  let db;
  ({ dir, db } = seededDb('sidan-recent-', 30000));
  // SIDAN_SQL_PROFILE: each statement in sidan's log, to see which way was read.
  s = await start({ db, env: { SIDAN_SQL_PROFILE: '1' } });
  for (const role of ROLES) S[role] = await signIn(s.url, ACCOUNTS[role]);
  // The newest requests lack the word: 60 from the form, all over the district.
  const places = [{ institute: PLACES.shentou, station: PLACES.mayi },
    { institute: PLACES.shentou, station: '' }, { institute: PLACES.beicheng, station: '' },
    { institute: PLACES.limin, station: '' }];
  for (let i = 0; i < 60; i++)
    await submit(s.url, { need: `第${i}件别的事：修理水管`, phone: `1374${String(1000000 + i)}`,
      ...places[i % places.length] });
});
after(() => {
  if (s) s.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a common word missing from the newest requests: every scope lists and counts as instr()', async () => {
  await listsAsInstr();
  // The district's view was counted from the index's matches (TX_RECENT;
  // the log shows each statement's first 160 characters).
  assert.match(s.log(), /SELECT o\.state FROM \(SELECT f\.id FROM \(SELECT rowid AS id FROM orders_fts WHERE/);
  for (const role of ROLES) {
    const html = await page(s.url, `/desk?q=${encodeURIComponent(WORD)}`, S[role]);
    if (role === 'admin' || role === 'dispatcher') {
      assert.match(html, OVER, role);
      assert.deepEqual(countsOf(html), {}, `${role}: no number is shown for a state`);
    } else {	// a 所's or a 站's view is small enough to count whole
      const got = countsOf(html);
      for (const k of Object.keys(got)) if (got[k] === 0) delete got[k];
      assert.deepEqual(got, expectedCounts(s.db, role, whereText(WORD)), role);
    }
  }
  await listsAsInstr('&state=submitted', "o.state = 'submitted'");
  await listsAsInstr('&state=rated', "o.state = 'rated'");
  const [{ id, code }] = sql(s.db, "SELECT p.id, p.code FROM platforms p JOIN services s"
    + " ON s.platform_id = p.id WHERE s.code = 'tutoring'");
  await listsAsInstr(`&platform=${code}`, `s.platform_id = ${id}`);
});

test('requests the index has not caught up with are listed by their words now', async () => {
  // From the form, with the word; by the tool, with it; an old one loses it,
  // another gains it back: all at once, before any housekeeping round.
  await submit(s.url, { need: `电脑${WORD}太差，请帮忙看看`, phone: '13750000001',
    institute: PLACES.shentou, station: PLACES.mayi });
  writeByTool('CLIRECNT2', `工具写入：音响${WORD}不稳定`, nowSec());
  const [{ id: older }] = sql(s.db, 'SELECT max(id) - 5 AS id FROM orders WHERE is_demo = 1');
  sql(s.db, `UPDATE orders SET need = '改写后不含那个词' WHERE id = ${older};
    UPDATE orders SET need = '改写：仍是${WORD}测试申请' WHERE id = ${older - 1}`);
  await listsAsInstr();
  await listsAsInstr('&state=submitted', "o.state = 'submitted'");
  // Once the index has caught up, the same.
  await until(() => sql(s.db, 'SELECT count(*) AS n FROM orders_fts_stale')[0].n === 0);
  await listsAsInstr();
  // What the housekeeping process wrote into the index matches the requests.
  const r = spawnSync(bin, ['check', '--db', s.db], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /search index/);
});

test('a service renamed to hold the word: its requests are found by its name at once', async () => {
  const qs = `q=${encodeURIComponent(WORD)}`;
  for (let i = 0; i < 4; i++)	// this search's plan kept in each worker
    assert.deepEqual(await firstPages('admin', qs, 1), expected(s.db, 'admin', whereText(WORD)).slice(0, 50));
  const [{ name }] = sql(s.db, "SELECT name FROM services WHERE code = 'tutoring'");
  // A request of that service, among the newest, whose need lacks the word.
  await submit(s.url, { need: '周末想请人辅导作文', phone: '13750000002', service: 'tutoring',
    institute: PLACES.shentou, station: PLACES.mayi });
  sql(s.db, `UPDATE services SET name = '${name}（${WORD}提升）' WHERE code = 'tutoring'`);
  try {
    for (let i = 0; i < 4; i++)
      assert.deepEqual(await firstPages('admin', qs, 1), expected(s.db, 'admin', whereText(WORD)).slice(0, 50));
  } finally {
    sql(s.db, `UPDATE services SET name = '${name}' WHERE code = 'tutoring'`);
  }
});

test('a request written with an earlier time: the desk still lists by time', async () => {
  // This search was just made, in each worker (a worker keeps its last plan
  // a minute).
  const qs = `q=${encodeURIComponent(WORD)}`;
  for (let i = 0; i < 4; i++)
    assert.deepEqual(await firstPages('admin', qs, 1), expected(s.db, 'admin', whereText(WORD)).slice(0, 50));
  // Entered now, dated a year ago: its id is the newest, its time is not.
  writeByTool('CLIBACKD2', `补录：去年的${WORD}测试申请`, nowSec() - 365 * 86400);
  for (let i = 0; i < 4; i++) {
    const first = await firstPages('admin', qs, 1);
    assert.ok(!first.includes('CLIBACKD2'), 'the back-dated request is not among the newest');
    assert.deepEqual(first, expected(s.db, 'admin', whereText(WORD)).slice(0, 50));
  }
  await listsAsInstr();
});

test('sidan check --repair counts the time order again once the back-dated request is gone', async () => {
  let r = spawnSync(bin, ['check', '--repair', '--db', s.db], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /search index: 1 request\(s\) are older than one entered before them/);
  sql(s.db, "DELETE FROM orders WHERE code = 'CLIBACKD2'");
  r = spawnSync(bin, ['check', '--repair', '--db', s.db], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /search index: the requests' ids follow their times/);
  await listsAsInstr();
});
