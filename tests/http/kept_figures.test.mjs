// kept_figures.test.mjs: figures over a year of requests are computed off
// the request path (issue 18): the housekeeping process, every
// SIDAN_STATS_TTL seconds of the program's clock, or `sidan figures` at
// once, writes them into kept rows, and the workers read those rows. What
// must hold: a page shows the kept figures (a request made since does not
// show until they are computed again); the housekeeping process computes
// them again when the time has passed; and every figure read from the kept
// rows equals the same figure computed directly from the tables (a second
// server on the same database with SIDAN_STATS_TTL=0), on /api/stats.json,
// /figures, the home page, 光荣榜, the wall screen, the map and the sites.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { start, sql, bin } from '../lib/harness.mjs';
import { insertRequests, fakeCode } from '../lib/rating.mjs';
import { nowSec, advanceClock } from '../lib/clock.mjs';
import { until } from '../lib/messages.mjs';

const H = 3600, D = 86400;
let kept, direct;

// Requests written straight into the database: a team with 24 rated
// requests (23 satisfied: a five-star team), others in every state over
// the year, and one made 400 days ago (outside the twelve months).
function dataset(db) {
  const now = nowSec();
  const team = sql(db, "SELECT id FROM teams ORDER BY id LIMIT 1")[0].id;
  const specs = [];
  const base = { service: 'child-care', org: '140602100201' };
  for (let i = 0; i < 24; i++) {
    const t = now - (5 + i) * D;
    specs.push({ ...base, code: fakeCode('KA'), state: 'rated', created: t, dispatched: t + H,
      accepted: t + 2 * H, completed: t + 5 * H, rated: t + 6 * H, team, level: i === 0 ? 2 : 5 });
  }
  const states = ['submitted', 'dispatched', 'accepted', 'completed', 'rejected', 'cancelled'];
  states.forEach((st, i) => {
    const t = now - (40 + 30 * i) * D;
    const o = { service: 'cpr-training', org: '140602001000', code: fakeCode('KB'), state: st, created: t };
    if (st !== 'submitted' && st !== 'rejected') o.dispatched = t + 3 * H;
    if (st === 'accepted' || st === 'completed') o.accepted = t + 4 * H;
    if (st === 'completed') o.completed = t + 9 * H;
    specs.push(o);
  });
  specs.push({ ...base, code: fakeCode('KC'), state: 'submitted', created: now - 400 * D });
  insertRequests(db, specs);
}

// Two demo volunteers on 光荣榜 with confirmed hours of this year.
function roll(db) {
  const t = nowSec() - 3 * D;
  sql(db, `UPDATE volunteers SET on_roll = 1, display_name = '甲' || id WHERE id IN (1, 2);
    INSERT INTO hours(volunteer_id, started_at, ended_at, minutes, what, status, created_at)
      VALUES (1, ${t}, ${t + 7200}, 120, '测试服务', 'confirmed', ${t + 7200}),
             (2, ${t}, ${t + 3600}, 60, '测试服务', 'confirmed', ${t + 3600});`);
}

// Computes the kept figures now, then moves the clock past KEPT_RECHECK so
// that every worker reads them again.
function computeNow(db) {
  execFileSync(bin, ['figures', '--db', db], { stdio: 'ignore' });
  advanceClock(6);
}

const json = async (s) => {
  const r = await fetch(s.url + '/api/stats.json');
  assert.equal(r.status, 200);
  return r.json();
};
const text = async (s, path) => {
  const r = await fetch(s.url + path);
  assert.equal(r.status, 200, path);
  return r.text();
};
// The figures on a page: each <strong>number</strong><span>label</span>.
const figures = (html) => [...html.matchAll(/<strong>([^<]*)<\/strong><span>([^<]*)<\/span>/g)]
  .map((m) => `${m[2]}=${m[1]}`);
// /figures without the time its numbers were computed.
const figuresPage = (html) => html.replace(/统计于 <time[^>]*>[^<]*<\/time>/, '')
  .replace(/<input type="hidden" name="csrf"[^>]*>/g, '');
const withoutTimes = (o) => { const c = { ...o }; delete c.generated_at; delete c.computed_at; return c; };

