// fault.test.mjs: faults while residents submit requests. FAULT_SECONDS
// (default 4 here; `make fault` runs 30) sets how long each storm lasts.
// a. workers and the writer process (sidan-writer) killed with SIGKILL
//    every 300 ms, in turn: every request acknowledged with a code exists
//    exactly once afterwards, and `sidan check` is clean;
// b. master and workers killed mid-load, then started again: the same;
// d. another process holds the write lock past the busy timeout: 503 with
//    Retry-After and the form kept, no partial rows;
// e. `sidan backup` under load: the copy checks clean.
// f. the disk fills up while the sender has SMS to write (the file
//    gateway on the same disk): they wait, none is lost, and the sender
//    goes on by itself once there is room.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { start, sql, bin } from '../lib/harness.mjs';
import { GOOD, forgeFormToken, post } from '../lib/order.mjs';
import { nowMs, nowSec, advanceClock } from '../lib/clock.mjs';
import { signIn } from '../lib/staff.mjs';
import { until, deskEntry } from '../lib/messages.mjs';

const SECONDS = Number(process.env.FAULT_SECONDS || 4);

// Submits forms with fresh tokens until stop() is called; resolves to the
// list of acknowledged submissions [{ nonce, location }] and the failures.
function submitter(s, n = 4) {
  let stopped = false;
  const acked = [], failed = [];
  let k = 0;
  const one = async () => {
    while (!stopped) {
      const nonce = `${(nowMs().toString(16) + (k++).toString(16) + Math.random().toString(16).slice(2)).padEnd(32, '0').slice(0, 32)}.${Math.floor(nowMs() / 1000)}`;
      const phone = `139${String(10000000 + Math.floor(Math.random() * 89999999))}`;
      try {
        const r = await post(s.url, '/order/new', { ...GOOD, phone, nonce, csrf: forgeFormToken(s.db, nonce) });
        if (r.status === 303) acked.push({ nonce, location: r.headers.get('location') });
        else failed.push(r.status);
        await r.arrayBuffer();
      } catch { failed.push(0); }
    }
  };
  const runs = Array.from({ length: n }, one);
  return { stop: async () => { stopped = true; await Promise.all(runs); return { acked, failed }; } };
}

