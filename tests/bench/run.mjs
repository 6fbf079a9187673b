// run.mjs: `make bench` (issue 9). Starts one nginx in front of sidan, of
// the bare libfcgi program (build/bench/bare) and of a static copy of the
// home page; runs wrk against each scenario on a large and on a small
// database, then residents' uploads of a ~2 MB photo (issue 16); measures
// the public pages' weight (the home page's images too) and the workers'
// memory; prints one table with the targets beside the figures, and writes
// it to tests/bench/results/latest.md and latest.json. Everything it
// starts is stopped on exit, whatever the cause. See tests/bench/README.md.
//
// Settings (environment):
//   BENCH_SIZES     requests per database, largest first (1000000,1000)
//   BENCH_DURATION  seconds of each measured wrk run (10)
//   BENCH_WARMUP    seconds of the warm-up before each scenario (2)
//   BENCH_CONNS     wrk connections, one measured run each (32,128)
//   BENCH_THREADS   wrk threads (2)
//   BENCH_ONLY      comma-separated scenario names to run (all)
//   BENCH_DATA      where generated databases are kept between runs (var/bench)
//   BENCH_RUN       scratch directory for this run (/tmp/sidan-bench/run)
//   BENCH_WORKERS   sidan's and the bare program's workers (nproc, sidan's default)
//   BENCH_ACCESS_LOG=1 keeps nginx's access log (off: it is not what is measured)
//   BENCH_SIDAN, BENCH_BARE  the binaries (build/sidan, build/bench/bare)
//   BENCH_RESULTS   where latest.md and latest.json go (tests/bench/results)
//   BENCH_KEEP=1    keep the working copies of the databases in BENCH_RUN
//   BENCH_GENERATOR=0  make the databases through the public form even if
//                  sidan seed has --orders (only sizes up to 20000)
//   BENCH_UPLOADS   uploads in the upload scenario (100)
//   BENCH_UPLOAD_CONNS  clients uploading at once (4)
//   BENCH_PAGESQL   the page-SQL program (build/bench/pagesql; page_cost)
//   BENCH_PAGESQL_SECONDS  CPU seconds of pagesql per page (2)
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GOOD, forgeFormToken, formTokens } from '../lib/order.mjs';
import { ACCOUNTS, PASSWORD } from '../lib/staff.mjs';
import { MIXED_CONNS, logConf, mixedMarkdown, mixedTargets, runMixed } from './mixed.mjs';
import { pageCost, pageCostMarkdown, pageCostTargets, runPageSql } from './pagecost.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const env = process.env;
const num = (v, d) => (v === undefined || v === '' ? d : Number(v));
const SIZES = (env.BENCH_SIZES || '1000000,1000').split(',').map(Number).filter((n) => n > 0);
const DURATION = num(env.BENCH_DURATION, 10);
const WARMUP = num(env.BENCH_WARMUP, 2);
const CONNS = (env.BENCH_CONNS || '32,128').split(',').map(Number);
const THREADS = num(env.BENCH_THREADS, 2);
const NPROC = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
const WORKERS = num(env.BENCH_WORKERS, NPROC);	// sidan's default (config.c)
const DATA = path.resolve(root, env.BENCH_DATA || 'var/bench');
const RUN = path.resolve(env.BENCH_RUN || '/tmp/sidan-bench/run');
const SIDAN_BUILT = path.resolve(root, env.BENCH_SIDAN || 'build/sidan');
const BARE_BUILT = path.resolve(root, env.BENCH_BARE || 'build/bench/bare');
const PAGESQL_BUILT = path.resolve(root, env.BENCH_PAGESQL || 'build/bench/pagesql');
const PAGESQL_SECONDS = num(env.BENCH_PAGESQL_SECONDS, 2);
// SIDAN_STATS_TTL as sidan reads it (src/model/stats.h): how long a worker
// keeps the home page it built.
const STATS_TTL = num(env.SIDAN_STATS_TTL, 60);
// The run uses copies of these, taken at its start (see main): a rebuild
// while it runs must not change what is measured half-way.
let SIDAN = SIDAN_BUILT, BARE = BARE_BUILT, PAGESQL = null, TEMPLATES = path.join(root, 'templates');
const RESULTS = path.resolve(root, env.BENCH_RESULTS || path.join(here, 'results'));
const UPLOADS = num(env.BENCH_UPLOADS, 100);
const UPLOAD_CONNS = num(env.BENCH_UPLOAD_CONNS, 4);
// The pictures of the upload scenario and of the home page's news, made
// with the vips CLI at the start (see makePictures); null without vips.
let PICTURES = null;
const INSTITUTE = '140602100000';   // 神头镇 所, the desk's filter
const t0 = Date.now();

// The scenarios, in the order they run. POST goes last: it adds requests to
// the database the others read.
const SCENARIOS = [
  { name: 'static', what: 'nginx: static copy of the home page', kind: 'ceiling' },
  { name: 'bare', what: 'bare libfcgi program, same body', kind: 'ceiling' },
  { name: 'home', what: 'GET /', kind: 'dynamic' },
  { name: 'track', what: 'GET /track/CODE (random real codes)', kind: 'dynamic' },
  { name: 'desk', what: `GET /desk?institute=${INSTITUTE} (signed in)`, kind: 'dynamic' },
  { name: 'open311', what: 'GET /open311/v2/requests.json', kind: 'dynamic' },
  { name: 'post', what: 'POST /order/new (fresh token each)', kind: 'dynamic' },
  { name: 'mixed', what: `a day in the life: ${MIXED_CONNS} connections, every kind of request (issue 18)`, kind: 'mixed' },
  { name: 'upload', what: `POST /order/new with a ~2 MB JPEG (${UPLOADS} uploads, ${UPLOAD_CONNS} clients)`,
    kind: 'upload' },
];
const ONLY = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',')) : null;
const PAGES = ['/', '/services', '/order/new', '/track', '/track/CODE', '/privacy', '/figures',
  '/volunteer/join', '/v/login', '/login', '/activities', '/activities/1', '/sites', '/map',
  '/map?view=geo', '/platforms', '/projects', '/honour', '/screen', '/news'];
// The news (工作动态) with a photo each put in every working copy, so that
// the home page shows thumbnails as it will in use (its latest three).
const NEWS_PHOTOS = 3;

// ---------------------------------------------------------------- output

const stamp = () => {
  const s = Math.round((Date.now() - t0) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const say = (msg) => console.log(`[bench ${stamp()}] ${msg}`);
const sizeName = (n) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));
const rel = (p) => (p.startsWith(root + path.sep) ? path.relative(root, p) : p);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sha256 = (...bufs) => { const h = crypto.createHash('sha256'); for (const b of bufs) h.update(b); return h.digest('hex'); };

// ---------------------------------------------------------------- processes

// Everything started here, stopped by stopAll() on any exit.
const live = { nginx: null, sidan: null, bare: null };

function stopNginx() {
  const n = live.nginx;
  if (!n) return;
  live.nginx = null;
  try { execFileSync('nginx', ['-c', n.conf, '-p', n.dir, '-s', 'stop'], { stdio: 'ignore' }); } catch { /* gone */ }
  // nginx -s stop returns before the master has gone: wait for its pid file.
  for (let i = 0; i < 100 && fs.existsSync(path.join(n.dir, 'nginx.pid')); i++) execFileSync('sleep', ['0.05']);
}

function stopChild(key) {
  const c = live[key];
  if (!c) return;
  live[key] = null;
  if (c.exitCode === null && c.signalCode === null) {
    try { c.kill('SIGTERM'); } catch { /* gone */ }
  }
}

// Synchronous, so that it also works from process.on('exit').
function stopAll() {
  stopNginx();
  const waiting = ['sidan', 'bare'].map((k) => live[k]).filter(Boolean);
  stopChild('sidan');
  stopChild('bare');
  // Wait (at most 10 s) for each to go; then no second chance.
  for (const c of waiting) {
    for (let i = 0; i < 200; i++) {
      try { process.kill(c.pid, 0); } catch { break; }
      // A zombie child still answers kill(0): check its state.
      try { if (/^State:\s+Z/m.test(fs.readFileSync(`/proc/${c.pid}/status`, 'utf8'))) break; } catch { break; }
      execFileSync('sleep', ['0.05']);
    }
  }
}

// Stops what is still running when the process ends, by any road.
async function stopGracefully() {
  const waits = ['sidan', 'bare'].map((k) => live[k]).filter(Boolean)
    .map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once('exit', r))));
  stopNginx();
  stopChild('sidan');
  stopChild('bare');
  await Promise.race([Promise.all(waits), sleep(10000)]);
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`\n[bench] ${sig}: stopping what was started`); stopAll(); process.exit(130); });
}
process.on('uncaughtException', (e) => { console.error(`[bench] harness error: ${e.stack || e}`); stopAll(); process.exit(1); });
process.on('unhandledRejection', (e) => { console.error(`[bench] harness error: ${e.stack || e}`); stopAll(); process.exit(1); });

