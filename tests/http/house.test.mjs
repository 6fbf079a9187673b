// house.test.mjs: the rules of the tree that a grep can check (issue 17;
// README "A map of the code"). No server: it reads src/.
//   - no SQL outside src/model/;
//   - nothing in src/lib/ includes anything of sidan outside src/lib/;
//   - the model includes nothing from http/, page/, api/ or view/;
//   - the request core reaches pages only through the route table and the
//     one error-page call: of src/http/, only route.c names page or API code;
//   - includes are written from src/, never with "../".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../lib/harness.mjs';

const src = path.join(root, 'src');

// Every C, C++ and header file under dir (relative to src/), recursively.
function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(path.join(src, d), { withFileTypes: true })) {
      const rel = path.join(d, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(c|h|cc)$/.test(e.name)) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

const read = (rel) => fs.readFileSync(path.join(src, rel), 'utf8');
// The local includes of a file: ["model/db.h", ...].
const includes = (rel) => [...read(rel).matchAll(/^\s*#\s*include\s+"([^"]+)"/gm)].map((m) => m[1]);
// A file's text without its comments, so a comment may name what code may not use.
const code = (rel) => read(rel).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

const ALL = filesUnder('.');
const layer = (rel) => rel.split(path.sep)[0];

test('no SQL outside src/model/', () => {
  const sql = /\bsqlite3_[a-z_]+\s*\(|\bdb_stmt\s*\(|"\s*(SELECT|INSERT|UPDATE|DELETE|PRAGMA|CREATE|REPLACE)\s/;
  const found = ALL.filter((f) => layer(f) !== 'model' && sql.test(code(f)));
  assert.deepEqual(found, [], 'files outside the model that run SQL');
});

test('src/lib/ includes nothing of sidan outside src/lib/', () => {
  const found = filesUnder('lib').flatMap((f) => includes(f).filter((i) => !i.startsWith('lib/')).map((i) => `${f}: ${i}`));
  assert.deepEqual(found, []);
});

test('the model includes nothing from http/, page/, api/ or view/', () => {
  const found = filesUnder('model').flatMap((f) => includes(f)
    .filter((i) => /^(http|page|api|view)\//.test(i)).map((i) => `${f}: ${i}`));
  assert.deepEqual(found, []);
});

test('the request core reaches pages and the API only through the route table', () => {
  const found = filesUnder('http').filter((f) => f !== path.join('http', 'route.c'))
    .flatMap((f) => includes(f).filter((i) => /^(page|api)\//.test(i)).map((i) => `${f}: ${i}`));
  assert.deepEqual(found, []);
});

test('includes are written from src/, never with ../, and every one names a file', () => {
  const bad = ALL.flatMap((f) => includes(f).filter((i) => i.includes('..') ||
    (!fs.existsSync(path.join(src, i)) && !i.startsWith('gen/'))).map((i) => `${f}: ${i}`));
  assert.deepEqual(bad, []);
});

test('every file under src/ begins with a comment saying what it is for', () => {
  const bare = ALL.filter((f) => !/^\s*\/\*/.test(read(f)) && !/^\s*\/\//.test(read(f)));
  assert.deepEqual(bare, []);
});

test('the Debian package carries the version sidan --version prints', () => {
  const v = read('version.h').match(/#define SIDAN_VERSION "([^"]+)"/)[1];
  const changelog = fs.readFileSync(path.join(root, 'deploy/debian/changelog'), 'utf8');
  assert.equal(changelog.match(/^sidan \(([^)]+)\)/)[1], v);
});

// README "Who hears what" is src/model/message_text.c in words: the same
// kinds, recipients and texts, in the same order.
test('the README\'s table of messages is the code\'s table', () => {
  const code = fs.readFileSync(path.join(src, 'model/message_text.c'), 'utf8');
  const rows = [...code.matchAll(/\{ \{ "(\w+)", (TO_\w+), (\d), "([^"]*)",\s*"([^"]*)" \}/g)]
    .map((m) => [m[1], { TO_RESIDENT: '群众', TO_VOLUNTEER: '志愿者', TO_STAFF: '工作人员' }[m[2]], m[5]]);
  assert.ok(rows.length >= 20, `${rows.length} kinds read`);
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const table = readme.split('### Who hears what')[1].split('\n\n- ')[0];
  const listed = [...table.matchAll(/^\| (群众|志愿者|工作人员) \| `(\w+)`[^|]* \| [^|]* \| ([^|]*) \|/gm)]
    .map((m) => [m[2], m[1], m[3]]);
  assert.deepEqual(listed, rows);
});
