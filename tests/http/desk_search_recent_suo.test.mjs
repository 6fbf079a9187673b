// desk_search_recent_suo.test.mjs: a 所's search of a common word after a
// morning of other needs in that 所 (issue 18). The text index holds each
// request's place (schema 25), so a 所's search asks it for the 所's own
// matches only: a word the 所's newest requests lack is read from them
// newest first (TX_RECENT), a word the district holds often and the 所
// seldom from the 所's few matches (TX_INDEX), never from the rest of the
// district's. Either way the desk lists and counts exactly what instr()
// finds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { start, sql, bin } from '../lib/harness.mjs';
import { ACCOUNTS, signIn, page, get, countsOf } from '../lib/staff.mjs';
import { PLACES } from '../lib/volunteer.mjs';
import { expected, expectedCounts, whereText, deskPages, logDuring, seededDb, placeId } from '../lib/desk_search.mjs';
import { advanceClock } from '../lib/clock.mjs';

// In every request `sidan seed --orders` writes.
const COMMON = '性能';
// In half of the district's requests outside 神头镇, and in only 120 of
// 神头镇's: its newest 100 before the morning's other needs, and its oldest
// 20 (found among the 所's own matches).
const SPARSE = '暖气片';
// In every seeded need, and in names: the demo stations' (演示站) and a
// service's (文艺演出下乡).
const NAMED = '演';
const NAMED_PLACE = `(SELECT id FROM orgs WHERE instr(name, '${NAMED}') > 0 AND kind = 'station' ORDER BY id LIMIT 1)`;
const NAMED_SERVICE = `(SELECT id FROM services WHERE instr(name, '${NAMED}') > 0 ORDER BY id LIMIT 1)`;
const OVER = /符合条件的申请超过 1000 条，各状态数量不再逐一统计；请加条件缩小范围。/;
const ROLES = ['institute', 'station', 'admin'];
let s;
let dir;
const S = {};

// role's first `pages` pages of the desk for query string qs.
const firstPages = (role, qs, pages) => deskPages(s.url, S[role], qs, pages);

const logOf = (fn) => logDuring(s, fn);

const SHENTOU = placeId(PLACES.shentou);
const MAYI = placeId(PLACES.mayi);