// Runs a command to its end; resolves to { code, out, err }. Output goes
// to the terminal as well when echo is set.
function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...env, ...(opts.env || {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; if (opts.echo) process.stdout.write(d); });
    p.stderr.on('data', (d) => { err += d; if (opts.echo) process.stderr.write(d); });
    p.on('error', reject);
    p.on('exit', (code, sig) => resolve({ code: code ?? 128, sig, out, err }));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitFor(what, test, ms = 10000) {
  for (let t = Date.now(); Date.now() - t < ms; await sleep(50)) {
    try { if (await test()) return; } catch { /* not yet */ }
  }
  throw new Error(`${what} did not come up within ${ms / 1000} s`);
}

function sql(db, query) {
  const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 10000', db, query],
    { encoding: 'utf8', maxBuffer: 256 << 20 });
  return out.trim() ? JSON.parse(out) : [];
}

// ---------------------------------------------------------------- databases

// Does this sidan have the demo data generator (sidan seed --orders N)?
function hasGenerator() {
  try {
    const r = execFileSync(SIDAN, ['seed', '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return /--orders\b/.test(r) && /--volunteers\b/.test(r);
  } catch (e) {
    return /--orders\b/.test(`${e.stdout}${e.stderr}`);
  }
}

// Which sidan is measured: the commit, whether src/, templates/ or
// schema.sql differ from it, and when the binary was built (read-only git).
function sidanIdentity() {
  let rev = 'no git';
  try {
    rev = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = spawnSync('git', ['-C', root, 'diff', '--quiet', 'HEAD', '--', 'src', 'templates', 'schema.sql']).status === 1;
    if (dirty) rev += ' with uncommitted changes in src/, templates/ or schema.sql';
  } catch { /* not a checkout */ }
  return `${rel(SIDAN_BUILT)} built ${fs.statSync(SIDAN_BUILT).mtime.toISOString()} from ${rev}`;
}

const volunteersFor = (n) => Math.max(100, Math.round(n / 50));

// What a kept database must have been made from to be current: the schema,
// the generator's source, the sizes and the way it was made.
function stampOf(n, method) {
  const seedDir = path.join(root, 'src', 'model');
  const seedSrc = fs.readdirSync(seedDir).filter((f) => /^seed.*\.[ch]$/.test(f)).sort()
    .map((f) => fs.readFileSync(path.join(seedDir, f)));
  return {
    orders: n, volunteers: method === 'generator' ? volunteersFor(n) : 0, method,
    schema: sha256(fs.readFileSync(path.join(root, 'schema.sql'))),
    generator: sha256(...seedSrc),
  };
}

// Returns the path of a current kept database of n requests, making it if
// needed; or null (with a reason) when it cannot be made.
async function keptDb(n, generator) {
  const dir = path.join(DATA, `db-${n}`);
  const db = path.join(dir, 'sidan.db');
  const method = generator ? 'generator' : 'form';
  const want = stampOf(n, method);
  const stampPath = path.join(dir, 'stamp.json');
  try {
    const have = JSON.parse(fs.readFileSync(stampPath, 'utf8'));
    if (JSON.stringify(have) === JSON.stringify(want) && fs.existsSync(db) && fs.existsSync(db + '.key')) {
      say(`${sizeName(n)}: using the kept database ${rel(db)}`);
      return { db, method };
    }
  } catch { /* none yet */ }
  if (!generator && n > 20000)
    return { skip: `no generator (sidan seed --orders); ${sizeName(n)} requests through the form would take too long` };
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const t = Date.now();
  let r = await run(SIDAN, ['init', '--db', db]);
  if (r.code !== 0) throw new Error(`sidan init: ${r.err}`);
  if (generator) {
    const args = ['seed', '--demo', '--orders', String(n), '--volunteers', String(volunteersFor(n)), '--db', db];
    say(`${sizeName(n)}: generating: sidan ${args.join(' ')} (once; kept in ${rel(dir)}/)`);
    r = await run(SIDAN, args, { echo: true });
    if (r.code !== 0) throw new Error(`sidan seed --orders: exit ${r.code}`);
  } else {
    say(`${sizeName(n)}: no generator yet: sidan seed --demo, then ${n} requests through the public form`);
    r = await run(SIDAN, ['seed', '--demo', '--db', db]);
    if (r.code !== 0) throw new Error(`sidan seed: ${r.err}`);
    await fillThroughForm(db, n);
  }
  sql(db, 'PRAGMA wal_checkpoint(TRUNCATE)');
  const count = sql(db, 'SELECT count(*) AS n FROM orders')[0].n;
  say(`${sizeName(n)}: database ready in ${((Date.now() - t) / 1000).toFixed(0)} s: ${count} requests, `
    + `${(fs.statSync(db).size / 1048576).toFixed(0)} MB`);
  fs.writeFileSync(stampPath, JSON.stringify(want) + '\n');
  return { db, method };
}

// Posts n requests through /order/new of a sidan + nginx started on db.
async function fillThroughForm(db, n) {
  const stack = await startStack(path.join(RUN, 'fill'), db, null);
  try {
    const body = formBase();
    let next = 0, bad = 0;
    const one = async () => {
      for (let i; (i = next++) < n;) {
        const nonce = `${crypto.randomBytes(16).toString('hex')}.${Math.floor(Date.now() / 1000)}`;
        const r = await fetch(stack.url + '/order/new', {
          method: 'POST', redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `${body}&phone=${phoneOf(i)}&nonce=${nonce}&csrf=${forgeFormToken(db, nonce)}`,
        });
        if (r.status !== 303) bad++;
        await r.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 8 }, one));
    if (bad) throw new Error(`${bad} of ${n} form posts failed`);
  } finally {
    await stack.stop();
  }
}

// Copies the kept database (and its key) to a scratch directory: the
// POST scenario adds to it, and the kept one must stay as made.
function workingCopy(kept, dir) {
  fs.mkdirSync(dir, { recursive: true });
  const db = path.join(dir, 'sidan.db');
  for (const f of [db, db + '-wal', db + '-shm', db + '.lock']) fs.rmSync(f, { force: true });
  fs.copyFileSync(kept, db, fs.constants.COPYFILE_FICLONE);
  fs.copyFileSync(kept + '.key', db + '.key');
  if (fs.existsSync(kept + '-wal')) fs.copyFileSync(kept + '-wal', db + '-wal');
  return db;
}

// ---------------------------------------------------------------- photos

// Makes, with the vips CLI, the upload scenario's photos (4000×3000, ~2 MB,
// like a phone's; one for each client, as residents send their own
// pictures) and NEWS_PHOTOS pictures for the news, in dir. Returns their
// paths, or null (with a note) without vips.
function makePictures(dir, notes) {
  const vips = (...args) => execFileSync('vips', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try { execFileSync('sh', ['-c', 'command -v vips'], { stdio: 'ignore' }); } catch {
    notes.push('no vips CLI (deploy/deps.sh bench installs libvips-tools): no upload scenario, and no photos on the home page');
    return null;
  }
  fs.mkdirSync(dir, { recursive: true });
  const v = (n) => path.join(dir, n);
  // A gentle gradient under fine noise: about what a 12-megapixel phone
  // photo weighs.
  vips('gaussnoise', v('noise.v'), '4000', '3000', '--mean', '128', '--sigma', '12');
  vips('xyz', v('xy.v'), '4000', '3000');
  vips('extract_band', v('xy.v'), v('x.v'), '0');
  vips('linear', v('x.v'), v('ramp.v'), '0.05', '20');
  vips('add', v('ramp.v'), v('noise.v'), v('sum.v'));
  vips('cast', v('sum.v'), v('grey.v'), 'uchar');
  const uploads = [];
  for (let c = 0; c < UPLOAD_CONNS; c++) {
    // Each client's its own picture (other bytes, another store file).
    vips('linear', v('grey.v'), v(`grey${c}.v`), '1', String(c), '--uchar');
    vips('bandjoin', `${v(`grey${c}.v`)} ${v(`grey${c}.v`)} ${v(`grey${c}.v`)}`, v(`rgb${c}.v`));
    vips('copy', v(`rgb${c}.v`), `${v(`upload${c}.jpg`)}[Q=85]`);
    uploads.push(v(`upload${c}.jpg`));
  }
  // The news pictures: coloured blocks that survive the shrink to a
  // thumbnail, each its own (noise differs every time).
  const news = [];
  for (let i = 0; i < NEWS_PHOTOS; i++) {
    for (const b of ['r', 'g', 'b']) vips('gaussnoise', v(`${b}${i}.v`), '320', '240', '--mean', '128', '--sigma', '40');
    vips('bandjoin', `${v(`r${i}.v`)} ${v(`g${i}.v`)} ${v(`b${i}.v`)}`, v(`c${i}.v`));
    vips('cast', v(`c${i}.v`), v(`u${i}.v`), 'uchar');
    vips('resize', v(`u${i}.v`), v(`big${i}.v`), '5', '--kernel', 'nearest');
    vips('copy', v(`big${i}.v`), `${v(`news${i}.jpg`)}[Q=85]`);
    news.push(v(`news${i}.jpg`));
  }
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.v')) fs.rmSync(v(f));
  return { uploads, news, converted: null };
}

// Converts each news picture with sidan-image (beside the measured sidan),
// once; returns [{ file, thumb }] of { path, hash, width, height, bytes }.
function convertNewsPictures(dir) {
  if (PICTURES.converted) return PICTURES.converted;
  const helper = path.join(path.dirname(SIDAN), 'sidan-image');
  PICTURES.converted = PICTURES.news.map((src, i) => {
    const disp = path.join(dir, `news${i}-disp.jpg`), thumb = path.join(dir, `news${i}-thumb.jpg`);
    const m = execFileSync(helper, [src, disp, thumb], { encoding: 'utf8' }).trim().match(/^ok (\d+) (\d+) (\d+) (\d+)$/);
    if (!m) throw new Error(`sidan-image ${src}: no ok`);
    const one = (p, w, h) => ({ path: p, hash: sha256(fs.readFileSync(p)), width: Number(w), height: Number(h),
      bytes: fs.statSync(p).size });
    return { file: one(disp, m[1], m[2]), thumb: one(thumb, m[3], m[4]) };
  });
  return PICTURES.converted;
}

// Adds NEWS_PHOTOS published 工作动态 of the centre (demo rows), each with
// one photo filed in the media store beside db as sidan files them, so the
// home page's latest news show their thumbnails.
function addNews(db) {
  const media = path.join(path.dirname(db), 'media');
  const pics = convertNewsPictures(path.join(RUN, 'pictures'));
  const now = Math.floor(Date.now() / 1000);
  pics.forEach((p, i) => {
    for (const f of [p.file, p.thumb]) {
      const to = path.join(media, f.hash.slice(0, 2), `${f.hash}.jpg`);
      fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o750 });
      fs.copyFileSync(f.path, to);
      fs.chmodSync(to, 0o640);
    }
    const t = now - (i + 1) * 3600;
    sql(db, `INSERT INTO news(title, body, org_id, state, author_id, created_at, updated_at, published_at, is_demo)
      VALUES ('演示：志愿服务进社区（${i + 1}）', '志愿者走进社区，为居民提供政策宣讲和便民服务。',
      (SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1), 'published',
      (SELECT id FROM users ORDER BY id LIMIT 1), ${t}, ${t}, ${t}, 1);
      INSERT INTO photos(kind, news_id, user_id, file, width, height, thumb, thumb_width, thumb_height, bytes, public, created_at)
      VALUES ('news', last_insert_rowid(), (SELECT id FROM users ORDER BY id LIMIT 1), '${p.file.hash}', ${p.file.width},
      ${p.file.height}, '${p.thumb.hash}', ${p.thumb.width}, ${p.thumb.height}, ${p.file.bytes + p.thumb.bytes}, 1, ${t})`);
  });
}

