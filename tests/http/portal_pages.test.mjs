// portal_pages.test.mjs: the portal pages of issue 7 as a visitor sees them,
// against a fresh database with rows of known content: the home page's
// live figures (approved volunteers, this calendar year's confirmed hours,
// this month's requests) and its recently completed services, which name
// the service and the place but never the resident; each platform and
// project page with its services and upcoming activities, and 404 for an
// unknown code; the honour roll (only volunteers who agreed, only by their
// display name) and the /v/me form behind it; the wall screen's figures and
// its refresh; the open data at /api/stats.json; and the 长辈模式 cookie,
// including the home page a worker keeps for visitors in each mode.
import { test, before, beforeEach, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql, securityHeaders } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { insertRequests, fakeCode } from '../lib/rating.mjs';
import { makeVolunteers, vSignIn, postForm, DEMO_VOLUNTEERS, PLACES } from '../lib/volunteer.mjs';
import { nowSec, dayStartOf, monthStartOf, clearOfMidnight } from '../lib/clock.mjs';

let s;
const H = 3600, D = 86400;
// Now, and the Beijing day, month and year starts, as sidan counts them: set
// before each test, away from a midnight (a test reads the day it wrote).
let now, bj, dayStart, monthStart, yearStart, windowStart;
beforeEach(async () => {
  await clearOfMidnight();
  now = nowSec();
  bj = new Date((now + 8 * H) * 1000);
  dayStart = dayStartOf(now);
  monthStart = monthStartOf(now);
  yearStart = Date.UTC(bj.getUTCFullYear(), 0, 1) / 1000 - 8 * H;
  windowStart = monthStartOf(now, -11);
});

const one = (q) => sql(s.db, q)[0];
const get = async (path, headers = {}) => {
  const r = await fetch(s.url + path, { headers, redirect: 'manual' });
  return { r, text: await r.text() };
};
// The number shown above a label in a figures list.
function figure(html, label) {
  const m = html.match(new RegExp(`<strong>([^<]*)</strong><span>${label}</span>`));
  assert.ok(m, `the page shows the figure ${label}`);
  return m[1];
}
// The text of a page section, by its heading's id.
function section(html, id) {
  const i = html.indexOf(`id="${id}"`);
  assert.ok(i >= 0, `the page has the section ${id}`);
  return html.slice(i, html.indexOf('</section>', i));
}
// Inserts an activity straight into the database; returns its id.
function activity({ title, platform, project = null, starts, status = 'open' }) {
  sql(s.db, `INSERT INTO activities(title, platform_id, project_id, org_id, starts_at, ends_at, capacity,
    qr_key, status, created_by, created_at) VALUES ('${title}', (SELECT id FROM platforms WHERE code = '${platform}'),
    ${project ? `(SELECT id FROM projects WHERE code = '${project}')` : 'NULL'},
    (SELECT id FROM orgs WHERE code = '${PLACES.mayi}'), ${starts}, ${starts + 2 * H}, 30, randomblob(32),
    '${status}', (SELECT id FROM users WHERE login = 'admin'), ${now})`);
  return one(`SELECT max(id) AS id FROM activities`).id;
}
// Inserts a record of service for volunteer id.
function hours(vid, minutes, started, status = 'confirmed') {
  sql(s.db, `INSERT INTO hours(volunteer_id, started_at, ended_at, minutes, what, status, created_at)
    VALUES (${vid}, ${started}, ${started + minutes * 60}, ${minutes}, '测试服务', '${status}', ${started + minutes * 60})`);
}

before(async () => { s = await start(); });
after(async () => { await s?.stop(); });

test('before anything is done: the home page and the honour roll say so instead of showing empty lists', async () => {
  // The demo seed may bring activities of its own: these tests make theirs.
  sql(s.db, "UPDATE activities SET status = 'cancelled'");
  const home = (await get('/')).text;
  assert.match(section(home, 'h-done'), /还没有办结的服务/);
  assert.match(section(home, 'h-soon'), /近期暂无已发布的活动/);
  assert.match((await get('/honour')).text, /还没有志愿者同意上榜/);
});

