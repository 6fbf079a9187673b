// desk_search_named.test.mjs: a common word some place is named with
// (issue 18). A 所 whose only requests holding the word in their needs are
// 45 recent ones, with a station named with the word (its 20,000 requests
// old): the desk lists and counts as instr() does. And a rarer word with
// requests noted since the index, a place and then a service renamed with
// it while the plan is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { start, sql, bin } from '../lib/harness.mjs';
import { ACCOUNTS, signIn, page, get, countsOf } from '../lib/staff.mjs';
import { PLACES } from '../lib/volunteer.mjs';
import { expected, expectedCounts, whereText, deskPages, seededDb, placeId } from '../lib/desk_search.mjs';
import { advanceClock } from '../lib/clock.mjs';

const WORD = '锅炉';
const WORD2 = '暖气';
const OVER = /符合条件的申请超过 1000 条/;
const ROLES = ['institute', 'station', 'admin'];
let s;
let dir;
const S = {};

// role's first `pages` pages of the desk for query string qs.
const firstPages = (role, qs, pages) => deskPages(s.url, S[role], qs, pages);

const SHENTOU = placeId(PLACES.shentou);
const MAYI = placeId(PLACES.mayi);
const XIAOBO = placeId(PLACES.xiaobo);

before(async () => {
  let db;
  ({ dir, db } = seededDb('sidan-review-', 120000));
  // 马邑村 gets a sixth of the district's requests and is renamed with the
  // word; the word goes into half the needs outside 神头镇 and into the 45
  // newest of 神头镇's needs; then 300 newer requests at 小泊村 lack it.
  sql(db, `UPDATE orders SET org_id = ${MAYI}, institute_id = ${SHENTOU} WHERE id % 6 = 0;
    UPDATE orgs SET name = '马邑${WORD}村' WHERE id = ${MAYI};
    UPDATE orders SET need = need || '，${WORD}坏了' WHERE id % 4 = 1 AND institute_id != ${SHENTOU};
    UPDATE orders SET need = need || '，${WORD}漏水' WHERE id IN
      (SELECT id FROM orders WHERE institute_id = ${SHENTOU} AND org_id != ${MAYI} ORDER BY id DESC LIMIT 45);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300),
      t(at) AS (SELECT max(created_at) FROM orders)
    INSERT INTO orders(code, service_id, org_id, institute_id, need, contact_name, channel,
      created_at, updated_at, due_at)
    SELECT 'CLIR' || char(65 + (i / 676) % 26, 65 + (i / 26) % 26, 65 + i % 26) || 'ZZ',
      (SELECT id FROM services WHERE code = 'tutoring'), ${XIAOBO}, ${SHENTOU},
      '第' || i || '件别的事：修理水管', '工具写入者', 'phone', t.at + i, t.at + i, t.at + i + 86400
    FROM n, t`);
  // WORD2: in a quarter of the needs outside 神头镇 and in 45 of 神头镇's
  // newest; no name holds it (yet).
  sql(db, `UPDATE orders SET need = need || '，${WORD2}不热' WHERE id % 4 = 3 AND institute_id != ${SHENTOU};
    UPDATE orders SET need = need || '，${WORD2}片' WHERE id IN
      (SELECT id FROM orders WHERE institute_id = ${SHENTOU} AND org_id != ${MAYI} ORDER BY id DESC LIMIT 45 OFFSET 10)`);
  const r = spawnSync(bin, ['check', '--repair', '--db', db], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  // Written since the index: 5 of 神头镇's needs gain WORD2, 3 lose it.
  sql(db, `UPDATE orders SET need = need || '${WORD2}' WHERE id IN
      (SELECT id FROM orders WHERE institute_id = ${SHENTOU} ORDER BY id DESC LIMIT 5 OFFSET 400);
    UPDATE orders SET need = replace(need, '${WORD2}', '') WHERE id IN
      (SELECT id FROM orders WHERE institute_id = ${SHENTOU} AND instr(need, '${WORD2}') > 0 ORDER BY id DESC LIMIT 3)`);
  s = await start({ db, workers: 1 });
  for (const role of ROLES) S[role] = await signIn(s.url, ACCOUNTS[role]);
});
after(async () => {
  if (s) await s.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the 所: listed and counted as instr()', async () => {
  const qs = `q=${encodeURIComponent(WORD)}`;
  let html;
  html = await page(s.url, `/desk?${qs}`, S.institute);
  assert.match(html, OVER);
  for (const role of ROLES)
    assert.deepEqual(await firstPages(role, qs, 3), expected(s.db, role, whereText(WORD), 150), role);
  // An admin's view of the 所.
  assert.deepEqual(await firstPages('admin', `${qs}&institute=${PLACES.shentou}`, 3),
    expected(s.db, 'institute', whereText(WORD), 150));
});

test('a 所 with a place named with the word: listed and counted as instr()', async () => {
  // A minute on: the plans the test before made and kept are gone.
  advanceClock(61);
  const qs = `q=${encodeURIComponent(WORD)}`;
  // The index holds 45 of the 所's matches, 马邑锅炉村's name 20,000 more:
  // the 所's requests are read in order, each checked against the two.
  const html = await page(s.url, `/desk?${qs}`, S.institute);
  assert.match(html, OVER);
  for (const role of ROLES)
    assert.deepEqual(await firstPages(role, qs, 2), expected(s.db, role, whereText(WORD), 100), role);
  // An export counts nothing: it lists the same.
  const csv = await (await get(s.url, `/desk/export.csv?q=${encodeURIComponent(WORD)}&station=${PLACES.xiaobo}`,
    S.institute)).text();
  assert.deepEqual(csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[0]),
    expected(s.db, 'institute', `${whereText(WORD)} AND o.org_id = ${XIAOBO}`));
});

test('counts exact with a named place, noted requests, and a rename while the plan is kept', async () => {
  const qs = `q=${encodeURIComponent(WORD2)}`;
  const check = async (what) => {
    const html = await page(s.url, `/desk?${qs}`, S.institute);
    const got = countsOf(html);
    for (const k of Object.keys(got)) if (got[k] === 0) delete got[k];
    assert.deepEqual(got, expectedCounts(s.db, 'institute', whereText(WORD2)), what);
    for (const role of ROLES)
      assert.deepEqual(await firstPages(role, qs, 3), expected(s.db, role, whereText(WORD2), 150), `${what}: ${role}`);
  };
  await check('before');
  const WUYOU = `(SELECT id FROM orgs WHERE code = '140602100203')`;
  sql(s.db, `UPDATE orgs SET name = '吴佑${WORD2}庄村' WHERE id = ${WUYOU}`);
  await check('after the rename');
  // A service renamed with it within the minute: the plan kept reads the
  // index's few matches and the named places' and services' requests, all
  // counted (exact, not bounded).
  sql(s.db, `UPDATE services SET name = name || '${WORD2}' WHERE code = 'tutoring'`);
  const got = countsOf(await page(s.url, `/desk?${qs}`, S.institute));
  for (const k of Object.keys(got)) if (got[k] === 0) delete got[k];
  const want = expectedCounts(s.db, 'institute', whereText(WORD2));
  assert.ok(Object.values(want).reduce((a, b) => a + b, 0) > 1000, 'more than a bound\'s worth');
  assert.deepEqual(got, want);
  for (const role of ROLES)
    assert.deepEqual(await firstPages(role, qs, 3), expected(s.db, role, whereText(WORD2), 150), `service: ${role}`);
});

