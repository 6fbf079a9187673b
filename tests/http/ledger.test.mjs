// ledger.test.mjs: 台账 through real nginx + sidan. Requests made, dispatched,
// accepted, completed with hours, the hours confirmed and the service rated;
// an activity with sign-up, sign-in and sign-out and its hours confirmed;
// then the workbook (/desk/ledger.xlsx) read back with Python's zipfile and
// XML parser: three sheets, a bold frozen header row, dates as dates, and
// totals equal to what this test did (over what the ledger held before);
// the printable page; no resident's name or phone anywhere; the scope of a
// 站's staff; bad dates explained beside the field; the CSV export's new
// columns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { start, sql } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { signIn, get, page } from '../lib/staff.mjs';
import { vSignIn, postForm, DEMO_VOLUNTEERS, hourAct, beijing } from '../lib/volunteer.mjs';
import { residentPhone, dispatch, acceptAndComplete, rateByLink } from '../lib/rating.mjs';
import { nowMs, nowSec, beijingDate, beijingTime, clearOfMidnight } from '../lib/clock.mjs';

let s;
const S = {};
let me, vid, team, mayi, xiaobo;
const one = (q) => sql(s.db, q)[0];

// Reads a workbook with Python (zipfile + ElementTree) and prints JSON: for
// each sheet its name, its cells by row (value, type, style), whether the
// pane is frozen and column widths are set; the styles that are dates and
// the bold ones; all the text of every part of the package.
const READER = String.raw`
import json, re, sys, zipfile
import xml.etree.ElementTree as ET
N = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main',
     'r': 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'}
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', N):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % N['m'])))
st = ET.fromstring(z.read('xl/styles.xml'))
fmts = {int(f.get('numFmtId')): f.get('formatCode') for f in st.findall('m:numFmts/m:numFmt', N)}
fonts = st.findall('m:fonts/m:font', N)
dates, bolds = [], []
for i, xf in enumerate(st.findall('m:cellXfs/m:xf', N)):
    fid = int(xf.get('numFmtId', '0'))
    code = fmts.get(fid, '')
    if 14 <= fid <= 22 or re.search(r'y|d', re.sub(r'"[^"]*"', '', code)):
        dates.append(i)
    if fonts[int(xf.get('fontId', '0'))].find('m:b', N) is not None:
        bolds.append(i)
wb = ET.fromstring(z.read('xl/workbook.xml'))
rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
target = {r.get('Id'): r.get('Target') for r in rels}
sheets = []
def col(ref):
    n = 0
    for ch in re.match(r'[A-Z]+', ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
for sh in wb.findall('m:sheets/m:sheet', N):
    name = 'xl/' + target[sh.get('{%s}id' % N['r'])].lstrip('/').replace('xl/', '')
    x = ET.fromstring(z.read(name))
    rows = []
    for row in x.findall('m:sheetData/m:row', N):
        cells = {}
        for c in row.findall('m:c', N):
            v = c.find('m:v', N)
            t = c.get('t', 'n')
            val = None if v is None else v.text
            if t == 's' and val is not None:
                val = shared[int(val)]
            elif t == 'inlineStr':
                val = ''.join(x.text or '' for x in c.iter('{%s}t' % N['m']))
            elif t == 'n' and val is not None:
                val = float(val)
            cells[col(c.get('r'))] = {'v': val, 't': t, 's': int(c.get('s', '0'))}
        rows.append({'r': int(row.get('r')), 'cells': cells})
    pane = x.find('m:sheetViews/m:sheetView/m:pane', N)
    sheets.append({'name': sh.get('name'), 'rows': rows,
        'frozen': pane is not None and pane.get('state') == 'frozen' and pane.get('ySplit') == '1',
        'cols': len(x.findall('m:cols/m:col', N))})
text = ''.join(z.read(n).decode('utf-8', 'replace') for n in z.namelist())
print(json.dumps({'sheets': sheets, 'dates': dates, 'bolds': bolds, 'text': text, 'shared': shared}))
`;

