// rating.mjs: helpers for the tests of 群众评单: bring a request to 已完成
// through the real desk and volunteer pages (or straight in the database),
// post the rating form from the private link or the tracking page, read
// what the rating part of a page and the follow-up desk show, build the
// figures' data with SQL, and read the figures page and its SVG charts.
import { execFileSync } from 'node:child_process';
import { sql } from './harness.mjs';
import { submit, formTokens } from './order.mjs';
import { page, act, versionOf } from './staff.mjs';
import { postForm, postFrom, vact, beijing } from './volunteer.mjs';
import { nowMs } from './clock.mjs';

let seq = 0;
// A fresh resident's phone number (at most 5 requests a day per number).
// Its last four digits are never 0000, so a "wrong" 0000 is always wrong.
export function residentPhone(prefix = '1887') {
  return `${prefix}${String(3000000 + seq++ * 7 + 1)}`;
}

// The last four digits of phone.
export const last4 = (phone) => phone.slice(-4);

// Four digits that are not the last four of phone.
export const wrong4 = (phone) => String((Number(last4(phone)) + 1111) % 10000).padStart(4, '0');

// Dispatches code to team id through the desk, as staff.
export async function dispatch(base, staff, code, teamId) {
  const html = await page(base, `/desk/order/${code}`, staff);
  const r = await act(base, staff, code, 'dispatch', { version: versionOf(html), team: teamId });
  if (r.status !== 303) throw new Error(`dispatch ${code}: ${r.status}\n${(await r.text()).slice(0, 400)}`);
}

// Volunteer me (vSignIn, a member of the team) accepts code and completes
// it with one hour of service.
export async function acceptAndComplete(base, me, code, volunteerId) {
  const a = await vact(base, me, code, 'accept');
  if (a.status !== 303) throw new Error(`accept ${code}: ${a.status}\n${(await a.text()).slice(0, 400)}`);
  const now = nowMs();
  const c = await vact(base, me, code, 'complete', { what: '上门服务，已按约定完成',
    start: beijing(now - 2 * 3600e3).local, end: beijing(now - 3600e3).local, [`m_${volunteerId}`]: '60' });
  if (c.status !== 303) throw new Error(`complete ${code}: ${c.status}\n${(await c.text()).slice(0, 400)}`);
}

// A request made by a resident and brought to 已完成 through the real
// pages: submitted, dispatched to teamId by staff, accepted and completed
// by volunteer me. Returns { code, token, phone }.
export async function completedRequest(base, { staff, me, volunteerId, teamId, changes = {} }) {
  const phone = changes.phone || residentPhone();
  const { code, token } = await submit(base, { name: '评单测试', ...changes, phone });
  await dispatch(base, staff, code, teamId);
  await acceptAndComplete(base, me, code, volunteerId);
  return { code, token, phone };
}

// A request made by a resident and marked 已完成 straight in the database
// (completed at `at` unix seconds, default now), for the tests that only
// need something to rate. Returns { code, token, phone }.
export async function completedBySql(base, db, { at, changes = {} } = {}) {
  const phone = changes.phone || residentPhone();
  const { code, token } = await submit(base, { name: '评单测试', ...changes, phone });
  const t = at ?? Math.floor(nowMs() / 1000);
  sql(db, `UPDATE orders SET state = 'completed', completed_at = ${t}, updated_at = ${t},
    version = version + 1 WHERE code = '${code}';
    INSERT INTO order_events(order_id, at, actor, from_state, to_state, note, public)
    SELECT id, ${t}, 'volunteer', 'accepted', 'completed', '', 1 FROM orders WHERE code = '${code}';`);
  return { code, token, phone };
}

// The hidden tokens of the rating form on html, or of the first form if it
// has none (anonymous form tokens are not tied to one form).
export function rateTokens(html) {
  const form = html.match(/<form[^>]*action="[^"]*\/rate"[\s\S]*?<\/form>/);
  return formTokens(form ? form[0] : html);
}

// Fresh anonymous form tokens from the request form.
export async function anyTokens(base) {
  return formTokens(await (await fetch(base + '/order/new')).text());
}

// POSTs a rating from the private link /m/TOKEN/rate with the tokens of
// the manage page (or of /order/new when it shows no rating form).
export async function rateByLink(base, token, fields, headers = {}) {
  const html = await (await fetch(`${base}/m/${token}`)).text();
  const t = /action="[^"]*\/rate"/.test(html) ? rateTokens(html) : await anyTokens(base);
  return postForm(base, `/m/${token}/rate`, { ...t, ...fields }, headers);
}