// ---------------------------------------------------------------- servers

// The form's fields but phone, nonce and csrf, urlencoded.
function formBase() {
  const f = { ...GOOD };
  delete f.phone;
  return new URLSearchParams(f).toString();
}
const PHONE_PREFIXES = ['130', '135', '138', '150', '159', '177', '186', '199'];
const phoneOf = (i) => PHONE_PREFIXES[i % PHONE_PREFIXES.length] + String((i * 7919) % 1e8).padStart(8, '0');

// nginx.conf as deploy/nginx-conf.sh makes it, with the form rate lifted,
// the access log off, and the two ceilings' locations added.
function nginxConf(dir, port, bareSock, staticFile) {
  const conf = execFileSync(path.join(root, 'deploy/nginx-conf.sh'), [dir, String(port), root],
    { encoding: 'utf8', env: { ...env, FORM_RATE: '1000000r/s' } });
  const include = `include ${root}/deploy/nginx/sidan-server.conf;`;
  if (!conf.includes(include)) throw new Error('deploy/nginx-conf.sh: no sidan-server.conf include to add to');
  // FORM_RATE lifts the rate, but not the burst: nginx counts in whole
  // milliseconds, so more than `burst` posts within one millisecond (which
  // 32 connections do) still get 429. The bench includes a copy of
  // sidan-server.conf whose burst is lifted too; the limiter still runs.
  const server = fs.readFileSync(path.join(root, 'deploy/nginx/sidan-server.conf'), 'utf8');
  if (!/limit_req zone=sidan_forms burst=\d+/.test(server)) throw new Error('sidan-server.conf: no form limit_req to lift');
  const serverCopy = path.join(dir, 'sidan-server-bench.conf');
  fs.writeFileSync(serverCopy, `# generated by tests/bench/run.mjs from deploy/nginx/sidan-server.conf, burst lifted\n${
    server.replace(/(limit_req zone=sidan_forms burst=)\d+/, '$11000000')}`);
  let out = conf.replace(include, [
    `location = /bench/bare { fastcgi_pass unix:${bareSock}; include /etc/nginx/fastcgi_params; }`,
    `        location = /bench/static.html { alias ${staticFile}; }`,
    `        include ${serverCopy};`].join('\n'));
  // The log of the mixed scenario's tagged requests only (mixed.mjs); the
  // usual access log is off unless BENCH_ACCESS_LOG=1.
  out = out.replace(/access_log [^;]+;/, (m) => `${env.BENCH_ACCESS_LOG === '1' ? `${m}\n    ` : ''}${logConf(dir)}`);
  return out;
}

// Starts sidan on db and nginx in dir (and the bare program once the home
// page is known, unless bare is null). Returns { url, port, dir, db, stop }.
async function startStack(dir, db, bare = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const sock = path.join(dir, 'sidan.sock');
  const bareSock = path.join(dir, 'bare.sock');
  const staticFile = path.join(dir, 'static.html');
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConf(dir, port, bareSock, staticFile));
  const startSidan = async () => {
    const log = fs.openSync(path.join(dir, 'sidan.log'), 'a');
    fs.rmSync(sock, { force: true });
    const sidan = spawn(SIDAN, ['serve', '--listen', sock, '--workers', String(WORKERS), '--db', db,
      '--templates', TEMPLATES],
    { stdio: ['ignore', log, log], env: { ...env, SIDAN_LIMIT_PHONE: '0', SIDAN_LIMIT_CLIENT: '0' } });
    fs.closeSync(log);
    live.sidan = sidan;
    await waitFor('sidan', () => fs.existsSync(sock));
    return sidan;
  };
  await startSidan();
  execFileSync('nginx', ['-c', conf, '-p', dir]);
  live.nginx = { conf, dir };
  const url = `http://127.0.0.1:${port}`;
  await waitFor('nginx + sidan', async () => (await fetch(url + '/')).status === 200);
  if (bare) {
    // The static copy and the bare program's body: this database's home page.
    fs.writeFileSync(staticFile, Buffer.from(await (await fetch(url + '/')).arrayBuffer()));
    fs.rmSync(bareSock, { force: true });
    const b = spawn(BARE, ['--listen', bareSock, '--body', staticFile, '--workers', String(WORKERS)],
      { stdio: ['ignore', 'inherit', 'inherit'] });
    live.bare = b;
    await waitFor('bare socket', () => fs.existsSync(bareSock));
    await waitFor('bare program', async () => (await fetch(url + '/bench/bare')).status === 200);
  }
  const stack = { url, port, dir, db, staticFile, stop: stopGracefully, restarts: 0 };
  // Stops sidan (it finishes the requests in flight) and starts it afresh.
  stack.retired = [];   // the memory of workers replaced by a restart
  stack.restartSidan = async (why = '') => {
    const old = live.sidan;
    for (const w of workerMemory(old.pid)) stack.retired.push({ ...w, note: `before the restart after ${why}` });
    const gone = new Promise((r) => (old.exitCode !== null || old.signalCode !== null ? r() : old.once('exit', r)));
    stopChild('sidan');
    await gone;
    await startSidan();
    await waitFor('sidan after restart', async () => (await fetch(url + '/privacy')).status === 200, 30000);
    stack.restarts++;
  };
  return stack;
}

// Worker pids of sidan's master, with their memory (kB) from /proc.
function workerMemory(master) {
  let pids = [];
  try {
    pids = execFileSync('pgrep', ['-P', String(master), '-x', 'sidan-worker'], { encoding: 'utf8' })
      .trim().split('\n').filter(Boolean).map(Number);
  } catch { /* none */ }
  return pids.map((pid) => {
    const st = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number((st.match(new RegExp(`^${k}:\\s+(\\d+)`, 'm')) || [])[1] || 0);
    return { pid, rss_kb: kb('VmRSS'), hwm_kb: kb('VmHWM'), anon_kb: kb('RssAnon'), file_kb: kb('RssFile'), shmem_kb: kb('RssShmem') };
  });
}

// CPU time (clock ticks) of a pid, from /proc; 0 once it is gone.
function ticksOf(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return Number(v[11]) + Number(v[12]);   // utime, stime
  } catch { return 0; }
}
const childrenOf = (pid) => {
  try { return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number); } catch { return []; }
};

