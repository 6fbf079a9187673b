// hours_export.test.mjs: hours that travel (issue 19): a volunteer's record
// of service as a CSV, for themselves (/v/me/hours.csv) and for staff whose
// scope holds them (/desk/members/{id}/hours.csv): UTF-8 with a BOM, the
// header of the README's "Hours that travel", one row per confirmed record
// and only those, a formula-like 服务内容 defused; staff out of scope and
// other volunteers get nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { nowSec } from '../lib/clock.mjs';
import { signIn, page, get } from '../lib/staff.mjs';
import { vSignIn, makeVolunteers, PLACES } from '../lib/volunteer.mjs';

const HEADER = ['志愿者编号', '姓名', '服务日期', '开始时间', '结束时间', '服务时长（小时）', '服务地点',
  '服务项目/活动名称', '服务内容', '记录单位', '确认人', '确认时间'];

let s, pwhash, v, other, far;
before(async () => {
  s = await start();
  pwhash = sql(s.db, "SELECT pwhash FROM volunteers WHERE phone = '13900000001'")[0].pwhash;
  [v] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.mayi, prefix: '1372' });
  [other] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.mayi, prefix: '1373' });
  [far] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.beicheng, prefix: '1374' });
});
after(async () => { await s.stop(); });

// Reads CSV text (RFC 4180, as sidan writes it) into rows of fields.
function parseCsv(text) {
  const rows = [];
  let row = [], f = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { f += '"'; i++; }
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') { row.push(f); f = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(f); rows.push(row); row = []; f = ''; i++; }
    else f += c;
  }
  if (f !== '' || row.length) { row.push(f); rows.push(row); }
  return rows;
}