test('home: approved volunteers, hours served this year and this month’s requests match the database', async () => {
  const vols = makeVolunteers(s.db, 2, { pwhash: 'x', prefix: '1361' });
  sql(s.db, `INSERT INTO volunteers(name, phone, pwhash, org_id, status, consent_at, created_at)
    VALUES ('待审核者', '13612345678', 'x', (SELECT id FROM orgs WHERE code = '${PLACES.mayi}'), 'pending', ${now}, ${now})`);
  // This year: 90 + 45 confirmed minutes; a pending record and last year's never count.
  const thisYear = Math.max(yearStart + 60, now - 2 * H);
  hours(vols[0].id, 90, thisYear);
  hours(vols[1].id, 45, thisYear);
  hours(vols[1].id, 600, thisYear, 'pending');
  hours(vols[0].id, 300, yearStart - 10 * D);
  insertRequests(s.db, [
    // This month's (its first second, if it began less than a minute ago).
    { code: fakeCode('HM'), service: 'tutoring', org: PLACES.mayi, state: 'submitted', created: Math.max(monthStart, now - 60) },
    { code: fakeCode('HM'), service: 'reading', org: PLACES.mayi, state: 'completed', created: Math.max(monthStart, now - 60), completed: now },
  ]);
  const { r, text } = await get('/');
  assert.equal(r.status, 200);
  securityHeaders(assert, r.headers, '/');
  const approved = one("SELECT count(*) AS n FROM volunteers WHERE status = 'approved'").n;
  assert.equal(figure(text, '注册志愿者'), String(approved));
  const minutes = one(`SELECT sum(minutes) AS m FROM hours WHERE status = 'confirmed' AND started_at >= ${yearStart}`).m;
  assert.equal(minutes, 135, 'the records this test made are the only ones this year');
  assert.equal(figure(text, `${bj.getUTCFullYear()}年志愿服务时长（小时）`), '2', '135 minutes are 2 hours');
  assert.equal(figure(text, '本月群众点单'),
    String(one(`SELECT count(*) AS n FROM orders WHERE created_at >= ${monthStart}`).n));
  // The 一码可查 box and the charts of /figures.
  assert.match(text, /<form class="trackbox" method="get" action="\/track">/);
  for (const c of ['monthly', 'satisfaction', 'platforms']) assert.ok(text.includes(`<img src="/charts/${c}.svg"`), c);
  // The five platforms, each a link to its page.
  for (const p of sql(s.db, 'SELECT code, name FROM platforms')) assert.ok(text.includes(`<a href="/platforms/${p.code}">${p.name}</a>`), p.name);
});

test('home: a completed request shows its service, place and date, and nothing of the resident', async () => {
  const who = { name: '欧阳测试', phone: '13811112222', need: '独特需求紫罗兰色的钢琴调音', address: '马邑村梧桐巷99号' };
  const o = await submit(s.url, { ...who, service: 'tutoring' });
  sql(s.db, `UPDATE orders SET state = 'completed', completed_at = ${now} WHERE code = '${o.code}'`);
  const { text } = await get('/');
  const done = section(text, 'h-done');
  const first = done.match(/<li>([\s\S]*?)<\/li>/)[1];
  const day = new Date((now + 8 * H) * 1000).toISOString().slice(0, 10);
  assert.match(first, /<strong>课业辅导<\/strong>/, 'the newest completed service comes first');
  assert.ok(first.includes('神头镇 · 马邑村') && first.includes(day), 'with its 所, 站 and date');
  for (const [k, v] of Object.entries(who)) {
    for (const path of ['/', '/screen', '/api/stats.json', '/figures', '/honour']) {
      assert.ok(!(await get(path)).text.includes(v), `${path} does not show the resident's ${k}`);
    }
  }
  assert.ok(!text.includes('13811112222'.slice(-4) + '<'), 'nor the last digits of the phone');
});

