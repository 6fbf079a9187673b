// writer.test.mjs: the writer process, sidan-writer (src/http/writer.h;
// issue 18 part 4), through real nginx and sidan. New requests from the
// public form are written there, several to a commit; whatever happens to
// it, each form makes exactly one request, every acknowledged request is
// stored, and the daily limits hold.
//
// Which process wrote is read from /proc/PID/io: wchar counts the bytes a
// process has written; a commit writes whole database pages (4096 bytes)
// to the WAL, an answer to a worker less than a hundred.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { start, sql } from '../lib/harness.mjs';
import { GOOD, newForm, post, submit } from '../lib/order.mjs';

let s;
before(async () => { s = await start({ workers: 4 }); });
after(async () => { await s?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Bytes process pid has written so far.
const written = (pid) => Number(fs.readFileSync(`/proc/${pid}/io`, 'utf8').match(/^wchar: (\d+)$/m)[1]);
// The one writer process of server srv (waits for it to be up).
async function writerOf(srv) {
  for (let i = 0; i < 200; i++) {
    const w = srv.children('sidan-writer');
    if (w.length === 1) return w[0];
    await sleep(25);
  }
  throw new Error('no sidan-writer process');
}
// The requests stored from form nonce.
const byNonce = (db, nonce) => sql(db, `SELECT code FROM orders WHERE form_nonce = '${nonce}'`);
// A phone of its own for test i (the per-phone limit is 5 a day; the
// stopped writer's test lifts it).
const phone = (i) => `1391234${String(i).padStart(4, '0')}`;

test('requests sent at once are each stored once, and written by sidan-writer', async () => {
  const w = await writerOf(s);
  const before = written(w);
  const made = await Promise.all(Array.from({ length: 12 }, (_, i) => submit(s.url, { phone: phone(i) })));
  const codes = made.map((m) => m.code);
  assert.equal(new Set(codes).size, 12, 'twelve requests, twelve codes');
  const rows = sql(s.db, `SELECT code, contact_phone FROM orders WHERE code IN (${codes.map((c) => `'${c}'`).join(',')})`);
  assert.equal(rows.length, 12);
  for (const [i, m] of made.entries()) {
    assert.equal(rows.find((r) => r.code === m.code).contact_phone, phone(i), 'each request has its own phone');
    const track = await fetch(`${s.url}/track/${m.code}`);
    assert.equal(track.status, 200, 'each code can be looked up at once');
  }
  assert.ok(written(w) - before >= 4096, 'the writer process wrote database pages');
});

test('the same form sent twice at once makes one request, and both answers lead to it', async () => {
  const t = await newForm(s.url);
  const fields = { ...GOOD, phone: phone(20), ...t };
  const [a, b] = await Promise.all([post(s.url, '/order/new', fields), post(s.url, '/order/new', fields)]);
  assert.equal(a.status, 303);
  assert.equal(b.status, 303);
  assert.equal(a.headers.get('location'), b.headers.get('location'));
  assert.equal(byNonce(s.db, t.nonce).length, 1);
});

test('the daily limit per phone holds for requests that share a commit', async () => {
  const answers = await Promise.all(Array.from({ length: 7 }, async () => {
    const t = await newForm(s.url);
    const r = await post(s.url, '/order/new', { ...GOOD, phone: phone(30), ...t });
    return { status: r.status, html: await r.text() };
  }));
  assert.equal(answers.filter((a) => a.status === 303).length, 5, 'five a day');
  const refused = answers.filter((a) => a.status !== 303);
  assert.equal(refused.length, 2);
  for (const a of refused) {
    assert.equal(a.status, 429);
    assert.match(a.html, /今天用这个电话号码提交的申请已达上限（5次）/);
    assert.match(a.html, /孩子三年级数学需要辅导/, 'what was typed is kept');
  }
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM orders WHERE contact_phone = '${phone(30)}'`)[0].n, 5);
});

test('a killed writer is replaced, and the requests sent meanwhile are stored once each', async () => {
  const old = await writerOf(s);
  process.kill(old, 'SIGKILL');
  const made = await Promise.all(Array.from({ length: 4 }, (_, i) => submit(s.url, { phone: phone(40 + i) })));
  assert.equal(new Set(made.map((m) => m.code)).size, 4);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM orders WHERE contact_phone BETWEEN '${phone(40)}' AND '${phone(43)}'`)[0].n, 4);
  let now = 0;
  for (let i = 0; i < 200 && !now; i++) {
    const w = s.children('sidan-writer');
    if (w.length === 1 && w[0] !== old) now = w[0];
    else await sleep(25);
  }
  assert.ok(now, 'another writer took its place');
  assert.match(s.log(), new RegExp(`writer process ${old} ended; starting another`));
  const before = written(now);
  await submit(s.url, { phone: phone(44) });
  assert.ok(written(now) - before >= 4096, 'the new writer writes the next request');
});

test('a writer that does not answer: the worker stores the request itself, and the writer\'s late turn adds nothing', async () => {
  // A short wait for the writer: SIDAN_BUSY_MS + 2 s.
  const q = await start({ env: { SIDAN_BUSY_MS: '300', SIDAN_LIMIT_PHONE: '0' } });
  try {
    const w = await writerOf(q);
    process.kill(w, 'SIGSTOP');
    let late;
    try {
      const t = await newForm(q.url);
      const r = await post(q.url, '/order/new', { ...GOOD, phone: phone(50), ...t });
      assert.equal(r.status, 303, 'acknowledged without the writer');
      late = t.nonce;
      assert.equal(byNonce(q.db, late).length, 1);
    } finally {
      process.kill(w, 'SIGCONT');
    }
    // The writer reads the waiting request in its next round: its worker
    // stopped waiting, so it is not written again. The worker that waited
    // writes its own requests for as long again as it waited; the next
    // requests go to the writer as soon as a worker sends them there.
    let back = false;
    const made = [];
    for (let i = 0; i < 40 && !back; i++) {
      const before = written(w);
      made.push(await submit(q.url, { phone: phone(51) }));
      back = written(w) - before >= 4096;
      if (!back) await sleep(200);
    }
    assert.ok(back, 'the writer is back');
    assert.equal(byNonce(q.db, late).length, 1, 'the late copy added nothing');
    assert.equal(sql(q.db, `SELECT count(*) AS n FROM orders WHERE contact_phone = '${phone(51)}'`)[0].n, made.length);
    for (const m of made) assert.equal((await fetch(`${q.url}/track/${m.code}`)).status, 200);
  } finally {
    await q.stop();
  }
});
