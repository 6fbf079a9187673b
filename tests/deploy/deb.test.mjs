// deb.test.mjs: the Debian package as an administrator meets it (issue 14,
// items 19 and 21). In a throwaway Debian 12 root (tests/deploy/debroot.sh:
// debootstrap, cached in DEB_CACHE; its own mount, network and process
// namespaces) with Debian's nginx in its stock configuration, the package is
// installed with the site's address preseeded; sidan is started as its
// systemd unit says (systemd does not run in a chroot) and nginx with the
// package's site. The home page comes through nginx for the site's name and
// nothing at all for any other Host; removing keeps the data and gives
// Debian's default site back, reinstalling finds the same data, purging
// removes it. Run by `make deb-test`, which builds the package first
// (SIDAN_DEB names it). Needs root, as installing a package does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const deb = process.env.SIDAN_DEB ? path.resolve(here, '..', process.env.SIDAN_DEB) : null;
const script = path.join(here, 'debroot.sh');
const URL_ = 'http://wm.test';
let out;

const read = (name) => fs.readFileSync(path.join(out, name), 'utf8');
const rc = (name) => Number(read(`${name}.rc`).trim());
const status = (name) => Number((read(`${name}.head`).match(/^HTTP\/\S+ (\d+)/) || [])[1]);

before(() => {
  assert.ok(deb && fs.existsSync(deb), 'SIDAN_DEB must name the built package: run `make deb-test`');
  assert.equal(process.getuid(), 0, 'installing a package in a chroot needs root');
  const cache = spawnSync(script, ['cache', deb], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 15 * 60e3 });
  assert.equal(cache.status, 0, 'the cached Debian 12 root could not be made (debroot.sh cache)');
  fs.mkdirSync(path.join(here, '../.tmp'), { recursive: true });
  out = fs.mkdtempSync(path.join(here, '../.tmp/deb-run-'));
  const run = spawnSync(script, ['run', deb, out, URL_], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 10 * 60e3 });
  assert.equal(run.status, 0, 'debroot.sh run failed');
});

after(() => {
  if (out && !process.env.KEEP_TMP) fs.rmSync(out, { recursive: true, force: true });
});

test('it installs over Debian\'s stock nginx, which had its default site enabled', () => {
  assert.equal(read('stock-sites.txt').trim(), 'default', 'the root is a stock nginx');
  const log = read('install.txt');
  assert.match(log, /Setting up sidan /, log);
  assert.doesNotMatch(log, /install failed|dpkg: error/, log);
  assert.match(log, /disabled nginx's default site/);
  assert.equal(read('sites.txt').trim(), 'sidan', 'only sidan\'s site is enabled');
});

test('it makes the sidan system user and a private database with the address from debconf', () => {
  assert.match(read('passwd.txt'), /^sidan:x:\d{1,3}:\d+:[^:]*:\/var\/lib\/sidan:\/usr\/sbin\/nologin$/m);
  assert.match(read('data.txt'), /^sidan:sidan 750 \/var\/lib\/sidan$/m);
  assert.match(read('data.txt'), /^sidan:sidan 600 \/var\/lib\/sidan\/sidan\.db$/m);
  assert.match(read('etc.txt'), /^SIDAN_BASE_URL=http:\/\/wm\.test$/m);
  assert.match(read('etc.txt'), /^server_name wm\.test;$/m);
  assert.match(read('sidan-start.txt'), /serving fd 0 with \d+ workers/, 'sidan starts as its unit says');
});

test('the home page comes through nginx for the site\'s name, with the real tree and no demo data', () => {
  assert.equal(rc('home'), 0);
  assert.equal(status('home'), 200);
  const home = read('home.body');
  assert.match(home, /<title>首页 · 文明朔城/);
  assert.match(home, /朔城区新时代文明实践中心/);
  assert.doesNotMatch(home, /演示/, 'no demo rows on a fresh install');
  assert.equal(status('css'), 200, 'nginx serves the static files from /usr/share/sidan');
  assert.equal(status('sites'), 200);
  assert.match(read('sites.body'), /北城街道/);
});

test('links and QR codes carry the configured address', () => {
  assert.equal(status('poster'), 200);
  assert.match(read('poster.body'), /网址：http:\/\/wm\.test\/order\/new\?site=\d+/);
});

test('any other Host, the bare address or no Host at all gets no answer (444)', () => {
  for (const name of ['evil', 'bare', 'nohost']) {
    assert.equal(rc(name), 52, `${name}: curl reports an empty reply`);
    assert.equal(read(`${name}.head`), '', `${name}: no status line, no header`);
  }
});

test('removing the package keeps the data and gives Debian\'s default site back', () => {
  assert.doesNotMatch(read('remove.txt'), /remove failed/, read('remove.txt'));
  assert.equal(read('removed-sites.txt').trim(), 'default');
  assert.match(read('removed-data.txt'), /^sidan\.db$/m);
  assert.match(read('removed-data.txt'), /^sidan\.db\.key$/m);
  assert.match(read('removed-nginx-t.txt'), /test is successful/);
  assert.equal(status('removed-home'), 200);
  assert.match(read('removed-home.body'), /Welcome to nginx/);
});

test('installed again, it finds the same database and enables its site again', () => {
  assert.match(read('useradd.txt'), /wangmin/);
  assert.doesNotMatch(read('reinstall.txt'), /reinstall failed/, read('reinstall.txt'));
  assert.equal(read('reinstalled-sites.txt').trim(), 'sidan');
  assert.match(read('reinstalled-users.txt'), /^wangmin\s+dispatcher\s+active\s+王敏/m);
});

test('purging removes the database, the settings and the site', () => {
  assert.doesNotMatch(read('purge.txt'), /purge failed/, read('purge.txt'));
  const purged = read('purged.txt');
  for (const p of ['/var/lib/sidan', '/etc/sidan', '/etc/nginx/sites-available/sidan'])
    assert.match(purged, new RegExp(`cannot access '${p}'`), `${p} is gone`);
});
