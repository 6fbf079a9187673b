// cli_operator.test.mjs: the sidan command as an operator meets it (issue 14,
// items 17, 18, 23): every command but init refuses a path that is not a sidan
// database, and creates nothing there; -h, --help and --version work as in
// other Unix tools; the files that hold residents' data are 0600 whatever the
// umask; `sidan apikey add` prints the key alone on stdout; purge on a
// database that init has not made says so instead of printing SQL.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, root, sql } from '../lib/harness.mjs';

const run = (...args) => spawnSync(bin, args, { encoding: 'utf8', timeout: 20000 });
// Runs sidan under umask mask (an octal string, as sh's umask takes it).
const runUmask = (mask, ...args) => spawnSync('sh', ['-c', `umask ${mask} && exec "$0" "$@"`, bin, ...args],
  { encoding: 'utf8', timeout: 20000 });
const dirs = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-cliop-'));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const mode = (f) => (fs.statSync(f).mode & 0o777).toString(8).padStart(4, '0');

// Makes an initialised database in a new directory; returns its path.
function freshDb() {
  const db = path.join(tmp(), 'live.db');
  const r = run('init', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  return db;
}

// The four kinds of path that are not a sidan database, made in dir.
function notDatabases(dir) {
  const missing = path.join(dir, 'missing.db');
  const empty = path.join(dir, 'empty.db');
  fs.writeFileSync(empty, '');
  const text = path.join(dir, 'notes.txt');
  fs.writeFileSync(text, '这不是数据库\n'.repeat(20));
  const foreign = path.join(dir, 'other.sqlite');
  sql(foreign, 'CREATE TABLE t(a); INSERT INTO t VALUES (1);');
  return { missing, empty, text, foreign };
}

// Every command but init, as run against db (and its own arguments).
const commands = (db, dir) => [
  ['check', '--db', db],
  ['backup', path.join(dir, 'copy.db'), '--db', db],
  ['purge', '--db', db],
  ['seed', '--db', db],
  ['apikey', 'list', '--db', db],
  ['apikey', 'add', 'client', '--db', db],
  ['user', 'list', '--db', db],
  ['site', 'import', path.join(dir, 'sites.csv'), '--db', db],
  ['serve', '--listen', path.join(dir, 's.sock'), '--templates', path.join(root, 'templates'), '--db', db],
];

test('every command but init refuses a path that is not a sidan database, and creates nothing', () => {
  const dir = tmp();
  const paths = notDatabases(dir);
  fs.writeFileSync(path.join(dir, 'sites.csv'), 'code,name,kind,parent_code\n');
  const listing = () => fs.readdirSync(dir).sort();
  const before = listing();
  const bytes = Object.fromEntries(Object.entries(paths).filter(([k]) => k !== 'missing')
    .map(([k, f]) => [k, fs.readFileSync(f)]));
  const why = {
    missing: /no such file: not a sidan database \('sidan init --db .*missing\.db' creates one\)/,
    empty: /an empty file: not a sidan database/,
    text: /not an SQLite file: not a sidan database/,
    foreign: /an SQLite file without sidan's tables: not a sidan database/,
  };
  for (const [kind, db] of Object.entries(paths)) {
    for (const args of commands(db, dir)) {
      const r = run(...args);
      const what = `${args.join(' ')} (${kind})`;
      assert.equal(r.status, 1, `${what}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, why[kind], what);
      assert.match(r.stderr, new RegExp(`^sidan: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `, 'm'), what);
      assert.doesNotMatch(r.stdout, /clean|backed up|removed|seeded|made|ID/, `${what} claims success`);
      assert.doesNotMatch(r.stderr, /UPDATE|SELECT|INSERT/, `${what} shows SQL`);
      assert.deepEqual(listing(), before, `${what} created a file`);
    }
  }
  for (const [k, b] of Object.entries(bytes))
    assert.ok(fs.readFileSync(paths[k]).equals(b), `${k} is unchanged`);
});

test('init still creates a new database where there was none; the others then accept it', () => {
  const dir = tmp();
  const db = path.join(dir, 'new.db');
  assert.equal(run('check', '--db', db).status, 1);
  assert.equal(fs.existsSync(db), false);
  assert.equal(run('init', '--db', db).status, 0);
  const r = run('check', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /is clean/);
  // An empty file (e.g. made by touch) becomes a database through init only.
  const empty = path.join(dir, 'empty.db');
  fs.writeFileSync(empty, '');
  assert.equal(run('init', '--db', empty).status, 0);
  assert.equal(run('check', '--db', empty).status, 0);
});

test('sidan -h, --help and --version answer on stdout with status 0', () => {
  for (const flag of ['-h', '--help']) {
    const r = run(flag);
    assert.equal(r.status, 0, flag);
    assert.match(r.stdout, /^usage: sidan COMMAND/, flag);
    assert.match(r.stdout, /--version/, flag);
    assert.equal(r.stderr, '', flag);
  }
  const want = fs.readFileSync(path.join(root, 'src', 'version.h'), 'utf8')
    .match(/^#define SIDAN_VERSION "([^"]+)"$/m)[1];
  const v = run('--version');
  assert.equal(v.status, 0);
  assert.equal(v.stdout, `sidan ${want}\n`);
  assert.equal(v.stderr, '');
  // Bare `sidan` is still a usage error.
  const bare = run();
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /usage: sidan COMMAND/);
});

test('every command takes -h as it takes --help', () => {
  for (const cmd of ['serve', 'init', 'seed', 'check', 'backup', 'purge', 'apikey', 'user', 'site']) {
    for (const flag of ['-h', '--help']) {
      const r = run(cmd, flag);
      assert.equal(r.status, 0, `${cmd} ${flag}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: sidan ${cmd}`), `${cmd} ${flag}`);
      assert.equal(r.stderr, '', `${cmd} ${flag}`);
    }
  }
  // After other words and options too, as getopt allows.
  const r = run('apikey', 'add', 'x', '--db', path.join(tmp(), 'none.db'), '-h');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^usage: sidan apikey/);
  assert.equal(run('check', '-x').status, 2, 'an unknown short option is still refused');
});

test('init makes the database, its -wal and -shm and the key 0600 whatever the umask', () => {
  for (const mask of ['022', '002', '000']) {
    const dir = tmp();
    const db = path.join(dir, 'sidan.db');
    const r = runUmask(mask, 'init', '--db', db);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(runUmask(mask, 'seed', '--db', db).status, 0);
    for (const f of [db, `${db}-wal`, `${db}-shm`, `${db}.key`])
      assert.equal(mode(f), '0600', `${path.basename(f)} under umask ${mask}`);
  }
});

test('init takes other users\' access away from an older database it upgrades', () => {
  const db = freshDb();
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.chmodSync(f, 0o644);
  const r = run('init', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /was readable by other users: no longer/);
  for (const f of [db, `${db}-wal`, `${db}-shm`]) assert.equal(mode(f), '0640', path.basename(f));
  // A private database is left as it is, silently.
  fs.chmodSync(db, 0o600);
  const again = run('init', '--db', db);
  assert.equal(again.status, 0);
  assert.doesNotMatch(again.stderr, /readable/);
  assert.equal(mode(db), '0600');
});

test('backup writes its copy 0600 whatever the umask', () => {
  const db = freshDb();
  assert.equal(run('seed', '--demo', '--db', db).status, 0);
  for (const mask of ['022', '000']) {
    const copy = path.join(path.dirname(db), `copy-${mask}.db`);
    const r = runUmask(mask, 'backup', copy, '--db', db);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /integrity ok/);
    assert.equal(mode(copy), '0600', `copy under umask ${mask}`);
    for (const f of [`${copy}-wal`, `${copy}-shm`, `${copy}-journal`])
      if (fs.existsSync(f)) assert.equal(mode(f), '0600', f);
    assert.deepEqual(sql(copy, 'SELECT count(*) AS n FROM orgs'), sql(db, 'SELECT count(*) AS n FROM orgs'));
  }
});

test('apikey add prints the key alone on stdout, so KEY=$(sidan apikey add NAME) works', () => {
  const db = freshDb();
  const r = run('apikey', 'add', 'city-app', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^[A-Za-z0-9_-]{43}\n$/);
  assert.match(r.stderr, /API key 'city-app' made/);
  assert.match(r.stderr, /will not be shown again/);
  // As a shell script would take it.
  const sh = spawnSync('sh', ['-c', 'KEY=$("$0" apikey add "$1" --db "$2") && printf "[%s]" "$KEY"', bin, 'hotline', db],
    { encoding: 'utf8' });
  assert.equal(sh.status, 0, sh.stderr);
  assert.match(sh.stdout, /^\[[A-Za-z0-9_-]{43}\]$/);
  assert.match(sh.stderr, /API key 'hotline' made/);
  assert.deepEqual(sql(db, 'SELECT name FROM api_keys ORDER BY id').map((k) => k.name), ['city-app', 'hotline']);
});

test('purge on a database init has not made, or not brought up to date, says so without SQL', () => {
  const dir = tmp();
  const missing = path.join(dir, 'none.db');
  let r = run('purge', '--db', missing);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not a sidan database \('sidan init --db .*none\.db' creates one\)/);
  assert.doesNotMatch(r.stderr, /UPDATE|cannot prepare/);
  assert.equal(fs.existsSync(missing), false);
  // A sidan database at an older schema version is told to run init.
  const db = freshDb();
  const [{ user_version: v }] = sql(db, 'PRAGMA user_version');
  sql(db, 'PRAGMA user_version = 1');
  r = run('purge', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`is at schema version 1, not ${v}: run 'sidan init' first`));
  assert.doesNotMatch(r.stderr, /UPDATE|cannot prepare/);
});