// The processes of this run by group: sidan and the bare program with
// their workers, and nginx with its workers. (Node itself, with its reaped
// children, wrk among them, is read from /proc/self.)
// sidan's housekeeping process (sidan-house: the kept figures, about 2 s of
// CPU a minute at 1M, the text index, messages) is its own group: its CPU is
// not any request's, and counted with the workers it loaded whichever run
// its minute fell in.
const commOf = (pid) => { try { return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim(); } catch { return ''; } };
function ourPids() {
  const g = { sidan: [], house: [], bare: [], nginx: [] };
  for (const k of ['sidan', 'bare']) {
    const c = live[k];
    if (c && c.exitCode === null) {
      g[k].push(c.pid);
      for (const p of childrenOf(c.pid)) (k === 'sidan' && commOf(p) === 'sidan-house' ? g.house : g[k]).push(p);
    }
  }
  if (live.nginx) {
    try {
      const m = Number(fs.readFileSync(path.join(live.nginx.dir, 'nginx.pid'), 'utf8'));
      g.nginx.push(m, ...childrenOf(m));
    } catch { /* not yet */ }
  }
  return g;
}

// A snapshot of the whole machine's busy ticks and of ours, to tell how
// much CPU something else took during a run, and what each of ours took.
function cpuSnapshot() {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = cpu.reduce((a, b) => a + b, 0) - cpu[3] - (cpu[4] || 0);   // less idle and iowait
  const self = fs.readFileSync('/proc/self/stat', 'utf8');
  const v = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
  const groups = ourPids();
  const pids = new Map();
  for (const [k, list] of Object.entries(groups)) for (const p of list) pids.set(p, { group: k, ticks: ticksOf(p) });
  return { t: Date.now(), busy, self: v[11] + v[12] + v[13] + v[14], pids };
}

// Between two snapshots: the share of the machine's CPU (0..1) that
// processes not of this run used, and the CPU seconds of each of our groups.
const HZ = 100;
function cpuBetween(a, b) {
  const used = { sidan: 0, house: 0, bare: 0, nginx: 0, self: (b.self - a.self) / HZ };
  for (const [pid, x] of a.pids) {
    const t1 = ticksOf(pid);
    if (t1 >= x.ticks) used[x.group] += (t1 - x.ticks) / HZ;
  }
  const ours = used.sidan + used.house + used.bare + used.nginx + used.self;
  const total = ((b.t - a.t) / 1000) * NPROC;
  return { used, foreign: total > 0 ? Math.max(0, ((b.busy - a.busy) / HZ - ours) / total) : 0 };
}
const foreignCpu = (a, b) => cpuBetween(a, b).foreign;

// Waits until sidan's workers are idle: a slow page leaves the requests
// nginx had queued on the socket, which would run into the next scenario.
// After maxMs sidan is restarted instead (its backlog is dropped with the
// socket). Returns the ms waited, and whether it restarted.
async function quiesce(stack, why, maxMs = 5000) {
  const t = Date.now();
  const busyTicks = () => childrenOf(live.sidan.pid).reduce((n, p) => n + ticksOf(p), 0);
  let last = busyTicks();
  while (Date.now() - t < maxMs) {
    await sleep(250);
    const now = busyTicks();
    if (now - last <= 2) return { waited_ms: Date.now() - t, restarted: false };
    last = now;
  }
  await stack.restartSidan(why);
  return { waited_ms: Date.now() - t, restarted: true };
}

// ---------------------------------------------------------------- wrk

// One wrk run; resolves to its figures (parsed from bench.lua's done()).
async function wrk(url, conns, seconds, opts = {}) {
  // A response slower than the run itself is a timeout error: no shorter.
  const args = ['-t', String(THREADS), '-c', String(conns), '-d', `${seconds}s`, '--timeout', `${Math.max(DURATION, 5)}s`,
    '-s', opts.script || path.join(here, 'bench.lua')];
  for (const h of opts.headers || []) args.push('-H', h);
  args.push(url);
  const r = await run('wrk', args, { env: { BENCH_THREADS: String(THREADS), ...(opts.env || {}) } });
  const line = r.out.split('\n').find((l) => l.startsWith('BENCH_JSON '));
  if (r.code !== 0 || !line) throw new Error(`wrk ${args.join(' ')}: exit ${r.code}\n${r.out}\n${r.err}`);
  const j = JSON.parse(line.slice('BENCH_JSON '.length));
  const socket = j.err_connect + j.err_read + j.err_write + j.err_timeout;
  return {
    rps: j.requests / (j.duration_us / 1e6),
    p50_ms: j.p50_us / 1000, p90_ms: j.p90_us / 1000, p99_ms: j.p99_us / 1000, max_ms: j.max_us / 1000,
    requests: j.requests, errors: j.err_status + socket, status_errors: j.err_status, socket_errors: socket,
    bytes_per_response: j.requests ? Math.round(j.bytes / j.requests) : 0,
    post_sent: j.post_sent, post_reused: j.post_reused,
  };
}

