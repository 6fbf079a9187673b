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

// Returns a TCP port that was free a moment ago.
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
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
  const port = await freePort();
  if (!opts.db) {
    execFileSync(bin, ['init', '--db', db], { stdio: 'ignore' });
    execFileSync(bin, ['seed', '--db', db].concat(opts.demo === false ? [] : ['--demo']),
      { stdio: 'ignore' });
  }
  // Tests post many forms from one address: nginx's per-client form rate is
  // lifted unless a test asks for the real one (opts.realFormRate).
  const conf = execFileSync(path.join(root, 'deploy/nginx-conf.sh'),
    [dir, String(port), root, path.join(opts.db ? path.dirname(opts.db) : opts.dbDir || dir, 'media')],
    { encoding: 'utf8', env: { ...process.env, FORM_RATE: opts.realFormRate ? '30r/m' : '60000r/m',
      API_RATE: opts.realFormRate ? '600r/m' : '60000r/m' } });
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
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
  for (let i = 0; i < 100 && !fs.existsSync(sock); i++) await sleep(50);
  execFileSync('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir]);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url + '/')).status === 200) break; } catch { /* not yet */ }
    await sleep(50);
  }
  let stopped = false;
  return {
    url, dir, db, port, pid: sidan.pid, exited,
    log: () => fs.readFileSync(logPath, 'utf8'),
    // Worker pids: the master's children named sidan-worker (the other
    // child is the housekeeping process, sidan-house).
    workers() {
      try {
        return execFileSync('pgrep', ['-P', String(sidan.pid), '-x', 'sidan-worker'], { encoding: 'utf8' })
          .trim().split('\n').filter(Boolean).map(Number);
      } catch { return []; }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try { execFileSync('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir, '-s', 'stop']); } catch { /* gone */ }
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
