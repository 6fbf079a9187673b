// desk_list.test.mjs: what the desk's list tells a dispatcher without
// opening a row (issue 14 item 11): the first line of each request's need,
// cut to 40 characters, only for the requests the person may see; and the
// desk's links to 志愿者申请审核 and 服务时长确认 carrying how many wait
// there, counted exactly as each of those pages lists them for that person.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { ACCOUNTS, signIn, page, get } from '../lib/staff.mjs';
import { PLACES, application, apply, review } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';

let s;
const S = {};
let seq = 0;
const phone = () => `139${String(30000000 + seq++)}`;
const one = (q) => sql(s.db, q)[0];

// The <li> of the desk list for a request code, or null when not listed.
function rowOf(html, code) {
  const m = html.match(new RegExp(`<li[^>]*>\\s*<p><a class="rowcode" href="/desk/order/${code}">[\\s\\S]*?</li>`));
  return m ? m[0] : null;
}
// The need line of a desk row, or null when the row shows none.
function needOf(row) {
  const m = row.match(/<p class="need">([^<]*)<\/p>/);
  return m ? m[1] : null;
}
// The number a desk link carries (0 when it carries none), or null without the link.
function linkCount(html, href, label) {
  const m = html.match(new RegExp(`<a href="${href}">${label}(?: <strong>(\\d+)</strong>)?</a>`));
  return m ? Number(m[1] || 0) : null;
}
const applicantsOn = (desk) => linkCount(desk, '/desk/volunteers', '志愿者申请审核');
const hoursOn = (desk) => linkCount(desk, '/desk/hours', '服务时长确认');
// How many entries the review pages list for a session.
const listedApplicants = async (who) =>
  ((await page(s.url, '/desk/volunteers', who)).match(/action="\/desk\/volunteers\/\d+\/approve"/g) || []).length;
const listedHours = async (who) =>
  ((await page(s.url, '/desk/hours', who)).match(/action="\/desk\/hours\/\d+\/confirm"/g) || []).length;

before(async () => {
  s = await start();
  for (const [role, login] of Object.entries(ACCOUNTS)) S[role] = await signIn(s.url, login);
});
after(() => s && s.stop());

test('each desk row shows the first line of its need, cut to 40 characters, escaped', async () => {
  const long = '独居老人家中水管漏水需要志愿者帮忙联系维修并陪同老人处理后续事宜另外老人行动不便希望上午来人谢谢';
  assert.ok(long.length > 40);
  const cases = [
    // [need typed, line the desk shows]
    ['第一行：请帮忙辅导孩子数学\n第二行：每周六上午，家住村东头', '第一行：请帮忙辅导孩子数学…'],
    [long, long.slice(0, 40) + '…'],
    ['\n\n　  只有一行的需求  \n\n', '只有一行的需求'],
    ['<b>加粗</b> & "引号"', '&lt;b&gt;加粗&lt;/b&gt; &amp; &#34;引号&#34;'],
  ];
  const codes = [];
  for (const [need] of cases) codes.push((await submit(s.url, { phone: phone(), need })).code);
  for (const who of ['dispatcher', 'admin', 'institute', 'station']) {
    const html = await page(s.url, '/desk', S[who]);
    cases.forEach(([need, shown], i) => {
      const row = rowOf(html, codes[i]);
      assert.ok(row, `${who}: ${codes[i]} listed`);
      // The template escapes as HTML (&#34; or &quot; for a double quote).
      assert.equal(needOf(row)?.replace(/&quot;/g, '&#34;'), shown, `${who}: ${JSON.stringify(need)}`);
    });
  }
  // One line each: no line break inside the shown text.
  const html = await page(s.url, '/desk', S.dispatcher);
  for (const c of codes) assert.ok(!/\n/.test(needOf(rowOf(html, c))));
  // The full second line stays on the request's own page.
  assert.ok(!html.includes('第二行：每周六上午'));
  assert.ok((await page(s.url, `/desk/order/${codes[0]}`, S.dispatcher)).includes('第二行：每周六上午'));
});

test('a need is shown only to staff who may see its request; the CSV export still holds none', async () => {
  const marker = '利民镇的需求标记ZQX';
  const code = (await submit(s.url, { phone: phone(), institute: PLACES.limin, station: '', need: `${marker}\n第二行` })).code;
  const disp = await page(s.url, '/desk', S.dispatcher);
  assert.equal(needOf(rowOf(disp, code)), `${marker}…`);
  // 神头镇's 所, 马邑村's 站 and the 神头镇 team's leader do not see it, on any page of their desk.
  for (const who of ['institute', 'station', 'leader']) {
    const html = await page(s.url, '/desk', S[who]);
    assert.equal(rowOf(html, code), null, who);
    assert.ok(!html.includes(marker), `${who} reads no need outside their scope`);
    const found = await page(s.url, `/desk?q=${encodeURIComponent(marker)}`, S[who]);
    assert.ok(!found.includes(marker.slice(0, 6) + '的'), `${who}: searching finds nothing`);
  }
  const csv = await (await get(s.url, '/desk/export.csv', S.dispatcher)).text();
  assert.ok(csv.includes(code));
  assert.ok(!csv.includes(marker), 'the export leaves the need out, as before');
  // A request with no need text shows no empty line (Open311 may send none).
  sql(s.db, `UPDATE orders SET need = '' WHERE code = '${code}'`);
  assert.equal(needOf(rowOf(await page(s.url, '/desk', S.dispatcher), code)), null);
});