// Downloads the workbook at qs as session; returns { r, book }.
async function workbook(session, qs) {
  const r = await get(s.url, `/desk/ledger.xlsx?${qs}`, session);
  const bytes = Buffer.from(await r.arrayBuffer());
  if (r.status !== 200) return { r, book: null, bytes };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-')), 'book.xlsx');
  fs.writeFileSync(file, bytes);
  const book = JSON.parse(execFileSync('python3', ['-c', READER, file], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  return { r, book, bytes };
}

// The cells of a sheet's row as plain values, by column.
const values = (row) => Object.fromEntries(Object.entries(row.cells).map(([k, c]) => [k, c.v]));
const sheet = (book, name) => book.sheets.find((x) => x.name === name);
// The totals row (合计) of a sheet.
const totals = (sh) => values(sh.rows.find((row) => row.cells[0]?.v === '合计'));
// The data rows (not the header, not the totals).
const dataRows = (sh) => sh.rows.slice(1).filter((row) => row.cells[0]?.v !== '合计');
// An Excel serial date for unix seconds t, in Beijing time.
const serial = (t) => (t + 8 * 3600) / 86400 + 25569;

const BJ_RANGE = () => {
  // From yesterday to tomorrow: what this test makes now lies inside.
  const from = beijingDate(nowSec() - 86400).ymd;
  const to = beijingDate(nowSec() + 86400).ymd;
  return { from, to };
};

before(async () => {
  s = await start();
  for (const [k, login] of Object.entries({ station: 'zhan.mayi', institute: 'suo.shentou',
    dispatcher: 'dispatcher', admin: 'admin' })) S[k] = await signIn(s.url, login);
  me = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  vid = one(`SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`).id;
  team = one("SELECT id FROM teams WHERE name = '神头镇志愿服务分队'").id;
  mayi = one("SELECT id FROM orgs WHERE code = '140602100201'").id;
  xiaobo = one("SELECT id FROM orgs WHERE code = '140602100202'").id;
});
after(async () => { await s?.stop(); });

test('the workbook and the printable page hold what was done, with totals that add up, and no resident data', async () => {
  await clearOfMidnight(120);
  const { from, to } = BJ_RANGE();
  const qs = `place=${mayi}&from=${from}&to=${to}`;
  const { book: before } = await workbook(S.station, qs);
  const t0 = { o: totals(sheet(before, '群众点单')), a: totals(sheet(before, '活动')), v: totals(sheet(before, '志愿者')) };
  const oRows0 = dataRows(sheet(before, '群众点单')).length;
  const aRows0 = dataRows(sheet(before, '活动')).length;
  const myRow0 = dataRows(sheet(before, '志愿者')).map(values).find((v) => v[1] === '张志远' || v[0] === one(`SELECT number FROM volunteers WHERE id = ${vid}`).number);
  const myHours0 = myRow0 ? myRow0[3] : 0;

  // Request A: served by the volunteer (60 minutes), hours confirmed, rated 5.
  const residentA = { name: '台账测试甲', phone: residentPhone('1866') };
  const a = await submit(s.url, residentA);
  await dispatch(s.url, S.dispatcher, a.code, team);
  await acceptAndComplete(s.url, me, a.code, vid);
  const hA = one(`SELECT h.id FROM hours h JOIN orders o ON o.id = h.order_id WHERE o.code = '${a.code}'`).id;
  assert.equal((await hourAct(s.url, S.dispatcher, hA, 'confirm')).status, 303);
  assert.equal((await rateByLink(s.url, a.token, { level: '5', comment: '很好' })).status, 303);
  // Request B: only submitted.
  const residentB = { name: '台账测试乙', phone: residentPhone('1866') };
  const b = await submit(s.url, residentB);

  // An activity of 马邑村: the volunteer signs up, signs in and out; 90
  // minutes confirmed by the organiser.
  const now = nowMs();
  const c = await postForm(s.url, '/desk/activities/new', { csrf: S.station.csrf,
    title: '台账测试活动', platform: 'theory', project: 'theory-study', site: String(mayi),
    place: '马邑村委会二楼', start: beijing(now + 30 * 60000).local, end: beijing(now + 150 * 60000).local,
    capacity: '5', summary: '台账测试', open_to: 'all' }, { cookie: S.station.cookie });
  assert.equal(c.status, 303, await c.text());
  const aid = Number(c.headers.get('location').match(/\/desk\/activities\/(\d+)/)[1]);
  const su = await postForm(s.url, `/activities/${aid}/signup`, { csrf: me.csrf }, { cookie: me.cookie });
  assert.match(await su.text(), /报名成功/);
  const act = one(`SELECT starts_at FROM activities WHERE id = ${aid}`);
  sql(s.db, `INSERT INTO hours(volunteer_id, activity_id, started_at, ended_at, minutes, what, created_at)
      VALUES (${vid}, ${aid}, ${act.starts_at}, ${act.starts_at + 5400}, 90, '活动：台账测试活动', ${nowSec()});
    UPDATE activity_signups SET checkin_at = ${act.starts_at - 600}, checkout_at = ${act.starts_at + 5400},
      hour_id = last_insert_rowid() WHERE activity_id = ${aid} AND volunteer_id = ${vid};`);
  const hAct = one(`SELECT hour_id FROM activity_signups WHERE activity_id = ${aid} AND volunteer_id = ${vid}`).hour_id;
  assert.equal((await hourAct(s.url, S.station, hAct, 'confirm')).status, 303);

  // The workbook.
  const { r, book } = await workbook(S.station, qs);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.equal(r.headers.get('content-disposition'), `attachment; filename="ledger-140602100201-${from}_${to}.xlsx"`);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  assert.deepEqual(book.sheets.map((x) => x.name), ['群众点单', '活动', '志愿者']);
  for (const sh of book.sheets) {
    assert.ok(sh.frozen, `${sh.name}: the header row is frozen`);
    assert.ok(sh.cols > 0, `${sh.name}: column widths are set`);
    assert.equal(sh.rows[0].r, 1);
    for (const cell of Object.values(sh.rows[0].cells)) assert.ok(book.bolds.includes(cell.s), `${sh.name}: bold header ${cell.v}`);
  }
  const ords = sheet(book, '群众点单');
  assert.deepEqual(Object.values(values(ords.rows[0])).slice(0, 8),
    ['查询码', '服务项目', '服务地点', '点单渠道', '状态', '服务队', '服务志愿者（统一编号）', '确认时长（小时）']);
  const rowA = dataRows(ords).find((x) => x.cells[0].v === a.code);
  assert.ok(rowA, 'request A is listed');
  const va = values(rowA);
  const number = one(`SELECT number, name FROM volunteers WHERE id = ${vid}`);
  assert.equal(va[2], '马邑村');
  assert.equal(va[3], '网上点单');
  assert.equal(va[4], '已评价');
  assert.equal(va[5], '神头镇志愿服务分队');
  assert.equal(va[6], `${number.name}（${number.number}）`);
  assert.equal(va[7], 1);
  assert.equal(va[12], 5);
  assert.equal(va[13], '非常满意');
  // Dates are dates: numbers with a date style, at the right moment.
  const oA = one(`SELECT id, created_at, completed_at FROM orders WHERE code = '${a.code}'`);
  for (const [colIdx, t] of [[8, oA.created_at], [11, oA.completed_at]]) {
    const cell = rowA.cells[colIdx];
    assert.equal(cell.t, 'n');
    assert.ok(book.dates.includes(cell.s), `column ${colIdx} has a date style`);
    assert.ok(Math.abs(cell.v - serial(t)) < 1 / 86400 * 2, `column ${colIdx}: ${cell.v} vs ${serial(t)}`);
  }
  for (const colIdx of [9, 10]) assert.ok(book.dates.includes(rowA.cells[colIdx].s), 'dispatch and acceptance dates');
  const rowB = dataRows(ords).find((x) => x.cells[0].v === b.code);
  assert.equal(values(rowB)[4], '待审核');
  assert.equal(rowB.cells[10], undefined, 'no acceptance date for B');
  // Totals: what was there before plus what this test did.
  assert.equal(dataRows(ords).length, oRows0 + 2);
  const to1 = totals(ords);
  assert.equal(to1[7], t0.o[7] + 1, 'request hours');
  assert.equal(to1[1], `共 ${oRows0 + 2} 件，已完成 ${Number(t0.o[1].match(/已完成 (\d+)/)[1]) + 1} 件`);

  const acts = sheet(book, '活动');
  assert.equal(dataRows(acts).length, aRows0 + 1);
  const ra = values(dataRows(acts).find((x) => x.cells[0].v === '台账测试活动'));
  assert.equal(ra[1], '马邑村');
  assert.equal(ra[2], '马邑村委会二楼');
  assert.deepEqual([ra[4], ra[5], ra[6], ra[7]], [1, 1, 1, 1.5]);
  const ta = totals(acts);
  assert.deepEqual([ta[4], ta[5], ta[6], ta[7]], [t0.a[4] + 1, t0.a[5] + 1, t0.a[6] + 1, t0.a[7] + 1.5]);

  const vols = sheet(book, '志愿者');
  const mine = values(dataRows(vols).find((x) => x.cells[0].v === number.number));
  assert.equal(mine[1], number.name);
  assert.match(mine[2], /神头镇志愿服务分队/);
  assert.equal(mine[3], myHours0 + 2.5, 'one hour of the request and an hour and a half of the activity');
  assert.equal(mine[4], Math.floor((myHours0 + 2.5) * 60 * 2 / 60), 'points: 2 an hour');
  const tv = totals(vols);
  assert.equal(tv[3], t0.v[3] + 2.5);
  assert.equal(tv[3], to1[7] + ta[7], 'the volunteers\' hours are the requests\' and activities\'');
  const sumPoints = dataRows(vols).reduce((n, x) => n + values(x)[4], 0);
  assert.equal(tv[4], sumPoints);

  // No resident data anywhere in the package.
  for (const x of [residentA.name, residentA.phone, residentB.name, residentB.phone, '马邑村东街12号'])
    assert.ok(!book.text.includes(x), `the workbook holds no ${x}`);
  assert.doesNotMatch(book.text, /1[3-9]\d{9}/, 'no mobile number');

  // The printable page.
  const pr = await get(s.url, `/desk/ledger/print?${qs}`, S.station);
  const html = await pr.text();
  assert.equal(pr.status, 200);
  assert.match(html, /<link rel="stylesheet" href="\/static\/print.css" media="print">/);
  assert.match(html, /<h1>台账<\/h1>/);
  assert.match(html, new RegExp(`地点：马邑村　时间：${from} 至 ${to}`));
  assert.match(html, /打印/);
  assert.match(html, new RegExp(`<th scope="row">${a.code}</th>`));
  assert.match(html, new RegExp(`<tfoot><tr><th scope="row">合计</th><td colspan="6">共 ${oRows0 + 2} 件`));
  assert.match(html, new RegExp(`<td>${tv[3]}</td><td>${tv[4]}</td></tr></tfoot>`), 'the volunteers\' totals');
  for (const x of [residentA.name, residentA.phone, residentB.name, residentB.phone, '马邑村东街12号'])
    assert.ok(!html.includes(x), `the print page holds no ${x}`);

  // The form page: the totals and both links.
  const form = await page(s.url, `/desk/ledger?${qs}`, S.station);
  assert.match(form, new RegExp(`href="/desk/ledger.xlsx\\?place=${mayi}&amp;from=${from}&amp;to=${to}" download>下载 Excel 台账</a>`));
  assert.match(form, new RegExp(`href="/desk/ledger/print\\?place=${mayi}&amp;from=${from}&amp;to=${to}">打印台账</a>`));
  assert.match(form, new RegExp(`<td>${tv[1].match(/\d+/)[0]} 人，确认服务时长 ${tv[3]} 小时，积分 ${tv[4]}（每小时 2 分）</td>`));

  // The 所 sees the request in its ledger too; the centre's ledger holds it.
  const suo = await workbook(S.institute, `from=${from}&to=${to}`);
  assert.ok(dataRows(sheet(suo.book, '群众点单')).some((x) => x.cells[0].v === a.code));
  const all = await workbook(S.dispatcher, `from=${from}&to=${to}`);
  assert.match(all.r.headers.get('content-disposition'), /filename="ledger-all-/);
  assert.ok(dataRows(sheet(all.book, '群众点单')).some((x) => x.cells[0].v === a.code));

  // The CSV export has the same request columns, and no contact data.
  const csv = (await (await get(s.url, `/desk/export.csv?q=${a.code}`, S.station)).text()).replace(/^\uFEFF/, '');
  const lines = csv.split('\r\n');
  assert.equal(lines[0], '查询码,状态,服务项目,平台,实践所,服务地点,服务队,提交时间,办理期限,是否超期,服务志愿者,确认时长（小时）,派单时间,接单时间,完成时间,评价');
  const f = lines[1].split(',');
  assert.equal(f[0], a.code);
  assert.equal(f[10], `${number.name}（${number.number}）`);
  assert.equal(f[11], '1.00');
  assert.match(f[12], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.match(f[13], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.match(f[14], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(f[15], '非常满意');
  assert.ok(!csv.includes(residentA.name) && !csv.includes(residentA.phone));
});

test('the default ledger is this month at the staff member\'s own place; month= chooses another', async () => {
  const html = await page(s.url, '/desk/ledger', S.station);
  const { ym } = beijingDate();
  assert.match(html, /<h1>台账<\/h1>/);
  assert.match(html, new RegExp(`<option value="${mayi}" selected>　?马邑村`));
  assert.doesNotMatch(html, new RegExp(`<option value="${xiaobo}"`), 'another 站 is not offered');
  assert.match(html, new RegExp(`<h2>马邑村 · ${ym}-01 至 ${ym}-\\d\\d</h2>`));
  assert.match(html, new RegExp(`name="month" type="month" value="${ym}"`));
  const feb = await page(s.url, '/desk/ledger?month=2026-02', S.station);
  assert.match(feb, /<h2>马邑村 · 2026-02-01 至 2026-02-28<\/h2>/);
  const x = await get(s.url, '/desk/ledger.xlsx?month=2026-02', S.station);
  assert.equal(x.status, 200);
  assert.equal(x.headers.get('content-disposition'), 'attachment; filename="ledger-140602100201-2026-02.xlsx"');
  // The 所 is offered itself and its 站; the centre everything, 全区 first.
  const suo = await page(s.url, '/desk/ledger', S.institute);
  assert.match(suo, new RegExp(`<option value="${xiaobo}"`));
  const all = await page(s.url, '/desk/ledger', S.admin);
  assert.match(all, /<h2>全区（朔城区新时代文明实践中心） · /);
});

test('a 站\'s staff get 404 for another 站\'s ledger; a 所\'s staff may read it', async () => {
  for (const p of ['/desk/ledger', '/desk/ledger.xlsx', '/desk/ledger/print']) {
    const r = await get(s.url, `${p}?place=${xiaobo}`, S.station);
    assert.equal(r.status, 404, p);
    const none = await get(s.url, `${p}?place=999999`, S.institute);
    assert.equal(none.status, 404, `${p}: no such place`);
  }
  const beicheng = one("SELECT id FROM orgs WHERE code = '140602001000'").id;
  assert.equal((await get(s.url, `/desk/ledger?place=${beicheng}`, S.institute)).status, 404, 'another 所');
  assert.equal((await get(s.url, `/desk/ledger?place=${xiaobo}`, S.institute)).status, 200);
  assert.equal((await get(s.url, '/desk/ledger')).status, 303, 'signed out: to the sign-in');
});

test('bad dates are explained beside the field, with what was typed kept; the workbook and print URLs answer 400 with the form', async () => {
  for (const p of ['/desk/ledger', '/desk/ledger.xlsx', '/desk/ledger/print']) {
    const r = await get(s.url, `${p}?from=2026-02-30&to=2026-06-01`, S.station);
    const html = await r.text();
    assert.equal(r.status, 400, p);
    assert.match(r.headers.get('content-type'), /text\/html/);
    assert.match(html, /<p class="err" id="e-from">开始日期应是实际存在的日期/);
    assert.match(html, /name="from" type="text" inputmode="numeric" maxlength="10" placeholder="2026-06-01" value="2026-02-30"/);
    assert.match(html, /value="2026-06-01"/);
  }
  let html = await (await get(s.url, '/desk/ledger?from=2026-06-10&to=2026-06-01', S.station)).text();
  assert.match(html, /<p class="err" id="e-to">结束日期不能早于开始日期/);
  html = await (await get(s.url, '/desk/ledger?from=2025-01-01&to=2026-06-01', S.station)).text();
  assert.match(html, /<p class="err" id="e-to">一次最多366天/);
  html = await (await get(s.url, '/desk/ledger?from=2026-06-01', S.station)).text();
  assert.match(html, /<p class="err" id="e-to">请填写结束日期/);
  const m = await get(s.url, '/desk/ledger?month=2026-13', S.station);
  assert.equal(m.status, 400);
  html = await m.text();
  assert.match(html, /<p class="err" id="e-month">月份应写成 2026-06 这样/);
  assert.match(html, /name="month" type="text" value="2026-13"/, 'kept as typed, in a text field (a month field holds months only)');
  const p = await get(s.url, '/desk/ledger?place=%3Cb%3E', S.station);
  assert.equal(p.status, 400);
  html = await p.text();
  assert.match(html, /<p class="err" id="e-place">请从列表中选择地点（收到的是“&lt;b&gt;”）/);
  assert.match(html, /有 1 处需要修改/);
  // A long value is cut between characters: the page stays valid UTF-8.
  const long = await get(s.url, `/desk/ledger?place=${encodeURIComponent('马邑村马邑村马邑村马邑村马邑村')}`, S.station);
  assert.equal(long.status, 400);
  const bytes = Buffer.from(await long.arrayBuffer());
  assert.ok(!bytes.toString('utf8').includes('\uFFFD'), 'no broken character');
  assert.match(bytes.toString('utf8'), /收到的是“马邑村马邑村马”）/);
});

test('a ledger too big to print says so beside the month; the workbook of the same month is made', async () => {
  const t = beijingTime(2026, 3, 2, 9);
  sql(s.db, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5001)
    INSERT INTO orders(code, service_id, org_id, channel, state, created_at, updated_at, due_at)
    SELECT 'Z' || printf('%08d', i), (SELECT id FROM services WHERE code = 'tutoring'), ${xiaobo},
      'phone', 'submitted', ${t} + i, ${t} + i, ${t} + i + 86400 FROM n;`);
  const r = await get(s.url, `/desk/ledger/print?place=${xiaobo}&month=2026-03`, S.institute);
  const html = await r.text();
  assert.equal(r.status, 400);
  assert.match(html, /<p class="err" id="e-month">2026-03-01 至 2026-03-31 有 5001 件群众点单，打印的台账最多 5000 件：请缩短日期范围，或选择一个所、站/);
  assert.match(html, /value="2026-03"/);
  const { r: x, book } = await workbook(S.institute, `place=${xiaobo}&month=2026-03`);
  assert.equal(x.status, 200);
  assert.equal(dataRows(sheet(book, '群众点单')).length, 5001);
  assert.equal(totals(sheet(book, '群众点单'))[1], '共 5001 件，已完成 0 件');
});
