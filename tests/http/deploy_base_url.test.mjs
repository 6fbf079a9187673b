// deploy_base_url.test.mjs: links and QR codes never follow the Host a
// client sends (issue 14, item 21). `sidan serve` refuses to start without
// SIDAN_BASE_URL unless SIDAN_DEV=1 says it is a developer's server, refuses
// a base URL that is not scheme://host[:port], and with one set, a request
// carrying `Host: evil.example` gets links to the configured address only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, raw, bin, root } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';

// Runs `sidan serve` on a fresh database with env (SIDAN_DEV and
// SIDAN_BASE_URL removed first); returns { status, stderr, socket }, where
// socket says whether it came to listen. A server that starts is stopped
// after 5 s (status null then).
function serveWith(env) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-base-'));
  const db = path.join(dir, 'sidan.db');
  const sock = path.join(dir, 's.sock');
  spawnSync(bin, ['init', '--db', db]);
  const clean = { ...process.env };
  delete clean.SIDAN_DEV;
  delete clean.SIDAN_BASE_URL;
  const r = spawnSync(bin, ['serve', '--listen', sock, '--db', db, '--workers', '1',
    '--templates', path.join(root, 'templates')],
  { env: { ...clean, ...env }, encoding: 'utf8', timeout: 5000, killSignal: 'SIGKILL' });
  const socket = fs.existsSync(sock);
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: r.status, stderr: r.stderr, socket };
}

test('serve refuses to start without SIDAN_BASE_URL, and says what to set', () => {
  const r = serveWith({});
  assert.equal(r.status, 1, `exit status (stderr: ${r.stderr})`);
  assert.equal(r.socket, false, 'it never listened');
  assert.match(r.stderr, /SIDAN_BASE_URL is not set/);
  assert.match(r.stderr, /SIDAN_BASE_URL=https:\/\/wm\.example\.cn/);
  assert.match(r.stderr, /SIDAN_DEV=1/);
});

test('serve refuses a base URL that is not http(s)://host[:port]', () => {
  for (const bad of ['wm.example.cn', 'ftp://wm.example.cn', 'https://', 'https://wm.example.cn/sidan',
    'https://wm.example.cn:', 'https://wm example.cn', 'https://wm.example.cn?x=1', 'https://:80']) {
    const r = serveWith({ SIDAN_BASE_URL: bad });
    assert.ok(r.status > 0, `${bad}: refused with a failing exit status (stderr: ${r.stderr})`);
    assert.equal(r.socket, false, `${bad}: it never listened`);
    assert.match(r.stderr, new RegExp(`SIDAN_BASE_URL=${bad.replace(/[.?*+]/g, '\\$&')}: expected http://HOST or https://HOST`), bad);
  }
});

test('serve starts with SIDAN_DEV=1 and no base URL (the dev runner, the tests)', () => {
  const r = serveWith({ SIDAN_DEV: '1' });
  assert.equal(r.status, null, `still serving when stopped (stderr: ${r.stderr})`);
  assert.equal(r.socket, true);
});

test('with SIDAN_BASE_URL set, a forged Host gets links to the configured address only', async (t) => {
  // SIDAN_DEV is emptied: this server runs as in production.
  const s = await start({ env: { SIDAN_DEV: '', SIDAN_BASE_URL: 'https://wm.example.cn/' } });
  t.after(() => s.stop());
  const get = (p) => raw(s.port, `GET ${p} HTTP/1.0\r\nHost: evil.example\r\n\r\n`);

  // The 扫码点单 poster of a site: the address printed under its QR code.
  const sites = await (await fetch(s.url + '/sites')).text();
  const id = sites.match(/href="\/sites\/(\d+)"/)[1];
  const poster = await get(`/sites/${id}/poster`);
  assert.equal(poster.status, 200);
  assert.match(poster.body, /网址：https:\/\/wm\.example\.cn\/order\/new\?site=\d+/);
  assert.doesNotMatch(poster.body, /evil\.example/);

  // A resident's private manage link, shown on the manage page.
  const { token } = await submit(s.url);
  const manage = await get(`/m/${token}`);
  assert.equal(manage.status, 200);
  assert.ok(manage.body.includes(`https://wm.example.cn/m/${token}`), 'the manage link uses the base URL');
  assert.doesNotMatch(manage.body, /evil\.example/);

  // Open311 discovery tells integrators where the API is.
  const disc = await get('/open311/v2/discovery.json');
  assert.equal(disc.status, 200);
  assert.equal(JSON.parse(disc.body).endpoints[0].url, 'https://wm.example.cn/open311/v2');
});
