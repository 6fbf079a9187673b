// load.mjs: `make load` (issue 8, items 3 and 6). Makes a fresh demo
// database (sidan init; sidan seed --demo --orders N), starts nginx and
// sidan on it, runs one wrk of mixed reads and writes (tests/bench/load.lua)
// for LOAD_SECONDS at LOAD_CONNECTIONS, then stops both and checks what
// a resident would care about: no 5xx and no socket error, every request
// acknowledged with a 303 and its private link stored exactly once, nothing
// stored that was not posted, and `sidan check` clean. Prints the figures
// (requests/s, p50/p99 overall and per kind, statuses) with the machine's
// load around the run, writes them to LOAD_RESULTS/load-SYNC.{md,json},
// and exits 1 if a check fails. Everything it starts is stopped on exit.
//
// Settings (environment):
//   LOAD_SECONDS      length of the wrk run (60)
//   LOAD_CONNECTIONS  wrk connections (64)
//   LOAD_THREADS      wrk threads (2)
//   LOAD_SYNC         SIDAN_SYNCHRONOUS for sidan: full or normal (full)
//   LOAD_ORDERS       demo requests in the fresh database (100000)
//   LOAD_WORKERS      sidan's workers (nproc)
//   LOAD_SIDAN        the binary (build/sidan)
//   LOAD_RUN          scratch directory (/tmp/sidan-load/run)
//   LOAD_RESULTS      where load-SYNC.md and .json go (tests/bench/results)
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GOOD } from '../lib/order.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const env = process.env;
const num = (v, d) => (v === undefined || v === '' ? d : Number(v));
const SECONDS = num(env.LOAD_SECONDS, 60);
const CONNS = num(env.LOAD_CONNECTIONS, 64);
const THREADS = num(env.LOAD_THREADS, 2);
const SYNC = (env.LOAD_SYNC || 'full').toLowerCase();
const ORDERS = num(env.LOAD_ORDERS, 100000);
const NPROC = os.availableParallelism ? os.availableParallelism() : os.cpus().length;
const WORKERS = num(env.LOAD_WORKERS, NPROC);
const SIDAN_BUILT = path.resolve(root, env.LOAD_SIDAN || 'build/sidan');
const RUN = path.resolve(env.LOAD_RUN || '/tmp/sidan-load/run');
const RESULTS = path.resolve(root, env.LOAD_RESULTS || path.join(here, 'results'));
const KINDS = ['post', 'home', 'track', 'form', 'services'];
const WHAT = {
  post: 'POST /order/new (fresh token each)', home: 'GET /', track: 'GET /track/CODE (random real codes)',
  form: 'GET /order/new', services: 'GET /open311/v2/services.json',
};
const t0 = Date.now();

