// volunteer.mjs: helpers for tests that act as a volunteer (志愿者接单):
// apply through /volunteer/join, sign in at /v/login (cookie "vsid"), act
// on tasks with the session's csrf token, and make approved volunteers in
// bulk for the tests that need many.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formTokens } from './order.mjs';
import { PASSWORD, csrfOf } from './staff.mjs';
import { sql } from './harness.mjs';
import { nowSec } from './clock.mjs';
import { VNU_JAVA } from './vnu.mjs';


// The demo volunteers (sidan seed --demo): approved members of
// 神头镇志愿服务分队 living in 马邑村, with the demo password.
export const DEMO_VOLUNTEERS = ['13900000001', '13900000002', '13900000003'];
export { PASSWORD };

// Where things are, by code (the real tree).
export const PLACES = {
  shentou: '140602100000',	// 神头镇 (所)
  mayi: '140602100201',		// 马邑村 (站 under 神头镇)
  xiaobo: '140602100202',	// 小泊村 (站 under 神头镇)
  beicheng: '140602001000',	// 北城街道 (所)
  limin: '140602101000',	// 利民镇 (所)
};

// Encodes fields as a form body: an array value repeats its field
// (platform=a&platform=b), as checkboxes do.
export function formBody(fields) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null) continue;
    for (const one of Array.isArray(v) ? v : [v]) p.append(k, String(one));
  }
  return p;
}

// POSTs fields (arrays repeat) without following redirects.
export function postForm(base, path, fields, headers = {}) {
  return fetch(base + path, {
    method: 'POST', redirect: 'manual', body: formBody(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

// POSTs fields like postForm, but from the loopback address localAddress
// (127.0.0.N): many phones at once are many client addresses, and nginx
// limits form posts per address. Resolves to { status, headers, text() }.
export function postFrom(localAddress, base, path, fields, headers = {}) {
  const u = new URL(base + path);
  const body = formBody(fields).toString();
  return new Promise((resolve, reject) => {
    const q = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'POST',
      localAddress, agent: false, headers: { 'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, headers: { get: (h) => res.headers[h.toLowerCase()] ?? null },
          text: async () => text });
      });
      res.on('error', reject);
    });
    q.on('error', reject);
    q.end(body);
  });
}

// Returns the value of cookie `name` in a response's Set-Cookie, or null.
export function cookieOf(r, name) {
  const m = (r.headers.get('set-cookie') || '').match(new RegExp(`(?:^|[\\s,])${name}=([^;]*)`));
  return m ? m[1] : null;
}

// The password of application().
export const APPLICANT_PASSWORD = 'Xin-Zhiyuan-2026';

// A good application, to be varied by each test (team ids are the
// database's: pass team).
export function application(changes = {}) {
  return {
    name: '李志愿', phone: '13700000000', password: APPLICANT_PASSWORD,
    institute: PLACES.shentou, station: PLACES.mayi, platform: ['education', 'culture'],
    consent: 'yes', ...changes,
  };
}

// GETs the join form and POSTs fields with its tokens.
export async function apply(base, fields) {
  const t = formTokens(await (await fetch(base + '/volunteer/join')).text());
  return postForm(base, '/volunteer/join', { ...t, ...fields });
}

// Posts the volunteer sign-in form. Returns the response (303 on success).
export async function tryVLogin(base, phone, password = PASSWORD, { remember, next, cookie } = {}) {
  const t = formTokens(await (await fetch(base + '/v/login')).text());
  return postForm(base, '/v/login', { ...t, login: phone, password,
    ...(remember ? { remember: '1' } : {}), ...(next ? { next } : {}) }, cookie ? { cookie } : {});
}

// Signs a volunteer in; returns { cookie, vsid, csrf, phone, setCookie }:
// csrf from the sign-out form of /v.
export async function vSignIn(base, phone, password = PASSWORD, opts = {}) {
  const r = await tryVLogin(base, phone, password, opts);
  if (r.status !== 303) throw new Error(`volunteer sign-in as ${phone}: ${r.status}\n${(await r.text()).slice(0, 400)}`);
  const vsid = cookieOf(r, 'vsid');
  if (!vsid) throw new Error(`volunteer sign-in as ${phone}: no vsid cookie`);
  const me = { cookie: `vsid=${vsid}`, vsid, phone, setCookie: r.headers.get('set-cookie') };
  const page = await fetch(base + '/v', { redirect: 'manual', headers: { cookie: me.cookie } });
  const html = await page.text();
  if (page.status !== 200) throw new Error(`GET /v as ${phone}: ${page.status}`);
  me.csrf = csrfOf(html);
  return me;
}

