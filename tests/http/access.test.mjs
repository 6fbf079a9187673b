// access.test.mjs: who may use which route. The matrix is generated from the
// route table in src/http/route.c, so a route added there is tested here without
// anyone remembering to: every role (anonymous, admin, dispatcher, institute,
// station, leader, volunteer) against every route that is not WHO_ANYONE,
// with a thing in the role's scope and, where the path names a request, an
// application, hours or a certificate, one outside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { start, sql, root } from '../lib/harness.mjs';
import { submit, post, formTokens } from '../lib/order.mjs';
import { ACCOUNTS, signIn, get } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, vSignIn, apply, application } from '../lib/volunteer.mjs';
import { nowMs, nowSec } from '../lib/clock.mjs';

const ROLES = ['anonymous', 'admin', 'dispatcher', 'institute', 'station', 'leader', 'volunteer'];
const STAFF = ['admin', 'dispatcher', 'institute', 'station', 'leader'];
const SIGNED_IN = [...STAFF, 'volunteer'];
// The volunteer of the matrix: a demo member of 神头镇志愿服务分队 in 马邑村.
const VOLUNTEER = DEMO_VOLUNTEERS[0];

// The WHO_ flags of src/http/route.h, as the issue defines them.
const WHO = {
  WHO_ANYONE: ROLES,
  WHO_ADMIN: ['admin'],
  WHO_DISPATCHER: ['dispatcher'],
  WHO_INSTITUTE: ['institute'],
  WHO_STATION: ['station'],
  WHO_LEADER: ['leader'],
  WHO_DESK: ['admin', 'dispatcher', 'institute', 'station'],
  WHO_STAFF: ['admin', 'dispatcher', 'institute', 'station', 'leader'],
  WHO_VOLUNTEER: ['volunteer'],
};

// A new session for role (a valid /logout or /v/logout ends the one it is sent with).
const freshSession = (role) => (role === 'volunteer' ? vSignIn(s.url, VOLUNTEER) : signIn(s.url, ACCOUNTS[role]));
// The POSTs' own session for role: kept while it still opens the role's home
// page, signed in again once a POST ended it (a sign-in costs a password hash,
// ~40 ms of the server's CPU, and the matrix makes hundreds of POSTs). Only
// the role's own sign-out may end it: lastPost[role] is the path of its last
// POST, allowed or refused.
const posting = {};
const lastPost = {};
const ownLogout = (role) => (role === 'volunteer' ? '/v/logout' : '/logout');
async function postingSession(role) {
  const kept = posting[role];
  if (kept) {
    const r = await get(s.url, homeOf(role), kept);
    await r.arrayBuffer();
    if (r.status === 200) return kept;
    assert.equal(lastPost[role], ownLogout(role), `${role}'s session ended after POST ${lastPost[role]}`);
  }
  return (posting[role] = await freshSession(role));
}
// The sign-in page an anonymous GET of row is sent to.
const signInPage = (row) => (row.allowed.size === 1 && row.allowed.has('volunteer') ? '/v/login' : '/login');
// A page each role's session can load (to see it still works).
const homeOf = (role) => (role === 'volunteer' ? '/v' : '/desk');