const say = (msg) => console.log(`[load ${String(Math.round((Date.now() - t0) / 1000)).padStart(3)} s] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

// ---------------------------------------------------------------- processes

// What was started here, stopped on any exit (synchronously, so that it
// also works from process.on('exit')).
const live = { nginx: null, sidan: null };
function stopAll() {
  if (live.nginx) {
    const n = live.nginx;
    live.nginx = null;
    try { execFileSync('nginx', ['-c', n.conf, '-p', n.dir, '-s', 'stop'], { stdio: 'ignore' }); } catch { /* gone */ }
    for (let i = 0; i < 200 && fs.existsSync(path.join(n.dir, 'nginx.pid')); i++) execFileSync('sleep', ['0.05']);
  }
  if (live.sidan) {
    const c = live.sidan;
    live.sidan = null;
    if (c.exitCode === null && c.signalCode === null) {
      try { c.kill('SIGTERM'); } catch { /* gone */ }
      for (let i = 0; i < 200; i++) {
        try {
          if (/^State:\s+Z/m.test(fs.readFileSync(`/proc/${c.pid}/status`, 'utf8'))) break;
        } catch { break; }
        execFileSync('sleep', ['0.05']);
      }
    }
  }
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`\n[load] ${sig}: stopping what was started`); stopAll(); process.exit(130); });
}

// Runs a command to its end; resolves to { code, out, err }.
function run(cmd, args, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code: code ?? 128, out, err }));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitFor(what, test, ms = 15000) {
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

// ---------------------------------------------------------------- CPU

// Busy ticks of the whole machine and of this run's processes (sidan and
// its children, nginx and its workers, node with its reaped children, wrk
// among them), to tell how much CPU other work took during the run.
const HZ = 100;
function ticksOf(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return Number(v[11]) + Number(v[12]);
  } catch { return 0; }
}
const childrenOf = (pid) => {
  try { return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number); } catch { return []; }
};
function cpuSnapshot(nginxDir) {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const busy = cpu.reduce((a, b) => a + b, 0) - cpu[3] - (cpu[4] || 0);
  const self = fs.readFileSync('/proc/self/stat', 'utf8');
  const v = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
  const pids = [];
  if (live.sidan) pids.push(live.sidan.pid, ...childrenOf(live.sidan.pid));
  try {
    const m = Number(fs.readFileSync(path.join(nginxDir, 'nginx.pid'), 'utf8'));
    pids.push(m, ...childrenOf(m));
  } catch { /* not running */ }
  return { t: Date.now(), busy, self: v[11] + v[12] + v[13] + v[14], pids: new Map(pids.map((p) => [p, ticksOf(p)])) };
}
// Share of the machine's CPU (0..1) taken by processes not of this run.
function foreignCpu(a, b) {
  let ours = b.self - a.self;
  for (const [pid, t] of a.pids) { const t1 = ticksOf(pid); if (t1 >= t) ours += t1 - t; }
  const total = ((b.t - a.t) / 1000) * NPROC * HZ;
  return total > 0 ? Math.max(0, (b.busy - a.busy - ours) / total) : 0;
}

// ---------------------------------------------------------------- stack

// nginx.conf as deploy/nginx-conf.sh makes it, with the per-client form
// limit lifted (FORM_RATE for the rate, and a copy of sidan-server.conf with
// a larger burst: nginx counts in whole milliseconds, so 64 connections
// posting at once overrun burst=10 whatever the rate), and an access log
// of method, path, status and time, for the figures per kind.
function nginxConf(dir, port, logFile) {
  const conf = execFileSync(path.join(root, 'deploy/nginx-conf.sh'), [dir, String(port), root],
    { encoding: 'utf8', env: { ...env, FORM_RATE: '1000000r/s' } });
  const include = `include ${root}/deploy/nginx/sidan-server.conf;`;
  if (!conf.includes(include)) throw new Error('deploy/nginx-conf.sh: no sidan-server.conf include to replace');
  const server = fs.readFileSync(path.join(root, 'deploy/nginx/sidan-server.conf'), 'utf8');
  if (!/limit_req zone=sidan_forms burst=\d+/.test(server)) throw new Error('sidan-server.conf: no form limit_req to lift');
  const copy = path.join(dir, 'sidan-server-load.conf');
  fs.writeFileSync(copy, `# generated by tests/bench/load.mjs from deploy/nginx/sidan-server.conf, burst lifted\n${
    server.replace(/(limit_req zone=sidan_forms burst=)\d+/, '$11000000')}`);
  if (!/access_log [^;]+;/.test(conf)) throw new Error('deploy/nginx-conf.sh: no access_log to replace');
  return conf.replace(include, `include ${copy};`)
    .replace(/access_log [^;]+;/, `log_format sidan_load '$request_method $uri $status $request_time';\n`
      + `    access_log ${logFile} sidan_load buffer=256k;`);
}

// Starts sidan (with the limits lifted and the chosen synchronous) and
// nginx in dir on db. Returns { url, conf, log }.
async function startStack(dir, sidan, templates, db) {
  const port = await freePort();
  const sock = path.join(dir, 'sidan.sock');
  const conf = path.join(dir, 'nginx.conf');
  const accessLog = path.join(dir, 'access.log');
  fs.writeFileSync(conf, nginxConf(dir, port, accessLog));
  const log = fs.openSync(path.join(dir, 'sidan.log'), 'a');
  const child = spawn(sidan, ['serve', '--listen', sock, '--workers', String(WORKERS), '--db', db, '--templates', templates],
    { stdio: ['ignore', log, log],
      env: { ...env, SIDAN_LIMIT_PHONE: '0', SIDAN_LIMIT_CLIENT: '0', SIDAN_SYNCHRONOUS: SYNC } });
  fs.closeSync(log);
  live.sidan = child;
  await waitFor('sidan', () => fs.existsSync(sock) || child.exitCode !== null);
  if (child.exitCode !== null) throw new Error(`sidan serve exited ${child.exitCode}: ${fs.readFileSync(path.join(dir, 'sidan.log'), 'utf8')}`);
  execFileSync('nginx', ['-c', conf, '-p', dir]);
  live.nginx = { conf, dir };
  const url = `http://127.0.0.1:${port}`;
  await waitFor('nginx + sidan', async () => (await fetch(url + '/')).status === 200);
  return { url, accessLog };
}

// Stops nginx (which writes out its buffered log) and sidan (which
// finishes the requests in flight) and waits for both.
async function stopStack() {
  const c = live.sidan;
  const gone = c && c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null;
  stopAll();
  if (gone) await Promise.race([gone, sleep(15000)]);
}