test('the links to 志愿者申请审核 and 服务时长确认 carry what waits there, counted as each page lists it', async () => {
  const leaderTeam = one(`SELECT team_id AS t FROM users WHERE login = '${ACCOUNTS.leader}'`).t;
  const otherTeam = one("SELECT id FROM teams WHERE name = '理论政策宣讲志愿服务队'").id;
  const roles = Object.keys(ACCOUNTS);
  const base = {};
  for (const who of roles) base[who] = { a: await listedApplicants(S[who]), h: await listedHours(S[who]) };

  // Applications: 马邑村 with the leader's team, 小泊村 and 利民镇 with another
  // team, and 利民镇 with the leader's team.
  const apps = [
    { station: PLACES.mayi, team: [String(leaderTeam)] },
    { station: PLACES.xiaobo, team: [String(otherTeam)] },
    { institute: PLACES.limin, station: '', team: [String(otherTeam)] },
    { institute: PLACES.limin, station: '', team: [String(leaderTeam)] },
  ];
  let k = 0;
  for (const a of apps) {
    const r = await apply(s.url, application({ phone: `1370055${String(k++).padStart(4, '0')}`, ...a }));
    assert.equal(r.status, 303, await r.text());
  }
  // Hours reported for tasks at 马邑村 (the leader's team), 小泊村, 利民镇 (the
  // leader's team) and 利民镇 (no team).
  const vol = one("SELECT id FROM volunteers WHERE status = 'approved' ORDER BY id LIMIT 1").id;
  const tasks = [[PLACES.mayi, leaderTeam], [PLACES.xiaobo, null], [PLACES.limin, leaderTeam], [PLACES.limin, null]];
  for (const [place, t] of tasks) {
    const changes = place === PLACES.limin ? { institute: PLACES.limin, station: '' } : { station: place };
    const code = (await submit(s.url, { phone: phone(), ...changes })).code;
    const now = nowSec();
    sql(s.db, `UPDATE orders SET team_id = ${t ?? 'NULL'}, state = 'completed' WHERE code = '${code}';
      INSERT INTO hours(volunteer_id, order_id, started_at, ended_at, minutes, what, created_at)
      SELECT ${vol}, id, ${now - 7200}, ${now - 3600}, 60, '上门服务', ${now} FROM orders WHERE code = '${code}'`);
  }
  // Who sees what: the centre all four; 神头镇's 所 马邑村 and 小泊村; 马邑村's 站
  // 马邑村; the leader their team's two.
  const want = { admin: 4, dispatcher: 4, institute: 2, station: 1, leader: 2 };
  for (const who of roles) {
    const desk = await page(s.url, '/desk', S[who]);
    const a = await listedApplicants(S[who]), h = await listedHours(S[who]);
    assert.equal(a - base[who].a, want[who], `${who}: applications listed`);
    assert.equal(h - base[who].h, want[who], `${who}: hours listed`);
    assert.equal(applicantsOn(desk), a, `${who}: the link says what the page lists`);
    assert.equal(hoursOn(desk), h, `${who}: the link says what the page lists`);
  }
  // A request moved off the leader's team by another program takes its
  // hours off the leader's count at once, on every worker (each has seen
  // the count before).
  for (let i = 0; i < 4; i++) await page(s.url, '/desk', S.leader);
  const moved = one(`SELECT o.id FROM orders o JOIN hours h ON h.order_id = o.id
    WHERE h.status = 'pending' AND o.team_id = ${leaderTeam} LIMIT 1`).id;
  sql(s.db, `UPDATE orders SET team_id = NULL WHERE id = ${moved}`);
  for (let i = 0; i < 4; i++) {
    assert.equal(hoursOn(await page(s.url, '/desk', S.leader)) - base.leader.h, want.leader - 1,
      'the moved request\'s hours are no longer the leader\'s');
  }
  // Reviewing one takes it off the count at once.
  const pending = one(`SELECT v.id FROM volunteers v JOIN orgs g ON g.id = v.org_id
    WHERE v.status = 'pending' AND g.code = '${PLACES.mayi}' ORDER BY v.id DESC LIMIT 1`).id;
  assert.equal((await review(s.url, S.station, pending, 'approve')).status, 303);
  assert.equal(applicantsOn(await page(s.url, '/desk', S.station)), await listedApplicants(S.station));
  assert.equal(applicantsOn(await page(s.url, '/desk', S.dispatcher)), base.dispatcher.a + 3);
  // Nothing waiting: the link carries no number.
  sql(s.db, "UPDATE volunteers SET status = 'rejected', reason = '测试' WHERE status = 'pending';"
    + "UPDATE hours SET status = 'confirmed', confirmed_at = created_at WHERE status = 'pending'");
  const desk = await page(s.url, '/desk', S.dispatcher);
  assert.equal(applicantsOn(desk), 0);
  assert.equal(hoursOn(desk), 0);
  assert.match(desk, /<a href="\/desk\/volunteers">志愿者申请审核<\/a>/);
});
