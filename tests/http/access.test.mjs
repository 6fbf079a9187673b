// access.test.mjs: who may use which route. The matrix is generated from the
// route table in src/route.c, so a route added there is tested here without
// anyone remembering to: every role (anonymous, admin, dispatcher, institute,
// station, leader) against every route that is not WHO_ANYONE, with a request
// in the role's scope and, where the path names a request, one outside it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, sql, root } from '../lib/harness.mjs';
import { submit, post, formTokens } from '../lib/order.mjs';
import { ACCOUNTS, signIn, get } from '../lib/staff.mjs';

const ROLES = ['anonymous', 'admin', 'dispatcher', 'institute', 'station', 'leader'];
const STAFF = ROLES.slice(1);

// The WHO_ flags of src/route.h, as the issue defines them.
const WHO = {
  WHO_ANYONE: ROLES,
  WHO_ADMIN: ['admin'],
  WHO_DISPATCHER: ['dispatcher'],
  WHO_INSTITUTE: ['institute'],
  WHO_STATION: ['station'],
  WHO_LEADER: ['leader'],
  WHO_DESK: ['admin', 'dispatcher', 'institute', 'station'],
  WHO_STAFF: ['admin', 'dispatcher', 'institute', 'station', 'leader'],
};

// Parses the rows `{ METHOD_X, "pattern", handler, WHO_..., flags, multi }`
// of the routes[] table.
function parseRoutes() {
  const src = fs.readFileSync(path.join(root, 'src/route.c'), 'utf8');
  const begin = src.indexOf('routes[] = {');
  const end = src.indexOf('};', begin);
  assert.ok(begin > 0 && end > begin, 'the routes[] table is in src/route.c');
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
const ids = {};	// a demo account and a team, for /admin routes
const noteCount = () => sql(s.db, 'SELECT count(*) AS n FROM order_notes')[0].n;

before(async () => {
  s = await start();
  inScope = (await submit(s.url, { phone: '13911110001' })).code;
  outScope = (await submit(s.url, { institute: '140602001000', station: '', phone: '13911110002',
    address: '北城街道某小区' })).code;
  sql(s.db, `UPDATE orders SET state = 'dispatched', version = version + 1,
    team_id = (SELECT id FROM teams WHERE name = '神头镇志愿服务分队') WHERE code = '${inScope}'`);
  ids.station = sql(s.db, `SELECT id FROM users WHERE login = '${ACCOUNTS.station}'`)[0].id;
  ids.team = sql(s.db, "SELECT id FROM teams WHERE name = '神头镇志愿服务分队'")[0].id;
  for (const role of STAFF) sessions[role] = await signIn(s.url, ACCOUNTS[role]);
});
after(async () => { await s?.stop(); });

// Turns a pattern into a path. A parameter is read by the literal segment
// before it: a request's code under /desk/order, a service's code under
// /admin/services, a demo account under /admin/users, a team under
// /admin/teams; {action} is "note" and {what} "enable" (harmless when done).
// A kind of parameter not named here becomes "x", so a new one shows up as
// a failing row, to be taught here.
function fill(pattern, code) {
  const parts = pattern.split('/');
  return parts.map((part, i) => {
    const m = part.match(/^\{(\w+)\}$/);
    if (!m) return part;
    const prev = parts[i - 1];
    if (m[1] === 'action') return 'note';
    if (m[1] === 'what') return 'enable';
    if (prev === 'order') return code;
    if (prev === 'services') return 'tutoring';
    if (prev === 'users') return String(ids.station);
    if (prev === 'teams') return String(ids.team);
    if (prev === 'm') return 'x'.repeat(43);
    return 'x';
  }).join('/');
}

// Whether a role's scope holds the out-of-scope request (only the district's).
const seesEverything = (role) => role === 'admin' || role === 'dispatcher';

// The fields a POST with a valid token sends to a route, so an allowed
// person gets a real answer (not a 403) from it.
function validFields(row) {
  if (row.pattern.endsWith('{action}')) return { note: '权限矩阵测试备注' };
  return {};
}

test('the route table parses and has the staff routes the issue names', () => {
  const keys = new Set(ROUTES.map(key));
  for (const k of ['GET /desk', 'GET /desk/export.csv', 'GET /desk/new', 'POST /desk/new',
    'GET /desk/order/{code}', 'POST /desk/order/{code}/{action}', 'POST /logout', 'GET /login', 'POST /login'])
    assert.ok(keys.has(k), k);
  assert.ok(GUARDED.length >= 7, `${GUARDED.length} guarded routes`);
});

for (const row of GUARDED) {
  // A request's code: once in the role's scope, once outside it.
  const variants = row.pattern.includes('/order/{code}') ? ['in', 'out'] : ['in'];
  if (row.method === 'GET') {
    test(`GET ${row.pattern} (${row.who}): 200 for allowed roles, sign-in for anonymous, 403 for others`, async () => {
      for (const v of variants) {
        const p = fill(row.pattern, v === 'in' ? inScope : outScope);
        for (const role of ROLES) {
          const what = `${role} GET ${p} (${v} of scope)`;
          const r = await get(s.url, p, sessions[role]);
          await r.arrayBuffer();
          if (role === 'anonymous') {
            assert.equal(r.status, 303, what);
            const loc = new URL(r.headers.get('location'), s.url);
            assert.equal(loc.pathname, '/login', what);
            assert.equal(loc.searchParams.get('next'), p, `${what}: next brings them back`);
          } else if (!row.allowed.has(role)) {
            assert.equal(r.status, 403, what);
          } else if (v === 'out' && !seesEverything(role)) {
            assert.equal(r.status, 404, `${what}: a request outside the scope does not exist`);
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
      const [inState] = sql(s.db, `SELECT state, version FROM orders WHERE code = '${inScope}'`);
      for (const v of variants) {
        const p = fill(row.pattern, v === 'in' ? inScope : outScope);
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
      assert.deepEqual(sql(s.db, `SELECT state, version FROM orders WHERE code = '${inScope}'`)[0], inState);
      // Every session still works: none was ended by a refused /logout.
      for (const role of STAFF) assert.equal((await get(s.url, '/desk', sessions[role])).status, 200, role);
    });

    test(`POST ${row.pattern} (${row.who}): with a valid token, allowed roles get through and others get 403`, async () => {
      for (const v of variants) {
        const p = fill(row.pattern, v === 'in' ? inScope : outScope);
        // Anonymous: the only valid token is a form's, and it is not enough.
        const t = formTokens(await (await fetch(s.url + '/login')).text());
        const anon = await post(s.url, p, { ...validFields(row), ...t });
        await anon.arrayBuffer();
        assert.equal(anon.status, 403, `anonymous POST ${p} with a form token`);
        for (const role of STAFF) {
          // A session of its own: a valid /logout ends it.
          const me = await signIn(s.url, ACCOUNTS[role]);
          const r = await post(s.url, p, { ...validFields(row), csrf: me.csrf }, { cookie: me.cookie });
          const what = `${role} POST ${p} (${v} of scope) with the session's token`;
          await r.arrayBuffer();
          if (!row.allowed.has(role)) assert.equal(r.status, 403, what);
          else if (v === 'out' && !seesEverything(role)) assert.equal(r.status, 404, what);
          else {
            // Through the gate: the handler answers (a redirect, a form
            // with its problems, a conflict), not a refusal or a miss.
            assert.ok(![401, 403, 404, 405].includes(r.status) && r.status < 500, `${what}: ${r.status}`);
          }
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
