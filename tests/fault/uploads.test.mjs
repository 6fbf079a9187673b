// uploads.test.mjs: faults while residents send requests with photos
// (issue 16, storage). FAULT_SECONDS (default 4 here; `make fault` runs 30)
// sets how long the storm lasts.
// a. Four clients post the request form with a ~1 MB photo each while
//    workers are killed with SIGKILL every 300 ms, and the master with all
//    its workers every few rounds, then started again: afterwards every
//    file in the media store holds exactly the bytes its name (their
//    SHA-256) says, every file belongs to a photo and every photo has its
//    files, every request acknowledged exists once with its photo, and
//    `sidan check` is clean.
// b. The disk holding the database and the media store is full: each post
//    with a photo is refused with 503 and the form, the Chinese reason beside
//    the photo field and what was typed kept; nothing is half written; once
//    there is room the same form goes through, and `sidan check` is clean.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { start, sql, bin, root } from '../lib/harness.mjs';
import { GOOD, forgeFormToken } from '../lib/order.mjs';
import { nowMs } from '../lib/clock.mjs';

const SECONDS = Number(process.env.FAULT_SECONDS || 4);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let work;
const photos = [];
before(() => {
  fs.mkdirSync(path.join(root, 'tests', '.tmp'), { recursive: true });
  work = fs.mkdtempSync(path.join(root, 'tests', '.tmp', 'uploads-'));
  // Photos of about 1 MB (noise does not compress): slow enough to be sent
  // and converted while the kills come. One for each client, as residents
  // send their own (the noise differs every time).
  for (let i = 0; i < 4; i++) {
    const photo = path.join(work, `photo${i}.jpg`);
    execFileSync('vips', ['gaussnoise', path.join(work, 'noise.v'), '1400', '1050', '--mean', '128', '--sigma', '60']);
    execFileSync('vips', ['copy', path.join(work, 'noise.v'), `${photo}[Q=85]`]);
    photos.push(photo);
  }
});
after(() => { if (!process.env.KEEP_TMP) fs.rmSync(work, { recursive: true, force: true }); });

let k = 0;
// A fresh form nonce (32 hex digits and the time) and its token.
function tokens(db) {
  const nonce = `${(nowMs().toString(16) + (k++).toString(16) + crypto.randomBytes(8).toString('hex'))
    .padEnd(32, '0').slice(0, 32)}.${Math.floor(nowMs() / 1000)}`;
  return { nonce, csrf: forgeFormToken(db, nonce) };
}

// POSTs the request form with fields and photo number n, as a browser
// sends it.
function postWithPhoto(base, fields, n = 0) {
  const fd = new FormData();
  for (const [key, v] of Object.entries(fields)) fd.append(key, v);
  fd.append('photo', new Blob([fs.readFileSync(photos[n])], { type: 'image/jpeg' }), '漏水的水管.jpg');
  return fetch(`${base}/order/new`, { method: 'POST', redirect: 'manual', body: fd,
    signal: AbortSignal.timeout(60000) });
}

// Posts forms with photos until stop(); resolves to the acknowledged
// submissions [{ nonce }] and the other statuses (0: no answer).
function uploader(s, n = 4) {
  let stopped = false;
  const acked = [], failed = [];
  const one = async (c) => {
    while (!stopped) {
      const t = tokens(s.db);
      const phone = `139${String(10000000 + Math.floor(Math.random() * 89999999))}`;
      try {
        const r = await postWithPhoto(s.url, { ...GOOD, phone, ...t }, c);
        if (r.status === 303) acked.push({ nonce: t.nonce });
        else failed.push(r.status);
        await r.arrayBuffer();
      } catch { failed.push(0); }
    }
  };
  const runs = Array.from({ length: n }, (_, c) => one(c));
  return { stop: async () => { stopped = true; await Promise.all(runs); return { acked, failed }; } };
}

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

// The files of the store (ab/HASH.jpg and anything else under ab/).
function storeFiles(media) {
  const out = [];
  for (const sub of fs.readdirSync(media)) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    for (const f of fs.readdirSync(path.join(media, sub))) out.push(path.join(media, sub, f));
  }
  return out;
}