// Parses the rows `{ METHOD_X, "pattern", handler, WHO_..., flags, multi }`
// of the routes[] table.
function parseRoutes() {
  const src = fs.readFileSync(path.join(root, 'src/http/route.c'), 'utf8');
  const begin = src.indexOf('routes[] = {');
  const end = src.indexOf('};', begin);
  assert.ok(begin > 0 && end > begin, 'the routes[] table is in src/http/route.c');
  const table = src.slice(begin, end).replace(/\/\*[\s\S]*?\*\//g, '');
  const rows = [];
  const re = /\{\s*METHOD_(\w+)\s*,\s*"([^"]*)"\s*,\s*(\w+)\s*,\s*([A-Z_|\s]+?)\s*,\s*([^,{}]+?)\s*,\s*([^,{}]+?)\s*\}/g;
  for (const m of table.matchAll(re)) {
    const who = m[4].split('|').map((w) => w.trim());
    const allowed = new Set();
    for (const w of who) {
      if (!WHO[w]) throw new Error(`route ${m[2]}: unknown who ${w}; teach access.test.mjs about it`);
      for (const role of WHO[w]) allowed.add(role);
    }
    rows.push({ method: m[1], pattern: m[2], handler: m[3], who: m[4].trim(), flags: m[5], allowed });
  }
  // Every row must have been read: the regexp must not skip one silently.
  assert.equal(rows.length, (table.match(/\{\s*METHOD_/g) || []).length, 'every row of the table is parsed');
  return rows;
}

const ROUTES = parseRoutes();
const GUARDED = ROUTES.filter((r) => !r.allowed.has('anonymous'));
const covered = new Set();
const key = (r) => `${r.method} ${r.pattern}`;

let s;
const sessions = {};
let inScope;	// a 马邑村 request dispatched to 神头镇志愿服务分队: in everyone's scope
let outScope;	// a 北城街道 request: only admin and dispatcher may see it
let toAccept;	// another request like inScope, for the volunteer's accept route alone
const ids = {};	// a demo account and a team, for /admin routes
// Things named by id or code, in everyone's scope ('in') and only in the
// center's ('out'): an application to join, hours reported on a request,
// the volunteer's certificate (out: another volunteer's). The routes that
// cannot be made harmless by leaving out a field (approve, confirm) have a
// pair of their own, so the others still find theirs pending.
const things = { application: {}, approve: {}, hour: {}, confirm: {}, certificate: {} };
const noteCount = () => sql(s.db, 'SELECT count(*) AS n FROM order_notes')[0].n;
// What the matrix must never change: applications and hours stay pending.
const pendingState = () => sql(s.db, `SELECT
  (SELECT group_concat(status) FROM volunteers WHERE id IN (${things.application.in}, ${things.application.out})) AS apps,
  (SELECT group_concat(status || minutes) FROM hours WHERE id IN (${things.hour.in}, ${things.hour.out})) AS hours,
  (SELECT count(*) FROM hour_changes) AS changes`)[0];

before(async () => {
  s = await start();
  inScope = (await submit(s.url, { phone: '13911110001' })).code;
  outScope = (await submit(s.url, { institute: '140602001000', station: '', phone: '13911110002',
    address: '北城街道某小区' })).code;
  toAccept = (await submit(s.url, { phone: '13911110003' })).code;
  sql(s.db, `UPDATE orders SET state = 'dispatched', version = version + 1,
    team_id = (SELECT id FROM teams WHERE name = '神头镇志愿服务分队') WHERE code IN ('${inScope}', '${toAccept}')`);
  ids.station = sql(s.db, `SELECT id FROM users WHERE login = '${ACCOUNTS.station}'`)[0].id;
  // A message in each signed-in person's inbox, and an SMS that was never
  // delivered, for /v/inbox/{id}, /desk/inbox/{id} and /admin/messages/{id}.
  ids.inbox = {};
  for (const role of STAFF) {
    sql(s.db, `INSERT INTO messages(created_at, kind, user_id, text, link) SELECT ${nowSec()}, 'staff_digest', id,
      '【文明朔城】有1件新的群众点单待审核，请及时派单：', '/desk' FROM users WHERE login = '${ACCOUNTS[role]}'`);
    ids.inbox[role] = sql(s.db, 'SELECT max(id) AS id FROM messages')[0].id;
  }
  sql(s.db, `INSERT INTO messages(created_at, kind, volunteer_id, phone, text, link) SELECT ${nowSec()}, 'task_team', id,
    phone, '【文明朔城】新任务', '/v' FROM volunteers WHERE phone = '${VOLUNTEER}'`);
  ids.inbox.volunteer = sql(s.db, 'SELECT max(id) AS id FROM messages')[0].id;
  sql(s.db, `INSERT INTO messages(created_at, kind, phone, text, sms, attempts, last_error)
    VALUES (${nowSec()}, 'resident_received', '13911110009', '【文明朔城】您的服务申请已受理', 'dead', 30, 'HTTP 500')`);
  ids.dead = sql(s.db, 'SELECT max(id) AS id FROM messages')[0].id;
  ids.team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
  // A site every desk role may edit (马邑村, the station's own) and one that
  // only the district's may (北城街道).
  ids.site = { in: sql(s.db, "SELECT id FROM orgs WHERE code = '140602100201'")[0].id,
    out: sql(s.db, "SELECT id FROM orgs WHERE code = '140602001000'")[0].id };
  ids.volunteer = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[1]}'`)[0].id;
  // A volunteer to stand down and restore, and an account to disable and
  // enable, that nothing else of the matrix uses.
  ids.member = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[2]}'`)[0].id;
  sql(s.db, `INSERT INTO users(login, name, role, org_id, pwhash, created_at)
    SELECT 'matrix-spare', '矩阵备用', role, org_id, pwhash, created_at FROM users WHERE id = ${ids.station}`);
  ids.spareUser = sql(s.db, "SELECT id FROM users WHERE login = 'matrix-spare'")[0].id;
  // Applications: one living in 马邑村 who chose 神头镇志愿服务分队 (everyone's to
  // review), one in 北城街道 who chose 北城街道's team (only the center's).
  const beiCheng = sql(s.db, "SELECT id FROM teams WHERE name = '北城街道志愿服务分队'")[0].id;
  for (const [kind, k, changes] of [['application', 'in', { phone: '13711110001', team: [ids.team] }],
    ['application', 'out', { phone: '13711110002', institute: '140602001000', station: '', team: [beiCheng] }],
    ['approve', 'in', { phone: '13711110003', team: [ids.team] }],
    ['approve', 'out', { phone: '13711110004', institute: '140602001000', station: '', team: [beiCheng] }]]) {
    const r = await apply(s.url, application(changes));
    assert.equal(r.status, 303, `application ${kind} ${k}`);
    things[kind][k] = sql(s.db, `SELECT id FROM volunteers WHERE phone = '${changes.phone}'`)[0].id;
  }
  // Hours reported on each request, pending (two records each: one for
  // the confirm route alone).
  for (const [k, code] of [['in', inScope], ['out', outScope]]) {
    for (const what of ['权限矩阵', '权限矩阵确认']) {
      sql(s.db, `INSERT INTO hours(volunteer_id, order_id, started_at, ended_at, minutes, what, created_at)
        SELECT ${ids.volunteer}, id, ${nowSec()} - 7200, ${nowSec()} - 3600, 60, '${what}', ${nowSec()}
        FROM orders WHERE code = '${code}'`);
    }
    const hour = (what) => sql(s.db, `SELECT h.id FROM hours h JOIN orders o ON o.id = h.order_id
      WHERE o.code = '${code}' AND h.what = '${what}'`)[0].id;
    things.hour[k] = hour('权限矩阵');
    things.confirm[k] = hour('权限矩阵确认');
  }
  // A 服务照片 on each request, for the 可公开 routes (they change a mark
  // and read no file: the row is enough).
  ids.photo = {};
  for (const [k, code] of [['in', inScope], ['out', outScope]]) {
    sql(s.db, `INSERT INTO photos(kind, order_id, file, width, height, thumb, thumb_width, thumb_height,
      bytes, created_at) SELECT 'completion', id, '${k === 'in' ? 'a' : 'b'}'||substr(hex(zeroblob(32)), 2),
      640, 480, '${k === 'in' ? 'c' : 'd'}'||substr(hex(zeroblob(32)), 2), 320, 240, 1000, ${nowSec()}
      FROM orders WHERE code = '${code}'`);
    ids.photo[k] = sql(s.db, 'SELECT max(id) AS id FROM photos')[0].id;
  }
  // 工作动态 drafts: one at 马邑村 (every desk role's), one at 北城街道 (only
  // the district's); and on each a photo per person, for the remove route
  // (removing deletes the row).
  ids.news = {};
  ids.newsPhoto = { in: {}, out: {} };
  for (const [k, org] of [['in', '140602100201'], ['out', '140602001000']]) {
    sql(s.db, `INSERT INTO news(title, body, org_id, author_id, created_at, updated_at)
      SELECT '权限矩阵动态', '正文', id, 1, ${nowSec()}, ${nowSec()} FROM orgs WHERE code = '${org}'`);
    ids.news[k] = sql(s.db, 'SELECT max(id) AS id FROM news')[0].id;
    for (const role of [...STAFF, 'volunteer']) {
      sql(s.db, `INSERT INTO photos(kind, news_id, user_id, file, width, height, thumb, thumb_width,
        thumb_height, bytes, public, created_at) VALUES ('news', ${ids.news[k]}, 1,
        'e'||substr(hex(randomblob(32)), 2), 640, 480, 'f'||substr(hex(randomblob(32)), 2), 320, 240, 1000, 1,
        ${nowSec()})`);
      ids.newsPhoto[k][role] = sql(s.db, 'SELECT max(id) AS id FROM photos')[0].id;
    }
  }
  // 积分兑换: goods at 马邑村 (every desk role's) and at 北城街道 (only the
  // district's), an exchange asked for each, and one of the matrix
  // volunteer's own for them to cancel.
  ids.goods = {};
  ids.exchange = {};
  for (const [k, org] of [['in', '140602100201'], ['out', '140602001000']]) {
    sql(s.db, `INSERT INTO goods(org_id, name, points, stock, created_by, created_at, updated_at)
      SELECT id, '权限矩阵毛巾', 1, 100, 1, ${nowSec()}, ${nowSec()} FROM orgs WHERE code = '${org}'`);
    ids.goods[k] = sql(s.db, 'SELECT max(id) AS id FROM goods')[0].id;
    sql(s.db, `INSERT INTO exchanges(goods_id, volunteer_id, org_id, points, asked_at)
      SELECT id, ${ids.volunteer}, org_id, 1, ${nowSec()} FROM goods WHERE id = ${ids.goods[k]}`);
    ids.exchange[k] = sql(s.db, 'SELECT max(id) AS id FROM exchanges')[0].id;
  }
  sql(s.db, `INSERT INTO exchanges(goods_id, volunteer_id, org_id, points, asked_at)
    SELECT ${ids.goods.in}, v.id, g.org_id, 1, ${nowSec()} FROM volunteers v, goods g
    WHERE v.phone = '${VOLUNTEER}' AND g.id = ${ids.goods.in}`);
  ids.vexchange = sql(s.db, 'SELECT max(id) AS id FROM exchanges')[0].id;
  // Certificates: the matrix volunteer's own, and another volunteer's.
  for (const [k, phone, code] of [['in', VOLUNTEER, 'MATRIX234567'], ['out', DEMO_VOLUNTEERS[1], 'OTHER2345678']]) {
    sql(s.db, `INSERT INTO certificates(code, volunteer_id, issued_at, minutes, records)
      SELECT '${code}', id, ${nowSec()}, 0, 0 FROM volunteers WHERE phone = '${phone}'`);
    things.certificate[k] = code;
  }
  // Activities starting in half an hour: one at 马邑村 for 神头镇志愿服务分队
  // (in everyone's scope, open to the matrix volunteer), one at 北城街道 (only
  // the center's); and a pair of each for the cancel route alone.
  const activity = (org, team) => {
    sql(s.db, `INSERT INTO activities(title, platform_id, org_id, starts_at, ends_at, capacity,
      open_to, team_id, qr_key, created_by, created_at)
      SELECT '权限矩阵活动', (SELECT id FROM platforms WHERE code = 'theory'), id,
      ${nowSec()} + 1800, ${nowSec()} + 9000, 50, ${team ? "'team'" : "'all'"},
      ${team || 'NULL'}, randomblob(32), 1, ${nowSec()} FROM orgs WHERE code = '${org}'`);
    return sql(s.db, 'SELECT max(id) AS id FROM activities')[0].id;
  };
  ids.activity = { in: activity('140602100201', ids.team), out: activity('140602001000', null) };
  ids.cancel = { in: activity('140602100201', ids.team), out: activity('140602001000', null) };
  for (const role of STAFF) sessions[role] = await signIn(s.url, ACCOUNTS[role]);
  sessions.volunteer = await vSignIn(s.url, VOLUNTEER);
});
after(async () => { await s?.stop(); });

