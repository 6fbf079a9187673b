// desk_search.test.mjs: the desk's search box (issue 18) finds exactly what
// instr() finds over the need, the resident's name, the service's name and
// the place's name (computed here with the sqlite3 tool over the same
// database, within each person's scope), for Chinese words of 1, 2 and 3+
// characters, text with spaces, ASCII in either case; a tracking code as
// read aloud and a phone as written down find that request; nothing out of
// a person's scope is listed; the counts per state say the same. Requests
// written by another program (the sqlite3 tool, which has no tokenizer) are
// found by their new words, not their old ones; a purged name is no longer
// found; what sidan and the tool write reaches the index once the
// housekeeping process has caught up; `sidan check` says what waits to be
// indexed, passes, reports a damaged index, and `sidan check --repair`
// rebuilds it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { start, sql, bin } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { ACCOUNTS, signIn, page, allCodes, countsOf } from '../lib/staff.mjs';
import { PLACES } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';
import { until } from '../lib/messages.mjs';
import { SCOPE, whereText, expected as expectedIn, expectedCounts as expectedCountsIn, placeId }
  from '../lib/desk_search.mjs';

let s;
const S = {};
let seq = 0;
const phone = () => `137${String(40000000 + seq++)}`;
const run = (...args) => spawnSync(bin, args, { encoding: 'utf8' });
const ROLES = Object.keys(SCOPE);
const WHERE_TEXT = whereText;
const expected = (role, where) => expectedIn(s.db, role, where);
const expectedCounts = (role, where) => expectedCountsIn(s.db, role, where);

// Every code the desk lists for q (all pages), and the counts it shows.
async function search(role, q) {
  const qs = `q=${encodeURIComponent(q)}`;
  const { codes } = await allCodes(s.url, S[role], qs);
  const counts = countsOf(await page(s.url, `/desk?${qs}`, S[role]));
  for (const k of Object.keys(counts)) if (counts[k] === 0) delete counts[k];
  return { codes, counts };
}

// Checks, for every role, that the desk finds for q what instr() finds.
async function findsAsInstr(q, where = WHERE_TEXT(q)) {
  for (const role of ROLES) {
    const got = await search(role, q);
    assert.deepEqual(got.codes, expected(role, where), `${role}: ${JSON.stringify(q)}`);
    assert.deepEqual(got.counts, expectedCounts(role, where), `${role}: counts of ${JSON.stringify(q)}`);
  }
}

// The requests of the set: need, name, place; their codes once submitted.
const SET = [
  ['独居老人家中水管漏水，需要帮忙维修', '李大爷', 'mayi'],
  ['水管漏水', '王女士', 'mayi'],
  ['帮忙 修 水管，周末在家', '张三', 'xiaobo'],
  ['Water pipe leaks 水管', '赵四', 'shentou'],
  ['孩子三年级数学需要辅导', '李阿姨', 'beicheng'],
  ['北城街道独有的需求：修理路灯', '钱五', 'beicheng'],
  ['利民镇的老人需要理发', '孙六', 'limin'],
  ['water and 电', '周七', 'mayi'],
  ['换一个门锁', '欧阳修远', 'mayi'],
  ['旧的需求：修自行车', '吴八', 'mayi'],
  ['"引号"和\'单引号\'的需求', '郑九', 'xiaobo'],
  ['　全角空格 与半角空格 ', '冯十', 'mayi'],
];
const codes = [];

// The place fields of the form for a place of PLACES.
const placeOf = (k) => (k === 'mayi' || k === 'xiaobo' ? { institute: PLACES.shentou, station: PLACES[k] }
  : { institute: PLACES[k], station: '' });

before(async () => {
  s = await start();
  for (const role of ROLES) S[role] = await signIn(s.url, ACCOUNTS[role]);
  for (const [need, name, place] of SET)
    codes.push((await submit(s.url, { need, name, phone: phone(), ...placeOf(place) })).code);
  // Two requests written by another program, which cannot index them.
  sql(s.db, `INSERT INTO orders(code, service_id, org_id, institute_id, need, contact_name, channel,
    created_at, updated_at, due_at)
    SELECT 'CLIWRITE2', (SELECT id FROM services WHERE code = 'tutoring'), o.id, o.parent_id,
    '工具写入的需求：水管冻裂', '工具写入者', 'phone', ${nowSec()}, ${nowSec()}, ${nowSec() + 86400}
    FROM orgs o WHERE o.code = '${PLACES.mayi}';
    INSERT INTO orders(code, service_id, org_id, institute_id, need, contact_name, channel,
    created_at, updated_at, due_at)
    SELECT 'CLIWRITE3', (SELECT id FROM services WHERE code = 'tutoring'), o.id, o.id,
    '另一个工具写入的需求', '', 'phone', ${nowSec()}, ${nowSec()}, ${nowSec() + 86400}
    FROM orgs o WHERE o.code = '${PLACES.beicheng}'`);
});
after(() => s && s.stop());

test('words of 1, 2 and 3+ characters find what instr() finds, in each scope, with the counts', async () => {
  for (const q of ['水', '修', '电', '李', '漏水', '水管', '需求', '水管漏水', '需要帮忙维修', '独居老人家中',
    '工具写入', '冻裂', '三年级数学'])
    await findsAsInstr(q);
});

