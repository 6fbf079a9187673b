// harness.mjs: starts a real nginx and a real sidan on a free port with a
// fresh database, for the HTTP and browser tests, and stops them.
// SIDAN_BIN picks the binary (default ../build/sidan; make test also runs
// the HTTP tests against the ASan build).
import './clock.mjs';	// first: sets the clock every child process reads
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const bin = path.resolve(root, 'tests', process.env.SIDAN_BIN || '../build/sidan');
// Test servers are developers' servers: without SIDAN_BASE_URL, `sidan serve`
// starts only with SIDAN_DEV=1 (links then follow the request's Host).
process.env.SIDAN_DEV = '1';

// Ports. Several test files run at once (make test runs two), each in its
// own node process with its own nginx, so a port is claimed, not just found
// free: tests/.tmp/ports/PORT is created exclusively ('wx', holding the
// claimer's pid) and removed when its server stops or its process exits; a
// file whose process is gone is removed and the port left for a later pick.
// Ports are drawn from below the kernel's ephemeral range, where no
// listen(0) (the fake SMS gateway) and no outgoing connection's local port
// lands; a port something else (not a test) holds fails the bind check, and
// if it is taken anyway before nginx binds it, start() claims another.
const portDir = path.join(root, 'tests', '.tmp', 'ports');
const claimed = new Set();
process.on('exit', () => { for (const p of claimed) releasePort(p); });

// Returns [first, last] of the ports to draw from: the 10000 below the
// ephemeral range (net.ipv4.ip_local_port_range), or 20000-29999.
function portRange() {
  try {
    const [lo] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (lo > 11024) return [lo - 10000, lo - 1];
  } catch { /* not Linux */ }
  return [20000, 29999];
}

// Returns true if the process pid exists and has not exited. A process that
// exited but was not reaped yet (a zombie) has closed its files and sockets:
// it counts as gone. (nginx's master is a daemon whose parent is PID 1, and
// this machine's PID 1 reaps only every second or two.)
function alive(pid) {
  try { process.kill(pid, 0); } catch (e) { return e.code === 'EPERM'; }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch (e) { return e.code !== 'ENOENT' && e.code !== 'ESRCH'; }	// gone meanwhile, or unreadable (alive)
}

// Claims port for this process; returns true if its lock file was made.
function claimPort(port) {
  const f = path.join(portDir, String(port));
  try {
    fs.writeFileSync(f, String(process.pid), { flag: 'wx' });
    claimed.add(port);
    return true;
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  }
  try {	// an empty file is one being written: its owner lives
    const pid = Number(fs.readFileSync(f, 'utf8'));
    if (pid > 0 && !alive(pid)) fs.unlinkSync(f);
  } catch { /* removed meanwhile */ }
  return false;
}

// Gives back a port this process claimed.
function releasePort(port) {
  if (!claimed.delete(port)) return;
  try { fs.unlinkSync(path.join(portDir, String(port))); } catch { /* gone */ }
}

// Resolves to true if port can be bound on 127.0.0.1 now.
function bindable(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host: '127.0.0.1', exclusive: true }, () => s.close(() => resolve(true)));
  });
}