// Asserts the store holds no half file, no orphan, nothing missing: every
// file's bytes hash to its name and the files are exactly the rows' names.
function assertStoreWhole(db, media) {
  const files = storeFiles(media);
  for (const f of files) {
    const m = path.basename(f).match(/^([0-9a-f]{64})\.jpg$/);
    assert.ok(m, `${f} is named by a hash`);
    assert.equal(sha256(f), m[1], `${f} holds the bytes of its name`);
    assert.equal(path.basename(path.dirname(f)), m[1].slice(0, 2));
  }
  const named = new Set(sql(db, 'SELECT file AS h FROM photos UNION SELECT thumb FROM photos').map((x) => x.h));
  assert.deepEqual(files.map((f) => path.basename(f, '.jpg')).sort(), [...named].sort(),
    'the files are exactly those the photos name');
}

// Asserts each acknowledged submission made one request with one photo,
// and `sidan check` is clean.
function assertAcked(db, acked) {
  const rows = sql(db, `SELECT o.form_nonce AS nonce, count(DISTINCT o.id) AS n, count(p.id) AS photos
    FROM orders o LEFT JOIN photos p ON p.order_id = o.id AND p.kind = 'request'
    WHERE o.form_nonce IS NOT NULL GROUP BY o.form_nonce`);
  const byNonce = new Map(rows.map((r) => [r.nonce, r]));
  for (const a of acked) {
    assert.equal(byNonce.get(a.nonce)?.n, 1, `acknowledged ${a.nonce} is stored once`);
    assert.equal(byNonce.get(a.nonce).photos, 1, `with its photo`);
  }
  for (const r of rows) assert.equal(r.photos, 1, 'every request stored has its photo');
  const check = spawnSync(bin, ['check', '--db', db], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /is clean/);
}

// The workers of the master pid.
const workersOf = (pid) => (spawnSync('pgrep', ['-P', String(pid), '-x', 'sidan-worker'], { encoding: 'utf8' })
  .stdout || '').trim().split('\n').filter(Boolean).map(Number);

