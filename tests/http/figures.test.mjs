// figures.test.mjs: the public figures (/figures) and their SVG charts
// (/charts/monthly.svg, satisfaction.svg, platforms.svg) on a small
// dataset written straight into a fresh database, checked against numbers
// worked out by hand: totals, satisfaction, average times as the page
// formats them (hours under two days, else days), the rows per month,
// platform, 所 and team, the tables beside the charts, and the rule for
// 五星服务队 (at least 20 ratings in 12 months and at least 95% satisfied).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql, securityHeaders } from '../lib/harness.mjs';
import {
  insertRequests, fakeCode, monthOf, tableRows, tableHead, totalsOf, starsOf, xmlProblems, svgText,
} from '../lib/rating.mjs';
import { nowMs, nowSec, monthStartOf } from '../lib/clock.mjs';

let s;
const H = 3600, D = 86400;
const now = Math.floor(nowMs() / 1000);
// The anchors: every request of a group is made at the same second, so a
// group never straddles two months.
const a = now - 10 * D, b = now - 100 * D, d = now - 200 * D, c = now - 400 * D;
const place = {};	// org codes
const team = {};	// team ids
const area = {};	// org ids for 抢单 areas
const codes = {};	// request codes by name

const one = (q) => sql(s.db, q)[0];
const mm = (t) => monthOf(t).slice(5);
const getText = async (path) => {
  const r = await fetch(s.url + path);
  assert.equal(r.status, 200, path);
  return { r, text: await r.text() };
};

before(async () => {
  s = await start();
  place.mayi = '140602100201';					// 马邑村, a 站 of 神头镇
  place.beicheng = '140602001000';				// 北城街道 (所 itself)
  place.beichengStation = one(`SELECT code FROM orgs WHERE kind = 'station'
    AND parent_id = (SELECT id FROM orgs WHERE code = '${place.beicheng}') ORDER BY sort LIMIT 1`).code;
  place.liminStation = one(`SELECT code FROM orgs WHERE kind = 'station'
    AND parent_id = (SELECT id FROM orgs WHERE code = '140602101000') ORDER BY sort LIMIT 1`).code;
  place.center = one("SELECT code FROM orgs WHERE kind = 'center'").code;
  area.limin = one("SELECT id FROM orgs WHERE code = '140602101000'").id;
  for (const [k, name] of [['shentou', '神头镇志愿服务分队'], ['beicheng', '北城街道志愿服务分队'],
    ['p1', '演示专业志愿服务队01'], ['p2', '演示专业志愿服务队02'], ['p3', '演示专业志愿服务队03'],
    ['p4', '演示专业志愿服务队04'], ['p5', '演示专业志愿服务队05']])
    team[k] = one(`SELECT id FROM teams WHERE name = '${name}'`).id;
});
after(async () => { await s?.stop(); });

// The dataset (worked out by hand below). A is 10 days old, B 100, D 200;
// C is 400 days old and must count nowhere.
function dataset() {
  const specs = [
    ['A1', { service: 'tutoring', org: place.mayi, state: 'rated', created: a, team: team.shentou,
      dispatched: a + 2 * H, accepted: a + 3 * H, completed: a + 1 * D, level: 5 }],
    ['A2', { service: 'health-check', org: place.mayi, state: 'rated', created: a, team: team.shentou,
      dispatched: a + 4 * H, accepted: a + 7 * H, completed: a + 3 * D, level: 2 }],
    ['A3', { service: 'culture-show', org: place.beicheng, state: 'completed', created: a, team: team.beicheng,
      dispatched: a + 1 * H, accepted: a + 2 * H, completed: a + 2 * D }],
    ['A4', { service: 'tutoring', org: place.beichengStation, state: 'submitted', created: a }],
    ['A5', { service: 'policy-talk', org: place.center, state: 'rejected', created: a }],
    ['B1', { service: 'health-check', org: place.liminStation, state: 'rated', created: b, area: area.limin,
      published: b + 6 * H, accepted: b + 10 * H, completed: b + 5 * D, level: 4 }],
    ['B2', { service: 'tutoring', org: place.mayi, state: 'unrated', created: b, team: team.shentou,
      dispatched: b + 30 * H, accepted: b + 32 * H, completed: b + 4 * D }],
    ['B3', { service: 'phone-help', org: place.liminStation, state: 'cancelled', created: b }],
    ['D1', { service: 'reading', org: place.center, state: 'cancelled', created: d }],
    ['C1', { service: 'tutoring', org: place.mayi, state: 'rated', created: c, team: team.shentou,
      dispatched: c + H, accepted: c + 2 * H, completed: c + D, level: 1 }],
  ];
  return specs.map(([name, spec]) => {
    codes[name] = fakeCode('FG');
    return { code: codes[name], ...spec };
  });
}