// ---------------------------------------------------------------- data

// Writes count fresh "nonce token" lines for db's key to file: the form
// token is HMAC-SHA-256 of "form\0" and the nonce, as sidan makes it.
function writeTokens(db, file, count) {
  const key = fs.readFileSync(db + '.key');
  const now = Math.floor(Date.now() / 1000);
  const lines = new Array(count);
  for (let i = 0; i < count; i++) {
    const nonce = `${crypto.randomBytes(16).toString('hex')}.${now}`;
    lines[i] = `${nonce} ${crypto.createHmac('sha256', key).update('form\0').update(nonce).digest('base64url')}`;
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

// The form's fields but phone, nonce and csrf, urlencoded.
function formBase() {
  const f = { ...GOOD };
  delete f.phone;
  return new URLSearchParams(f).toString();
}

// Reads the access log: per kind, the count by status and the times (ms).
function readAccessLog(file) {
  const per = Object.fromEntries(KINDS.map((k) => [k, { statuses: {}, ms: [] }]));
  let other = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const [method, uri, status, time] = line.split(' ');
    const kind = method === 'POST' && uri === '/order/new' ? 'post'
      : method !== 'GET' ? null
        : uri === '/' ? 'home' : uri.startsWith('/track/') ? 'track' : uri === '/order/new' ? 'form'
          : uri === '/open311/v2/services.json' ? 'services' : null;
    if (!kind) { other++; continue; }
    per[kind].statuses[status] = (per[kind].statuses[status] || 0) + 1;
    per[kind].ms.push(Number(time) * 1000);
  }
  for (const k of KINDS) {
    const a = per[k].ms.sort((x, y) => x - y);
    const q = (p) => (a.length ? a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)] : 0);
    per[k] = { requests: a.length, statuses: per[k].statuses, p50_ms: q(50), p99_ms: q(99), max_ms: a.length ? a[a.length - 1] : 0 };
  }
  return { per, other };
}

// ---------------------------------------------------------------- report