// Asserts each acknowledged submission made exactly one order, and the db checks clean.
function assertExactlyOnce(db, acked) {
  const rows = sql(db, 'SELECT form_nonce, count(*) AS n FROM orders WHERE form_nonce IS NOT NULL GROUP BY form_nonce');
  const byNonce = new Map(rows.map((r) => [r.form_nonce, r.n]));
  for (const a of acked) assert.equal(byNonce.get(a.nonce), 1, `acknowledged ${a.nonce} is stored once`);
  for (const r of rows) assert.equal(r.n, 1);
  const check = spawnSync(bin, ['check', '--db', db], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
}

test(`a. workers and the writer killed every 300 ms for ${SECONDS} s: every acknowledged request exists exactly once`, async () => {
  const s = await start({ env: { SIDAN_LIMIT_PHONE: '0' } });
  try {
    const load = submitter(s);
    const end = nowMs() + SECONDS * 1000;
    let kills = 0, writers = 0;
    while (nowMs() < end) {
      await new Promise((r) => setTimeout(r, 300));
      const writer = kills % 2 ? s.children('sidan-writer') : [];
      const w = writer.length ? writer : s.workers();
      if (w.length) { try { process.kill(w[0], 'SIGKILL'); kills++; writers += writer.length; } catch { /* gone */ } }
    }
    const { acked, failed } = await load.stop();
    assert.ok(kills >= SECONDS * 2, `killed ${kills} workers and writers`);
    assert.ok(writers >= SECONDS, `killed ${writers} writers`);
    assert.ok(acked.length > 10, `acknowledged ${acked.length}, failed ${failed.length}`);
    assertExactlyOnce(s.db, acked);
    assert.match(s.log(), /killed by signal 9; starting another/);
    assert.match(s.log(), /writer process \d+ ended; starting another/);
  } finally { await s.stop(); }
});

test('b. master and workers killed mid-load, then started again: nothing acknowledged is lost', async () => {
  const s = await start({ env: { SIDAN_LIMIT_PHONE: '0' } });
  try {
    const load = submitter(s);
    await new Promise((r) => setTimeout(r, SECONDS * 500));
    const pids = [s.pid, ...s.workers()];
    for (const p of pids) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
    const { acked } = await load.stop();
    await s.exited;
    // Nothing of the killed sidan runs on: the housekeeper follows its master.
    const sock = path.join(s.dir, 'sidan.sock');
    let left = [];
    for (let i = 0; i < 50; i++) {
      left = (spawnSync('pgrep', ['-f', sock], { encoding: 'utf8' }).stdout || '').trim().split('\n').filter(Boolean);
      if (!left.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(left, [], 'no process of the killed sidan is left');
    assert.ok(acked.length > 5);
    assertExactlyOnce(s.db, acked);
    // Started again on the same database, it serves and stores.
    const again = spawn(bin, ['serve', '--listen', path.join(s.dir, 'sidan.sock'), '--db', s.db,
      '--templates', path.join(path.dirname(bin), '../templates'), '--workers', '2'], { stdio: 'ignore',
      env: { ...process.env, SIDAN_LIMIT_PHONE: '0', SIDAN_LIMIT_CLIENT: '0' } });
    try {
      let ok = false;
      for (let i = 0; i < 50 && !ok; i++) {
        await new Promise((r) => setTimeout(r, 100));
        try { ok = (await fetch(s.url + '/')).status === 200; } catch { /* not yet */ }
      }
      assert.ok(ok, 'serving again');
      const more = submitter(s, 2);
      await new Promise((r) => setTimeout(r, 500));
      const second = await more.stop();
      assert.ok(second.acked.length > 0);
      assertExactlyOnce(s.db, [...acked, ...second.acked]);
    } finally {
      again.kill('SIGTERM');
      await new Promise((r) => again.on('exit', r));
    }
  } finally { await s.stop(); }
});

test('d. another process holds the write lock past the busy timeout: 503, the form kept, no partial rows', async () => {
  const s = await start({ env: { SIDAN_BUSY_MS: '500' } });
  try {
    const before = sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n;
    const holder = spawn('flock', [`${s.db}.lock`, 'sleep', '3'], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 300));
    const nonce = `${'cd'.repeat(16)}.${Math.floor(nowMs() / 1000)}`;
    const r = await post(s.url, '/order/new', { ...GOOD, nonce, csrf: forgeFormToken(s.db, nonce) });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '5');
    const html = await r.text();
    assert.match(html, /系统正忙，您的申请还没有保存/);
    assert.ok(html.includes(`>${GOOD.need}</textarea>`), 'what was typed is kept');
    assert.equal(sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n, before);
    await new Promise((res) => holder.on('exit', res));
    const again = await post(s.url, '/order/new', { ...GOOD, nonce, csrf: forgeFormToken(s.db, nonce) });
    assert.equal(again.status, 303, 'the same form goes through once the lock is free');
    assert.equal(sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n, before + 1);
  } finally { await s.stop(); }
});

test('e. sidan backup under load: the copy checks clean and holds what was acknowledged before it', async () => {
  const s = await start({ env: { SIDAN_LIMIT_PHONE: '0' } });
  try {
    const load = submitter(s);
    await new Promise((r) => setTimeout(r, 500));
    const copy = path.join(s.dir, 'backup.db');
    const b = spawnSync(bin, ['backup', copy, '--db', s.db], { encoding: 'utf8' });
    const { acked } = await load.stop();
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /integrity ok/);
    assert.equal(spawnSync(bin, ['check', '--db', copy]).status, 0);
    assert.ok(sql(copy, 'SELECT count(*) AS n FROM orders')[0].n > 0);
    assert.ok(acked.length > 0);
    assert.ok(fs.statSync(copy).size > 0);
  } finally { await s.stop(); }
});

test('f. slow clients (slowloris) do not tie up the workers: nginx holds them, pages still answer', async () => {
  const net = await import('node:net');
  const s = await start();
  const socks = [];
  try {
    // 200 clients that send half a request and then a byte now and then.
    for (let i = 0; i < 200; i++) {
      const c = net.connect(s.port, '127.0.0.1');
      c.on('error', () => {});
      c.write('POST /order/new HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n');
      socks.push(c);
    }
    const drip = setInterval(() => { for (const c of socks) if (!c.destroyed) c.write('X'); }, 500);
    try {
      await new Promise((r) => setTimeout(r, 300));
      // A page held up behind the slow clients would never come: the signal
      // turns such a hang into a failure instead of a stuck run.
      for (let i = 0; i < 20; i++)
        assert.equal((await fetch(s.url + '/', { signal: AbortSignal.timeout(15000) })).status, 200);
      // Both workers are free: none is stuck on a slow client.
      assert.equal(s.workers().length, 2);
    } finally { clearInterval(drip); }
  } finally {
    for (const c of socks) c.destroy();
    await s.stop();
  }
});

