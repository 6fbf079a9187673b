// photos_store.test.mjs: the media store as the operator meets it (issue 16,
// storage): `sidan check` counts the photo files against the photos table
// (a file no photo names, a photo whose file is gone, each reported with
// what to do; clean otherwise), `sidan backup` copies the photo files with
// the database and a server restored from the copy serves them, and
// `sidan purge` takes a resident's photos with their contact details and
// leaves every other photo.
//
// Photos are put in the store as a worker would leave them, without the
// forms: pictures converted by the real sidan-image (beside the sidan under
// test), filed under their SHA-256, and their rows written with sqlite3.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, sql, start } from '../lib/harness.mjs';
import { nowSec } from '../lib/clock.mjs';
import { signIn, get } from '../lib/staff.mjs';

const helper = path.join(path.dirname(bin), 'sidan-image');
const run = (args, env = {}) => spawnSync(bin, args, { encoding: 'utf8', timeout: 30000,
  env: { ...process.env, ...env } });
const dirs = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-photostore-'));
  dirs.push(d);
  return d;
};
after(() => { if (!process.env.KEEP_TMP) dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })); });

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const storePath = (media, hash) => path.join(media, hash.slice(0, 2), `${hash}.jpg`);

let pictures = 0;
// Converts a picture unlike every other one of this run (its own grey and
// size) with sidan-image, as a worker does; returns the display file and
// the thumbnail, each { path, hash, width, height, bytes }.
function convert(work) {
  const n = ++pictures;
  const v = (name) => path.join(work, `${name}${n}`);
  execFileSync('vips', ['black', `${v('b')}.v`, String(400 + n), '300']);
  execFileSync('vips', ['linear', `${v('b')}.v`, `${v('src')}.png`, '1', String((n * 37) % 250), '--uchar']);
  const line = execFileSync(helper, [`${v('src')}.png`, `${v('disp')}.jpg`, `${v('thumb')}.jpg`],
    { encoding: 'utf8' }).trim();
  const m = line.match(/^ok (\d+) (\d+) (\d+) (\d+)$/);
  assert.ok(m, `sidan-image: ${line}`);
  const one = (p, w, h) => ({ path: p, hash: sha256(p), width: Number(w), height: Number(h),
    bytes: fs.statSync(p).size });
  return { file: one(`${v('disp')}.jpg`, m[1], m[2]), thumb: one(`${v('thumb')}.jpg`, m[3], m[4]) };
}

// Files a converted photo's two files in the store, as media_publish
// leaves them (0750 directories, 0640 files).
function file(media, photo) {
  for (const f of [photo.file, photo.thumb]) {
    const to = storePath(media, f.hash);
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o750 });
    fs.copyFileSync(f.path, to);
    fs.chmodSync(to, 0o640);
  }
}

// A converted photo, filed in the store with its row: kind 'request' or
// 'completion' of order id, public (completion only) 0 or 1.
function addPhoto(db, media, work, order, kind, pub = 0) {
  const p = convert(work);
  file(media, p);
  sql(db, `INSERT INTO photos(kind, order_id, file, width, height, thumb, thumb_width, thumb_height,
    bytes, public, created_at) VALUES ('${kind}', ${order}, '${p.file.hash}', ${p.file.width},
    ${p.file.height}, '${p.thumb.hash}', ${p.thumb.width}, ${p.thumb.height},
    ${p.file.bytes + p.thumb.bytes}, ${pub}, ${nowSec()})`);
  return p;
}

// A resident's request in state, last changed at updated; returns its id.
function addOrder(db, code, state, updated) {
  const t = nowSec() - 400 * 86400;
  sql(db, `INSERT INTO orders(code, service_id, org_id, address, need, contact_name, contact_phone,
    channel, state, consent_at, created_at, updated_at, due_at)
    VALUES ('${code}', (SELECT id FROM services LIMIT 1), (SELECT id FROM orgs WHERE code = '140602100201'),
    '马邑村东街12号', '水管漏了，请帮忙看看', '王女士', '13800138000', 'web', '${state}', ${t}, ${t},
    ${updated}, ${t + 86400})`);
  return sql(db, `SELECT id FROM orders WHERE code = '${code}'`)[0].id;
}

// A database made by init and seed in a new directory, with its store.
function freshStore() {
  const dir = tmp();
  const db = path.join(dir, 'sidan.db');
  assert.equal(run(['init', '--db', db]).status, 0);
  assert.equal(run(['seed', '--db', db]).status, 0);
  const media = path.join(dir, 'media');
  fs.mkdirSync(path.join(media, 'tmp'), { recursive: true });
  return { dir, db, media, work: fs.mkdtempSync(path.join(dir, 'work-')) };
}