test('each platform and project has a page with its services and upcoming activities; an unknown code is 404', async () => {
  const soon = activity({ title: '测试活动读书会', platform: 'culture', project: 'city-library', starts: now + 2 * D });
  const off = activity({ title: '测试活动已取消', platform: 'culture', project: 'city-library', starts: now + 3 * D, status: 'cancelled' });
  const past = activity({ title: '测试活动已结束', platform: 'culture', project: 'city-library', starts: now - 3 * D });
  const platforms = sql(s.db, 'SELECT id, code, name FROM platforms');
  const projects = sql(s.db, 'SELECT id, code, name, kind FROM projects');
  assert.equal(platforms.length, 5);
  assert.deepEqual([projects.filter((p) => p.kind === 'fixed').length, projects.filter((p) => p.kind === 'featured').length], [10, 7]);
  const index = { platforms: (await get('/platforms')).text, projects: (await get('/projects')).text };
  for (const [kind, list] of [['platforms', platforms], ['projects', projects]]) {
    for (const p of list) {
      assert.ok(index[kind].includes(`<a href="/${kind}/${p.code}">${p.name}</a>`), `/${kind} links ${p.name}`);
      const { r, text } = await get(`/${kind}/${p.code}`);
      assert.equal(r.status, 200, `/${kind}/${p.code}`);
      assert.match(text, new RegExp(`<h1>${p.name}</h1>`));
      const services = sql(s.db, `SELECT code, name FROM services WHERE active = 1 AND
        ${kind === 'platforms' ? 'platform_id' : 'project_id'} = ${p.id}`);
      const shown = [...section(text, 'h-services').matchAll(/href="\/order\/new\?service=([a-z-]+)"/g)].map((m) => m[1]);
      assert.deepEqual(shown.sort(), services.map((x) => x.code).sort(), `the services of ${p.name}`);
      for (const x of services) assert.ok(text.includes(`<h3>${x.name}</h3>`), `${p.name} names ${x.name}`);
      if (services.length === 0) assert.match(text, /暂未开放网上点单/);
      const acts = section(text, 'h-acts');
      const want = (kind === 'platforms' && p.code === 'culture') || (kind === 'projects' && p.code === 'city-library');
      assert.equal(acts.includes(`<a href="/activities/${soon}">测试活动读书会</a>`), want, `${p.name}: its upcoming activity`);
      assert.ok(!acts.includes(`/activities/${off}"`) && !acts.includes(`/activities/${past}"`), 'never a cancelled or past one');
    }
  }
  for (const bad of ['/platforms/nope', '/projects/nope', '/projects/CITY-LIBRARY', '/platforms/%3Cscript%3E']) {
    const { r, text } = await get(bad);
    assert.equal(r.status, 404, bad);
    assert.match(text, /页面不存在/);
  }
  // The home page lists the activity too, linked, and links the whole list.
  const home = section((await get('/')).text, 'h-soon');
  assert.ok(home.includes(`<a href="/activities/${soon}">测试活动读书会</a>`));
  assert.ok(home.includes('<a href="/activities">'));
});

test('honour roll: only volunteers who agreed, by their display name, most hours first; never real names', async () => {
  const [a, b, c] = makeVolunteers(s.db, 3, { pwhash: 'x', prefix: '1362' });
  sql(s.db, `UPDATE volunteers SET on_roll = 1, display_name = '榜上阿甲' WHERE id = ${a.id};
    UPDATE volunteers SET on_roll = 0, display_name = '不愿上榜' WHERE id = ${b.id};
    UPDATE volunteers SET on_roll = 1, display_name = '榜上丙丙' WHERE id = ${c.id};`);
  hours(a.id, 120, now - 5 * D);
  hours(b.id, 900, now - 5 * D);
  hours(c.id, 300, now - 5 * D);
  hours(a.id, 999, now - 5 * D, 'pending');
  const { r, text } = await get('/honour');
  assert.equal(r.status, 200);
  const rows = [...text.matchAll(/<tr><td>(\d+)<\/td><th scope="row">([^<]+)<\/th><td>([\d.]+)<\/td><\/tr>/g)].map((m) => m.slice(1));
  assert.deepEqual(rows, [['1', '榜上丙丙', '5.0'], ['2', '榜上阿甲', '2.0']]);
  for (const v of [a, b, c]) {
    assert.ok(!text.includes(v.name) && !text.includes(v.phone) && !text.includes(v.number), 'no real name, phone or number');
  }
  assert.ok(!text.includes('不愿上榜'));
  assert.match(text, /怎样上光荣榜/);
  assert.match(text, /五星服务队/);
});