test('c. the disk holding the database fills up: a clear 503, nothing corrupted, and it recovers by itself', async (t) => {
  const fsdir = fs.mkdtempSync('/tmp/sidan-full-');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', fsdir]);
  if (mount.status !== 0) { t.skip('cannot mount a tmpfs here (needs root)'); return; }
  let s;
  try {
    s = await start({ dbDir: fsdir, env: { SIDAN_LIMIT_PHONE: '0' } });
    // Fill what is left of the disk.
    spawnSync('dd', ['if=/dev/zero', `of=${fsdir}/filler`, 'bs=64k'], { stdio: 'ignore' });
    let full = null, acked = [];
    for (let i = 0; i < 400 && !full; i++) {
      const nonce = `${String(i).padStart(32, 'e')}.${Math.floor(nowMs() / 1000)}`;
      const r = await post(s.url, '/order/new', { ...GOOD, phone: `1370000${String(i).padStart(4, '0')}`,
        need: `需要帮助 ${'很多'.repeat(200)}`, nonce, csrf: forgeFormToken(s.db, nonce) });
      const html = await r.text();
      if (r.status === 303) acked.push({ nonce });
      else full = { status: r.status, html, retry: r.headers.get('retry-after'), nonce };
    }
    assert.ok(full, 'the disk filled up');
    assert.equal(full.status, 503);
    assert.equal(full.retry, '5');
    assert.match(full.html, /系统正忙，您的申请还没有保存/);
    assert.ok(full.html.includes('需要帮助'), 'what was typed is kept');
    // Space comes back: the same form goes through, with no restart.
    fs.rmSync(`${fsdir}/filler`);
    const again = await post(s.url, '/order/new', { ...GOOD, phone: '13799999999', nonce: full.nonce,
      csrf: forgeFormToken(s.db, full.nonce) });
    assert.equal(again.status, 303, 'recovers by itself');
    assertExactlyOnce(s.db, [...acked, { nonce: full.nonce }]);
  } finally {
    if (s) await s.stop();
    spawnSync('umount', [fsdir]);
    fs.rmSync(fsdir, { recursive: true, force: true });
  }
});

test('f. the disk fills up under the sender: SMS wait, none is lost, it goes on by itself', async (t) => {
  const fsdir = fs.mkdtempSync('/tmp/sidan-full-');
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', fsdir]);
  if (mount.status !== 0) { t.skip('cannot mount a tmpfs here (needs root)'); return; }
  const file = path.join(fsdir, 'messages.log');
  // Quiet hours around now hold the SMS while the disk is filled.
  const minute = Math.floor(((nowSec() + 8 * 3600) % 86400) / 60);
  const hhmm = (m) => `${String(Math.floor(((m + 1440) % 1440) / 60)).padStart(2, '0')}:${String((m + 1440) % 60).padStart(2, '0')}`;
  let s;
  try {
    s = await start({ dbDir: fsdir, env: { SIDAN_MESSAGES_FILE: file, SIDAN_QUIET_HOURS: `${hhmm(minute - 60)}-${hhmm(minute + 60)}` } });
    const staff = await signIn(s.url, 'dispatcher');
    const phones = ['13766660001', '13766660002', '13766660003'];
    for (const phone of phones) await deskEntry(s.url, staff, { phone });
    // Held means the sender has put each off to the end of the quiet hours
    // (a message is written due at once): only then may the disk fill, or
    // the sender's hold, not its send, would meet the full disk.
    const held = await until(() => {
      const rows = sql(s.db, `SELECT id, next_at FROM messages WHERE kind = 'resident_received' AND sms = 'pending'
        AND next_at > created_at`);
      return rows.length === 3 ? rows : null;
    });
    assert.ok(held, 'three SMS held by the quiet hours');
    const house = spawnSync('pgrep', ['-x', '-P', String(s.pid), 'sidan-house'], { encoding: 'utf8' }).stdout.trim();
    spawnSync('dd', ['if=/dev/zero', `of=${fsdir}/filler`, 'bs=64k'], { stdio: 'ignore' });
    advanceClock(held[0].next_at - nowSec() + 1);
    assert.ok(await until(() => /not sent \(write [^)]*No space left on device\); will retry/.test(s.log())),
      `the sender met the full disk; the log:\n${s.log().slice(-3000)}`);
    assert.ok(sql(s.db, "SELECT count(*) AS n FROM messages WHERE kind = 'resident_received' AND sms = 'sent'")[0].n < 3);
    // Room again: every SMS goes out on a later attempt, from the same process.
    fs.rmSync(`${fsdir}/filler`);
    advanceClock(3600);
    assert.ok(await until(() => sql(s.db, `SELECT count(*) AS n FROM messages WHERE kind = 'resident_received'
      AND sms = 'sent'`)[0].n === 3), 'all sent once there is room');
    assert.equal(spawnSync('pgrep', ['-x', '-P', String(s.pid), 'sidan-house'], { encoding: 'utf8' }).stdout.trim(), house,
      'the same sender went on');
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    for (const phone of phones) {
      const mine = lines.filter((x) => x.to === phone);
      assert.ok(mine.length >= 1, `${phone} was sent its SMS`);
      assert.equal(new Set(mine.map((x) => x.idempotency_key)).size, 1, 'a repeat carries the same key');
    }
    assert.equal(spawnSync(bin, ['check', '--db', s.db]).status, 0, 'the database checks clean');
  } finally {
    if (s) await s.stop();
    spawnSync('umount', [fsdir]);
    fs.rmSync(fsdir, { recursive: true, force: true });
  }
});