// POSTs a rating from the tracking page /track/CODE/rate (fields carry
// last4), from the loopback address `from` (127.0.0.N) if given: the
// failed last-four checks are counted per address too.
export async function rateByCode(base, code, fields, from = null) {
  const html = await (await fetch(`${base}/track/${code}`)).text();
  const t = /action="[^"]*\/rate"/.test(html) ? rateTokens(html) : await anyTokens(base);
  return from ? postFrom(from, base, `/track/${code}/rate`, { ...t, ...fields })
    : postForm(base, `/track/${code}/rate`, { ...t, ...fields });
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, '&');

// What the rating part of a manage or tracking page shows:
// { form: action or null, last4: bool, error, notice, rated: { level, tags,
// comment } or null, levels: [[value, label, checked]], tags: [[tag,
// checked]], comment (the textarea's text), show (ticked) }.
export function rateView(html) {
  const out = { form: null, last4: false, error: null, notice: null, rated: null,
    levels: [], tags: [], comment: null, show: false };
  const rated = html.match(/<section aria-labelledby="h-rated">([\s\S]*?)<\/section>/);
  if (rated) {
    const p = rated[1].match(/<p><strong>([^<]*)<\/strong>(?: · ([^<]*))?<\/p>/);
    const c = rated[1].match(/<p class="pre">([\s\S]*?)<\/p>/);
    out.rated = { level: p ? p[1] : null, tags: p && p[2] ? p[2] : '', comment: c ? unescape(c[1]) : null };
  }
  const notice = html.match(/<div class="notice" role="alert"><p>([^<]*)<\/p><\/div>/);
  if (notice) out.notice = notice[1];
  const sec = html.match(/<section aria-labelledby="h-rate">([\s\S]*?)<\/section>/);
  if (sec) {
    const s = sec[1];
    const f = s.match(/<form class="form" method="post" action="([^"]+)"/);
    out.form = f ? f[1] : null;
    out.last4 = /name="last4"/.test(s);
    const e = s.match(/<div class="errors" role="alert"><p>([^<]*)<\/p><\/div>/);
    if (e) out.error = e[1];
    out.levels = [...s.matchAll(/<input type="radio" name="level" value="(\d)"( checked)?> ([^<]+)<\/label>/g)]
      .map((m) => [Number(m[1]), m[3], !!m[2]]);
    out.tags = [...s.matchAll(/<input type="checkbox" name="tag" value="([^"]+)"( checked)?>/g)]
      .map((m) => [m[1], !!m[2]]);
    const t = s.match(/<textarea id="f-comment"[^>]*>([\s\S]*?)<\/textarea>/);
    out.comment = t ? unescape(t[1]) : null;
    out.show = /id="f-show" name="show" type="checkbox" value="1" checked/.test(s);
  }
  return out;
}

// The state label in a page's summary.
export function stateOf(html) {
  const m = html.match(/<span class="state state-([a-z]+)">([^<]*)<\/span>/);
  return m ? { state: m[1], label: m[2] } : null;
}

// The public timeline of a page: [{ what, note }].
export function timelineOf(html) {
  const ol = html.match(/<ol class="timeline">([\s\S]*?)<\/ol>/);
  if (!ol) return [];
  return [...ol[1].matchAll(/<li><time>[^<]*<\/time> <span class="what">([^<]*)<\/span>(?:<p>([\s\S]*?)<\/p>)?<\/li>/g)]
    .map((m) => ({ what: m[1], note: m[2] === undefined ? null : unescape(m[2]) }));
}