// POSTs a task action /v/task/CODE/ACTION as volunteer me (from the
// loopback address me.address if the test gave them one).
export function vact(base, me, code, action, fields = {}, headers = {}) {
  const f = { csrf: me.csrf, ...fields };
  const h = { cookie: me.cookie, ...headers };
  return me.address ? postFrom(me.address, base, `/v/task/${code}/${action}`, f, h)
    : postForm(base, `/v/task/${code}/${action}`, f, h);
}

// POSTs a review of an application as staff: what is approve or reject.
export function review(base, staff, id, what, fields = {}) {
  return postForm(base, `/desk/volunteers/${id}/${what}`, { csrf: staff.csrf, ...fields },
    { cookie: staff.cookie });
}

// POSTs an hours action as staff: what is confirm or correct.
export function hourAct(base, staff, id, what, fields = {}) {
  return postForm(base, `/desk/hours/${id}/${what}`, { csrf: staff.csrf, ...fields },
    { cookie: staff.cookie });
}

// The open-task count in the navigation of a volunteer page, 0 if none.
export function navCount(html) {
  const nav = html.match(/<nav aria-label="主导航">([\s\S]*?)<\/nav>/);
  if (!nav) throw new Error('no navigation on the page');
  const m = nav[1].match(/<a href="\/v"[^>]*>我的任务 <span class="badge">(\d+)<\/span><span class="sr">个可接的任务<\/span><\/a>/);
  return m ? Number(m[1]) : 0;
}

// The codes of the tasks a /v page lists under 可以接的任务 (open) and
// 我正在做的 (mine).
export function taskLists(html) {
  const part = (h) => (html.split(`<h2>${h}</h2>`)[1] || '').split('</ul>')[0];
  const codes = (s) => [...s.matchAll(/<a class="rowcode" href="\/v\/task\/([A-Z2-9]{9})">/g)].map((m) => m[1]);
  return { mine: codes(part('我正在做的')), open: codes(part('可以接的任务')) };
}

// A datetime-local value in Beijing time for unix milliseconds ms, and
// the unix seconds sidan should store for it.
export function beijing(ms) {
  const local = new Date(Math.floor(ms / 60000) * 60000 + 8 * 3600 * 1000).toISOString().slice(0, 16);
  return { local, unix: Math.floor(ms / 60000) * 60 };
}

let made = 0;
// Inserts n approved volunteers straight into the database with a real
// argon2id hash (copied from an application), living at org code `place`,
// members of the teams named by id. Returns [{ id, phone, number, name }].
export function makeVolunteers(db, n, { pwhash, place = PLACES.mayi, teams = [], prefix = '1360' } = {}) {
  const out = [];
  const rows = [];
  for (let i = 0; i < n; i++) {
    const k = made++;
    const phone = `${prefix}${String(k).padStart(11 - prefix.length, '0')}`;
    const number = `SC2026${String(900000 + k)}`;
    const name = `测试志愿者${k}`;
    out.push({ phone, number, name });
    rows.push(`('${number}', '${name}', '${phone}', '${pwhash.replace(/'/g, "''")}',
      (SELECT id FROM orgs WHERE code = '${place}'), 'approved', ${nowSec()}, ${nowSec()})`);
  }
  sql(db, `INSERT INTO volunteers(number, name, phone, pwhash, org_id, status, consent_at, created_at)
    VALUES ${rows.join(',\n')};`
    + teams.map((t) => `INSERT INTO team_members(team_id, volunteer_id, joined_at)
      SELECT ${Number(t)}, id, ${nowSec()} FROM volunteers
      WHERE phone IN (${out.map((v) => `'${v.phone}'`).join(',')});`).join('\n'));
  const ids = new Map(sql(db, `SELECT id, phone FROM volunteers WHERE phone IN (${out.map((v) => `'${v.phone}'`).join(',')})`)
    .map((r) => [r.phone, r.id]));
  for (const v of out) v.id = ids.get(v.phone);
  return out;
}

// The Nu Html Checker on many pages in one run (one Java start instead of
// one per page, as vnuErrors in browser.mjs does): pages is { name: html };
// returns [`name: line N: message`] for every error.
export function vnuErrorsMany(pages) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vnu-'));
  const files = {};
  Object.entries(pages).forEach(([name, html], i) => {
    files[name] = path.join(dir, `page${i}.html`);
    fs.writeFileSync(files[name], html);
  });
  let out;
  try {
    out = execFileSync('java', [...VNU_JAVA, '--errors-only', '--format', 'json', ...Object.values(files)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = e.stderr || e.stdout;	// vnu exits 1 when it found errors
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const byFile = new Map(Object.entries(files).map(([name, f]) => [path.basename(f), name]));
  return JSON.parse(out || '{"messages":[]}').messages.filter((m) => m.type === 'error')
    .map((m) => `${byFile.get(path.basename(m.url || '')) || m.url}: line ${m.lastLine}: ${m.message}`);
}