before(async () => {
  // One worker: each read meets the same worker's kept copy.
  kept = await start({ workers: 1, env: { SIDAN_STATS_TTL: '60' } });
  dataset(kept.db);
  roll(kept.db);
  computeNow(kept.db);
});
after(async () => {
  await direct?.stop();
  await kept?.stop();
});

test('pages show the kept figures: a new request counts once they are computed again', async () => {
  const first = await json(kept);
  assert.equal(first.totals.requests, 30, 'the 30 requests of the twelve months');
  insertRequests(kept.db, [{ service: 'child-care', org: '140602100201', code: fakeCode('KD'),
    state: 'submitted', created: nowSec() - 60 }]);
  advanceClock(6);
  const same = await json(kept);
  assert.equal(same.totals.requests, 30, 'the page reads the kept row, not the tables');
  assert.equal(same.computed_at, first.computed_at);
  computeNow(kept.db);
  const next = await json(kept);
  assert.equal(next.totals.requests, 31, 'computed again: the new request counts');
  assert.equal(next.this_month.requests, first.this_month.requests + 1);
  assert.notEqual(next.computed_at, first.computed_at, 'computed_at says when');
  const page = await text(kept, '/figures');
  assert.match(page, /本页数字统计于 <time datetime="[0-9-]+ [0-9:]+">/);
});

test('the housekeeping process computes them again every SIDAN_STATS_TTL seconds', async () => {
  const before = await json(kept);
  insertRequests(kept.db, [{ service: 'child-care', org: '140602100201', code: fakeCode('KE'),
    state: 'submitted', created: nowSec() - 60 }]);
  advanceClock(61);
  let now;
  await until(async () => { now = await json(kept); return now.totals.requests === before.totals.requests + 1; });
  assert.equal(now.totals.requests, before.totals.requests + 1);
});

test('every figure read from the kept rows equals the figure computed directly', async () => {
  // Past the home page's own minute, so that it is built again from the rows.
  computeNow(kept.db);
  advanceClock(61);
  computeNow(kept.db);
  direct = await start({ workers: 1, db: kept.db });	// SIDAN_STATS_TTL=0: computed at each view
  const k = await json(kept), d = await json(direct);
  assert.deepEqual(withoutTimes(k), withoutTimes(d), '/api/stats.json');
  assert.equal(k.five_star_teams.length, 1, 'the five-star team is there');
  assert.equal(k.hours.confirmed_hours, 3, "the year's confirmed hours");
  assert.equal(figuresPage(await text(kept, '/figures')), figuresPage(await text(direct, '/figures')), '/figures');
  const kh = figures(await text(kept, '/')), dh = figures(await text(direct, '/'));
  assert.ok(kh.some((f) => f.startsWith('本月群众点单=')), 'the home page shows its figures');
  assert.deepEqual(kh, dh, 'the home page');
  const roll1 = (html) => html.match(/<table class="data roll">[\s\S]*?<\/table>/g);
  const kr = await text(kept, '/honour'), dr = await text(direct, '/honour');
  assert.ok(kr.includes('甲1') && kr.indexOf('甲1') < kr.indexOf('甲2'), '光荣榜 by hours');
  assert.deepEqual(roll1(kr), roll1(dr), '光荣榜');
  // This month's requests per site: the map and a site's page.
  assert.equal(await text(kept, '/map'), await text(direct, '/map'), '/map');
  const center = sql(kept.db, "SELECT id FROM orgs WHERE kind = 'center'")[0].id;
  const site = sql(kept.db, "SELECT id FROM orgs WHERE code = '140602100201'")[0].id;
  for (const id of [center, site]) {
    const kp = await text(kept, `/sites/${id}`);
    assert.match(kp, /本月/, 'the site page shows this month\'s requests');
    assert.equal(kp, await text(direct, `/sites/${id}`), `/sites/${id}`);
  }
  const ks = figures(await text(kept, '/screen')), ds = figures(await text(direct, '/screen'));
  assert.ok(ks.length >= 9, 'the wall screen shows its figures');
  assert.deepEqual(ks, ds, 'the wall screen');
});