// Turns a pattern into a path for variant v ('in' or 'out' of scope). A
// parameter is read by the literal segments around it: a request's code under
// /desk/order and /v/task, a service's code under /admin/services, an
// account under /admin/users, a team under /admin/teams, an application
// under /desk/volunteers, hours under /desk/hours, a volunteer under
// /desk/members, a certificate under /v/certificate. Every verb is a row of
// its own (issue 17), each harmless when done or refused for a missing
// field: a note on a request, a move without the page's version (400),
// "giveback" without a reason (400), "complete" without what was done
// (400), "accept" of a request kept for it, "reject" an application without
// a reason (400), "approve" an application and "confirm" hours kept for
// them, "correct" hours without minutes (400), "close" or "reopen" a
// follow-up without a note (400), a spare account and a spare volunteer to
// disable and enable, a message in each person's inbox (the role's own,
// when fill is given the role), an undelivered SMS, a 服务照片 of the
// request to mark 可公开 or not, a 工作动态 draft in or out of scope and a
// photo of it per person to remove, goods and an asked exchange in or out of
// scope (the volunteer's own exchange under /v). A kind of parameter not named here becomes "x", so a
// new one shows up as a failing row, to be taught here.
//
// Activities: {id} under /activities, /desk/activities and /a is the
// activity in or out of scope (the cancel route has its own pair, so the
// others still find theirs open); {token} under /a is the activity's
// sign-in (or sign-out) code of this minute.
function fill(pattern, v, role = 'admin') {
  const parts = pattern.split('/');
  const verb = parts[parts.length - 1];
  const code = v === 'in' ? inScope : outScope;
  return parts.map((part, i) => {
    const m = part.match(/^\{(\w+)\}$/);
    if (!m) return part;
    const prev = parts[i - 1];
    if (parts[1] === 'a' && m[1] === 'token') return signInCode(ids.activity[v], parts[3]);
    if (prev === 'sites' && parts[1] === 'desk') return String(ids.site[v]);
    if (prev === 'activities' || prev === 'a') return String((verb === 'cancel' ? ids.cancel : ids.activity)[v]);
    if (prev === 'task' && verb === 'accept') return v === 'in' ? toAccept : outScope;
    if (prev === 'order' || prev === 'task') return code;
    if (prev === 'photos' && parts[2] === 'order') return String(ids.photo[v]);
    if (prev === 'photos' && parts[2] === 'news') return String(ids.newsPhoto[v][role] || ids.newsPhoto[v].admin);
    if (prev === 'news') return String(ids.news[v]);
    if (prev === 'goods') return String(parts[1] === 'v' ? ids.goods.in : ids.goods[v]);
    if (prev === 'exchanges') return String(parts[1] === 'v' ? ids.vexchange : ids.exchange[v]);
    if (prev === 'services') return 'tutoring';
    if (prev === 'users') return String(ids.spareUser);
    if (prev === 'teams') return String(ids.team);
    if (prev === 'volunteers') return String((verb === 'approve' ? things.approve : things.application)[v]);
    if (prev === 'hours') return String((verb === 'confirm' ? things.confirm : things.hour)[v]);
    if (prev === 'members') return String(ids.member);
    if (prev === 'followups') return '1';
    if (prev === 'inbox') return String(ids.inbox[role] || ids.inbox.admin);
    if (prev === 'messages') return String(ids.dead);
    if (prev === 'certificate') return things.certificate[v];
    if (prev === 'm') return 'x'.repeat(43);
    return 'x';
  }).join('/');
}