// Starts `sidan serve` again on s's socket and database, logging to log.
// Resolves to the child once it answers.
async function serveAgain(s, log) {
  const fd = fs.openSync(log, 'a');
  const child = spawn(bin, ['serve', '--listen', path.join(s.dir, 'sidan.sock'), '--db', s.db,
    '--templates', path.join(root, 'templates'), '--workers', '2'], { stdio: ['ignore', fd, fd],
    env: { ...process.env, SIDAN_LIMIT_PHONE: '0', SIDAN_LIMIT_CLIENT: '0' } });
  fs.closeSync(fd);
  child.exited = new Promise((r) => child.on('exit', r));
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${s.url}/`)).status === 200) return child; } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error('sidan did not come back');
}

test(`a. uploads while workers, and master and workers, are killed for ${SECONDS} s: no half file, no orphan, check clean`, async (t) => {
  const s = await start({ env: { SIDAN_LIMIT_PHONE: '0' } });
  const media = path.join(path.dirname(s.db), 'media');
  const log = path.join(s.dir, 'restarts.log');
  let master = { pid: s.pid, exited: s.exited }, restarts = 0, kills = 0;
  try {
    const load = uploader(s);
    const end = nowMs() + SECONDS * 1000;
    for (let round = 1; nowMs() < end; round++) {
      await sleep(300);
      if (round % 5 === 0) {
        // The whole server at once, then started again.
        for (const p of [master.pid, ...workersOf(master.pid)]) {
          try { process.kill(p, 'SIGKILL'); kills++; } catch { /* gone */ }
        }
        await master.exited;
        const child = await serveAgain(s, log);
        master = { pid: child.pid, exited: child.exited, child };
        restarts++;
      } else {
        const w = workersOf(master.pid);
        if (w.length) { try { process.kill(w[Math.floor(Math.random() * w.length)], 'SIGKILL'); kills++; } catch { /* gone */ } }
      }
    }
    // And once more, so the last kills are recovered from, then a quiet run.
    for (const p of [master.pid, ...workersOf(master.pid)]) {
      try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
    }
    await master.exited;
    const stormOver = await load.stop();
    const child = await serveAgain(s, log);
    master = { pid: child.pid, exited: child.exited, child };
    const quiet = uploader(s, 2);
    await sleep(1500);
    const calm = await quiet.stop();
    const recovered = [...fs.readFileSync(log, 'utf8').matchAll(/removed (\d+) unfinished upload\(s\) and (\d+) file\(s\) no photo names/g)]
      .map((m) => [Number(m[1]), Number(m[2])]);
    t.diagnostic(`${kills} kills, ${restarts + 1} restarts; ${stormOver.acked.length} acknowledged during the storm, `
      + `${stormOver.failed.length} not (${[...new Set(stormOver.failed)].join(', ')}); recoveries removed `
      + `${recovered.reduce((a, r) => a + r[0], 0)} staged and ${recovered.reduce((a, r) => a + r[1], 0)} orphan file(s)`);
    assert.ok(restarts >= 1, `restarted ${restarts} times`);
    assert.ok(kills >= SECONDS, `killed ${kills} processes`);
    assert.ok(stormOver.failed.length > 0, 'the kills cut uploads in flight');
    assert.ok(calm.acked.length > 0, 'it serves uploads after the storm');
    assert.deepEqual(calm.failed, [], 'and none fails');
    assertStoreWhole(s.db, media);
    assertAcked(s.db, [...stormOver.acked, ...calm.acked]);
  } finally {
    if (master.child) {
      master.child.kill('SIGTERM');
      await master.exited;
    }
    await s.stop();
  }
});

test('b. uploads onto a full disk: each refused with 503 and the form, nothing half written, clean once there is room', async (t) => {
  const fsdir = fs.mkdtempSync('/tmp/sidan-full-');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=12m', 'tmpfs', fsdir]);
  if (mount.status !== 0) { t.skip('cannot mount a tmpfs here (needs root)'); return; }
  let s;
  try {
    s = await start({ dbDir: fsdir, env: { SIDAN_LIMIT_PHONE: '0' } });
    const media = path.join(fsdir, 'media');
    // One request with its photo while there is room.
    let t0 = tokens(s.db);
    let r = await postWithPhoto(s.url, { ...GOOD, ...t0 });
    assert.equal(r.status, 303, 'a photo goes through while there is room');
    const acked = [{ nonce: t0.nonce }];
    const before = storeFiles(media).sort();
    // Fill what is left of the disk.
    spawnSync('dd', ['if=/dev/zero', `of=${fsdir}/filler`, 'bs=64k'], { stdio: 'ignore' });
    const refused = [];
    for (let i = 0; i < 4; i++) {
      const tk = tokens(s.db);
      const need = `厨房的水管漏水了 ${i}`;
      r = await postWithPhoto(s.url, { ...GOOD, need, phone: `1370000${String(i).padStart(4, '0')}`, ...tk });
      const html = await r.text();
      assert.equal(r.status, 503, `post ${i} refused`);
      assert.ok(html.includes(`>${need}</textarea>`), 'what was typed is kept');
      assert.match(html, /<p class="err" id="e-photo">服务器存储空间不足，「漏水的水管\.jpg」没能保存，请稍后再试。<\/p>/,
        'the reason beside the photo field');
      assert.equal(r.headers.get('retry-after'), '30');
      refused.push(tk);
    }
    // Nothing half written: the store as it was, nothing left in staging.
    assert.deepEqual(storeFiles(media).sort(), before);
    assert.deepEqual(fs.readdirSync(path.join(media, 'tmp')), [], 'no upload or conversion left behind');
    assert.equal(sql(s.db, 'SELECT count(*) AS n FROM orders WHERE form_nonce IS NOT NULL')[0].n, 1);
    // Room again: the same form goes through, with no restart.
    fs.rmSync(`${fsdir}/filler`);
    r = await postWithPhoto(s.url, { ...GOOD, phone: '13799999999', ...refused[0] });
    assert.equal(r.status, 303, 'recovers by itself');
    acked.push({ nonce: refused[0].nonce });
    assertStoreWhole(s.db, media);
    assertAcked(s.db, acked);
  } finally {
    if (s) await s.stop();
    spawnSync('umount', [fsdir]);
    fs.rmSync(fsdir, { recursive: true, force: true });
  }
});