const fmtMs = (v) => (v >= 100 ? `${v.toFixed(0)} ms` : v >= 10 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`);
const fmtN = (v) => Math.round(v).toLocaleString('en-US');
const fmtStatuses = (s) => Object.keys(s).sort().map((k) => `${k}: ${fmtN(s[k])}`).join(', ') || '–';
function mdTable(head, body) {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
  return [line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  if (!['normal', 'full'].includes(SYNC)) throw new Error(`LOAD_SYNC=${SYNC}: expected normal or full`);
  if (!fs.existsSync(SIDAN_BUILT)) throw new Error(`sidan is not built (${SIDAN_BUILT}): run make load`);
  for (const cmd of ['wrk', 'nginx', 'sqlite3', 'uptime'])
    try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); } catch { throw new Error(`${cmd} is missing: deploy/deps.sh bench`); }
  let rev = 'no git';
  try { rev = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(); } catch { /* not a checkout */ }

  // A copy of the binary and templates: a rebuild during the run changes nothing.
  stopAll();
  fs.rmSync(RUN, { recursive: true, force: true });
  fs.mkdirSync(RUN, { recursive: true });
  const sidan = path.join(RUN, 'sidan');
  const templates = path.join(RUN, 'templates');
  fs.copyFileSync(SIDAN_BUILT, sidan);
  fs.cpSync(path.join(root, 'templates'), templates, { recursive: true });

  // A fresh demo database.
  const db = path.join(RUN, 'sidan.db');
  const volunteers = Math.max(100, Math.round(ORDERS / 50));
  say(`fresh database: sidan init; sidan seed --demo --orders ${ORDERS} --volunteers ${volunteers}`);
  let r = await run(sidan, ['init', '--db', db]);
  if (r.code !== 0) throw new Error(`sidan init: ${r.err}`);
  r = await run(sidan, ['seed', '--demo', '--orders', String(ORDERS), '--volunteers', String(volunteers), '--db', db]);
  if (r.code !== 0) throw new Error(`sidan seed: ${r.err}`);
  sql(db, 'PRAGMA wal_checkpoint(TRUNCATE)');
  const before = sql(db, 'SELECT count(*) AS n, coalesce(max(id), 0) AS max FROM orders')[0];
  const codes = sql(db, 'SELECT code FROM orders ORDER BY random() LIMIT 10000').map((x) => x.code);
  const codesFile = path.join(RUN, 'codes.txt');
  fs.writeFileSync(codesFile, codes.join('\n') + '\n');
  // More tokens than the POSTs can use (about 30% of the requests; 2,000
  // requests/s would be fast here): a reused one is counted, not hidden.
  const ntokens = Math.max(20000, SECONDS * 3000);
  const tokensFile = path.join(RUN, 'tokens.txt');
  writeTokens(db, tokensFile, ntokens);
  say(`${before.n} requests in the database; ${codes.length} codes to track; ${ntokens} form tokens`);

  const stack = await startStack(RUN, sidan, templates, db);
  say(`nginx + sidan (${WORKERS} workers, SIDAN_SYNCHRONOUS=${SYNC}) on ${stack.url}`);
  const acks = path.join(RUN, 'acks');
  const upBefore = uptime();
  say(`uptime before: ${upBefore}`);
  say(`wrk: ${THREADS} threads, ${CONNS} connections, ${SECONDS} s, 30% POST / 70% GET`);
  const a = cpuSnapshot(RUN);
  const args = ['-t', String(THREADS), '-c', String(CONNS), '-d', `${SECONDS}s`, '--timeout', '10s',
    '-s', path.join(here, 'load.lua'), stack.url];
  r = await run('wrk', args, {
    LOAD_THREADS: String(THREADS), LOAD_CODES: codesFile, LOAD_TOKENS: tokensFile, LOAD_BODY: formBase(), LOAD_ACKS: acks,
  });
  const other = foreignCpu(a, cpuSnapshot(RUN));
  const upAfter = uptime();
  say(`uptime after:  ${upAfter}`);
  const line = r.out.split('\n').find((l) => l.startsWith('LOAD_JSON '));
  if (r.code !== 0 || !line) throw new Error(`wrk ${args.join(' ')}: exit ${r.code}\n${r.out}\n${r.err}`);
  const w = JSON.parse(line.slice('LOAD_JSON '.length));
  await stopStack();

  // What was stored: the requests posted (their nonces are in the token
  // file), each acknowledged link's request exactly once.
  const acked = [];
  for (let t = 0; t < THREADS; t++) {
    const f = `${acks}.${t}`;
    if (fs.existsSync(f)) for (const l of fs.readFileSync(f, 'utf8').split('\n')) if (l) acked.push(l);
  }
  const secrets = acked.map((l) => (l.match(/^\/m\/([A-Za-z0-9_-]{43})\?new=1$/) || [])[1]);
  const badLocations = secrets.filter((s) => !s).length;
  const distinct = new Set(secrets.filter(Boolean));
  const after = sql(db, 'SELECT count(*) AS n FROM orders')[0].n;
  const added = after - before.n;
  // The new rows: each private link's hash and form nonce, counted.
  const rows = sql(db, `SELECT hex(token_hash) AS h, form_nonce AS nonce, channel = 'web' AND state = 'submitted' AS web
    FROM orders WHERE id > ${before.max}`);
  const byHash = new Map();
  for (const x of rows) byHash.set(x.h, (byHash.get(x.h) || 0) + 1);
  const found = { once: 0, missing: 0 };
  for (const s of distinct) {
    const n = byHash.get(crypto.createHash('sha256').update(s).digest('hex').toUpperCase()) || 0;
    if (n === 1) found.once++;
    else if (n === 0) found.missing++;
  }
  const postNonces = new Set(fs.readFileSync(tokensFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split(' ')[0]));
  const newRows = {
    nonces: new Set(rows.map((x) => x.nonce)).size, links: byHash.size,
    web: rows.filter((x) => x.web === 1).length, strangers: rows.filter((x) => !postNonces.has(x.nonce)).length,
  };
  const check = await run(sidan, ['check', '--db', db]);
  const log = readAccessLog(stack.accessLog);

  // The checks.
  const st = w.statuses;
  const fivexx = Object.entries(st).filter(([k]) => k >= '500').reduce((n, [, v]) => n + v, 0);
  const socket = w.err_connect + w.err_read + w.err_write + w.err_timeout;
  const acks303 = st['303'] || 0;
  const inflight = added - distinct.size;
  const checks = [
    ['no 5xx answer', fivexx === 0, `${fivexx}`],
    ['no socket error (connect, read, write, timeout)', socket === 0,
      `connect ${w.err_connect}, read ${w.err_read}, write ${w.err_write}, timeout ${w.err_timeout}`],
    ['every answer as expected (200 for reads, 303 for posts)', Object.keys(st).every((k) => k === '200' || k === '303'), fmtStatuses(st)],
    ['every 303 names a private link', badLocations === 0 && acked.length === acks303, `${acked.length} links for ${acks303} 303s`],
    ['no form token used twice', w.reused === 0, `${w.reused} reused`],
    ['every acknowledged request stored exactly once', found.once === distinct.size && found.missing === 0,
      `${fmtN(found.once)} of ${fmtN(distinct.size)} acknowledged found once, ${found.missing} missing`],
    ['nothing stored but what was posted, once per form',
      newRows.strangers === 0 && newRows.nonces === added && newRows.links === added && newRows.web === added,
      `${fmtN(added)} new rows, ${fmtN(newRows.nonces)} distinct forms, ${newRows.strangers} not from this run`],
    ['new rows = acknowledged + posts in flight when wrk stopped', inflight >= 0 && inflight <= CONNS,
      `${fmtN(added)} = ${fmtN(distinct.size)} + ${inflight}`],
    ['sidan check clean', check.code === 0, (check.out + check.err).trim()],
  ];
  const ok = checks.every((c) => c[1]);

  const secs = w.duration_us / 1e6;
  const rps = w.requests / secs;
  const summary = mdTable(['what', 'value'], [
    ['requests', `${fmtN(w.requests)} in ${secs.toFixed(1)} s`],
    ['requests/s', fmtN(rps)],
    ['latency p50 / p90 / p99 / max', [w.p50_us, w.p90_us, w.p99_us, w.max_us].map((v) => fmtMs(v / 1000)).join(' / ')],
    ['statuses (wrk)', fmtStatuses(st)],
    ['acknowledged (303) / new rows', `${fmtN(distinct.size)} / ${fmtN(added)}`],
    ['CPU taken by other processes during the run', `${Math.round(other * 100)}% of ${NPROC} CPUs`],
  ]);
  const kinds = mdTable(['kind', 'request', 'share sent', 'answered', 'req/s', 'p50', 'p99', 'max', 'statuses (nginx)'],
    KINDS.map((k) => {
      const p = log.per[k];
      return [k, WHAT[k], `${Math.round((w.sent[k] / w.requests) * 100)}%`, fmtN(p.requests), fmtN(p.requests / secs),
        fmtMs(p.p50_ms), fmtMs(p.p99_ms), fmtMs(p.max_ms), fmtStatuses(p.statuses)];
    }));
  const md = [
    `# make load, SIDAN_SYNCHRONOUS=${SYNC}`, '',
    `${new Date().toISOString()}; sidan ${rev}; ${os.cpus()[0]?.model || 'cpu'} × ${NPROC}; ${WORKERS} workers; `
      + `wrk ${THREADS} threads, ${CONNS} connections, ${SECONDS} s; database: ${fmtN(before.n)} demo requests (fresh).`,
    `uptime before: ${upBefore}`, `uptime after:  ${upAfter}`, '',
    summary, '',
    'Per kind, from nginx\'s access log ($request_time, millisecond resolution; it also counts '
      + 'the requests in flight when wrk stopped, which wrk does not):', '',
    kinds, '',
    ...checks.map(([what, met, detail]) => `- ${met ? '[ok]    ' : '[FAILED]'} ${what}: ${detail}`), '',
  ].join('\n');
  console.log('\n' + md);
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, `load-${SYNC}.md`), md);
  fs.writeFileSync(path.join(RESULTS, `load-${SYNC}.json`), JSON.stringify({
    when: new Date().toISOString(), sidan: rev, synchronous: SYNC, seconds: secs, connections: CONNS, threads: THREADS,
    workers: WORKERS, cpus: NPROC, orders_before: before.n, uptime_before: upBefore, uptime_after: upAfter,
    other_cpu: Math.round(other * 1000) / 1000, requests: w.requests, rps: Math.round(rps),
    p50_ms: w.p50_us / 1000, p90_ms: w.p90_us / 1000, p99_ms: w.p99_us / 1000, max_ms: w.max_us / 1000,
    statuses: st, sent: w.sent, socket_errors: socket, acknowledged: distinct.size, new_rows: added,
    per_kind: Object.fromEntries(KINDS.map((k) => [k, { ...log.per[k], rps: Math.round(log.per[k].requests / secs) }])),
    checks: checks.map(([what, met, detail]) => ({ what, met, detail })),
  }, null, 2) + '\n');
  say(`written ${path.join(RESULTS, `load-${SYNC}.md`)} and .json`);
  for (const f of [db, `${db}-wal`, `${db}-shm`, tokensFile]) fs.rmSync(f, { force: true });
  if (!ok) { console.error('[load] FAILED: see the checks above'); process.exitCode = 1; }
}

try {
  await main();
} catch (e) {
  console.error(`[load] harness error: ${e.stack || e}`);
  process.exitCode = 1;
}
stopAll();