test('honour roll consent on /v/me: bad display names are refused beside the field with the input kept; consent and withdrawal take effect', async () => {
  const me = await vSignIn(s.url, DEMO_VOLUNTEERS[0]);
  const v = one(`SELECT id, name FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`);
  hours(v.id, 60, now - D);
  const form = await (await fetch(s.url + '/v/me', { headers: { cookie: me.cookie } })).text();
  assert.match(form, /<form class="form narrow" method="post" action="\/v\/me\/roll"/);
  const send = (fields) => postForm(s.url, '/v/me/roll', { csrf: me.csrf, ...fields }, { cookie: me.cookie });

  for (const [name, why] of [['小李13900000001', /不能含电话号码/], ['', /请填写榜上显示名/],
    ['一二三四五六七八九十一二三四五六七八九十一', /不能超过20个字/], ['小李１３９００', /不能含电话号码/]]) {
    const r = await send({ display_name: name, on_roll: '1' });
    assert.equal(r.status, 400, `${name}: refused`);
    const html = await r.text();
    const field = html.match(/<div class="field invalid"><label for="f-display">[\s\S]*?<\/div>/);
    assert.ok(field, 'the display name field is marked');
    assert.match(field[0], why);
    assert.ok(field[0].includes(`value="${name}"`), 'what was typed is kept');
    assert.match(field[0], /aria-invalid="true"/);
    assert.match(html, /<input id="f-onroll" name="on_roll" type="checkbox" value="1" checked>/, 'the consent box stays ticked');
    assert.equal(one(`SELECT on_roll FROM volunteers WHERE id = ${v.id}`).on_roll, 0);
  }
  const r = await send({ display_name: '  马邑小王  ', on_roll: '1' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/v/me?saved=roll');
  assert.deepEqual(one(`SELECT on_roll, display_name FROM volunteers WHERE id = ${v.id}`), { on_roll: 1, display_name: '马邑小王' });
  const saved = await (await fetch(s.url + '/v/me?saved=roll', { headers: { cookie: me.cookie } })).text();
  assert.match(saved, /光荣榜设置已保存/);
  assert.ok(saved.includes('value="马邑小王"'));
  let roll = (await get('/honour')).text;
  assert.ok(roll.includes('<th scope="row">马邑小王</th>'));
  assert.ok(!roll.includes(v.name), 'not the real name');

  // Withdrawing (the box unticked) takes them off at once.
  assert.equal((await send({ display_name: '马邑小王' })).status, 303);
  roll = (await get('/honour')).text;
  assert.ok(!roll.includes('马邑小王'));
  // Without the token, or signed out, nothing changes.
  assert.equal((await postForm(s.url, '/v/me/roll', { display_name: 'x', on_roll: '1' }, { cookie: me.cookie })).status, 403);
  assert.equal((await postForm(s.url, '/v/me/roll', { csrf: me.csrf, display_name: 'x', on_roll: '1' })).status, 403);
  assert.equal(one(`SELECT on_roll FROM volunteers WHERE id = ${v.id}`).on_roll, 0);
});

test('wall screen: today’s figures and the queue match the database; it refreshes itself every minute', async () => {
  // Four requests moved along today: within the last two minutes, but not
  // before this Beijing day began, which may be seconds ago.
  const base = Math.max(dayStart, now - 120), at = (k) => base + Math.floor((now - base) * k / 5);
  insertRequests(s.db, [
    { code: fakeCode('SC'), service: 'tutoring', org: PLACES.mayi, state: 'dispatched', created: at(0), dispatched: at(1) },
    { code: fakeCode('SC'), service: 'tutoring', org: PLACES.mayi, state: 'accepted', created: at(0), dispatched: at(1), accepted: at(2) },
    { code: fakeCode('SC'), service: 'tutoring', org: PLACES.mayi, state: 'rated', created: at(0), dispatched: at(1), accepted: at(2), completed: at(3), level: 5, rated: at(4) },
    { code: fakeCode('SC'), service: 'tutoring', org: PLACES.mayi, state: 'rated', created: at(0), dispatched: at(1), accepted: at(2), completed: at(3), level: 2, rated: at(4) },
    { code: fakeCode('SC'), service: 'tutoring', org: PLACES.mayi, state: 'published', created: now - 30 * D, published: now - 29 * D },
  ]);
  const { r, text } = await get('/screen');
  assert.equal(r.status, 200);
  assert.match(text, /<meta http-equiv="refresh" content="60">/);
  assert.ok(!text.includes('<script'), 'no script needed');
  // Anyone reading it at their own pace can stop the refresh.
  assert.match(text, /<a href="\/screen\?refresh=0">停止自动刷新<\/a>/);
  const still = (await get('/screen?refresh=0')).text;
  assert.doesNotMatch(still, /http-equiv="refresh"/);
  assert.match(still, /<a href="\/screen">恢复自动刷新<\/a>/);
  const n = (q) => String(one(q).n);
  assert.equal(figure(text, '群众点单'), n(`SELECT count(*) AS n FROM orders WHERE created_at >= ${dayStart}`));
  assert.equal(figure(text, '中心派单'), n(`SELECT count(DISTINCT order_id) AS n FROM order_events WHERE at >= ${dayStart} AND to_state IN ('dispatched', 'published')`));
  assert.equal(figure(text, '志愿者接单'), n(`SELECT count(*) AS n FROM order_events WHERE at >= ${dayStart} AND to_state = 'accepted'`));
  assert.equal(figure(text, '办结'), n(`SELECT count(*) AS n FROM orders WHERE completed_at >= ${dayStart} AND state IN ('completed', 'rated', 'unrated')`));
  const rated = one(`SELECT count(*) AS n, sum(level >= 4) AS ok FROM ratings WHERE rated_at >= ${dayStart}`);
  assert.equal(rated.n, 2);
  assert.equal(figure(text, '满意率（2 个评价）'), '50.0%');
  for (const [label, state] of [['待审核', 'submitted'], ['已派单', 'dispatched'], ['待接单', 'published'], ['已接单', 'accepted']]) {
    assert.equal(figure(text, label), n(`SELECT count(*) AS n FROM orders WHERE state = '${state}'`), label);
  }
  const late = n(`SELECT count(*) AS n FROM orders WHERE state IN ('submitted', 'dispatched', 'published', 'accepted') AND due_at < ${now}`);
  assert.ok(Number(late) >= 1, 'the request published 30 days ago is overdue');
  assert.match(text, new RegExp(`<li class="late"><strong>${late}</strong><span>已超时</span>`));
  assert.doesNotMatch(text, /1[3-9]\d{9}/, 'no phone number');
});

test('open data: /api/stats.json is JSON matching the database, with no phone numbers and no names of people', async () => {
  const r = await fetch(s.url + '/api/stats.json');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  securityHeaders(assert, r.headers, '/api/stats.json');
  const text = await r.text();
  const j = JSON.parse(text);
  const n = (q) => one(q).n;
  assert.equal(j.totals.requests, n(`SELECT count(*) AS n FROM orders WHERE created_at >= ${windowStart}`));
  assert.equal(j.this_month.requests, n(`SELECT count(*) AS n FROM orders WHERE created_at >= ${monthStart}`));
  assert.equal(j.totals.done, n(`SELECT count(*) AS n FROM orders WHERE created_at >= ${windowStart} AND state IN ('completed', 'rated', 'unrated')`));
  assert.equal(j.totals.rated, n(`SELECT count(*) AS n FROM ratings r JOIN orders o ON o.id = r.order_id WHERE o.created_at >= ${windowStart}`));
  for (const k of ['by_month', 'by_platform', 'by_institute']) {
    assert.equal(j[k].reduce((a, x) => a + x.requests, 0), j.totals.requests, `${k} adds up to the total`);
  }
  assert.deepEqual(j.by_platform.map((x) => x.platform), sql(s.db, 'SELECT name FROM platforms ORDER BY sort').map((x) => x.name)
    .filter((name) => j.by_platform.some((x) => x.platform === name)));
  assert.equal(j.volunteers, n("SELECT count(*) AS n FROM volunteers WHERE status = 'approved'"));
  assert.equal(j.hours.year, bj.getUTCFullYear());
  const minutes = n(`SELECT coalesce(sum(minutes), 0) AS n FROM hours WHERE status = 'confirmed' AND started_at >= ${yearStart}`);
  assert.equal(j.hours.confirmed_hours, Math.floor(minutes * 10 / 60) / 10);
  assert.equal(j.sites.institutes, 14);
  assert.equal(j.sites.stations, n("SELECT count(*) AS n FROM orgs WHERE kind = 'station'"));
  assert.ok(Array.isArray(j.five_star_teams));
  assert.doesNotMatch(text, /1[3-9]\d{9}/, 'no phone number');
  const people = sql(s.db, `SELECT name FROM volunteers UNION SELECT display_name FROM volunteers WHERE display_name <> ''
    UNION SELECT contact_name FROM orders WHERE contact_name <> '' UNION SELECT name FROM users`).map((x) => x.name);
  assert.ok(people.length > 5);
  for (const p of people) assert.ok(!text.includes(p), `no name of a person (${p})`);
  // The figures page says where the open data is.
  assert.match((await get('/figures')).text, /href="\/api\/stats.json"/);
});

test('长辈模式: the switch sets a cookie and comes back to the page; the layout carries the class; off clears it', async () => {
  const std = (await get('/honour')).text;
  assert.match(std, /<html lang="zh-CN">/);
  const link = std.match(/<p class="modeswitch"><a href="([^"]+)" rel="nofollow">长辈模式/);
  assert.ok(link, 'a standard page offers 长辈模式');
  assert.equal(link[1], '/mode?elder=1&amp;next=%2Fhonour');
  const on = await fetch(s.url + '/mode?elder=1&next=%2Fhonour', { redirect: 'manual' });
  assert.equal(on.status, 303);
  assert.equal(on.headers.get('location'), '/honour');
  const cookie = on.headers.get('set-cookie');
  assert.match(cookie, /^mode=elder; Path=\/; Max-Age=\d{7,}; SameSite=Lax/);
  const elder = (await get('/honour', { cookie: 'mode=elder' })).text;
  assert.match(elder, /<html lang="zh-CN" class="elder">/);
  assert.match(elder, /<a href="\/mode\?elder=0&amp;next=%2Fhonour" rel="nofollow">标准模式/);
  const off = await fetch(s.url + '/mode?elder=0&next=/honour', { redirect: 'manual', headers: { cookie: 'mode=elder' } });
  assert.equal(off.status, 303);
  assert.match(off.headers.get('set-cookie'), /^mode=; Path=\/; Max-Age=0/);
  // Only a path on this site is a place to go back to.
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)', '/a\r\nSet-Cookie:x=1']) {
    const r = await fetch(s.url + '/mode?elder=1&next=' + encodeURIComponent(next), { redirect: 'manual' });
    assert.equal(r.status, 303, next);
    assert.equal(r.headers.get('location'), '/', next);
  }
  assert.equal((await fetch(s.url + '/mode?elder=yes', { redirect: 'manual' })).status, 400);
  // Pages of requests, sign-in and errors carry the switch too.
  for (const p of ['/track', '/login', '/no-such-page', '/platforms/theory']) {
    assert.match((await get(p, { cookie: 'mode=elder' })).text, /<html lang="zh-CN" class="elder">/, p);
  }
});

test('the kept home page respects the mode: a visitor in one mode never gets the other mode’s page', async () => {
  const kept = await start({ workers: 1, env: { SIDAN_STATS_TTL: '60' } });
  try {
    const page = async (cookie) => (await (await fetch(kept.url + '/', { headers: cookie ? { cookie } : {} })).text());
    const isElder = (html) => html.includes('<html lang="zh-CN" class="elder">');
    assert.equal(isElder(await page()), false);
    assert.equal(isElder(await page('mode=elder')), true, 'after a standard page was kept');
    assert.equal(isElder(await page()), false, 'after an elder page was kept');
    assert.equal(isElder(await page('mode=elder')), true);
    assert.equal(isElder(await page('mode=other')), false);
  } finally { await kept.stop(); }
});
