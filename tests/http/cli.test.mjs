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
import { nowMs } from '../lib/clock.mjs';

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
  // Every table schema.sql creates is there (a version cut short would not be):
  // its tables, and each FTS5 table with the tables FTS5 makes for it (its
  // content is external and it keeps no sizes: _data, _idx and _config), once
  // each though a later version drops and makes one again (orders_fts, 25).
  const schema = fs.readFileSync(path.join(root, 'schema.sql'), 'utf8');
  const want = [...new Set([...schema.matchAll(/^CREATE TABLE (\w+)/gm)].map((m) => m[1])
    .concat(...[...schema.matchAll(/^CREATE VIRTUAL TABLE (\w+) USING fts5/gm)]
      .map((m) => [m[1], `${m[1]}_data`, `${m[1]}_idx`, `${m[1]}_config`])))]
    .sort();
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

test('seed --orders makes plausible demo requests that meet every constraint, indexes and counts rebuilt', () => {
  const db = path.join(tmp(), 'g.db');
  run('init', '--db', db);
  run('seed', '--db', db);
  const schema = () => sql(db, "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name");
  const before = schema();
  const count = (table) => sql(db, `SELECT count(*) AS n FROM ${table}`)[0].n;
  run('seed', '--demo', '--db', db);
  const orders0 = count('orders'), volunteers0 = count('volunteers');
  let r = run('seed', '--demo', '--orders', '3000', '--volunteers', '100', '--db', db);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(count('orders') - orders0, 3000);
  assert.equal(count('volunteers') - volunteers0, 100);
  // Back in WAL (the load runs with a rollback journal), every index and
  // trigger back as schema.sql made them.
  assert.equal(sql(db, 'PRAGMA journal_mode')[0].journal_mode, 'wal');
  assert.deepEqual(schema(), before);
  // The counts the triggers keep match the rows.
  assert.deepEqual(sql(db, 'SELECT org_id, state, n FROM order_counts WHERE n > 0 ORDER BY org_id, state'),
    sql(db, 'SELECT org_id, state, count(*) AS n FROM orders GROUP BY org_id, state ORDER BY org_id, state'));
  // A fresh connection's integrity_check sees every CHECK and NOT NULL
  // (the load skips them while inserting and checks them once at the end).
  r = run('check', '--db', db);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /clean/);
  // Plausible: spread over three years, most closed, every request has a timeline.
  const states = Object.fromEntries(sql(db, 'SELECT state, count(*) AS n FROM orders WHERE is_demo = 1 GROUP BY state')
    .map((x) => [x.state, x.n]));
  assert.ok(states.rated > 1200 && states.rated < 2200, JSON.stringify(states));
  for (const s of ['unrated', 'rejected', 'cancelled']) assert.ok(states[s] > 0, s);
  const [span] = sql(db, 'SELECT (max(created_at) - min(created_at)) / 86400 AS days FROM orders WHERE is_demo = 1');
  assert.ok(span.days > 1000, `spread over ${span.days} days`);
  assert.equal(sql(db, 'SELECT count(*) AS n FROM orders o WHERE NOT EXISTS'
    + ' (SELECT 1 FROM order_events e WHERE e.order_id = o.id)')[0].n, 0);
  assert.equal(sql(db, "SELECT count(*) AS n FROM orders o WHERE state = 'rated' AND NOT EXISTS"
    + ' (SELECT 1 FROM ratings r WHERE r.order_id = o.id)')[0].n, 0);
});

test('seed --orders works while another program has the database open (it stays in WAL)', async () => {
  const db = path.join(tmp(), 'h.db');
  assert.equal(run('init', '--db', db).status, 0);
  // A reader holding the file open, as a running sidan would.
  const { spawn } = await import('node:child_process');
  const reader = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => reader.once('exit', resolve));
  reader.stdin.write('SELECT count(*) FROM orgs;\n');
  // Its answer, or its end (then the test fails here rather than waiting).
  const first = await Promise.race([
    new Promise((resolve) => reader.stdout.once('data', (d) => resolve(String(d)))), exited.then(() => null)]);
  assert.match(first ?? '', /^\d+/, 'the reader answered');
  try {
    const r = run('seed', '--demo', '--orders', '500', '--volunteers', '100', '--db', db);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(db, 'PRAGMA journal_mode')[0].journal_mode, 'wal');
    assert.equal(sql(db, "SELECT count(*) AS n FROM orders WHERE need LIKE '【演示数据】第%'")[0].n, 500);
    assert.equal(run('check', '--db', db).status, 0);
  } finally {
    reader.stdin.end();
    await exited;
  }
});

test('serve refuses to start with a broken template, naming the file', () => {
  const dir = tmp();
  assert.equal(run('init', '--db', path.join(dir, 'x.db')).status, 0);
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
  const now = Math.floor(nowMs() / 1000), old = now - 200 * 86400;
  const ins = (code, state, updated) => sql(db, `INSERT INTO orders(code, service_id, org_id, address, need,
    contact_name, contact_phone, channel, state, consent_at, created_at, updated_at, due_at)
    VALUES ('${code}', (SELECT id FROM services LIMIT 1), (SELECT id FROM orgs WHERE kind = 'station' LIMIT 1),
    '某村某号', '需要帮助', '张三', '13800000000', 'web', '${state}', ${old}, ${old}, ${updated}, ${old})`);
  ins('OLDCLOSED', 'rated', old);
  ins('OLDOPENED', 'accepted', old);
  ins('NEWCLOSED', 'cancelled', now - 10 * 86400);
  // The SMS each resident was sent, and 验证码 from three days ago and today.
  sql(db, `INSERT INTO messages(created_at, kind, order_id, phone, text, sms)
    SELECT ${old}, 'resident_received', id, '13800000000', '【文明朔城】您的服务申请已受理', 'sent' FROM orders;
    INSERT INTO messages(created_at, kind, phone, text, sms) VALUES
    (${now - 3 * 86400}, 'code_order', '13800000001', '【文明朔城】验证码******', 'sent'),
    (${now}, 'code_order', '13800000002', '【文明朔城】验证码******', 'sent');
    INSERT INTO phone_codes(phone, purpose, code_hash, created_at, expires_at)
    VALUES ('13800000001', 'order', zeroblob(32), ${now - 3 * 86400}, ${now - 3 * 86400 + 600}),
    ('13800000002', 'order', zeroblob(32), ${now}, ${now + 600})`);
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
  assert.deepEqual(sql(db, `SELECT o.code, m.phone, m.text FROM messages m JOIN orders o ON o.id = m.order_id ORDER BY o.code`)
    .map((x) => [x.code, x.phone, x.text]), [
    ['NEWCLOSED', '13800000000', '【文明朔城】您的服务申请已受理'],
    ['OLDCLOSED', '', '【文明朔城】您的服务申请已受理'],
    ['OLDOPENED', '13800000000', '【文明朔城】您的服务申请已受理'],
  ], 'the SMS of a purged request lose the phone');
  assert.deepEqual(sql(db, 'SELECT phone FROM phone_codes').map((x) => x.phone), ['13800000002'], 'old 验证码 go');
  assert.deepEqual(sql(db, "SELECT phone FROM messages WHERE kind = 'code_order'").map((x) => x.phone), ['13800000002'],
    'and the SMS that carried them');
  assert.match(run('purge', '--older-than', '5', '--db', db).stdout, /of 1 request/);
  assert.equal(run('purge', '--older-than', 'x', '--db', db).status, 2);
});
