// order.mjs: helpers for tests that act as a resident: fetch the 点单 form,
// submit it, follow the manage link.
import crypto from 'node:crypto';
import fs from 'node:fs';

// A valid submission, to be varied by each test.
export const GOOD = {
  service: 'tutoring', institute: '140602100000', station: '140602100201',
  address: '马邑村东街12号', need: '孩子三年级数学需要辅导，每周两次', wanted: '周六上午',
  name: '王女士', phone: '13800138000', consent: 'yes',
};

// Returns the hidden nonce and csrf fields of a page's first form.
export function formTokens(html) {
  const nonce = html.match(/name="nonce" value="([^"]+)"/)[1];
  const csrf = html.match(/name="csrf" value="([^"]+)"/)[1];
  return { nonce, csrf };
}

// GETs the form and returns its tokens.
export async function newForm(base) {
  return formTokens(await (await fetch(base + '/order/new')).text());
}

// POSTs fields (plus tokens) to path without following redirects.
export function post(base, path, fields, headers = {}) {
  return fetch(base + path, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

// Submits a good order (with changes); returns { location, token, code, html }.
export async function submit(base, changes = {}) {
  const t = await newForm(base);
  const r = await post(base, '/order/new', { ...GOOD, ...changes, ...t });
  if (r.status !== 303) throw new Error(`submit: ${r.status} ${await r.text()}`);
  const location = r.headers.get('location');
  const token = location.match(/^\/m\/([A-Za-z0-9_-]{43})\?new=1$/)[1];
  const html = await (await fetch(base + location)).text();
  const code = html.match(/class="code">([A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3})</)[1].replace(/-/g, '');
  return { location, token, code, html };
}

// Computes a form token the way sidan does, from the database's key file.
export function forgeFormToken(db, nonce) {
  const key = fs.readFileSync(db + '.key');
  return crypto.createHmac('sha256', key).update(Buffer.concat([Buffer.from('form\0'), Buffer.from(nonce)]))
    .digest('base64url');
}