// The items of /desk/followups: { open: [{ id, code, service, place, level,
// comment, error, typed }], done: [{ code, service, level, outcome, note }],
// notice, noneOpen }.
export function followupsView(html) {
  const part = (h) => (html.split(`<h2>${h}</h2>`)[1] || '').split('</ul>')[0];
  const open = [...part('待回访').matchAll(/<li class="overdue">([\s\S]*?)<\/li>/g)].map((m) => {
    const li = m[1];
    const head = li.match(/<a class="rowcode" href="\/desk\/order\/([A-Z2-9]{9})">[^<]*<\/a> · ([^<]*) · ([^<]*) · <strong>([^<]*)<\/strong>/);
    const err = li.match(/<p class="err" role="alert">([^<]*)<\/p>/);
    return {
      id: Number(li.match(/action="\/desk\/followups\/(\d+)\/close"/)[1]),
      code: head[1], service: head[2], place: head[3], level: head[4],
      comment: unescape(li.match(/<p class="pre">([\s\S]*?)<\/p>/)[1]),
      error: err ? err[1] : null,
      typed: unescape(li.match(/<textarea[^>]*>([\s\S]*?)<\/textarea>/)[1]),
      reopenable: /formaction="\/desk\/followups\/\d+\/reopen"/.test(li),
    };
  });
  const done = [...part('已处理').matchAll(/<li><p><a class="rowcode" href="\/desk\/order\/([A-Z2-9]{9})">[^<]*<\/a> · ([^<]*) · ([^<]*) · ([^<]*)<\/p><p class="pre">([\s\S]*?)<\/p><\/li>/g)]
    .map((m) => ({ code: m[1], service: m[2], level: m[3], outcome: m[4], note: unescape(m[5]) }));
  const notice = html.match(/<div class="notice" role="status"><p>([^<]*)<\/p><\/div>/);
  return { open, done, notice: notice ? notice[1] : null, noneOpen: html.includes('没有待回访的申请') };
}

// The open follow-up count the desk shows beside 不满意回访, 0 if none,
// null if there is no such link.
export function followupCount(deskHtml) {
  const m = deskHtml.match(/<a href="\/desk\/followups">不满意回访(?: <strong>(\d+)<\/strong>)?<\/a>/);
  return m ? Number(m[1] || 0) : null;
}

// POSTs a follow-up action (close or reopen) as staff.
export function followupAct(base, staff, id, what, fields = {}) {
  return postForm(base, `/desk/followups/${id}/${what}`, { csrf: staff.csrf, ...fields },
    { cookie: staff.cookie });
}

/* ---------- figures ---------- */

// The text of a cell, tags removed.
const cell = (s) => unescape(s.replace(/<[^>]+>/g, '')).trim();

