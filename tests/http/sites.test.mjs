// sites.test.mjs: the sites directory (/sites), a site's page (/sites/{id}),
// its 扫码点单 poster and QR code, 一图可视 (/map and /map?view=geo), and
// `sidan site import`: checked against the database, as a visitor sees them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { start, sql, bin, securityHeaders, pageBytes } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { nowMs } from '../lib/clock.mjs';

const require = createRequire(import.meta.url);
// A public page may be at most 60 KB of HTML and CSS together.
const LIMIT = 60 * 1024;
const jsQR = require('jsqr');

let s;
const one = (q) => sql(s.db, q)[0];
const idOf = (code) => one(`SELECT id FROM orgs WHERE code = '${code}'`).id;
const CENTER = '140602000000', SHENTOU = '140602100000', MAYI = '140602100201';
const get = async (p, status = 200) => {
  const r = await fetch(s.url + p);
  assert.equal(r.status, status, p);
  return { r, html: await r.text() };
};
// Runs `sidan site import FILE` on the test database; returns { status, stdout, stderr }.
const importCsv = (name, text) => {
  const file = path.join(s.dir, name);
  fs.writeFileSync(file, text);
  return spawnSync(bin, ['site', 'import', file, '--db', s.db], { encoding: 'utf8' });
};
const dumpOrgs = () => JSON.stringify(sql(s.db, 'SELECT * FROM orgs ORDER BY id'));
// The text of the page without tags, for "the visitor reads ..." checks.
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
// The ids the page links to as /sites/{id}, within html.
const linkedIds = (html) => new Set([...html.matchAll(/href="\/sites\/(\d+)"/g)].map((m) => Number(m[1])));
// The big SVG of the map page.
const mapSvg = (html) => {
  const i = html.indexOf('<svg xmlns="http://www.w3.org/2000/svg" class="net"');
  assert.ok(i >= 0, 'the map is inline SVG');
  return html.slice(i, html.indexOf('</svg>', i) + 6);
};

// Draws a QR code SVG of sidan's (one path of "Mx yhNv1h-Nz" runs) into
// pixels, 8 per module, and decodes it with jsQR. Returns the text held.
function decodeQrSvg(svg) {
  const size = Number(svg.match(/viewBox="0 0 (\d+) \d+"/)[1]);
  const d = svg.match(/<path[^>]* d="([^"]+)"/)[1];
  const k = 8, w = size * k, px = new Uint8ClampedArray(w * w * 4).fill(255);
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x, y, run] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let yy = y * k; yy < (y + 1) * k; yy++) {
      for (let xx = x * k; xx < (x + run) * k; xx++) {
        const o = (yy * w + xx) * 4;
        px[o] = px[o + 1] = px[o + 2] = 0;
      }
    }
  }
  const found = jsQR(px, w, w);
  assert.ok(found, 'the QR code decodes');
  return found.data;
}

// The value of the option selected in the <select id=...> of an order form.
function selected(html, id) {
  const i = html.indexOf(`<select id="${id}"`);
  const sel = html.slice(i, html.indexOf('</select>', i));
  return [...sel.matchAll(/<option value="([^"]*)" selected>/g)].map((m) => m[1]);
}

before(async () => { s = await start(); });
after(async () => { await s?.stop(); });

test('/sites lists the center, the 14 institutes by name and every station and base, each a link to its page', async () => {
  const { r, html } = await get('/sites');
  securityHeaders(assert, r.headers, '/sites');
  const orgs = sql(s.db, 'SELECT id, name, kind, is_demo FROM orgs');
  const institutes = orgs.filter((o) => o.kind === 'institute');
  assert.equal(institutes.length, 14);
  const t = text(html);
  for (const o of orgs) assert.ok(t.includes(o.name), `${o.kind} ${o.name} is listed`);
  for (const n of ['北城街道', '南城街道', '神头街道', '北旺庄街道', '神头镇', '利民镇', '下团堡乡',
    '小平易乡', '滋润乡', '南榆林乡', '贾庄乡', '沙塄河乡', '窑子头乡', '张蔡庄乡'])
    assert.match(html, new RegExp(`<h3 id="i\\d+"><a href="/sites/\\d+">${n}</a>`), n);
  assert.deepEqual([...linkedIds(html)].sort((a, b) => a - b), orgs.map((o) => o.id).sort((a, b) => a - b),
    'every site of the tree has its link, and nothing else');
  const stations = orgs.filter((o) => o.kind === 'station').length;
  assert.ok(t.includes(`${stations} 个实践站`), 'the count of stations agrees with the database');
  // Demo rows are labelled as the home page labels them.
  const demo = orgs.filter((o) => o.is_demo).length;
  assert.ok(demo > 0);
  assert.ok(t.includes(`标有“演示”的 ${demo} 个站点是演示数据`));
  const demoStation = orgs.find((o) => o.kind === 'station' && o.is_demo);
  assert.match(html, new RegExp(`<a href="/sites/${demoStation.id}">${demoStation.name}</a> <span class="demo">演示</span>`));
  const realStation = orgs.find((o) => o.kind === 'station' && !o.is_demo);
  assert.match(html, new RegExp(`<a href="/sites/${realStation.id}">${realStation.name}</a></li>`));
});