test('with no requests yet: zeros and dashes, and the charts are still well-formed', async () => {
  const { text } = await getText('/figures');
  assert.deepEqual(totalsOf(text), { 群众点单: '0', 已办结: '0', 满意率: '—', 已评价: '0',
    toDispatch: '—', toAccept: '—', toDone: '—' });
  assert.deepEqual(tableRows(text, '每月点单和办理'), []);
  assert.deepEqual(starsOf(text), []);
  for (const name of ['monthly', 'satisfaction', 'platforms']) {
    const svg = await (await fetch(`${s.url}/charts/${name}.svg`)).text();
    assert.deepEqual(xmlProblems(svg), [], `${name}.svg is well-formed`);
    assert.ok(svgText(svg).title, `${name}.svg has its title`);
  }
});

test('an empty chart still tells a screen reader something in its <desc>', async () => {
  const svg = await (await fetch(`${s.url}/charts/monthly.svg`)).text();
  assert.notEqual(svgText(svg).desc, '', 'the <desc> of a chart with no data is empty');
});

test('the totals, satisfaction and average times equal the figures worked out by hand', async () => {
  insertRequests(s.db, dataset());
  const r = await fetch(s.url + '/figures');
  assert.equal(r.status, 200);
  securityHeaders(assert, r.headers, '/figures');
  const html = await r.text();
  // 9 requests in the last 12 months (C1 is older); 已办结: A1 A2 A3 B1 B2;
  // rated: A1 (5) A2 (2) B1 (4): 2 of 3 satisfied.
  // To dispatch: 2, 4, 1, 6 (published), 30 h → 43/5 = 8.6 h. To accept:
  // 1, 3, 1, 4, 2 h → 2.2 h. To completion: 24, 72, 48, 120, 96 h → 72 h = 3.0 天.
  assert.deepEqual(totalsOf(html), { 群众点单: '9', 已办结: '5', 满意率: '66.7%', 已评价: '3',
    toDispatch: '8.6 小时', toAccept: '2.2 小时', toDone: '3.0 天' });
  assert.match(html, /满意率 = 评价为“满意”或“非常满意”的申请 ÷ 已评价的申请。/);
  // No personal data, and nothing of the request 400 days old.
  assert.ok(!html.includes('测试地址') && !html.includes('统计测试'));
});

test('the rows per month, platform, 所 and team equal the figures worked out by hand', async () => {
  const { text: html } = await getText('/figures');
  assert.deepEqual(tableHead(html, '每月点单和办理'), ['月份', '点单', '已办结', '办理中', '未受理或取消', '已评价', '满意率', '点单到派单', '派单到接单', '点单到完成']);
  assert.deepEqual(tableRows(html, '每月点单和办理'), [
    // A: to dispatch 2, 4, 1 h → 2.3 h; to accept 1, 3, 1 h → 1.7 h; to completion 24, 72, 48 h → 2.0 天.
    // A4 is still 待审核 (办理中), A5 was rejected (未受理或取消).
    [monthOf(a), '5', '3', '1', '1', '2', '50.0%', '2.3 小时', '1.7 小时', '2.0 天'],
    // B: to dispatch 6, 30 h → 18.0 h; to accept 4, 2 h → 3.0 h; to completion 120, 96 h → 4.5 天.
    [monthOf(b), '3', '2', '0', '1', '1', '100.0%', '18.0 小时', '3.0 小时', '4.5 天'],
    [monthOf(d), '1', '0', '0', '1', '0', '—', '—', '—', '—'],
  ]);
  assert.deepEqual(tableHead(html, '各平台'), ['平台', '点单', '已办结', '已评价', '满意率', '点单到完成']);
  assert.deepEqual(tableRows(html, '各平台'), [
    ['理论宣讲', '1', '0', '0', '—', '—'],		// A5
    ['教育服务', '3', '2', '1', '100.0%', '2.5 天'],	// A1 A4 B2: 24, 96 h
    ['文化文艺', '2', '1', '0', '—', '2.0 天'],		// A3 D1: 48 h
    ['科技科普', '1', '0', '0', '—', '—'],		// B3
    ['健身体育', '2', '2', '2', '50.0%', '4.0 天'],	// A2 B1: 72, 120 h
  ]);
  const inst = tableRows(html, '各实践所');
  assert.deepEqual(Object.fromEntries(inst.map((row) => [row[0], row.slice(1)])), {
    神头镇: ['3', '3', '2', '50.0%', '2.7 天'],		// A1 A2 B2: 24, 72, 96 h = 64 h
    北城街道: ['2', '1', '0', '—', '2.0 天'],		// A3 (the 所 itself) A4 (its 站)
    利民镇: ['2', '1', '1', '100.0%', '5.0 天'],		// B1 B3
    中心直接受理: ['2', '0', '0', '—', '—'],		// A5 D1
  });
  assert.equal(inst[0][0], '神头镇', 'the busiest 所 first');
  assert.deepEqual(tableRows(html, '各服务队（派给服务队的申请）'), [
    ['神头镇志愿服务分队', '3', '3', '2', '50.0%', '2.0 小时'],	// A1 A2 B2: 1, 3, 2 h
    ['北城街道志愿服务分队', '1', '1', '0', '—', '1.0 小时'],		// A3 (B1 was published, not dispatched)
  ]);
  // The month rows add up to the totals.
  const months = tableRows(html, '每月点单和办理');
  assert.equal(months.reduce((n, row) => n + Number(row[1]), 0), 9);
});