// The sign-in (what 'in') or sign-out ('out') code activity id's organiser
// screen shows this minute (see src/model/activity_qr.c): "STEP-" and 12
// bytes of HMAC-SHA-256, in hex.
function signInCode(id, what = 'in') {
  const key = Buffer.from(sql(s.db, `SELECT hex(qr_key) AS k FROM activities WHERE id = ${id}`)[0].k, 'hex');
  const step = Math.floor(nowMs() / 60000);
  return `${step}-${crypto.createHmac('sha256', key).update(`activity:${id}:${what}:${step}`).digest('hex').slice(0, 24)}`;
}

// The patterns whose parameter names something in or out of a scope.
const SCOPED = ['/order/{code}', '/task/{code}', '/volunteers/{id}', '/hours/{id}', '/certificate/{code}',
  '/desk/activities/{id}', '/desk/sites/{id}', '/desk/news/{id}', '/desk/goods/{id}', '/desk/exchanges/{id}'];
const variantsOf = (row) => (SCOPED.some((p) => row.pattern.includes(p)) ? ['in', 'out'] : ['in']);

// Whether a role's scope holds the out-of-scope thing (only the district's;
// a volunteer's never holds another's).
const seesEverything = (role) => role === 'admin' || role === 'dispatcher';

// The fields a POST with a valid token sends to a route, so an allowed
// person gets a real answer (not a 403) from it.
function validFields(row) {
  if (row.pattern === '/desk/order/{code}/note') return { note: '权限矩阵测试备注' };
  return {};
}