test('a site page shows its kind, parent, children, teams, an activity to come and honest figures', async () => {
  const shentou = idOf(SHENTOU), mayi = idOf(MAYI);
  const now = Math.floor(nowMs() / 1000);
  sql(s.db, `INSERT INTO teams(name, kind, org_id) VALUES ('马邑村测试服务队', 'social', ${mayi})`);
  sql(s.db, `INSERT INTO activities(title, platform_id, org_id, starts_at, ends_at, capacity, qr_key,
      created_by, created_at) VALUES ('马邑村春联义写', (SELECT id FROM platforms WHERE code = 'culture'),
      ${mayi}, ${now + 3 * 86400}, ${now + 3 * 86400 + 7200}, 30, randomblob(32),
      (SELECT id FROM users WHERE login = 'admin'), ${now})`);
  const act = one("SELECT id FROM activities WHERE title = '马邑村春联义写'").id;
  // A past activity is not "to come".
  sql(s.db, `INSERT INTO activities(title, platform_id, org_id, starts_at, ends_at, capacity, qr_key,
      created_by, created_at) VALUES ('马邑村旧活动', (SELECT id FROM platforms WHERE code = 'culture'),
      ${mayi}, ${now - 3 * 86400}, ${now - 3 * 86400 + 7200}, 30, randomblob(32),
      (SELECT id FROM users WHERE login = 'admin'), ${now})`);
  // Requests at the station and at the institute itself.
  await submit(s.url, { phone: '13800138001' });
  await submit(s.url, { phone: '13800138002' });
  await submit(s.url, { station: '', phone: '13800138003' });

  let { html } = await get(`/sites/${mayi}`);
  let t = text(html);
  assert.match(html, /<h1>马邑村<\/h1>/);
  assert.ok(t.includes('新时代文明实践站'), 'its kind');
  assert.match(html, new RegExp(`<dt>上级</dt><dd><a href="/sites/${shentou}">神头镇</a></dd>`), 'its parent');
  for (const what of ['地址', '开放时间', '办公电话', '坐标'])
    assert.match(html, new RegExp(`<dt>${what}</dt><dd><span class="none">暂未登记</span></dd>`), `${what}: not made up`);
  assert.ok(t.includes('马邑村测试服务队'), 'its team');
  assert.match(html, new RegExp(`<a href="/activities/${act}">马邑村春联义写</a>`), 'the coming activity, linked');
  assert.ok(!t.includes('马邑村旧活动'), 'a past activity is not listed');
  const station = sql(s.db, `SELECT count(*) AS n FROM orders WHERE org_id = ${mayi}`)[0].n;
  assert.equal(station, 2);
  assert.match(html, /<strong>2<\/strong><span>本月点单<\/span>/);
  assert.match(html, /<strong>2<\/strong><span>累计点单<\/span>/);
  assert.match(html, new RegExp(`href="/order/new\\?site=${MAYI}">在这里点单`));

  ({ html } = await get(`/sites/${shentou}`));
  t = text(html);
  assert.ok(t.includes('新时代文明实践所（镇）'));
  assert.match(html, new RegExp(`<a href="/sites/${idOf(CENTER)}">朔城区新时代文明实践中心</a>`), 'its parent');
  assert.match(html, new RegExp(`<li><a href="/sites/${mayi}">马邑村</a></li>`), 'its stations');
  const kids = one(`SELECT count(*) AS n FROM orgs WHERE parent_id = ${shentou}`).n;
  assert.ok(t.includes(`下属站点（${kids} 个）`));
  assert.ok(t.includes('神头镇志愿服务分队'), 'its team');
  assert.match(html, new RegExp(`<a href="/activities/${act}">马邑村春联义写</a>`), "a station's activity shows on its institute");
  // The institute counts its own and its stations' requests.
  const inst = one(`SELECT count(*) AS n FROM orders WHERE org_id IN (SELECT id FROM orgs WHERE id = ${shentou}
    OR parent_id = ${shentou})`).n;
  assert.equal(inst, 3);
  assert.match(html, /<strong>3<\/strong><span>本月点单<\/span>/);
  assert.ok(t.includes('本所及所属各站点、基地'));

  // A demo station says so; an unknown or malformed id is 404.
  const demo = one("SELECT id FROM orgs WHERE is_demo = 1 AND kind = 'station' LIMIT 1").id;
  ({ html } = await get(`/sites/${demo}`));
  assert.ok(text(html).includes('这是演示数据，并非真实阵地'));
  await get('/sites/999999', 404);
  await get('/sites/abc', 404);
  await get('/sites/012', 404);
});