// Writes count fresh "nonce token" lines for db's key to file.
function writeTokens(db, file, count) {
  const key = fs.readFileSync(db + '.key');
  const now = Math.floor(Date.now() / 1000);
  const lines = new Array(count);
  for (let i = 0; i < count; i++) {
    const nonce = `${crypto.randomBytes(16).toString('hex')}.${now}`;
    const mac = crypto.createHmac('sha256', key).update('form\0').update(nonce).digest('base64url');
    lines[i] = `${nonce} ${mac}`;
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

// Checks once, before measuring, that a scenario answers what it should.
async function checkScenario(s, stack, ctx) {
  const u = stack.url;
  const expect = async (p, init, status, test) => {
    const r = await fetch(u + p, { redirect: 'manual', ...init });
    const body = await r.text();
    if (r.status !== status || (test && !test(r, body)))
      throw new Error(`${s.name}: ${init?.method || 'GET'} ${p} answered ${r.status}, wanted ${status}\n${body.slice(0, 300)}`);
  };
  switch (s.name) {
    case 'static': return expect('/bench/static.html', {}, 200);
    case 'bare': return expect('/bench/bare', {}, 200);
    case 'home': return expect('/', {}, 200);
    case 'track': return expect(`/track/${ctx.codes[0]}`, {}, 200);
    case 'desk': return expect(`/desk?institute=${INSTITUTE}`, { headers: { cookie: ctx.cookie } }, 200,
      (r, b) => /class="rowcode"/.test(b) || ctx.orders === 0);
    case 'open311': return expect('/open311/v2/requests.json', {}, 200);
    case 'mixed': return;   // runMixed checks each of its requests
    case 'post': {
      const nonce = `${crypto.randomBytes(16).toString('hex')}.${Math.floor(Date.now() / 1000)}`;
      return expect('/order/new', {
        method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `${formBase()}&phone=13912345678&nonce=${nonce}&csrf=${forgeFormToken(stack.db, nonce)}`,
      }, 303, (r) => /^\/m\//.test(r.headers.get('location') || ''));
    }
    case 'upload': {
      const form = await (await fetch(u + '/order/new')).text();
      if (!/name="photo" type="file"/.test(form)) {
        const e = new Error('the request form takes no photo yet: no upload scenario');
        e.skip = true;
        throw e;
      }
      const before = requestPhotos(stack.db);
      const r = await uploadOne(u, stack.db, fs.readFileSync(PICTURES.uploads[0]), 0);
      if (r.status !== 303 || requestPhotos(stack.db) !== before + 1)
        throw new Error(`upload: POST /order/new with a photo answered ${r.status}, wanted 303 and a photo stored`);
      return;
    }
    default: throw new Error(s.name);
  }
}

// Runs one scenario: a warm-up, then one measured run per connection count.
async function runScenario(s, stack, ctx, size) {
  const u = stack.url;
  const base = { headers: [], env: { BENCH_MODE: 'plain' } };
  let url = u + '/';
  if (s.name === 'static') url = u + '/bench/static.html';
  if (s.name === 'bare') url = u + '/bench/bare';
  if (s.name === 'open311') url = u + '/open311/v2/requests.json';
  if (s.name === 'desk') { url = `${u}/desk?institute=${INSTITUTE}`; base.headers.push(`Cookie: ${ctx.cookie}`); }
  if (s.name === 'track') { url = u + '/track/'; base.env = { BENCH_MODE: 'track', BENCH_CODES: ctx.codesFile }; }
  const out = [];
  const post = s.name === 'post';
  // POST: every request needs its own nonce. No run can go faster than the
  // bare program, so its rate times the run's length (with a margin) is enough.
  const tokensFor = (seconds) => Math.ceil(Math.max(ctx.bareRps || 15000, 2000) * seconds * 1.3) + 1000;
  const postEnv = (file, seconds) => {
    writeTokens(stack.db, file, tokensFor(seconds));
    return { BENCH_MODE: 'post', BENCH_TOKENS: file, BENCH_BODY: formBase() };
  };
  const ordersNow = () => sql(stack.db, 'SELECT count(*) AS n FROM orders')[0].n;
  if (WARMUP > 0) {
    const e = post ? postEnv(path.join(stack.dir, 'tokens-warm.txt'), WARMUP) : base.env;
    await wrk(post ? u + '/order/new' : url, CONNS[0], WARMUP, { ...base, env: e });
    if (s.kind === 'dynamic') await quiesce(stack, `${s.name} warm-up`);
  }
  for (const c of CONNS) {
    let e = base.env, before = 0;
    if (post) {
      e = postEnv(path.join(stack.dir, `tokens-${c}.txt`), DURATION);
      before = ordersNow();
      url = u + '/order/new';
    }
    const snap = cpuSnapshot();
    const r = await wrk(url, c, DURATION, { ...base, env: e });
    const cpu = cpuBetween(snap, cpuSnapshot());
    r.other_cpu = cpu.foreign;
    // CPU time per request of the program answering (sidan's workers, the
    // bare program's, or nginx for static) and of nginx: less disturbed by
    // other load than requests/s.
    const app = s.name === 'static' ? cpu.used.nginx : s.name === 'bare' ? cpu.used.bare : cpu.used.sidan;
    r.app_cpu_us = r.requests ? (app / r.requests) * 1e6 : null;
    r.nginx_cpu_us = r.requests ? (cpu.used.nginx / r.requests) * 1e6 : null;
    r.wrk_cpu_us = r.requests ? (cpu.used.self / r.requests) * 1e6 : null;
    const q = s.kind === 'dynamic' ? await quiesce(stack, `${s.name} c=${c}`) : { waited_ms: 0, restarted: false };
    r.drain_ms = q.waited_ms;
    r.sidan_restarted = q.restarted;
    if (post) {
      r.orders_created = ordersNow() - before;
      r.orders_total = before + r.orders_created;
    }
    out.push({ size, scenario: s.name, what: s.what, kind: s.kind, conns: c, ...r });
    say(`${sizeName(size)} ${s.name.padEnd(7)} c=${String(c).padEnd(3)} ${fmtRps(r.rps).padStart(8)} req/s  `
      + `p50 ${fmtMs(r.p50_ms)}  p99 ${fmtMs(r.p99_ms)}  errors ${r.errors}`
      + (post ? `  (orders created ${r.orders_created}${r.post_reused ? `, ${r.post_reused} tokens reused` : ''})` : '')
      + (r.other_cpu >= 0.05 ? `  [other processes took ${pct(r.other_cpu)} of the CPU]` : '')
      + (r.sidan_restarted ? `  [sidan still busy ${r.drain_ms} ms later: restarted]` : r.drain_ms > 500 ? `  [sidan busy ${r.drain_ms} ms after]` : ''));
  }
  return out;
}

// ---------------------------------------------------------------- uploads

// How many residents' photos the database holds.
const requestPhotos = (db) => sql(db, "SELECT count(*) AS n FROM photos WHERE kind = 'request'")[0].n;

// POSTs the request form with the photo (bytes), as a phone's browser
// sends it: multipart/form-data, a fresh nonce and token, a varied phone.
// Resolves to { status, ms }.
async function uploadOne(u, db, photo, i) {
  const nonce = `${crypto.randomBytes(16).toString('hex')}.${Math.floor(Date.now() / 1000)}`;
  const fd = new FormData();
  for (const [k, v] of Object.entries({ ...GOOD, phone: phoneOf(i), nonce, csrf: forgeFormToken(db, nonce) }))
    fd.append(k, v);
  fd.append('photo', new Blob([photo], { type: 'image/jpeg' }), 'IMG_0001.jpg');
  const t = performance.now();
  try {
    const r = await fetch(u + '/order/new', { method: 'POST', redirect: 'manual', body: fd,
      signal: AbortSignal.timeout(120000) });
    await r.arrayBuffer();
    return { status: r.status, ms: performance.now() - t };
  } catch {
    return { status: 0, ms: performance.now() - t };
  }
}

// CPU ticks of pid's own (utime + stime) and of its reaped children
// (cutime + cstime: sidan-image, for a worker); zeros once it is gone.
function ticksWithChildren(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const v = f.slice(f.lastIndexOf(')') + 2).split(' ').map(Number);
    return { own: v[11] + v[12], children: v[13] + v[14] };
  } catch { return { own: 0, children: 0 }; }
}

// The upload scenario: UPLOAD_CONNS clients post UPLOADS requests between
// them, each client with its own ~2 MB photo; then the workers' resident
// memory. Returns its one row.
async function runUploads(s, stack, size) {
  const photos = PICTURES.uploads.map((f) => fs.readFileSync(f));
  const memBefore = workerMemory(live.sidan.pid);
  const workers = memBefore.map((w) => w.pid);
  const t0s = new Map(workers.map((p) => [p, ticksWithChildren(p)]));
  const before = requestPhotos(stack.db);
  const snap = cpuSnapshot();
  const lat = [];
  let next = 0, errors = 0;
  const t = performance.now();
  const one = async (c) => {
    for (let i; (i = next++) < UPLOADS;) {
      const r = await uploadOne(stack.url, stack.db, photos[c], 1000 + i);
      lat.push(r.ms);
      if (r.status !== 303) errors++;
    }
  };
  await Promise.all(Array.from({ length: UPLOAD_CONNS }, (_, c) => one(c)));
  const secs = (performance.now() - t) / 1000;
  const cpu = cpuBetween(snap, cpuSnapshot());
  let own = 0, helper = 0;
  for (const [p, a] of t0s) {
    const b = ticksWithChildren(p);
    own += Math.max(0, b.own - a.own);
    helper += Math.max(0, b.children - a.children);
  }
  const q = await quiesce(stack, 'uploads');
  const mem = workerMemory(live.sidan.pid);
  lat.sort((a, b) => a - b);
  const at = (x) => lat[Math.min(lat.length - 1, Math.max(0, Math.ceil(x * lat.length) - 1))];
  const stored = requestPhotos(stack.db) - before;
  const r = {
    size, scenario: s.name, what: s.what, kind: s.kind, conns: UPLOAD_CONNS,
    rps: UPLOADS / secs, p50_ms: at(0.5), p90_ms: at(0.9), p99_ms: at(0.99), max_ms: lat[lat.length - 1],
    requests: UPLOADS, errors, status_errors: errors, socket_errors: 0,
    // sidan-image runs as the workers' children, which cpuSnapshot does
    // not count as ours: take its CPU out of what others took.
    upload_bytes: photos[0].length, photos_created: stored,
    other_cpu: Math.max(0, cpu.foreign - helper / HZ / (secs * NPROC)),
    app_cpu_us: ((own / HZ) / UPLOADS) * 1e6, helper_cpu_us: ((helper / HZ) / UPLOADS) * 1e6,
    nginx_cpu_us: (cpu.used.nginx / UPLOADS) * 1e6, drain_ms: q.waited_ms, sidan_restarted: q.restarted,
    workers: mem.map((w) => ({ pid: w.pid, rss_kb: w.rss_kb, hwm_kb: w.hwm_kb,
      hwm_before_kb: (memBefore.find((b) => b.pid === w.pid) || {}).hwm_kb ?? null })),
    rss_max_kb: Math.max(0, ...mem.map((w) => w.rss_kb)),
  };
  say(`${sizeName(size)} ${s.name.padEnd(7)} c=${String(UPLOAD_CONNS).padEnd(3)} ${fmtRps(r.rps).padStart(8)} req/s  `
    + `p50 ${fmtMs(r.p50_ms)}  p99 ${fmtMs(r.p99_ms)}  errors ${errors}  (photos stored ${stored}; `
    + `CPU/upload: worker ${fmtUs(r.app_cpu_us)}, sidan-image ${fmtUs(r.helper_cpu_us)}; workers after: `
    + `${mem.map((w) => `${(w.rss_kb / 1024).toFixed(1)} MB`).join(', ')})`
    + (r.other_cpu >= 0.05 ? `  [other processes took ${pct(r.other_cpu)} of the CPU]` : ''));
  return [r];
}

// ---------------------------------------------------------------- page weight

// Fetches each public page and what a first visit loads with it.
async function pageWeight(stack, code) {
  const host = new URL(stack.url).host;
  const out = [];
  const cache = new Map();
  const fetchBytes = async (u) => {
    if (!cache.has(u)) {
      const r = await fetch(u, { headers: { 'accept-encoding': 'identity' } });
      cache.set(u, { status: r.status, type: r.headers.get('content-type') || '', body: Buffer.from(await r.arrayBuffer()) });
    }
    return cache.get(u);
  };
  for (const p of PAGES) {
    const pagePath = p.replace('CODE', code);
    const pageUrl = stack.url + pagePath;
    const page = await fetchBytes(pageUrl);
    const html = page.body.toString('utf8');
    const refs = [];
    for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
      const rel = (m[0].match(/\brel="([^"]*)"/i) || [])[1] || '';
      const href = (m[0].match(/\bhref="([^"]*)"/i) || [])[1];
      if (!href) continue;
      if (/\bstylesheet\b/i.test(rel)) refs.push({ kind: 'css', href });
      else if (/\b(icon|preload|modulepreload|manifest)\b/i.test(rel)) refs.push({ kind: /preload/.test(rel) ? 'other' : 'image', href });
    }
    for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]*)"/gi)) refs.push({ kind: 'js', href: m[1] });
    for (const m of html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/gi)) refs.push({ kind: 'img', href: m[1] });
    for (const m of html.matchAll(/<(?:source|iframe|video|audio|embed)\b[^>]*\bsrc="([^"]*)"/gi)) refs.push({ kind: 'image', href: m[1] });
    for (const m of html.matchAll(/\bsrcset="([^"]*)"/gi)) for (const part of m[1].split(',')) refs.push({ kind: 'image', href: part.trim().split(/\s+/)[0] });
    // img: the bytes of the page's <img> elements alone (charts, photos);
    // photos: of those, the photos and thumbnails (/photos/HASH.jpg).
    const row = { page: p, status: page.status, html: page.body.length, css: 0, js: 0, images: 0, img: 0, img_count: 0,
      photos: 0, photo_count: 0, requests: 1, third_party: [] };
    const seen = new Set();
    const load = async (ref, from) => {
      const href = ref.href.replace(/&amp;/g, '&');
      if (/^data:/i.test(href)) return;
      const abs = new URL(href, from);
      if (abs.host !== host) { row.third_party.push(abs.href); return; }
      if (seen.has(abs.href)) return;
      seen.add(abs.href);
      const r = await fetchBytes(abs.href);
      row.requests++;
      row[ref.kind === 'css' ? 'css' : ref.kind === 'js' ? 'js' : 'images'] += r.body.length;
      if (ref.kind === 'img') { row.img += r.body.length; row.img_count++; }
      if (ref.kind === 'img' && abs.pathname.startsWith('/photos/')) { row.photos += r.body.length; row.photo_count++; }
      // What a stylesheet pulls in: @import and url(...).
      if (ref.kind === 'css') {
        const css = r.body.toString('utf8');
        for (const m of css.matchAll(/@import\s+(?:url\()?["']?([^"')\s;]+)/g)) await load({ kind: 'css', href: m[1] }, abs.href);
        for (const m of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g)) await load({ kind: 'image', href: m[1] }, abs.href);
      }
    };
    for (const ref of refs) await load(ref, pageUrl);
    row.total = row.html + row.css + row.js + row.images;
    out.push(row);
  }
  return out;
}

// ---------------------------------------------------------------- report

const fmtRps = (v) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(1));
const fmtMs = (v) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`);
const pct = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '–' : `${Math.round(v * 100)}%`);
const fmtUs = (v) => (v >= 10000 ? `${(v / 1000).toFixed(0)} ms` : v >= 1000 ? `${(v / 1000).toFixed(1)} ms` : `${Math.round(v)} µs`);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;

// Adds the ratios to each row: of bare and static at the same size and
// connections, and of the smallest size at the same connections.
function addRatios(rows) {
  const find = (size, name, c) => rows.find((r) => r.size === size && r.scenario === name && r.conns === c);
  const small = Math.min(...rows.map((r) => r.size));
  for (const r of rows) {
    const bare = find(r.size, 'bare', r.conns), stat = find(r.size, 'static', r.conns);
    r.of_bare = bare ? r.rps / bare.rps : null;
    r.of_static = stat ? r.rps / stat.rps : null;
    r.p99_of_bare = bare ? r.p99_ms / bare.p99_ms : null;
    r.cpu_of_bare = bare && bare.app_cpu_us && r.app_cpu_us !== null ? r.app_cpu_us / bare.app_cpu_us : null;
    const s = r.size !== small ? find(small, r.scenario, r.conns) : null;
    r.of_small = s ? r.rps / s.rps : null;
    r.cpu_of_small = s && s.app_cpu_us && r.app_cpu_us !== null ? r.app_cpu_us / s.app_cpu_us : null;
    // An upload is not the bare program's page: no ratio to it.
    if (r.kind === 'upload') r.of_bare = r.of_static = r.p99_of_bare = r.cpu_of_bare = null;
  }
}

// The targets of issue 9: [{ what, met, detail }]. Missing one is reported,
// never a failure.
function targets(rows, weight, memory) {
  const out = [];
  const big = Math.max(...rows.map((r) => r.size));
  const small = Math.min(...rows.map((r) => r.size));
  const at = (name, size) => rows.filter((r) => r.scenario === name && r.size === size);
  const each = (list, test, fmt) => list.map((r) => `${sizeName(r.size)} c=${r.conns}: ${fmt(r)}${test(r) ? '' : ' ✗'}`).join('; ');
  const add = (what, list, test, fmt) => {
    if (!list.length) return;
    out.push({ what, met: list.every(test), detail: each(list, test, fmt) });
  };
  const cpuX = (x) => (x === null || x === undefined ? '' : ` (CPU/req ${x.toFixed(1)}× bare's)`);
  add('home ≥ 90% of bare req/s', rows.filter((r) => r.scenario === 'home'), (r) => r.of_bare >= 0.9, (r) => pct(r.of_bare) + cpuX(r.cpu_of_bare));
  add(`tracking at ${sizeName(big)} ≥ 90% of bare`, at('track', big), (r) => r.of_bare >= 0.9, (r) => pct(r.of_bare) + cpuX(r.cpu_of_bare));
  if (big !== small)
    add(`tracking at ${sizeName(big)} within 5% of ${sizeName(small)}`, at('track', big), (r) => r.of_small >= 0.95,
      (r) => `${pct(r.of_small)} of ${sizeName(small)}${r.cpu_of_small ? ` (CPU/req ${r.cpu_of_small.toFixed(2)}× ${sizeName(small)}'s)` : ''}`);
  add(`desk at ${sizeName(big)} ≥ 50% of bare`, at('desk', big), (r) => r.of_bare >= 0.5, (r) => pct(r.of_bare) + cpuX(r.cpu_of_bare));
  add('POST ≥ 50% of bare', rows.filter((r) => r.scenario === 'post'), (r) => r.of_bare >= 0.5, (r) => pct(r.of_bare) + cpuX(r.cpu_of_bare));
  add('dynamic p99 ≤ 2× bare p99', rows.filter((r) => r.kind === 'dynamic'), (r) => r.p99_of_bare <= 2,
    (r) => `${r.scenario} ${r.p99_of_bare?.toFixed(1)}×`);
  if (weight.length) {
    // Photos have their own budget (the home page's, below; issue 16).
    const heavy = weight.filter((w) => w.total - w.photos > 60 * 1024);
    const third = weight.filter((w) => w.third_party.length);
    out.push({ what: 'every public page ≤ 60 KB (its photos aside)', met: !heavy.length,
      detail: heavy.length ? heavy.map((w) => `${w.page} ${kb(w.total - w.photos)}`).join(', ')
        : `heaviest ${kb(Math.max(...weight.map((w) => w.total - w.photos)))}` });
    out.push({ what: 'no third-party request', met: !third.length,
      detail: third.length ? third.map((w) => `${w.page}: ${w.third_party.join(' ')}`).join('; ') : 'none' });
  }
  add(`a worker ≤ 16 MB resident after ${UPLOADS} uploads`, rows.filter((r) => r.scenario === 'upload'),
    (r) => r.rss_max_kb <= 16 * 1024, (r) => `largest ${(r.rss_max_kb / 1024).toFixed(1)} MB`);
  const home = weight.find((w) => w.page === '/');
  if (home)
    out.push({ what: 'the home page\'s images ≤ 300 KB on first view', met: home.img <= 300 * 1024,
      detail: `${kb(home.img)} in ${home.img_count} <img>, of which ${home.photo_count ? `${home.photo_count} photo(s) `
        + `${kb(home.photos)}` : 'no photo (the home page shows none)'}` });
  if (memory.length) {
    const all = memory.flatMap((m) => m.workers.map((w) => ({ ...w, size: m.size })));
    const max = Math.max(...all.map((w) => w.rss_kb));
    out.push({ what: 'a worker ≤ 16 MB resident', met: max <= 16 * 1024,
      detail: `largest ${(max / 1024).toFixed(1)} MB` });
  }
  return out;
}

function table(rows) {
  const head = ['db', 'scenario', 'conns', 'req/s', 'p50', 'p99', 'errors', '÷ bare', '÷ static', 'p99 ÷ bare', '1M ÷ 1k', 'CPU/req', 'CPU elsewhere'];
  const small = Math.min(...rows.map((r) => r.size));
  const big = Math.max(...rows.map((r) => r.size));
  head[10] = `${sizeName(big)} ÷ ${sizeName(small)}`;
  const body = rows.map((r) => [sizeName(r.size), r.scenario, String(r.conns), fmtRps(r.rps), fmtMs(r.p50_ms), fmtMs(r.p99_ms),
    String(r.errors), r.scenario === 'bare' ? '1' : pct(r.of_bare), r.scenario === 'static' ? '1' : pct(r.of_static),
    r.scenario === 'bare' ? '1' : r.p99_of_bare === null ? '–' : `${r.p99_of_bare.toFixed(1)}×`, pct(r.of_small),
    r.app_cpu_us === null ? '–' : fmtUs(r.app_cpu_us), r.other_cpu >= 0.05 ? pct(r.other_cpu) : '']);
  return mdTable(head, body, [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
}

// A Markdown table padded to line up in a terminal too.
function mdTable(head, body, right = []) {
  const w = head.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i]))));
  const line = (cells) => `| ${cells.map((c, i) => (right[i] ? pad(c, w[i], true) : pad(c, w[i]))).join(' | ')} |`;
  const rule = `|${w.map((n, i) => (right[i] ? `${'-'.repeat(n + 1)}:` : '-'.repeat(n + 2))).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}
// Display width: CJK characters take two columns.
function width(s) { let n = 0; for (const ch of String(s)) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1; return n; }
function pad(s, n, right) { const p = ' '.repeat(Math.max(0, n - width(s))); return right ? p + s : s + p; }

// ---------------------------------------------------------------- main

async function main() {
  for (const [what, p] of [['sidan', SIDAN_BUILT], ['the bare program', BARE_BUILT]])
    if (!fs.existsSync(p)) throw new Error(`${what} is not built (${p}): run make bench`);
  for (const cmd of ['wrk', 'nginx', 'sqlite3'])
    try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); } catch { throw new Error(`${cmd} is missing: deploy/deps.sh bench`); }
  const measured = sidanIdentity();
  fs.rmSync(RUN, { recursive: true, force: true });
  fs.mkdirSync(RUN, { recursive: true });
  fs.mkdirSync(path.join(RUN, 'bin'));
  SIDAN = path.join(RUN, 'bin', 'sidan');
  BARE = path.join(RUN, 'bin', 'bare');
  TEMPLATES = path.join(RUN, 'templates');
  fs.copyFileSync(SIDAN_BUILT, SIDAN);
  fs.copyFileSync(BARE_BUILT, BARE);
  if (fs.existsSync(PAGESQL_BUILT)) {
    PAGESQL = path.join(RUN, 'bin', 'pagesql');
    fs.copyFileSync(PAGESQL_BUILT, PAGESQL);
  }
  fs.cpSync(path.join(root, 'templates'), TEMPLATES, { recursive: true });
  const generator = env.BENCH_GENERATOR !== '0' && hasGenerator();
  const notes = [];
  // The picture helper, beside the copy of sidan as beside the build.
  const helperBuilt = path.join(path.dirname(SIDAN_BUILT), 'sidan-image');
  if (fs.existsSync(helperBuilt)) {
    fs.copyFileSync(helperBuilt, path.join(RUN, 'bin', 'sidan-image'));
    PICTURES = makePictures(path.join(RUN, 'pictures'), notes);
  } else notes.push(`${rel(helperBuilt)} is not built: no upload scenario, and no photos on the home page`);
  if (!generator) notes.push((env.BENCH_GENERATOR === '0' ? 'BENCH_GENERATOR=0' : 'sidan seed has no --orders/--volunteers yet') + ': databases were made with `sidan seed --demo` plus requests posted through the public form');
  const scenarios = SCENARIOS.filter((s) => !ONLY || ONLY.has(s.name) || s.kind === 'ceiling');
  say(`sizes ${SIZES.map(sizeName).join(', ')}; ${THREADS} wrk threads; connections ${CONNS.join(', ')}; `
    + `${DURATION} s each after ${WARMUP} s warm-up; ${WORKERS} workers on ${NPROC} CPUs`);
  {
    const a = cpuSnapshot();
    await sleep(1000);
    const busy = foreignCpu(a, cpuSnapshot());
    if (busy >= 0.1) {
      const msg = `before the bench started, other processes kept ${pct(busy)} of the CPU busy: the figures will be low`;
      notes.push(msg);
      say(`warning: ${msg}`);
    }
  }

  if (!PAGESQL) notes.push(`${rel(PAGESQL_BUILT)} is not built: no page_cost (make bench builds it)`);
  const rows = [], memory = [], sizesRun = [], dbInfo = [], sqlBySize = {};
  let weight = [];
  for (const size of SIZES) {
    const kept = await keptDb(size, generator);
    if (kept.skip) { notes.push(`${sizeName(size)} skipped: ${kept.skip}`); say(`${sizeName(size)}: skipped: ${kept.skip}`); continue; }
    const dir = path.join(RUN, `db-${size}`);
    say(`${sizeName(size)}: copying the database to ${dir}`);
    const db = workingCopy(kept.db, dir);
    if (PICTURES) addNews(db);
    const orders = sql(db, 'SELECT count(*) AS n FROM orders')[0].n;
    dbInfo.push({ size, orders, method: kept.method, mb: Math.round(fs.statSync(db).size / 1048576) });
    const codesFile = path.join(dir, 'codes.txt');
    const codes = sql(db, 'SELECT code FROM orders ORDER BY random() LIMIT 10000').map((r) => r.code);
    fs.writeFileSync(codesFile, codes.join('\n') + '\n');
    say(`${sizeName(size)}: starting nginx, sidan (${WORKERS} workers) and the bare program`);
    const stack = await startStack(dir, db);
    sizesRun.push(size);
    try {
      // The desk's session: the real sign-in form, as the demo 所 account.
      const t = formTokens(await (await fetch(stack.url + '/login')).text());
      const lr = await fetch(stack.url + '/login', {
        method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...t, login: ACCOUNTS.institute, password: PASSWORD }),
      });
      const sid = ((lr.headers.get('set-cookie') || '').match(/(?:^|[\s,])sid=([^;]*)/) || [])[1];
      if (lr.status !== 303 || !sid) throw new Error(`sign-in as ${ACCOUNTS.institute}: ${lr.status}`);
      // Phones to search the desk by: two residents' mobiles, one written
      // with spaces, and a landline written the usual way.
      const mobiles = sql(db, "SELECT contact_phone AS p FROM orders WHERE contact_phone <> '' ORDER BY random() LIMIT 2").map((r) => r.p);
      const phones = [...mobiles.map((m, i) => (i ? m.replace(/^(\d{3})(\d{4})(\d{4})$/, '$1 $2 $3') : m)), '(0349)502 1299'];
      const ctx = { cookie: `sid=${sid}`, codes, codesFile, phones, orders, bareRps: 0 };
      if (!codes.length) throw new Error(`${sizeName(size)}: the database holds no requests to track`);
      // The pages' SQL alone (page_cost), on the database before any run
      // adds to it, while sidan is idle.
      if (PAGESQL && (!ONLY || ['home', 'track', 'desk'].some((p) => ONLY.has(p)))) {
        sqlBySize[size] = await runPageSql(PAGESQL, { db, codesFile, sid, institute: INSTITUTE, seconds: PAGESQL_SECONDS });
        say(`${sizeName(size)}: the pages' SQL alone: ${Object.entries(sqlBySize[size]).map(([p, v]) => `${p} ${fmtUs(v.cpu_us)}`).join(', ')} of CPU`);
      }
      if (!weight.length) {
        weight = await pageWeight(stack, codes[0]);
        say(`page weight: ${weight.map((w) => `${w.page} ${kb(w.total)}`).join(', ')}`);
      }
      for (const s of scenarios) {
        if (s.name === 'upload' && !PICTURES) continue;
        try {
          await checkScenario(s, stack, ctx);
        } catch (e) {
          if (!e.skip) throw e;
          if (!notes.includes(e.message)) notes.push(e.message);
          say(`${sizeName(size)} ${s.name}: skipped: ${e.message}`);
          continue;
        }
        const got = s.name === 'upload' ? await runUploads(s, stack, size)
          : s.name === 'mixed' ? [await runMixed(stack, ctx, size, { duration: DURATION, warmup: WARMUP, threads: THREADS }, helpers)]
            : await runScenario(s, stack, ctx, size);
        if (s.name === 'bare') ctx.bareRps = Math.max(...got.map((r) => r.rps));
        rows.push(...got);
      }
      const last = rows.some((r) => r.size === size && r.scenario === 'upload') ? ` (the last: ${UPLOADS} uploads)` : '';
      const workers = [...stack.retired, ...workerMemory(live.sidan.pid).map((w) => ({ ...w, note: `after the run${last}` }))];
      memory.push({ size, workers });
      say(`${sizeName(size)}: workers' resident memory: ${workers.map((w) => `${(w.rss_kb / 1024).toFixed(1)} MB`).join(', ')}`);
    } finally {
      await stack.stop();
    }
    // The copy is as large as the kept database: keep only the logs.
    if (env.BENCH_KEEP !== '1')
      for (const f of fs.readdirSync(dir)) if (/^(sidan\.db|tokens-|media$)/.test(f)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  }
  if (!rows.length) throw new Error('no scenario ran');
  addRatios(rows);
  const cost = pageCost(rows, sqlBySize, { workers: WORKERS, duration: DURATION, ttl: STATS_TTL });
  const mixed = rows.filter((r) => r.scenario === 'mixed');
  const goals = [...targets(rows, weight, memory), ...mixedTargets(mixed), ...pageCostTargets(cost, sizeName)];
  const when = new Date().toISOString();
  const nginxV = (spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr || '').trim().replace(/^nginx version: /, '');
  const wrkV = ((spawnSync('wrk', ['--version'], { encoding: 'utf8' }).stdout || '').match(/^wrk (\S+)/) || [])[1] || '?';
  const sys = `${os.cpus()[0]?.model || 'cpu'} × ${NPROC}; ${os.type()} ${os.release()}; ${nginxV || 'nginx'}; wrk ${wrkV}`;

  const weightTable = mdTable(['page', 'HTML', 'CSS', 'script', 'images', 'of which <img>', 'of which photos', 'total', 'requests', 'third-party'],
    weight.map((w) => [w.page, String(w.html), String(w.css), String(w.js), String(w.images),
      w.img_count ? `${w.img} (${w.img_count})` : '0', w.photo_count ? `${w.photos} (${w.photo_count})` : '0', kb(w.total), String(w.requests),
      w.third_party.length ? w.third_party.join(' ') : 'none']), [0, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
  const uploads = rows.filter((r) => r.scenario === 'upload');
  const uploadLines = uploads.map((r) => `- ${sizeName(r.size)}: ${r.requests} uploads of ${(r.upload_bytes / 1048576).toFixed(1)} MB `
    + `by ${r.conns} clients: ${r.rps.toFixed(1)} uploads/s, p50 ${fmtMs(r.p50_ms)}, p99 ${fmtMs(r.p99_ms)}, `
    + `${r.errors} errors, ${r.photos_created} photos stored; CPU per upload: the worker ${fmtUs(r.app_cpu_us)}, `
    + `sidan-image ${fmtUs(r.helper_cpu_us)}, nginx ${fmtUs(r.nginx_cpu_us)}; the workers' VmRSS after them: `
    + `${r.workers.map((w) => `${(w.rss_kb / 1024).toFixed(1)} MB`).join(', ')} (peaks since each worker started, before → after the `
    + `uploads: ${r.workers.map((w) => `${w.hwm_before_kb === null ? '–' : (w.hwm_before_kb / 1024).toFixed(1)} → ${(w.hwm_kb / 1024).toFixed(1)} MB`).join(', ')})`);
  const home = weight.find((w) => w.page === '/');
  const mb = (k) => `${(k / 1024).toFixed(1)} MB`;
  const memTable = mdTable(['db', 'worker', 'VmRSS', 'anon', 'file', 'shmem', 'VmHWM (peak)', 'when'],
    memory.flatMap((m) => m.workers.map((w) => [sizeName(m.size), String(w.pid), mb(w.rss_kb), mb(w.anon_kb), mb(w.file_kb),
      mb(w.shmem_kb), mb(w.hwm_kb), w.note])),
    [0, 1, 1, 1, 1, 1, 1, 0]);
  const goalLines = goals.map((g) => `- ${g.met ? '[met]   ' : '[missed]'} ${g.what}: ${g.detail}`);
  const md = [
    '# sidan benchmark (make bench)', '',
    `${when}; ${sys}.`,
    `sidan: ${measured}.`,
    `wrk ${THREADS} threads, ${DURATION} s per run after ${WARMUP} s warm-up; sidan and the bare program ${WORKERS} workers each; one nginx in front of all.`,
    `Databases: ${dbInfo.map((d) => `${sizeName(d.size)} = ${d.orders} requests, ${d.mb} MB (${d.method === 'generator' ? 'sidan seed --orders' : 'through the form'})`).join('; ')}.`,
    ...notes.map((n) => `Note: ${n}.`),
    ...rows.filter((r) => r.sidan_restarted).map((r) => `Note: ${sizeName(r.size)} ${r.scenario} c=${r.conns}: sidan was still busy with queued requests ${(r.drain_ms / 1000).toFixed(1)} s after wrk stopped, and was restarted before the next run.`), '',
    '## Throughput and latency', '',
    'errors: non-2xx/3xx answers and socket errors (a response slower than the run counts as a timeout error and its latency is not in p50/p99). '
      + '÷ bare, ÷ static: requests/s as a share of the ceiling at the same size and connections; p99 ÷ bare likewise. '
      + `${sizeName(Math.max(...rows.map((r) => r.size)))} ÷ ${sizeName(Math.min(...rows.map((r) => r.size)))}: the same scenario's requests/s on the large database over the small one. `
      + 'CPU/req: CPU time per request of the program that answers (nginx for static, the bare program\'s workers, sidan\'s workers), from /proc: '
      + 'it moves less than requests/s when something else loads the machine. '
      + 'CPU elsewhere: share of the machine\'s CPU that processes not started by the bench took during the run (shown from 5%): such a run is disturbed.', '',
    table(rows), '',
    '## Targets', '', ...goalLines, '',
    ...mixedMarkdown(mixed, mdTable),
    ...pageCostMarkdown(cost, mdTable, sizeName, fmtUs),
    ...(uploads.length ? ['## Uploads (POST /order/new with a photo)', '',
      'A phone-sized JPEG (4000×3000) per request, converted by sidan-image (a child of the worker, under limits) '
        + 'and stored with the request; the workers\' resident memory read from /proc after the uploads.', '',
      ...uploadLines, ''] : []),
    '## Page weight (first visit, uncompressed bytes)', '',
    `of which <img>: the bytes (and count) of the page's <img> elements (charts, photos), all counted though `
      + `they load lazily; of which photos: those from /photos/ (thumbnails), which the 60 KB target leaves to their own budget. ${PICTURES ? `Each working copy has ${NEWS_PHOTOS} published 工作动态 with a photo each (demo rows), `
      + 'so the home page shows the thumbnails it will in use' : 'No photos were added (no vips or sidan-image)'}`
      + `${home ? `: the home page's <img> are ${kb(home.img)}, its photos ${kb(home.photos)}` : ''}.`, '',
    weightTable, '',
    '## Memory of sidan\'s workers after the run', '', memTable, '',
  ].join('\n');
  console.log('\n' + md);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), md);
  const json = {
    when, system: sys, sidan: measured, settings: { sizes: sizesRun, duration_s: DURATION, warmup_s: WARMUP, conns: CONNS, threads: THREADS, workers: WORKERS, cpus: NPROC },
    databases: dbInfo, notes,
    scenarios: rows.map((r) => {
      const o = { ...r };
      if (r.scenario === 'mixed') delete o.kinds;   // in "mixed" below
      for (const k of Object.keys(o)) if (typeof o[k] === 'number' && !Number.isInteger(o[k])) o[k] = Math.round(o[k] * 1000) / 1000;
      if (r.scenario !== 'post') { delete o.post_sent; delete o.post_reused; }
      return o;
    }),
    targets: goals, page_weight: weight, memory,
    // The largest database's day in the life; every size's in mixed_by_size.
    mixed: mixed.length ? mixedJson(mixed[0]) : null,
    mixed_by_size: mixed.map(mixedJson),
    page_cost: cost.map((c) => ({ size: c.size, page: c.page, conns: c.conns, sidan_us: r3(c.sidan_us), bare_us: r3(c.bare_us),
      sql_us: r3(c.sql_us), ...(c.sql_build_us !== undefined ? { sql_build_us: r3(c.sql_build_us) } : {}),
      ...(c.sql_each_us !== undefined ? { sql_each_us: r3(c.sql_each_us) } : {}),
      overhead_us: r3(c.overhead_us), target_us: 20, met: c.met })),
  };
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(json, null, 2) + '\n');
  say(`written ${path.relative(root, path.join(RESULTS, 'latest.md'))} and latest.json; ${goals.filter((g) => !g.met).length} of ${goals.length} targets missed`);
}

const r3 = (v) => Math.round(v * 1000) / 1000;
// latest.json's mixed entry of one mixed row.
function mixedJson(r) {
  const kinds = {};
  for (const [k, v] of Object.entries(r.kinds))
    kinds[k] = { count: v.count, p50_ms: v.p50_ms, p99_ms: v.p99_ms, p999_ms: v.p999_ms, max_ms: v.max_ms,
      errors: v.errors, not_modified: v.not_modified, dropped: v.dropped,
      ...(v.alone_cpu_us !== undefined ? { alone_cpu_us: r3(v.alone_cpu_us) } : {}) };
  return { size: r.size, conns: r.conns, duration_s: DURATION, rps: r3(r.rps), requests: r.requests,
    socket_errors: r.socket_errors, wrk_max_ms: r3(r.max_ms), cpu_us: r3(r.app_cpu_us), weights: r.weights, kinds };
}

// What mixed.mjs uses of this file.
const helpers = { wrk, cpuSnapshot, cpuBetween, quiesce, writeTokens, formBase, say, sleep, sizeName };

await main();
stopAll();