test('spaces, quotes, ASCII in either case and punctuation are matched as typed', async () => {
  for (const q of ['修 水管', '帮忙 修', 'Water', 'water', 'ater', 'r p', 'WATER', '"引号"', "'单引号'",
    '，', '：修', '与半角空格', '全角空格 与'])
    await findsAsInstr(q);
});

test('a resident name, a service name and a place name are found', async () => {
  for (const q of ['李大爷', '欧阳修远', '工具写入者', '课业辅导', '辅导', '马邑', '小泊村', '北城街道', '利民镇'])
    await findsAsInstr(q);
  // The name is found though nothing else of the request holds it.
  assert.deepEqual((await search('admin', '欧阳修远')).codes, [codes[8]]);
});

test('nothing out of scope: a 所 or a 站 does not see another place\'s match', async () => {
  const marker = '北城街道独有的需求';
  assert.deepEqual((await search('admin', marker)).codes, [codes[5]]);
  assert.deepEqual((await search('institute', marker)).codes, []);
  assert.deepEqual((await search('station', marker)).codes, []);
  assert.deepEqual((await search('institute', marker)).counts, {});
  // 小泊村 is 神头镇's but not 马邑村's.
  assert.deepEqual((await search('institute', '帮忙 修 水管')).codes, [codes[2]]);
  assert.deepEqual((await search('station', '帮忙 修 水管')).codes, []);
  // A request written by the sqlite3 tool is scoped like any other.
  assert.deepEqual((await search('admin', '另一个工具写入')).codes, ['CLIWRITE3']);
  assert.deepEqual((await search('institute', '另一个工具写入')).codes, []);
});

test('a code as read aloud and a phone as written down find their request', async () => {
  const code = codes[1];
  const aloud = `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`.toLowerCase();
  for (const role of ROLES)
    assert.deepEqual((await search(role, aloud)).codes, expected(role, `o.code = '${code}'`), role);
  assert.deepEqual((await search('admin', aloud)).codes, [code]);
  const p = sql(s.db, `SELECT contact_phone AS p FROM orders WHERE code = '${codes[0]}'`)[0].p;
  const written = `${p.slice(0, 3)} ${p.slice(3, 7)} ${p.slice(7)}`;
  for (const role of ROLES)
    assert.deepEqual((await search(role, written)).codes, expected(role, `o.contact_phone = '${p}'`), role);
  assert.deepEqual((await search('admin', written)).codes, [codes[0]]);
  // A landline (a resident who phoned from one), written another way.
  sql(s.db, `UPDATE orders SET contact_landline = '0349-5021299' WHERE code = '${codes[2]}'`);
  for (const role of ROLES) {
    assert.deepEqual((await search(role, '(0349)502 1299')).codes,
      expected(role, "o.contact_landline = '0349-5021299'"), role);
  }
  assert.deepEqual((await search('admin', '(0349)502 1299')).codes, [codes[2]]);
});

test('a need changed by another program is found by its new words, not its old; a purged name is gone', async () => {
  const code = codes[9];
  assert.deepEqual((await search('admin', '修自行车')).codes, [code]);
  sql(s.db, `UPDATE orders SET need = '改过的需求：换灯泡' WHERE code = '${code}'`);
  assert.deepEqual((await search('admin', '修自行车')).codes, []);
  assert.deepEqual((await search('admin', '换灯泡')).codes, [code]);
  await findsAsInstr('修');
  await findsAsInstr('需求');
  // The name of a request closed long ago leaves with sidan purge (sidan's
  // own write: the index follows it at once).
  const closed = codes[8];
  sql(s.db, `UPDATE orders SET state = 'cancelled', updated_at = ${nowSec() - 10 * 86400} WHERE code = '${closed}'`);
  const r = run('purge', '--older-than', '1', '--db', s.db);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual((await search('admin', '欧阳修远')).codes, []);
  await findsAsInstr('修');
});

test('what sidan and the sqlite3 tool write reaches the index: the housekeeping process catches up', async () => {
  // Written through the form and by the sqlite3 tool: noted, then indexed.
  const mine = (await submit(s.url, { need: '请帮忙检修太阳能热水器', phone: phone() })).code;
  sql(s.db, `UPDATE orders SET need = '工具改写：太阳能路灯不亮' WHERE code = '${codes[7]}'`);
  await until(() => sql(s.db, 'SELECT count(*) AS n FROM orders_fts_stale')[0].n === 0);
  // Nothing left to search by instr(): these come from the index.
  assert.deepEqual((await search('admin', '热水器')).codes, [mine]);
  assert.deepEqual((await search('admin', '路灯不亮')).codes, [codes[7]]);
  await findsAsInstr('太阳能');
  await findsAsInstr('阳');
});

