// apikey.test.mjs: `sidan apikey`: add prints a key once and stores only its
// SHA-256; names are unique and checked; list shows the keys; revoke marks a
// key revoked, by name or id, once; unknown names and bad usage fail.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, sql } from '../lib/harness.mjs';
import { nowMs } from '../lib/clock.mjs';

const run = (...args) => spawnSync(bin, args, { encoding: 'utf8' });
const dirs = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-apikey-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const keyLine = /^[A-Za-z0-9_-]{43}$/gm;

// Makes a fresh, initialised database and returns its path.
function freshDb() {
  const db = path.join(tmp(), 'k.db');
  const r = run('init', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  return db;
}

// Returns every file that holds the database's bytes (the WAL too).
const dbFiles = (db) => [db, `${db}-wal`, `${db}-shm`].filter((f) => fs.existsSync(f));

test('apikey has --help and refuses bad usage with status 2', () => {
  const r = run('apikey', '--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /usage: sidan apikey add NAME/);
  assert.match(r.stdout, /revoke NAME\|ID/);
  assert.match(run('--help').stdout, /apikey/, 'the main usage names apikey');
  const db = freshDb();
  for (const args of [[], ['add'], ['add', 'a', 'b'], ['list', 'x'], ['revoke'],
    ['frob'], ['add', 'a', '--bogus'], ['add', 'a', '--demo']]) {
    const s = run('apikey', ...args, '--db', db);
    assert.equal(s.status, 2, `apikey ${args.join(' ')}`);
    assert.match(s.stderr, /usage: sidan apikey/);
  }
  assert.equal(sql(db, 'SELECT count(*) AS n FROM api_keys')[0].n, 0);
});

test('add prints a 43-character key once and stores only its SHA-256', () => {
  const db = freshDb();
  const r = run('apikey', 'add', '12345 热线', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  const keys = r.stdout.match(keyLine);
  assert.equal(keys.length, 1, 'exactly one key is printed');
  const [key] = keys;
  assert.equal(r.stdout.split(key).length, 2, 'the key is printed once');
  assert.equal(r.stdout, `${key}\n`, 'the key alone on stdout');
  assert.match(r.stderr, /will not be shown again/);
  assert.match(r.stderr, /Only its SHA-256 hash is stored/);

  const rows = sql(db, 'SELECT id, name, hex(key_hash) AS h, length(key_hash) AS n,'
    + ' created_at, revoked_at FROM api_keys');
  assert.equal(rows.length, 1);
  assert.equal(rows[0].name, '12345 热线');
  assert.equal(rows[0].n, 32);
  assert.equal(rows[0].h, crypto.createHash('sha256').update(key).digest('hex').toUpperCase());
  assert.equal(rows[0].revoked_at, null);
  assert.ok(Math.abs(rows[0].created_at - nowMs() / 1000) < 60);

  // Neither the key nor its raw bytes are anywhere in the database's files.
  const raw = Buffer.from(key, 'base64url');
  assert.equal(raw.length, 32);
  for (const f of dbFiles(db)) {
    const bytes = fs.readFileSync(f);
    assert.equal(bytes.indexOf(key), -1, `key text in ${f}`);
    assert.equal(bytes.indexOf(raw), -1, `key bytes in ${f}`);
  }
  // A second key differs.
  const r2 = run('apikey', 'add', 'other', '--db', db);
  assert.equal(r2.status, 0, r2.stderr);
  assert.notEqual(r2.stdout.match(keyLine)[0], key);
});

test('a duplicate or invalid name is refused and adds nothing', () => {
  const db = freshDb();
  assert.equal(run('apikey', 'add', 'client-a', '--db', db).status, 0);
  let r = run('apikey', 'add', 'client-a', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /exists already/);
  assert.equal(r.stdout.match(keyLine), null, 'no key is printed');
  for (const name of ['', 'x'.repeat(61), '字'.repeat(61), 'a\tb', 'a\x1bb', '42']) {
    r = run('apikey', 'add', name, '--db', db);
    assert.equal(r.status, 2, JSON.stringify(name));
    assert.match(r.stderr, /1 to 60 characters/);
  }
  // 60 characters is the limit, counted as characters, not bytes.
  assert.equal(run('apikey', 'add', '字'.repeat(60), '--db', db).status, 0);
  assert.equal(sql(db, 'SELECT count(*) AS n FROM api_keys')[0].n, 2);
});

test('list shows each key with its state; revoke works once, by name or id', () => {
  const db = freshDb();
  let r = run('apikey', 'list', '--db', db);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /no API keys/);
  const added = run('apikey', 'add', 'city-app', '--db', db);
  const key = added.stdout.match(keyLine)[0];
  run('apikey', 'add', '市民热线', '--db', db);

  r = run('apikey', 'list', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^\s+1\s+active\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+-\s+city-app$/m);
  assert.match(r.stdout, /^\s+2\s+active\s.*市民热线$/m);
  assert.equal(r.stdout.indexOf(key), -1, 'list never shows a key');

  r = run('apikey', 'revoke', 'city-app', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /revoked/);
  const [row] = sql(db, "SELECT revoked_at FROM api_keys WHERE name = 'city-app'");
  assert.ok(Math.abs(row.revoked_at - nowMs() / 1000) < 60);
  r = run('apikey', 'list', '--db', db);
  assert.match(r.stdout, /^\s+1\s+revoked\s+\S+ \S+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+city-app$/m);
  assert.match(r.stdout, /^\s+2\s+active\s.*市民热线$/m);

  // A second revoke fails, by name and by id, and changes nothing.
  r = run('apikey', 'revoke', 'city-app', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /revoked already/);
  assert.equal(run('apikey', 'revoke', '1', '--db', db).status, 1);
  assert.deepEqual(sql(db, "SELECT revoked_at FROM api_keys WHERE name = 'city-app'"), [row]);

  // By id.
  r = run('apikey', 'revoke', '2', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.notEqual(sql(db, 'SELECT revoked_at FROM api_keys WHERE id = 2')[0].revoked_at, null);
});

test('revoking an unknown name or id fails', () => {
  const db = freshDb();
  run('apikey', 'add', 'known', '--db', db);
  for (const which of ['unknown', 'KNOWN', '99', '0', '']) {
    const r = run('apikey', 'revoke', which, '--db', db);
    assert.equal(r.status, 1, JSON.stringify(which));
    assert.match(r.stderr, /no key has this name or id/);
  }
  assert.equal(sql(db, 'SELECT count(*) AS n FROM api_keys WHERE revoked_at IS NULL')[0].n, 1);
});

test('apikey refuses a database that init has not made', () => {
  const db = path.join(tmp(), 'none.db');
  const r = run('apikey', 'list', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not a sidan database \('sidan init --db .*none\.db' creates one\)/);
  assert.equal(fs.existsSync(db), false, 'nothing is created');
});