// Beijing "YYYY-MM-DD HH:MM" of unix seconds t.
function cst(t) {
  return new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

// Fetches path as who; returns { status, type, disposition, bytes, text }.
async function fetchCsv(path, who) {
  const r = await get(s.url, path, who);
  const bytes = Buffer.from(await r.arrayBuffer());
  return { status: r.status, type: r.headers.get('content-type'),
    disposition: r.headers.get('content-disposition'), bytes, text: bytes.toString('utf8') };
}

test("the volunteer's CSV: BOM, header, exactly their confirmed records with what a record says", async () => {
  const t = nowSec() - 30 * 86400;
  const act = sql(s.db, "SELECT a.id, a.title, a.place, g.name AS org FROM activities a JOIN orgs g ON g.id = a.org_id WHERE a.place <> '' ORDER BY a.id LIMIT 1")[0];
  // Two confirmed (one at an activity, one plain), one pending, and one of another volunteer.
  sql(s.db, `INSERT INTO hours(volunteer_id, activity_id, started_at, ended_at, minutes, what, status, confirmed_by, confirmed_at, created_at) VALUES
    (${v.id}, ${act.id}, ${t}, ${t + 150 * 60}, 150, '带孩子们读绘本, 讲"小马过河"', 'confirmed', 4, ${t + 86400}, ${t + 9000}),
    (${v.id}, NULL, ${t + 86400 * 2}, ${t + 86400 * 2 + 45 * 60}, 45, '=HYPERLINK("http://x.example","点我")', 'confirmed', 1, ${t + 86400 * 3}, ${t + 86400 * 2 + 2700}),
    (${v.id}, NULL, ${t + 86400 * 4}, ${t + 86400 * 4 + 3600}, 60, '待确认的服务', 'pending', NULL, NULL, ${t + 86400 * 4 + 3600}),
    (${other.id}, NULL, ${t}, ${t + 3600}, 60, '别人的服务', 'confirmed', 4, ${t + 86400}, ${t + 3600})`);
  const me = await vSignIn(s.url, v.phone);
  const csv = await fetchCsv('/v/me/hours.csv', me);
  assert.equal(csv.status, 200);
  assert.equal(csv.type, 'text/csv; charset=utf-8');
  assert.equal(csv.disposition, `attachment; filename="hours-${v.number}.csv"`);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 BOM for Excel');
  const rows = parseCsv(csv.text.slice(1));
  assert.deepEqual(rows[0], HEADER);
  const want = [
    [v.number, v.name, cst(t).slice(0, 10), cst(t).slice(11), cst(t + 9000).slice(11), '2.50',
      act.place, act.title, '带孩子们读绘本, 讲"小马过河"', act.org, '演示马邑村站员', cst(t + 86400)],
    [v.number, v.name, cst(t + 86400 * 2).slice(0, 10), cst(t + 86400 * 2).slice(11), cst(t + 86400 * 2 + 2700).slice(11), '0.75',
      '', '志愿服务', '\'=HYPERLINK("http://x.example","点我")', '', '演示管理员', cst(t + 86400 * 3)],
  ];
  assert.deepEqual(rows.slice(1), want);
  // The formula is quoted and starts with a quote mark, as a spreadsheet shows text.
  assert.ok(csv.text.includes('"\'=HYPERLINK(""http://x.example"",""点我"")"'));
  assert.ok(!csv.text.includes('待确认的服务') && !csv.text.includes('别人的服务'));
  // /v/me links to it.
  const html = await (await get(s.url, '/v/me', me)).text();
  assert.match(html, /<a href="\/v\/me\/hours\.csv" download>导出我的服务记录（CSV）<\/a>/);
  assert.match(html, /<a href="\/v\/goods">积分兑换<\/a>/);
  assert.match(html, /<a href="\/v\/me\/points">积分明细<\/a>/);
});

test('a volunteer gets their own record only, whatever they ask for', async () => {
  const me = await vSignIn(s.url, other.phone);
  const csv = await fetchCsv('/v/me/hours.csv', me);
  assert.equal(csv.status, 200);
  const rows = parseCsv(csv.text.slice(1));
  assert.equal(rows.length, 2);
  assert.equal(rows[1][0], other.number);
  assert.equal(rows[1][8], '别人的服务');
  // The staff route is not theirs.
  const r = await get(s.url, `/desk/members/${v.id}/hours.csv`, me);
  assert.notEqual(r.status, 200);
  assert.ok(!(await r.text()).includes(v.number));
  // Without signing in: nothing.
  assert.notEqual((await get(s.url, '/v/me/hours.csv')).status, 200);
});

test('staff whose scope holds the volunteer get the same CSV; others 404', async () => {
  const me = await vSignIn(s.url, v.phone);
  const own = (await fetchCsv('/v/me/hours.csv', me)).text;
  for (const login of ['admin', 'dispatcher', 'suo.shentou', 'zhan.mayi']) {
    const staff = await signIn(s.url, login);
    const csv = await fetchCsv(`/desk/members/${v.id}/hours.csv`, staff);
    assert.equal(csv.status, 200, login);
    assert.equal(csv.text, own, `${login} gets what the volunteer gets`);
  }
  // 北城街道's volunteer is outside 神头镇 and 马邑村.
  for (const login of ['suo.shentou', 'zhan.mayi']) {
    const staff = await signIn(s.url, login);
    const csv = await fetchCsv(`/desk/members/${far.id}/hours.csv`, staff);
    assert.equal(csv.status, 404, login);
    assert.ok(!csv.text.includes(far.number));
  }
  const admin = await signIn(s.url, 'admin');
  assert.equal((await fetchCsv(`/desk/members/${far.id}/hours.csv`, admin)).status, 200);
  // No such volunteer, or an application not approved: 404.
  assert.equal((await fetchCsv('/desk/members/999999/hours.csv', admin)).status, 404);
  sql(s.db, `UPDATE volunteers SET status = 'pending', number = NULL WHERE id = ${far.id}`);
  assert.equal((await fetchCsv(`/desk/members/${far.id}/hours.csv`, admin)).status, 404);
  // Leaders are not desk staff for this export.
  const leader = await signIn(s.url, 'leader.shentou');
  assert.equal((await get(s.url, `/desk/members/${v.id}/hours.csv`, leader)).status, 403);
});

test("the desk's volunteer list links each volunteer's CSV for the admin", async () => {
  const admin = await signIn(s.url, 'admin');
  const html = await page(s.url, `/desk/members?q=${v.number}`, admin);
  assert.ok(html.includes(`<a href="/desk/members/${v.id}/hours.csv" download>导出服务记录（CSV）</a>`));
  const leader = await signIn(s.url, 'leader.shentou');
  assert.ok(!(await page(s.url, '/desk/members', leader)).includes('hours.csv'), 'not offered where it would be refused');
});