// Every file under dir, relative to it, sorted.
const filesUnder = (dir) => (fs.readdirSync(dir, { recursive: true }))
  .filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();

test('check counts the photo files against the photos table: an orphan and a missing file are problems, each with what to do', async () => {
  const { dir, db, media, work } = freshStore();
  const order = addOrder(db, 'PHOTOCHK1', 'accepted', nowSec());
  const req = addPhoto(db, media, work, order, 'request');
  addPhoto(db, media, work, order, 'completion');
  let r = run(['check', '--db', db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^media: 4 file\(s\), [\d.]+ KB in .*media$/m);
  assert.match(r.stdout, /is clean/);
  assert.doesNotMatch(r.stdout, /no photo names|missing|unfinished/);

  // A picture in the store that no photo names (a crash before its row).
  const stray = convert(work);
  file(media, stray);
  // And a photo whose thumbnail is gone.
  const gone = storePath(media, req.thumb.hash);
  fs.renameSync(gone, path.join(work, 'kept.jpg'));
  r = run(['check', '--db', db]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^media: 2 file\(s\) in .*media that no photo names: sidan serve removes them when it next starts/m);
  assert.match(r.stdout, /^media: 1 photo file\(s\) named in the database are missing from .*media: copy them back from the newest backup's DEST\.media/m);
  assert.match(r.stdout, /^sidan: check: 3 problem\(s\) in /m);
  assert.doesNotMatch(r.stdout, /is clean/);
  // check changes nothing.
  assert.ok(fs.existsSync(storePath(media, stray.file.hash)));

  // An upload left by a form in progress is not a problem; one a day old is.
  const young = path.join(media, 'tmp', 'upload-young1');
  const old = path.join(media, 'tmp', 'upload-oldold');
  fs.writeFileSync(young, 'x');
  fs.writeFileSync(old, 'x');
  const dayAgo = Date.now() / 1000 - 2 * 86400;
  fs.utimesSync(old, dayAgo, dayAgo);
  r = run(['check', '--db', db]);
  assert.match(r.stdout, /^media: 1 unfinished upload\(s\) older than a day in .*tmp: sidan serve removes them/m);
  assert.match(r.stdout, /^media: 1 upload\(s\) in progress in .*tmp \(forms not sent on yet; not a problem/m);
  assert.match(r.stdout, /^sidan: check: 4 problem\(s\) in /m);

  // SIDAN_MEDIA_DIR says where the store is: an empty one misses all 4.
  const elsewhere = path.join(dir, 'elsewhere');
  fs.mkdirSync(elsewhere);
  r = run(['check', '--db', db], { SIDAN_MEDIA_DIR: elsewhere });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^media: 4 photo file\(s\) named in the database are missing from .*elsewhere/m);

  // sidan serve, at its start, removes the orphans and the uploads; the
  // missing file is put back from where it was kept: clean again.
  const s = await start({ dbDir: dir, demo: false });
  try {
    assert.match(s.log(), /removed 2 unfinished upload\(s\) and 2 file\(s\) no photo names/);
    assert.match(s.log(), /1 photo file\(s\) missing from/);
  } finally { await s.stop(); }
  assert.equal(fs.existsSync(storePath(media, stray.file.hash)), false);
  fs.renameSync(path.join(work, 'kept.jpg'), gone);
  r = run(['check', '--db', db]);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /^media: 4 file\(s\)/m);
  assert.match(r.stdout, /is clean/);
});

test('backup copies the photo files beside the database, and a server restored from it serves them', async () => {
  const a = await start({ dbDir: tmp() });
  const media = path.join(path.dirname(a.db), 'media');
  const work = tmp();
  let pub, priv;
  const dest = path.join(tmp(), 'backup.db');
  try {
    const order = addOrder(a.db, 'PHOTOBAK1', 'rated', nowSec());
    pub = addPhoto(a.db, media, work, order, 'completion', 1);
    priv = addPhoto(a.db, media, work, order, 'request');
    assert.equal((await get(a.url, `/photos/${pub.file.hash}.jpg`)).status, 200, 'the public photo is served');
    // While the server runs.
    const r = run(['backup', dest, '--db', a.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /integrity ok/);
    assert.match(r.stdout, /its 4 photo file\(s\) \([\d.]+ KB\) from .*media to .*backup\.db\.media/);
    assert.match(r.stdout, /To restore: stop sidan; put .*backup\.db in place of .*sidan\.db .*cp -a .*backup\.db\.media .*media/);
    assert.equal(r.stderr, '');
    // Exactly the four files, under their store names, whole.
    const copied = filesUnder(`${dest}.media`);
    assert.deepEqual(copied, [pub.file, pub.thumb, priv.file, priv.thumb]
      .map((f) => path.join(f.hash.slice(0, 2), `${f.hash}.jpg`)).sort());
    for (const f of copied) assert.equal(sha256(path.join(`${dest}.media`, f)), path.basename(f, '.jpg'));
    assert.equal((fs.statSync(dest).mode & 0o777).toString(8), '600');
    assert.equal((fs.statSync(`${dest}.media`).mode & 0o777).toString(8), '750');
    assert.deepEqual(fs.readdirSync(path.dirname(dest)).sort(), ['backup.db', 'backup.db.media'],
      'no temporary file is left');
    // check on the backup counts its own photos, in DEST.media.
    const cb = run(['check', '--db', dest]);
    assert.equal(cb.status, 0, cb.stdout);
    assert.match(cb.stdout, /^media: 4 file\(s\), [\d.]+ KB in .*backup\.db\.media$/m);
    // Not again over the same name.
    const again = run(['backup', dest, '--db', a.db]);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /exists; choose a new file/);
  } finally { await a.stop(); }

  // The restore, as the help says: the copy in place of the database, a
  // copy of DEST.media in place of media/.
  const dirB = tmp();
  fs.copyFileSync(dest, path.join(dirB, 'sidan.db'));
  execFileSync('cp', ['-a', `${dest}.media`, path.join(dirB, 'media')]);
  const c = run(['check', '--db', path.join(dirB, 'sidan.db')]);
  assert.equal(c.status, 0, c.stdout);
  assert.match(c.stdout, /^media: 4 file\(s\)/m);
  const b = await start({ dbDir: dirB, demo: false });
  try {
    for (const f of [pub.file, pub.thumb]) {
      const got = await get(b.url, `/photos/${f.hash}.jpg`);
      assert.equal(got.status, 200, 'the public photo is served by the restored server');
      assert.equal(got.headers.get('content-type'), 'image/jpeg');
      assert.ok(Buffer.from(await got.arrayBuffer()).equals(fs.readFileSync(f.path)), 'the same bytes');
    }
    // The resident's photo is there too, for staff only.
    assert.equal((await get(b.url, `/photos/${priv.file.hash}.jpg`)).status, 404);
    const staff = await signIn(b.url, 'dispatcher');
    const got = await get(b.url, `/photos/${priv.file.hash}.jpg`, staff);
    assert.equal(got.status, 200);
    assert.ok(Buffer.from(await got.arrayBuffer()).equals(fs.readFileSync(priv.file.path)));
  } finally { await b.stop(); }
});

test('purge removes the photos of a request closed long ago with its contact details, and keeps every other photo', () => {
  const { db, media, work } = freshStore();
  const now = nowSec();
  const old = addOrder(db, 'PHOTOOLD1', 'rated', now - 200 * 86400);
  const recent = addOrder(db, 'PHOTONEW1', 'rated', now - 10 * 86400);
  const open = addOrder(db, 'PHOTOOPN1', 'accepted', now - 200 * 86400);
  const gone = [addPhoto(db, media, work, old, 'request'), addPhoto(db, media, work, old, 'request')];
  const kept = [addPhoto(db, media, work, old, 'completion', 1), addPhoto(db, media, work, recent, 'request'),
    addPhoto(db, media, work, open, 'request')];
  const r = run(['purge', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /removed the contact details of 1 request\(s\) closed more than 180 days ago/);
  assert.match(r.stdout, /removed 2 photo\(s\) residents sent with requests closed more than 180 days ago/);
  assert.deepEqual(sql(db, `SELECT o.code, p.kind FROM photos p JOIN orders o ON o.id = p.order_id
    ORDER BY p.id`).map((x) => `${x.code} ${x.kind}`),
  ['PHOTOOLD1 completion', 'PHOTONEW1 request', 'PHOTOOPN1 request'], 'the rows');
  for (const p of gone)
    for (const f of [p.file, p.thumb]) assert.equal(fs.existsSync(storePath(media, f.hash)), false, 'its files go');
  for (const p of kept)
    for (const f of [p.file, p.thumb]) assert.ok(fs.existsSync(storePath(media, f.hash)), 'the others stay');
  assert.deepEqual(sql(db, "SELECT contact_name, contact_phone FROM orders WHERE code = 'PHOTOOLD1'"),
    [{ contact_name: '', contact_phone: '' }]);
  const c = run(['check', '--db', db]);
  assert.equal(c.status, 0, c.stdout);
  assert.match(c.stdout, /^media: 6 file\(s\)/m);
  // Nothing more the next day.
  assert.match(run(['purge', '--db', db]).stdout, /removed 0 photo\(s\)/);
});