test('the route table parses and has the staff routes the issue names', () => {
  const keys = new Set(ROUTES.map(key));
  for (const k of ['GET /desk', 'GET /desk/export.csv', 'GET /desk/new', 'POST /desk/new',
    'GET /desk/order/{code}', 'POST /desk/order/{code}/reveal', 'POST /desk/order/{code}/dispatch',
    'POST /desk/order/{code}/publish', 'POST /desk/order/{code}/reject', 'POST /desk/order/{code}/cancel',
    'POST /desk/order/{code}/due', 'POST /desk/order/{code}/note', 'POST /logout', 'GET /login', 'POST /login',
    'GET /desk/volunteers', 'POST /desk/volunteers/{id}/approve', 'POST /desk/volunteers/{id}/reject',
    'GET /desk/hours', 'POST /desk/hours/{id}/confirm', 'POST /desk/hours/{id}/correct',
    'POST /desk/followups/{id}/close', 'POST /desk/followups/{id}/reopen',
    'POST /desk/members/{id}/disable', 'POST /desk/members/{id}/restore',
    'POST /admin/users/{id}/disable', 'POST /admin/users/{id}/enable',
    'GET /a/{id}/in/{token}', 'GET /a/{id}/out/{token}', 'POST /a/{id}/in/{token}', 'POST /a/{id}/out/{token}',
    'GET /v/login', 'POST /v/login', 'POST /v/logout', 'GET /v', 'GET /v/task/{code}',
    'POST /v/task/{code}/accept', 'POST /v/task/{code}/giveback', 'POST /v/task/{code}/complete',
    'GET /v/me', 'POST /v/me/certificate', 'GET /v/certificate/{cert}'])
    assert.ok(keys.has(k), k);
  // Every verb is a row of its own: no {action} or {what} left (issue 17).
  assert.deepEqual(ROUTES.filter((r) => /\{(action|what)\}/.test(r.pattern)).map(key), []);
  assert.ok(GUARDED.some((r) => r.who === 'WHO_VOLUNTEER'), 'volunteer routes are guarded');
  assert.ok(GUARDED.length >= 7, `${GUARDED.length} guarded routes`);
});