test('the charts are well-formed SVG served as image/svg+xml with their <title> and a <desc> of the same numbers', async () => {
  const want = {
    monthly: { title: '近12个月群众点单（件）',
      desc: `${mm(d)}：已办结 0件，办理中 0件，未受理或取消 1件；${mm(b)}：已办结 2件，办理中 0件，未受理或取消 1件；`
        + `${mm(a)}：已办结 3件，办理中 1件，未受理或取消 1件。` },
    platforms: { title: '各平台群众点单（件）', desc: '理论宣讲：1件；教育服务：3件；文化文艺：2件；科技科普：1件；健身体育：2件。' },
  };
  for (const name of ['monthly', 'satisfaction', 'platforms']) {
    const r = await fetch(`${s.url}/charts/${name}.svg`);
    assert.equal(r.status, 200, name);
    assert.match(r.headers.get('content-type'), /^image\/svg\+xml(;|$)/, `${name}: Content-Type`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', `${name}: nosniff`);
    const svg = await r.text();
    assert.deepEqual(xmlProblems(svg), [], `${name}.svg is well-formed`);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img" aria-labelledby="t d"/, `${name}: labelled`);
    assert.ok(!/<script|on[a-z]+=/i.test(svg), `${name}: nothing active`);
    const t = svgText(svg);
    if (want[name]) assert.deepEqual(t, want[name], name);
  }
  const sat = svgText(await (await fetch(`${s.url}/charts/satisfaction.svg`)).text());
  assert.equal(sat.title, '满意率（%，满意及以上占已评价）');
  assert.ok(sat.desc.includes(`${mm(b)}：100%`) && sat.desc.includes(`${mm(a)}：50%`), sat.desc);
  assert.equal((await fetch(`${s.url}/charts/nothing.svg`)).status, 404);
  assert.equal((await fetch(`${s.url}/charts/monthly.png`)).status, 404);
});

test('the figures page shows each chart with a text alternative and a table of the same numbers', async () => {
  const { text: html } = await getText('/figures');
  for (const name of ['monthly', 'satisfaction', 'platforms'])
    assert.match(html, new RegExp(`<img src="/charts/${name}\\.svg" alt="[^"]+" width="640" height="320">`), name);
  // platforms.svg ↔ the 各平台 table.
  const platforms = svgText(await (await fetch(`${s.url}/charts/platforms.svg`)).text()).desc;
  for (const row of tableRows(html, '各平台')) assert.ok(platforms.includes(`${row[0]}：${row[1]}件`), row[0]);
  // satisfaction.svg ↔ the 满意率 column of the month table, for months with ratings.
  const sat = svgText(await (await fetch(`${s.url}/charts/satisfaction.svg`)).text()).desc;
  for (const row of tableRows(html, '每月点单和办理').filter((r) => r[6] !== '—'))
    assert.ok(sat.includes(`${row[0].slice(5)}：${String(Number(row[6].replace('%', '')))}%`), row[0]);
  // monthly.svg draws 已办结, 办理中 and 未受理或取消 per month: the table beside
  // it should carry all three.
  const head = tableHead(html, '每月点单和办理');
  assert.deepEqual(['已办结', '办理中', '未受理或取消'].filter((h) => !head.includes(h)), [],
    'columns the monthly chart draws but its table lacks');
});

test('a month with requests but no ratings has no satisfaction: the chart does not draw it as 0%', async () => {
  // D's month: one cancelled request, nothing rated; the table says —.
  const { text: html } = await getText('/figures');
  assert.equal(tableRows(html, '每月点单和办理').find((r) => r[0] === monthOf(d))[6], '—');
  const sat = svgText(await (await fetch(`${s.url}/charts/satisfaction.svg`)).text()).desc;
  assert.ok(!sat.includes(`${mm(d)}：0%`), `the chart says ${mm(d)}：0% where the table says —: ${sat}`);
});

test('the months of the charts can be told apart: the window is twelve calendar months, so the same month a year ago is left out', async () => {
  // The last second of this month a year ago (less than 365 days ago on
  // most days), the first second of the window, and the first of this month.
  const t = nowSec();
  const old = monthStartOf(t, -11) - 1, first = monthStartOf(t, -11), mine = monthStartOf(t);
  assert.equal(mm(old), mm(t));
  const e = { E1: fakeCode('FG'), E2: fakeCode('FG'), E3: fakeCode('FG') };
  insertRequests(s.db, [
    { code: e.E1, service: 'tutoring', org: place.mayi, state: 'cancelled', created: old },
    { code: e.E3, service: 'tutoring', org: place.mayi, state: 'cancelled', created: first },
    { code: e.E2, service: 'tutoring', org: place.mayi, state: 'submitted', created: mine },
  ]);
  const { text: html } = await getText('/figures');
  const months = tableRows(html, '每月点单和办理').map((r) => r[0]);
  assert.ok(!months.includes(monthOf(old)) && months.includes(monthOf(t)), 'this month in, the same month a year ago out');
  assert.ok(months.includes(monthOf(first)), `the window's first month in: ${months.join(', ')}`);
  const desc = svgText(await (await fetch(`${s.url}/charts/monthly.svg`)).text()).desc;
  const labels = desc.replace(/。$/, '').split('；').map((x) => x.split('：')[0]);
  assert.deepEqual(labels.filter((l, i) => labels.indexOf(l) !== i), [],
    `two bars with the same label: ${labels.join(', ')} (table: ${months.join(', ')}; the page says 近12个月)`);
});

test('五星服务队: at least 20 ratings in the last 12 months and at least 95% satisfied; one just under either threshold is not listed', async () => {
  const specs = [];
  const rated = (teamId, levels, { old = 0 } = {}) => levels.forEach((level, i) => {
    const created = i < old ? now - 400 * D : now - 30 * D;
    specs.push({ code: fakeCode('FS'), service: 'tutoring', org: place.mayi, state: 'rated', created, team: teamId,
      dispatched: created + H, accepted: created + 2 * H, completed: created + D, level,
      rated: i < old ? now - 390 * D : now - 20 * D });
  });
  const fill = (n, level) => Array(n).fill(level);
  rated(team.p1, [...fill(19, 5), 3]);		// 20 rated, 19 satisfied: 95.0% → listed
  rated(team.p2, fill(19, 5));			// 19 rated, all satisfied: too few
  rated(team.p3, [...fill(37, 4), 3, 2]);	// 39 rated, 37 satisfied: 94.9% → not
  rated(team.p4, fill(21, 5), { old: 1 });	// 21 rated, one 390 days ago: 20 in 12 months → listed
  rated(team.p5, fill(20, 5), { old: 1 });	// 20 rated, one 390 days ago: 19 in 12 months → not
  insertRequests(s.db, specs);
  const { text: html } = await getText('/figures');
  assert.match(html, /评选规则：近12个月内至少有 20 个已评价的申请，且满意率不低于 95%。/);
  assert.deepEqual(starsOf(html), [
    { team: '演示专业志愿服务队04', rated: 20, satisfaction: '100.0%' },
    { team: '演示专业志愿服务队01', rated: 20, satisfaction: '95.0%' },
  ]);
});
