// cli.test.mjs: the sidan command: help, init (create, upgrade, refuse a
// newer schema), seed (real rows, demo rows, idempotent), check, and serve's
// refusal of a broken template.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, root, sql } from '../lib/harness.mjs';

const run = (...args) => spawnSync(bin, args, { encoding: 'utf8' });
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-cli-'));

test('every subcommand has --help', () => {
  for (const cmd of ['serve', 'init', 'seed', 'check']) {
    const r = run(cmd, '--help');
    assert.equal(r.status, 0, cmd);
    assert.match(r.stdout, new RegExp(`usage: sidan ${cmd}`));
  }
  assert.match(run('serve', '--help').stdout, /SIDAN_DB/);
  assert.equal(run('nonsense').status, 2);
  assert.equal(run('init', '--bogus').status, 2);
});

test('init creates, is idempotent, and refuses a newer schema', () => {
  const db = path.join(tmp(), 'a.db');
  let r = run('init', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  const [{ user_version: v }] = sql(db, 'PRAGMA user_version');
  assert.ok(v >= 1);
  // Every table schema.sql creates is there (a version cut short would not be).
  const want = [...fs.readFileSync(path.join(root, 'schema.sql'), 'utf8').matchAll(/^CREATE TABLE (\w+)/gm)]
    .map((m) => m[1]).sort();
  const have = sql(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((t) => t.name);
  assert.deepEqual(have, want);
  r = run('init', '--db', db);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /up to date/);
  sql(db, `PRAGMA user_version = ${v + 1}`);
  r = run('init', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /newer than this sidan/);
  assert.equal(run('seed', '--db', db).status, 1, 'seed refuses a schema it does not know');
});

test('seed adds the real tree once; --demo adds labelled demo rows', () => {
  const db = path.join(tmp(), 'b.db');
  run('init', '--db', db);
  assert.equal(run('seed', '--db', db).status, 0);
  const count = () => sql(db, "SELECT kind, count(*) AS n, sum(is_demo) AS demo FROM orgs GROUP BY kind ORDER BY kind");
  assert.deepEqual(count(), [
    { kind: 'center', n: 1, demo: 0 },
    { kind: 'institute', n: 14, demo: 0 },
    { kind: 'station', n: 72, demo: 0 },
  ]);
  assert.equal(run('seed', '--db', db).status, 0);
  assert.deepEqual(count()[2], { kind: 'station', n: 72, demo: 0 }, 'seeding twice adds nothing');
  assert.equal(sql(db, 'SELECT count(*) AS n FROM platforms')[0].n, 5);
  assert.deepEqual(sql(db, 'SELECT kind, count(*) AS n FROM projects GROUP BY kind ORDER BY kind'),
    [{ kind: 'featured', n: 7 }, { kind: 'fixed', n: 10 }]);
  // Stations keep their source.
  assert.match(sql(db, "SELECT source FROM orgs WHERE name = '马邑村'")[0].source, /qi18/);
  assert.equal(run('seed', '--demo', '--db', db).status, 0);
  const demo = sql(db, 'SELECT name, source FROM orgs WHERE is_demo = 1');
  assert.equal(demo.length, 195 + 34);
  for (const d of demo) {
    assert.match(d.name, /演示/, 'a demo row is named as one');
    assert.match(d.source, /演示数据/);
  }
  assert.equal(sql(db, "SELECT count(*) AS n FROM orgs WHERE kind = 'station'")[0].n, 267);
});

test('check is clean on a seeded database and reports a broken reference', () => {
  const db = path.join(tmp(), 'c.db');
  run('init', '--db', db);
  run('seed', '--db', db);
  let r = run('check', '--db', db);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /clean/);
  sql(db, "PRAGMA foreign_keys = OFF; UPDATE orgs SET parent_id = 99999 WHERE name = '马邑村'");
  r = run('check', '--db', db);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /foreign key: table orgs/);
});

test('serve refuses to start with a broken template, naming the file', () => {
  const dir = tmp();
  const tpl = path.join(dir, 'templates');
  fs.cpSync(path.join(root, 'templates'), tpl, { recursive: true });
  fs.appendFileSync(path.join(tpl, 'home.tpl'), '{{#UNCLOSED}}\n');
  let r = spawnSync(bin, ['serve', '--listen', path.join(dir, 's.sock'), '--templates', tpl,
    '--db', path.join(dir, 'x.db')], { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /home\.tpl/);
  // A template without the auto-escape pragma is refused too.
  fs.cpSync(path.join(root, 'templates'), tpl, { recursive: true });
  fs.writeFileSync(path.join(tpl, 'error.tpl'), '<p>{{ADVICE}}</p>\n');
  r = spawnSync(bin, ['serve', '--listen', path.join(dir, 's.sock'), '--templates', tpl,
    '--db', path.join(dir, 'x.db')], { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error\.tpl: must start with \{\{%AUTOESCAPE/);
});

test('backup copies a database in use to a new file that checks clean, and refuses to overwrite', () => {
  const dir = tmp();
  const db = path.join(dir, 'live.db');
  run('init', '--db', db);
  run('seed', '--demo', '--db', db);
  const copy = path.join(dir, 'copy.db');
  let r = run('backup', copy, '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /integrity ok/);
  assert.match(r.stdout, /live\.db\.key is not in it/);
  assert.deepEqual(sql(copy, 'SELECT count(*) AS n FROM orgs'), sql(db, 'SELECT count(*) AS n FROM orgs'));
  assert.equal(run('check', '--db', copy).status, 0);
  r = run('backup', copy, '--db', db);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /exists/);
  assert.equal(run('backup', '--db', db).status, 2, 'DEST is required');
});

test('purge blanks the contact details of requests closed long ago and keeps the rest', () => {
  const dir = tmp();
  const db = path.join(dir, 'p.db');
  run('init', '--db', db);
  run('seed', '--db', db);
  const now = Math.floor(Date.now() / 1000), old = now - 200 * 86400;
  const ins = (code, state, updated) => sql(db, `INSERT INTO orders(code, service_id, org_id, address, need,
    contact_name, contact_phone, channel, state, consent_at, created_at, updated_at, due_at)
    VALUES ('${code}', (SELECT id FROM services LIMIT 1), (SELECT id FROM orgs WHERE kind = 'station' LIMIT 1),
    '某村某号', '需要帮助', '张三', '13800000000', 'web', '${state}', ${old}, ${old}, ${updated}, ${old})`);
  ins('OLDCLOSED', 'rated', old);
  ins('OLDOPENED', 'accepted', old);
  ins('NEWCLOSED', 'cancelled', now - 10 * 86400);
  const r = run('purge', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /of 1 request\(s\) closed more than 180 days ago/);
  const rows = sql(db, 'SELECT code, contact_name, contact_phone, address, need, state FROM orders ORDER BY code');
  assert.deepEqual(rows.map((x) => [x.code, x.contact_name, x.contact_phone, x.address]), [
    ['NEWCLOSED', '张三', '13800000000', '某村某号'],
    ['OLDCLOSED', '', '', ''],
    ['OLDOPENED', '张三', '13800000000', '某村某号'],
  ]);
  assert.equal(rows.find((x) => x.code === 'OLDCLOSED').need, '需要帮助', 'the anonymous record stays');
  assert.match(run('purge', '--older-than', '5', '--db', db).stdout, /of 1 request/);
  assert.equal(run('purge', '--older-than', 'x', '--db', db).status, 2);
});