for (const row of GUARDED) {
  // A request's code: once in the role's scope, once outside it.
  const variants = variantsOf(row);
  if (row.method === 'GET') {
    test(`GET ${row.pattern} (${row.who}): 200 for allowed roles, sign-in for anonymous, 403 for others`, async () => {
      for (const v of variants) {
        const p = fill(row.pattern, v);
        for (const role of ROLES) {
          const what = `${role} GET ${p} (${v} of scope)`;
          const r = await get(s.url, p, sessions[role]);
          await r.arrayBuffer();
          if (role === 'anonymous') {
            assert.equal(r.status, 303, what);
            const loc = new URL(r.headers.get('location'), s.url);
            assert.equal(loc.pathname, signInPage(row), `${what}: the right sign-in page`);
            assert.equal(loc.searchParams.get('next'), p, `${what}: next brings them back`);
          } else if (!row.allowed.has(role)) {
            assert.equal(r.status, 403, what);
          } else if (v === 'out' && !seesEverything(role)) {
            assert.equal(r.status, 404, `${what}: a request outside the scope does not exist`);
          } else if (row.pattern === '/desk/sites' && role === 'station') {
            assert.equal(r.status, 303, `${what}: straight to the station's own site`);
            assert.equal(new URL(r.headers.get('location'), s.url).pathname, `/desk/sites/${ids.site.in}`);
          } else {
            assert.equal(r.status, 200, what);
          }
        }
      }
      covered.add(key(row));
    });
  } else if (row.method === 'POST') {
    test(`POST ${row.pattern} (${row.who}): 403 for everyone without a valid token`, async () => {
      const notes = noteCount();
      const pending = pendingState();
      const [inState] = sql(s.db, `SELECT state, version FROM orders WHERE code = '${inScope}'`);
      for (const v of variants) {
        const p = fill(row.pattern, v);
        for (const role of ROLES) {
          const cookie = sessions[role] ? { cookie: sessions[role].cookie } : {};
          for (const [how, fields] of [
            ['no token', validFields(row)],
            ['a wrong token', { ...validFields(row), csrf: 'a'.repeat(64) }],
            ['an empty token', { ...validFields(row), csrf: '' }],
          ]) {
            const r = await post(s.url, p, fields, cookie);
            await r.arrayBuffer();
            assert.equal(r.status, 403, `${role} POST ${p} with ${how}`);
          }
        }
      }
      assert.equal(noteCount(), notes, 'nothing was written');
      assert.deepEqual(pendingState(), pending, 'no application or hours changed');
      assert.deepEqual(sql(s.db, `SELECT state, version FROM orders WHERE code = '${inScope}'`)[0], inState);
      // Every session still works: none was ended by a refused /logout or /v/logout.
      for (const role of SIGNED_IN) assert.equal((await get(s.url, homeOf(role), sessions[role])).status, 200, role);
    });

    test(`POST ${row.pattern} (${row.who}): with a valid token, allowed roles get through and others get 403`, async () => {
      for (const v of variants) {
        const p = fill(row.pattern, v);
        // Anonymous: the only valid token is a form's, and it is not enough.
        for (const form of ['/login', '/v/login']) {
          const t = formTokens(await (await fetch(s.url + form)).text());
          const anon = await post(s.url, p, { ...validFields(row), ...t });
          await anon.arrayBuffer();
          assert.equal(anon.status, 403, `anonymous POST ${p} with the form token of ${form}`);
        }
        for (const role of SIGNED_IN) {
          // A session apart from sessions[role]: a valid /logout or /v/logout ends it.
          const me = await postingSession(role);
          const mine = fill(row.pattern, v, role);
          const r = await post(s.url, mine, { ...validFields(row), csrf: me.csrf }, { cookie: me.cookie });
          const what = `${role} POST ${mine} (${v} of scope) with the session's token`;
          await r.arrayBuffer();
          if (!row.allowed.has(role)) assert.equal(r.status, 403, what);
          else if (v === 'out' && !seesEverything(role)) assert.equal(r.status, 404, what);
          else {
            // Through the gate: the handler answers (a redirect, a form
            // with its problems, a conflict), not a refusal or a miss.
            assert.ok(![401, 403, 404, 405].includes(r.status) && r.status < 500, `${what}: ${r.status}`);
          }
          lastPost[role] = mine;
        }
      }
      covered.add(key(row));
    });
  } else {
    test(`${row.method} ${row.pattern}: a method the matrix knows`, () => {
      assert.fail(`route ${key(row)} uses METHOD_${row.method}; teach access.test.mjs about it`);
    });
  }
}

test('the matrix covered every route that is not WHO_ANYONE', () => {
  const missing = GUARDED.map(key).filter((k) => !covered.has(k));
  assert.deepEqual(missing, []);
  assert.equal(covered.size, GUARDED.length);
});