// The rows of the table whose caption is `caption` on the figures page:
// [[th, td, td, ...]], or null if there is no such table.
export function tableRows(html, caption) {
  const t = html.match(new RegExp(`<table class="data"><caption>${caption}</caption>([\\s\\S]*?)</table>`));
  if (!t) return null;
  const body = t[1].match(/<tbody>([\s\S]*?)<\/tbody>/);
  return [...(body ? body[1] : '').matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((r) => [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => cell(c[1])));
}

// The column headings of that table.
export function tableHead(html, caption) {
  const t = html.match(new RegExp(`<table class="data"><caption>${caption}</caption>([\\s\\S]*?)</table>`));
  const head = t && t[1].match(/<thead>([\s\S]*?)<\/thead>/);
  return head ? [...head[1].matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((c) => cell(c[1])) : null;
}

// The headline figures: { 群众点单: '9', 已办结: '5', 满意率: '66.7%', 已评价: '3' }
// and the average times from the note: { toDispatch, toAccept, toDone }.
export function totalsOf(html) {
  const ul = html.match(/<ul class="figures">([\s\S]*?)<\/ul>/);
  const out = {};
  for (const m of (ul ? ul[1] : '').matchAll(/<li><strong>([^<]*)<\/strong><span>([^<]*)<\/span><\/li>/g))
    out[m[2]] = m[1];
  const t = html.match(/从点单到派单 ([^，]+)，从派单到志愿者接单 ([^，]+)，从点单到完成 ([^。]+)。/);
  if (t) Object.assign(out, { toDispatch: t[1], toAccept: t[2], toDone: t[3] });
  return out;
}

// The five-star teams listed: [{ team, rated, satisfaction }].
export function starsOf(html) {
  const sec = (html.split('<h2>五星服务队</h2>')[1] || '');
  return [...sec.matchAll(/<li>★ ([^（]+)（(\d+) 个评价，满意率 ([^）]+)）<\/li>/g)]
    .map((m) => ({ team: m[1], rated: Number(m[2]), satisfaction: m[3] }));
}

// A month key "YYYY-MM" in Beijing time for unix seconds t.
export const monthOf = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 7);

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
let codeSeq = 0;
// A fresh request code of the alphabet sidan uses (prefix + counter).
export function fakeCode(prefix = 'FG') {
  let n = codeSeq++;
  let s = '';
  for (let i = 0; i < 9 - prefix.length; i++) { s = ALPHABET[n % ALPHABET.length] + s; n = Math.floor(n / ALPHABET.length); }
  return prefix + s;
}

// Inserts requests straight into the database. Each spec: { code, service
// (code), org (orgs.code), state, created, team (id), area (id),
// dispatched, published, accepted, completed (unix seconds or null),
// level, rated (unix seconds) }. Events are written for the times given.
export function insertRequests(db, specs) {
  // A command line has room for about 20 requests at a time.
  for (let i = 0; i < specs.length; i += 20) insertSome(db, specs.slice(i, i + 20));
}

function insertSome(db, specs) {
  const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  const parts = ['BEGIN;'];
  for (const o of specs) {
    const last = Math.max(o.created, o.dispatched || 0, o.published || 0, o.accepted || 0, o.completed || 0);
    parts.push(`INSERT INTO orders(code, service_id, org_id, channel, state, created_at, updated_at, due_at,
      completed_at, team_id, area_id, address, need)
      VALUES (${q(o.code)}, (SELECT id FROM services WHERE code = ${q(o.service)}),
      (SELECT id FROM orgs WHERE code = ${q(o.org)}), 'phone', ${q(o.state)}, ${o.created}, ${last},
      ${o.created + 7 * 86400}, ${q(o.completed)}, ${q(o.team)}, ${q(o.area)}, '测试地址', '统计测试');`);
    const ev = (at, from, to) => parts.push(`INSERT INTO order_events(order_id, at, actor, from_state, to_state, note, public)
      SELECT id, ${at}, 'staff', ${q(from)}, ${q(to)}, '', 1 FROM orders WHERE code = ${q(o.code)};`);
    ev(o.created, null, 'submitted');
    let st = 'submitted';
    if (o.dispatched) { ev(o.dispatched, st, 'dispatched'); st = 'dispatched'; }
    if (o.published) { ev(o.published, st, 'published'); st = 'published'; }
    if (o.accepted) { ev(o.accepted, st, 'accepted'); st = 'accepted'; }
    if (o.completed) { ev(o.completed, st, 'completed'); st = 'completed'; }
    if (['rated', 'unrated', 'rejected', 'cancelled'].includes(o.state)) ev(o.rated || last + 60, st, o.state);
    if (o.level) {
      parts.push(`INSERT INTO ratings(order_id, level, comment, show_comment, tags, via, rated_at)
        SELECT id, ${o.level}, '', 0, '', 'link', ${o.rated || last + 60} FROM orders WHERE code = ${q(o.code)};`);
    }
  }
  parts.push('COMMIT;');
  sql(db, parts.join('\n'));
}

/* ---------- SVG ---------- */

let hasXmllint;
// Returns [] if text is well-formed XML, else the parser's complaints:
// xmllint when installed, else a strict check that every tag is closed in
// order.
export function xmlProblems(text) {
  if (hasXmllint === undefined) {
    try { execFileSync('xmllint', ['--version'], { stdio: 'ignore' }); hasXmllint = true; } catch { hasXmllint = false; }
  }
  if (hasXmllint) {
    try {
      execFileSync('xmllint', ['--noout', '-'], { input: text, stdio: ['pipe', 'pipe', 'pipe'] });
      return [];
    } catch (e) {
      return [String(e.stderr || e.message).trim()];
    }
  }
  const problems = [];
  const stack = [];
  const body = text.replace(/^<\?xml[^>]*\?>\s*/, '');
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g)) {
    if (m[0].startsWith('<!--')) continue;
    if (m[0] === '<') { problems.push(`stray < at ${m.index}`); continue; }
    if (m[0] === '&') { problems.push(`stray & at ${m.index}`); continue; }
    if (m[4]) continue;
    if (m[1]) {
      if (stack.pop() !== m[2]) problems.push(`</${m[2]}> at ${m.index} closes the wrong element`);
    } else stack.push(m[2]);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(', ')}`);
  return problems;
}

// The <title> and <desc> of an SVG document.
export function svgText(svg) {
  const t = svg.match(/<title[^>]*>([\s\S]*?)<\/title>/);
  const d = svg.match(/<desc[^>]*>([\s\S]*?)<\/desc>/);
  return { title: t ? unescape(t[1]) : null, desc: d ? unescape(d[1]) : null };
}