test('the map draws every site of the tree as a link, with a legend, in at most 60 KB with the CSS', async () => {
  const { r, html } = await get('/map');
  securityHeaders(assert, r.headers, '/map');
  const svg = mapSvg(html);
  const ids = sql(s.db, 'SELECT id FROM orgs ORDER BY id').map((o) => o.id);
  assert.ok(ids.length > 300, 'the demo tree');
  assert.deepEqual([...linkedIds(svg)].sort((a, b) => a - b), ids, 'one link per site, every site');
  assert.equal((svg.match(/<a href="\/sites\/\d+"><title>/g) || []).length, ids.length, 'each link has a title');
  assert.ok(text(html).includes('示意图'), 'plainly a diagram');
  assert.match(html, /<h2 id="h-legend">图例<\/h2>/);
  for (const k of ['本月没有群众点单', '本月点单 1–2 件', '本月点单 3–9 件', '本月点单 10 件及以上', '圆点越大，本月活动越多'])
    assert.ok(html.includes(k), `legend: ${k}`);
  // 马邑村 has 2 requests this month (the test above): coloured as 1–2, and
  // says so, with its activities starting this Beijing month.
  const mayi = idOf(MAYI);
  const bj = new Date(nowMs() + 8 * 3600e3);
  const from = Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), 1) / 1000 - 8 * 3600;
  const until = Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth() + 1, 1) / 1000 - 8 * 3600;
  const acts = one(`SELECT count(*) AS n FROM activities WHERE org_id = ${mayi}
    AND starts_at >= ${from} AND starts_at < ${until}`).n;
  // The test's own two activities are 3 days either side of now, so at least
  // one starts this month; the demo seed may add more.
  assert.ok(acts >= 1, `马邑村 has ${acts} activities this month`);
  const bucket = acts <= 2 ? 1 : 2;	// 1–2 activities, 3 or more
  assert.match(svg, new RegExp(`<a href="/sites/${mayi}"><title>马邑村：点单2、活动${acts}</title><circle [^>]*class="q1"`));
  assert.match(svg, new RegExp(`<a href="/sites/${mayi}"><title>[^<]*</title><circle [^>]*r="${4 + 2 * bucket}"`), 'sized by its activities');
  const bytes = await pageBytes(s.url, html);
  assert.ok(bytes <= LIMIT, `the page and its CSS are ${bytes} bytes`);
});

test('a bad row is reported with its line and nothing from the file is applied', async () => {
  const before = dumpOrgs();
  const r = importCsv('bad.csv', [
    'code,name,kind,parent_code,parent_name,source,lat,lon',
    `${MAYI},马邑村,station,${SHENTOU},神头镇,测试,39.35,112.40`,
    `TEST-NEW-1,新站一,station,${SHENTOU},神头镇,测试,39.30,112.45`,
    `TEST-NEW-2,新站二,station,${SHENTOU},神头镇,测试,95.1,112.45`,
    `TEST-NEW-3,新站三,station,NO-SUCH-CODE,,测试,,`,
  ].join('\n') + '\n');
  assert.equal(r.status, 1);
  assert.match(r.stderr, /第 4 行：纬度 lat 须是 -90 到 90 之间的数/);
  assert.match(r.stderr, /第 5 行：上级站点代码 parent_code 在数据库和本文件前面的行中都找不到/);
  assert.doesNotMatch(r.stderr, /第 [23] 行/, 'good rows are not reported');
  assert.match(r.stderr, /文件中的内容都没有导入/);
  assert.equal(dumpOrgs(), before, 'the database is unchanged');

  const phone = importCsv('phone.csv', `code,name,kind,parent_code,office_phone\n${MAYI},马邑村,station,${SHENTOU},13912345678\n`);
  assert.equal(phone.status, 1);
  assert.match(phone.stderr, /第 2 行：这是手机号码/);
  // The same mobile written with a long-distance 0, with +86 or 0086, on
  // lines ending with a lone CR (old Mac files): each reported on its line.
  const more = importCsv('phones.csv', ['code,name,kind,parent_code,office_phone',
    `,测试站甲,station,${SHENTOU},013912345678`, `,测试站乙,station,${SHENTOU},+86 139 1234 5678`,
    `,测试站丙,station,${SHENTOU},0086-13912345678`, `,测试站丁,station,${SHENTOU},010-65123456`].join('\r') + '\r');
  assert.equal(more.status, 1);
  for (const line of [2, 3, 4]) assert.match(more.stderr, new RegExp(`第 ${line} 行：这是手机号码`));
  assert.doesNotMatch(more.stderr, /第 5 行/, "Beijing's 010 is an office number");
  const cols = importCsv('cols.csv', `code,name,kind,parent_code,colour\n${MAYI},马邑村,station,${SHENTOU},红\n`);
  assert.equal(cols.status, 1);
  assert.match(cols.stderr, /第 1 行：未知的列“colour”/);
  assert.equal(dumpOrgs(), before, 'the database is still unchanged');
});