test('sidan check passes, reports a damaged index, and --repair rebuilds it', async () => {
  // A write no housekeeping process has indexed yet (no sidan serves this one).
  const alone = path.join(s.dir, 'alone.db');
  assert.equal(run('init', '--db', alone).status, 0);
  assert.equal(run('seed', '--demo', '--orders', '5', '--db', alone).status, 0);
  sql(alone, "UPDATE orders SET need = '停机时改写：修水龙头' WHERE id = (SELECT min(id) FROM orders)");
  let r = run('check', '--db', alone);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /search index: 1 request\(s\) written since wait to be indexed/);
  r = run('check', '--repair', '--db', s.db);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /search index: rebuilt/);
  assert.equal(sql(s.db, 'SELECT count(*) AS n FROM orders_fts_stale')[0].n, 0);
  r = run('check', '--db', s.db);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /search index/);
  await findsAsInstr('水管');
  await findsAsInstr('换灯泡');
  // Damage: the index's newest block goes missing.
  sql(s.db, 'DELETE FROM orders_fts_data WHERE id = (SELECT max(id) FROM orders_fts_data)');
  r = run('check', '--db', s.db);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /search index: does not match the requests .*sidan check --repair/);
  r = run('check', '--repair', '--db', s.db);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(run('check', '--db', s.db).status, 0);
  for (const q of ['水', '水管漏水', '工具写入', '李大爷', '马邑'])
    await findsAsInstr(q);
});

test('a word too common to count says so instead of numbers; the list and a rare word stay exact', async () => {
  // 30,000 demo requests, all with 演示 in their need (sidan seed, while sidan serves).
  const r = run('seed', '--demo', '--orders', '30000', '--db', s.db);
  assert.equal(r.status, 0, r.stderr);
  const where = WHERE_TEXT('演示');
  const html = await page(s.url, `/desk?q=${encodeURIComponent('演示')}`, S.admin);
  assert.match(html, /符合条件的申请超过 1000 条，各状态数量不再逐一统计；请加条件缩小范围。/);
  assert.deepEqual(countsOf(html), {}, 'no number is shown for a state');
  // The first page is the newest 50 that instr() finds.
  const first = [...html.matchAll(/<a class="rowcode" href="\/desk\/order\/([A-Z2-9]{9})">/g)].map((m) => m[1]);
  assert.deepEqual(first, expected('admin', where).slice(0, 50));
  // A 站's view is small: counted exactly, whatever the word.
  const st = await page(s.url, `/desk?q=${encodeURIComponent('演示')}`, S.station);
  assert.doesNotMatch(st, /超过 1000 条/);
  const c = countsOf(st);
  for (const k of Object.keys(c)) if (c[k] === 0) delete c[k];
  assert.deepEqual(c, expectedCounts('station', where));
  // A rare word in the same district is counted exactly.
  for (const q of ['第12345号', '第2999', '修 水管', '李大爷'])
    await findsAsInstr(q);
});

test('a site moved to another 所, a request to another site: found in the new place\'s view, not the old, before and after the index catches up', async () => {
  const marker = '帮忙 修 水管';
  const moved = codes[2];	// at 小泊村, under 神头镇
  const inView = async (role, qs = '') =>
    (await allCodes(s.url, S[role], `q=${encodeURIComponent(marker)}${qs}`)).codes;
  const stale = () => sql(s.db, 'SELECT count(*) AS n FROM orders_fts_stale')[0].n;
  try {
    // 小泊村 goes to 北城街道: its requests' 所 changes (orgs_parent_update).
    sql(s.db, `UPDATE orgs SET parent_id = ${placeId(PLACES.beicheng)} WHERE code = '${PLACES.xiaobo}'`);
    for (const when of ['noted', 'indexed']) {
      if (when === 'indexed') assert.ok(await until(() => stale() === 0), 'the index caught up');
      assert.deepEqual(await inView('admin', `&institute=${PLACES.beicheng}`), [moved], when);
      assert.deepEqual(await inView('admin', `&institute=${PLACES.shentou}`), [], when);
      assert.deepEqual(await inView('institute'), [], when);
    }
    // Back, indexed; then the request itself goes to 马邑村 (the sqlite3 tool).
    sql(s.db, `UPDATE orgs SET parent_id = ${placeId(PLACES.shentou)} WHERE code = '${PLACES.xiaobo}'`);
    assert.ok(await until(() => stale() === 0), 'the index caught up');
    sql(s.db, `UPDATE orders SET org_id = ${placeId(PLACES.mayi)} WHERE code = '${moved}'`);
    for (const when of ['noted', 'indexed']) {
      if (when === 'indexed') assert.ok(await until(() => stale() === 0), 'the index caught up');
      assert.deepEqual(await inView('station'), [moved], when);
      assert.deepEqual(await inView('institute'), [moved], when);
      assert.deepEqual(await inView('admin', `&station=${PLACES.xiaobo}`), [], when);
      assert.deepEqual(await inView('admin', `&station=${PLACES.mayi}`), [moved], when);
    }
  } finally {
    sql(s.db, `UPDATE orgs SET parent_id = ${placeId(PLACES.shentou)} WHERE code = '${PLACES.xiaobo}';
      UPDATE orders SET org_id = ${placeId(PLACES.xiaobo)} WHERE code = '${moved}'`);
  }
  await findsAsInstr(marker);
});