before(async () => {
  let db;
  ({ dir, db } = seededDb('sidan-recent-suo-', 120000));
  // 神头镇 gets a sixth of the district's requests besides its own (more
  // than the desk counts whole, under a quarter of the district), at 马邑村;
  // SPARSE goes into half of the others' needs and 120 of 神头镇's; then
  // 300 newer requests at 马邑村 hold neither word.
  // NAMED loses its place in 40 of the newest needs: 20 outside 神头镇 go
  // to a place named with it, 20 of 神头镇's to a service named with it.
  sql(db, `UPDATE orders SET org_id = ${MAYI}, institute_id = ${SHENTOU} WHERE id % 6 = 0;
    UPDATE orders SET org_id = ${NAMED_PLACE}, institute_id = (SELECT parent_id FROM orgs
      WHERE id = ${NAMED_PLACE}), need = '修理水管，没有那个字'
      WHERE id IN (SELECT id FROM orders WHERE institute_id != ${SHENTOU} ORDER BY id DESC LIMIT 20);
    UPDATE orders SET service_id = ${NAMED_SERVICE}, need = '修理水管，没有那个字'
      WHERE id IN (SELECT id FROM orders WHERE institute_id = ${SHENTOU} ORDER BY id DESC LIMIT 20 OFFSET 100);
    UPDATE orders SET need = need || '，${SPARSE}不热' WHERE id % 2 = 1 AND institute_id != ${SHENTOU};
    UPDATE orders SET need = need || '，${SPARSE}漏水' WHERE id IN
      (SELECT id FROM orders WHERE institute_id = ${SHENTOU} ORDER BY id DESC LIMIT 100);
    UPDATE orders SET need = need || '，${SPARSE}坏了' WHERE id IN
      (SELECT id FROM orders WHERE institute_id = ${SHENTOU} ORDER BY id LIMIT 20);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300),
      t(at) AS (SELECT max(created_at) FROM orders)
    INSERT INTO orders(code, service_id, org_id, institute_id, need, contact_name, channel,
      created_at, updated_at, due_at)
    SELECT 'CLIQ' || char(65 + (i / 676) % 26, 65 + (i / 26) % 26, 65 + i % 26) || 'ZZ',
      (SELECT id FROM services WHERE code = 'tutoring'), ${MAYI}, ${SHENTOU},
      '第' || i || '件别的事：修理水管', '工具写入者', 'phone', t.at + i, t.at + i, t.at + i + 86400
    FROM n, t`);
  // The index rebuilt over all of it; ids still follow times.
  const r = spawnSync(bin, ['check', '--repair', '--db', db], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /search index: the requests' ids follow their times/);
  // SIDAN_SQL_PROFILE: each statement in sidan's log, to see which way was read.
  s = await start({ db, env: { SIDAN_SQL_PROFILE: '1' }, workers: 1 });
  for (const role of ROLES) S[role] = await signIn(s.url, ACCOUNTS[role]);
});
after(async () => {
  if (s) await s.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a 所 whose newest requests lack a common word: read from the index, listed and counted as instr()', async () => {
  const qs = `q=${encodeURIComponent(COMMON)}`;
  const log = await logOf(async () => {
    const html = await page(s.url, `/desk?${qs}`, S.institute);
    assert.match(html, OVER);
    assert.deepEqual(countsOf(html), {});
  });
  // Counted from the index's matches (the 所's), newest first.
  assert.match(log, /SELECT state, count\(\*\) FROM \(SELECT o\.state FROM \(SELECT f\.id FROM \(SELECT rowid AS id FROM orders_fts/);
  for (const role of ROLES)
    assert.deepEqual(await firstPages(role, qs, 3), expected(s.db, role, whereText(COMMON), 150), role);
  // A platform filter reads the same way and keeps to the platform.
  const [{ id, code }] = sql(s.db, "SELECT p.id, p.code FROM platforms p JOIN services s"
    + " ON s.platform_id = p.id WHERE s.code = 'tutoring'");
  assert.deepEqual(await firstPages('institute', `${qs}&platform=${code}`, 2),
    expected(s.db, 'institute', `${whereText(COMMON)} AND s.platform_id = ${id}`, 100));
});

test('a word the district holds often and the 所 seldom: the 所\'s few matches are read, counted exactly', async () => {
  const qs = `q=${encodeURIComponent(SPARSE)}`;
  let html;
  const log = await logOf(async () => { html = await page(s.url, `/desk?${qs}`, S.institute); });
  // Counted from the index's 120 matches in the 所 (TX_INDEX, exact), not
  // from the district's 60,000.
  assert.match(log, /SELECT o\.state, count\(\*\) FROM \(SELECT rowid AS id FROM orders_fts WHERE orders_fts MATCH :match/);
  assert.doesNotMatch(html, OVER);
  const want = expectedCounts(s.db, 'institute', whereText(SPARSE));
  assert.equal(Object.values(want).reduce((a, b) => a + b, 0), 120);
  const got = countsOf(html);
  for (const k of Object.keys(got)) if (got[k] === 0) delete got[k];
  assert.deepEqual(got, want);
  for (const role of ROLES)
    assert.deepEqual(await firstPages(role, qs, 3), expected(s.db, role, whereText(SPARSE), 150), role);
  // The export, of 马邑村's as 神头镇's staff filter it, lists the same.
  const csv = await (await get(s.url, `/desk/export.csv?${qs}&station=${PLACES.mayi}`, S.institute)).text();
  const codes = csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]);
  const atMayi = expected(s.db, 'station', whereText(SPARSE));
  assert.ok(atMayi.length > 10);
  assert.deepEqual(codes, atMayi);
});

test('a common word some places and a service are named with: their requests are listed though their needs lack it', async () => {
  const [named] = sql(s.db, `SELECT ${NAMED_PLACE} AS place, ${NAMED_SERVICE} AS service`);
  assert.ok(named.place && named.service, 'the demo data names a station and a service with the word');
  const qs = `q=${encodeURIComponent(NAMED)}`;
  const log = await logOf(async () => {
    for (const role of ROLES) {
      const html = await page(s.url, `/desk?${qs}`, S[role]);
      assert.match(html, OVER, role);
      assert.deepEqual(await firstPages(role, qs, 3), expected(s.db, role, whereText(NAMED), 150), role);
    }
  });
  // Counted from the index's newest matches and the named places' and
  // service's requests (the log shows each statement's first 160 characters).
  assert.match(log, /SELECT state, sum\(n\) FROM \(SELECT state, count\(\*\) AS n FROM \(SELECT o\.state FROM \(SELECT f\.id FROM/);
  // The requests whose needs lost the word are on the first pages.
  const lost = sql(s.db, "SELECT code FROM orders WHERE need LIKE '修理水管，没有那个字%'").map((r) => r.code);
  const admin = await firstPages('admin', qs, 1);
  const suo = await firstPages('institute', qs, 3);
  assert.equal(lost.filter((c) => admin.includes(c)).length, 20, 'the named place\'s, on the district\'s first page');
  assert.equal(lost.filter((c) => suo.includes(c)).length, 20, 'the named service\'s, on the 所\'s first pages');
});

test('a search past the bound is not counted again within the minute, until a match may have left', async () => {
  // A minute on: the plans the tests before made are gone.
  advanceClock(61);
  const qs = `q=${encodeURIComponent(COMMON)}`;
  const COUNTING = /SELECT state, count\(\*\) FROM \(SELECT o\.state FROM/;
  let html;
  let log = await logOf(async () => { html = await page(s.url, `/desk?${qs}`, S.institute); });
  assert.match(html, OVER);
  assert.match(log, COUNTING, 'counted the first time');
  log = await logOf(async () => { html = await page(s.url, `/desk?${qs}`, S.institute); });
  assert.match(html, OVER);
  assert.doesNotMatch(log, COUNTING, 'known to be past the bound the second time');
  assert.deepEqual(await firstPages('institute', qs, 2), expected(s.db, 'institute', whereText(COMMON), 100));
  // The sqlite3 tool takes the word out of all but 30 of the 所's needs:
  // counted again, exactly, within the same minute.
  sql(s.db, `UPDATE orders SET need = replace(need, '${COMMON}', '') WHERE institute_id = ${SHENTOU}
    AND id NOT IN (SELECT id FROM orders WHERE institute_id = ${SHENTOU} AND instr(need, '${COMMON}') > 0
      ORDER BY id LIMIT 30)`);
  log = await logOf(async () => { html = await page(s.url, `/desk?${qs}`, S.institute); });
  assert.doesNotMatch(html, OVER);
  const got = countsOf(html);
  for (const k of Object.keys(got)) if (got[k] === 0) delete got[k];
  const want = expectedCounts(s.db, 'institute', whereText(COMMON));
  assert.equal(Object.values(want).reduce((a, b) => a + b, 0), 30);
  assert.deepEqual(got, want);
  assert.deepEqual(await firstPages('institute', qs, 1), expected(s.db, 'institute', whereText(COMMON), 50));
});