test('a good import adds and updates; the geographic view places exactly the sites with coordinates', async () => {
  const shentou = idOf(SHENTOU);
  const r = importCsv('good.csv', [
    'lon,lat,code,name,kind,parent_code,parent_name,source,address,open_hours,office_phone,base_kind',
    `112.40,39.35,${MAYI},马邑村,station,${SHENTOU},神头镇,测试导入,神头镇马邑村村委会,周一至周五 8:30-17:30,0349-5021234,`,
    `112.45,39.30,TEST-NEW-1,新站一,station,${SHENTOU},神头镇,测试导入,,,,`,
    `112.43,39.33,,新站二,station,${SHENTOU},神头镇,测试导入,,,,`,
    `,,TEST-BASE-1,测试特色基地,base,${SHENTOU},神头镇,测试导入,,,,feature`,
    `112.42,39.36,${SHENTOU},神头镇,institute,${CENTER},朔城区,,,,,`,
  ].join('\r\n') + '\r\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /新增 3 个站点，更新 2 个站点/);
  const mayi = one(`SELECT * FROM orgs WHERE code = '${MAYI}'`);
  assert.deepEqual([mayi.lat, mayi.lon, mayi.address, mayi.open_hours, mayi.office_phone],
    [39.35, 112.4, '神头镇马邑村村委会', '周一至周五 8:30-17:30', '0349-5021234']);
  const codeless = one(`SELECT * FROM orgs WHERE name = '新站二'`);
  assert.equal(codeless.code, `${SHENTOU}/新站二`, 'a station without a code is keyed by its institute and name');
  assert.equal(one("SELECT parent_id FROM orgs WHERE code = 'TEST-BASE-1'").parent_id, shentou);
  assert.equal(one(`SELECT source FROM orgs WHERE code = '${SHENTOU}'`).source !== '', true, 'an empty cell keeps the value');

  // The site page shows what was imported.
  const { html: page } = await get(`/sites/${mayi.id}`);
  for (const v of ['神头镇马邑村村委会', '周一至周五 8:30-17:30', '0349-5021234', '北纬 39.35000°，东经 112.40000°'])
    assert.ok(page.includes(v), v);

  // Exactly the four sites with coordinates are placed; the rest are listed.
  const placed = sql(s.db, 'SELECT id FROM orgs WHERE lat IS NOT NULL ORDER BY id').map((o) => o.id);
  assert.equal(placed.length, 4);
  const total = one('SELECT count(*) AS n FROM orgs').n;
  const { html } = await get('/map?view=geo');
  const svg = mapSvg(html);
  assert.deepEqual([...linkedIds(svg)].sort((a, b) => a - b), placed);
  // Every point lies inside the drawing.
  const [, w, h] = svg.match(/viewBox="0 0 (\d+) (\d+)"/).map(Number);
  for (const m of svg.matchAll(/<circle cx="(-?\d+)" cy="(-?\d+)"/g)) {
    assert.ok(m[1] >= 0 && m[1] <= w && m[2] >= 0 && m[2] <= h, `point ${m[1]},${m[2]} inside ${w}x${h}`);
  }
  // North is up and east is right: 马邑村 (39.35N, 112.40E) lies north-west of 新站一 (39.30N, 112.45E).
  const at = (id) => svg.match(new RegExp(`<a href="/sites/${id}"><title>[^<]*</title><circle cx="(\\d+)" cy="(\\d+)"`)).slice(1).map(Number);
  const [mx, my] = at(mayi.id), [nx, ny] = at(idOf('TEST-NEW-1'));
  assert.ok(mx < nx && my < ny, 'placed by longitude and latitude');
  const t = text(html);
  assert.ok(t.includes(`${total - 4} 个站点暂无坐标，未标在图上`));
  const listed = linkedIds(html.slice(html.indexOf('<details')));
  assert.equal(listed.size, total - 4);
  for (const id of placed) assert.ok(!listed.has(id), 'a placed site is not in the list without coordinates');
  const bytes = await pageBytes(s.url, html);
  assert.ok(bytes <= LIMIT, `the geographic view and its CSS are ${bytes} bytes`);
});

test("a site's poster and its QR code open the order form with that site chosen", async () => {
  const cases = [
    { code: MAYI, institute: SHENTOU, station: MAYI, words: '页面已选好“马邑村”' },
    { code: SHENTOU, institute: SHENTOU, station: '', words: '页面已选好“神头镇”' },
    // A station keyed by institute and name: its code holds a '/' and Chinese.
    { code: `${SHENTOU}/新站二`, institute: SHENTOU, station: `${SHENTOU}/新站二`, words: '页面已选好“新站二”' },
    // A base chooses the institute it hangs under.
    { code: 'TEST-BASE-1', institute: SHENTOU, station: '', words: '页面已选好“测试特色基地”' },
  ];
  for (const c of cases) {
    const id = idOf(c.code);
    const { html } = await get(`/sites/${id}/poster`);
    const t = text(html);
    assert.ok(t.includes('扫码点单'), c.code);
    assert.ok(t.includes(c.words), c.code);
    assert.match(html, new RegExp(`<img class="poster-qr" src="/sites/${id}/qr.svg" alt="[^"]+"`));
    const { r, html: svg } = await get(`/sites/${id}/qr.svg`);
    assert.match(r.headers.get('content-type'), /^image\/svg\+xml/);
    const url = decodeQrSvg(svg);
    const u = new URL(url);
    assert.equal(u.origin, s.url, 'an absolute address of this site');
    assert.equal(u.pathname, '/order/new');
    assert.equal(u.searchParams.get('site'), c.code);
    const form = await (await fetch(url)).text();
    assert.deepEqual(selected(form, 'f-institute'), [c.institute], `${c.code}: institute chosen`);
    assert.deepEqual(selected(form, 'f-station'), c.station ? [c.station] : [], `${c.code}: station chosen`);
  }
  // The center's own bases cannot be chosen on the form: the poster says to choose.
  const base = one("SELECT id FROM orgs WHERE kind = 'base' AND parent_id = (SELECT id FROM orgs WHERE kind = 'center') LIMIT 1").id;
  const { html } = await get(`/sites/${base}/poster`);
  assert.ok(text(html).includes('在页面上选择您所在的实践所和实践站'));
  await get('/sites/999999/qr.svg', 404);
  await get('/sites/999999/poster', 404);
});

test('sidan site import --help documents the columns', () => {
  const r = spawnSync(bin, ['site', 'import', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  for (const col of ['code', 'name', 'kind', 'parent_code', 'parent_name', 'source', 'lat, lon', 'address',
    'open_hours', 'office_phone', 'base_kind'])
    assert.ok(r.stdout.includes(`  ${col}`), col);
  assert.equal(spawnSync(bin, ['site'], { encoding: 'utf8' }).status, 2);
});

test('a site with a name of 100 characters is shown whole, in valid UTF-8, on its page, poster and the order form', async () => {
  const name = '朔城区神头镇马邑村新时代文明实践站'.repeat(6).slice(0, 99) + '站';
  assert.equal([...name].length, 100);
  // Without a code, PARENT/NAME would be too long a code: the import says so
  // with the start of it, cut between characters.
  const bad = importCsv('long0.csv', `code,name,kind,parent_code\n,${name},station,${SHENTOU}\n`);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /第 2 行：代码“140602100000\/朔城区[^\uFFFD]*”太长/);
  const r = importCsv('long.csv', `code,name,kind,parent_code\nLONG-001,${name},station,${SHENTOU}\n`);
  assert.equal(r.status, 0, r.stderr);
  const { id, code } = sql(s.db, `SELECT id, code FROM orgs WHERE name = '${name}'`)[0];
  for (const p of [`/sites/${id}`, `/sites/${id}/poster`, `/order/new?site=${encodeURIComponent(code)}`]) {
    const res = await fetch(s.url + p);
    assert.equal(res.status, 200, p);
    const bytes = Buffer.from(await res.arrayBuffer());
    const html = new TextDecoder('utf-8', { fatal: true }).decode(bytes);	// throws on a cut character
    assert.ok(html.includes(name), `${p} shows the whole name`);
  }
});