// Resolves to a port claimed for this process and free a moment ago.
async function reservePort() {
  fs.mkdirSync(portDir, { recursive: true });
  const [first, last] = portRange();
  for (let i = 0; i < 1000; i++) {
    const port = first + Math.floor(Math.random() * (last - first + 1));
    if (!claimPort(port)) continue;
    if (await bindable(port)) return port;
    releasePort(port);
  }
  throw new Error(`no free port in ${first}-${last} (locks in ${portDir})`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Runs sqlite3 on the test database; returns rows as objects.
export function sql(db, query) {
  const out = execFileSync('sqlite3', ['-json', '-cmd', '.timeout 5000', db, query],
    { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
}

// Starts nginx + sidan. opts: { workers, demo, env, db }. Returns a handle
// with url, dir, db, pid (sidan's master), log() and stop(). opts.db serves
// an existing database (another server's, as is) instead of a new one.
export async function start(opts = {}) {
  const base = path.join(root, 'tests', '.tmp');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, 'run-'));
  // opts.dbDir puts the database elsewhere (the full-disk test uses a tmpfs).
  const db = opts.db || path.join(opts.dbDir || dir, 'sidan.db');
  if (!opts.db) {
    execFileSync(bin, ['init', '--db', db], { stdio: 'ignore' });
    execFileSync(bin, ['seed', '--db', db].concat(opts.demo === false ? [] : ['--demo']),
      { stdio: 'ignore' });
  }
  const logPath = path.join(dir, 'sidan.log');
  const logFd = fs.openSync(logPath, 'a');
  const sock = path.join(dir, 'sidan.sock');
  const sidan = spawn(bin, ['serve', '--listen', sock, '--db', db,
    '--templates', path.join(root, 'templates'), '--workers', String(opts.workers || 2)],
  { stdio: ['ignore', logFd, logFd],
    // Every test client is 127.0.0.1: lift the per-address daily limit unless a test sets it.
    // Figures are kept a minute per worker; tests want to see their own data at once.
    env: { ...process.env, SIDAN_LIMIT_CLIENT: '100000', SIDAN_STATS_TTL: '0', ...(opts.env || {}) } });
  const exited = new Promise((r) => sidan.on('exit', (code, sig) => r({ code, sig })));
  // Its socket, however busy the machine (another test file, ASan): what
  // comes first, the socket or the end of sidan.
  for (let i = 0; i < 1200 && !fs.existsSync(sock); i++) {
    if (sidan.exitCode !== null || sidan.signalCode !== null)
      throw new Error(`sidan serve ended at start:\n${fs.readFileSync(logPath, 'utf8')}`);
    await sleep(25);
  }
  // Tests post many forms from one address: nginx's per-client form rate is
  // lifted unless a test asks for the real one (opts.realFormRate), so far
  // that its burst of 10 is not reached either: at 1,000 a second, the
  // access matrix's quick posts (a wrong token is refused in well under a
  // millisecond) and a dozen posts sent at once were refused 429 now and then. A port
  // taken between its check and nginx's bind (by something that is not a
  // test: they claim theirs) is given back and another claimed.
  const nginxConf = path.join(dir, 'nginx.conf');
  let port;
  for (let attempt = 1; ; attempt++) {
    port = await reservePort();
    const conf = execFileSync(path.join(root, 'deploy/nginx-conf.sh'),
      [dir, String(port), root, path.join(opts.db ? path.dirname(opts.db) : opts.dbDir || dir, 'media')],
      { encoding: 'utf8', env: { ...process.env, FORM_RATE: opts.realFormRate ? '30r/m' : '1000000r/s',
        API_RATE: opts.realFormRate ? '600r/m' : '1000000r/s' } });
    fs.writeFileSync(nginxConf, conf);
    try {
      execFileSync('nginx', ['-c', nginxConf, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      break;
    } catch (e) {
      releasePort(port);
      if (attempt >= 5 || !/Address already in use/.test(String(e.stderr))) {
        sidan.kill('SIGTERM');
        throw new Error(`nginx did not start on port ${port}: ${e.stderr}`);
      }
    }
  }
  const url = `http://127.0.0.1:${port}`;
  // Until sidan answers (a 502 is nginx finding no worker yet).
  for (let i = 0; i < 600; i++) {
    try { if (![502, 504].includes((await fetch(url + '/')).status)) break; } catch { /* not yet */ }
    await sleep(50);
  }
  let stopped = false;
  // The pids of the master's live children named name (not one that has
  // ended and is not reaped yet).
  const children = (name) => {
    try {
      return execFileSync('pgrep', ['-P', String(sidan.pid), '-x', name], { encoding: 'utf8' })
        .trim().split('\n').filter(Boolean).map(Number).filter(alive);
    } catch { return []; }
  };
  return {
    url, dir, db, port, pid: sidan.pid, exited,
    log: () => fs.readFileSync(logPath, 'utf8'),
    // Worker pids: the master's children named sidan-worker (the others
    // are the housekeeping process, sidan-house, and the writer process,
    // sidan-writer: see children()).
    workers() { return children('sidan-worker'); },
    // The pids of the master's children named name.
    children,
    async stop() {
      if (stopped) return;
      stopped = true;
      // nginx's master read before it is told to stop, so that its port is
      // given back only once it has closed it.
      let nginxPid = 0;
      try { nginxPid = Number(fs.readFileSync(path.join(dir, 'nginx.pid'), 'utf8')); } catch { /* gone */ }
      try { execFileSync('nginx', ['-c', nginxConf, '-p', dir, '-s', 'stop'], { stdio: 'ignore' }); } catch { /* gone */ }
      for (let i = 0; i < 200 && nginxPid > 0 && alive(nginxPid); i++) await sleep(25);
      releasePort(port);
      if (sidan.exitCode === null && sidan.signalCode === null) {
        sidan.kill('SIGTERM');
        await exited;
      }
      fs.closeSync(logFd);
      if (!process.env.KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Sends raw bytes as an HTTP/1.0 request; resolves to { status, headers, body }.
export function raw(port, request) {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    const chunks = [];
    c.on('data', (d) => chunks.push(d));
    c.on('error', reject);
    c.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const lines = head.split('\r\n');
      const headers = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      resolve({ status: Number(lines[0].split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    // Write without half-closing: nginx may drop a client that closed its side.
    c.write(Buffer.isBuffer(request) ? request : Buffer.from(request, 'binary'));
  });
}

// Asserts the headers every sidan response must carry.
export function securityHeaders(assert, headers, what) {
  const get = (h) => (typeof headers.get === 'function' ? headers.get(h) : headers[h]);
  const csp = get('content-security-policy') || '';
  assert.match(get('content-type') || '', /charset=utf-8/i, `${what}: charset`);
  assert.match(csp, /frame-ancestors 'none'/, `${what}: frame-ancestors`);
  assert.match(csp, /object-src 'none'/, `${what}: object-src`);
  assert.match(csp, /base-uri 'none'/, `${what}: base-uri`);
  assert.doesNotMatch(csp, /unsafe-inline/, `${what}: no inline script`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.ok(get('referrer-policy'), `${what}: referrer-policy`);
  assert.doesNotMatch(get('server') || '', /\d/, `${what}: no version in Server`);
}

// The stylesheets a page links (<link rel="stylesheet" href="...">, the
// attributes in any order), in order.
export function stylesheets(html) {
  return [...html.matchAll(/<link\b[^>]*>/gi)]
    .filter((m) => /\brel="stylesheet"/i.test(m[0]))
    .map((m) => (m[0].match(/\bhref="([^"]+)"/i) || [])[1])
    .filter(Boolean);
}

// What a first visit to a page loads of HTML and CSS together, in bytes: the
// page and every stylesheet it links, fetched from the server at base.
export async function pageBytes(base, html) {
  let bytes = Buffer.byteLength(html);
  for (const href of stylesheets(html)) {
    const r = await fetch(new URL(href, base));
    if (r.status !== 200) throw new Error(`${href}: ${r.status}`);
    bytes += Buffer.from(await r.arrayBuffer()).length;
  }
  return bytes;
}
