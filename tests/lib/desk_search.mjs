// desk_search.mjs: what the desk's search should list and count, computed
// with the sqlite3 tool over the same database: the requests whose need,
// resident's name, service's name or place's name holds the text (instr()),
// within each person's scope, newest first as the desk lists them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, bin } from './harness.mjs';
import { page, rowCodes, nextLink } from './staff.mjs';
import { PLACES } from './volunteer.mjs';

// A place's id by its code, as an SQL subquery.
export const placeId = (code) => `(SELECT id FROM orgs WHERE code = '${code}')`;

// Each role's part of the tree, as SQL over orders o.
export const SCOPE = {
  admin: '1',
  dispatcher: '1',
  institute: `o.institute_id = ${placeId(PLACES.shentou)}`,
  station: `o.org_id = ${placeId(PLACES.mayi)}`,
};

// The program that makes these databases: SIDAN_SEED_BIN when it is set and
// exists, else the one under test. make test's ASan run sets it to the normal
// build: the search is what these files test, and under ASan a seed of 120,000
// requests takes 17 s instead of 7 (the seed itself is tested in cli.test.mjs).
const seedBin = process.env.SIDAN_SEED_BIN && fs.existsSync(process.env.SIDAN_SEED_BIN)
  ? process.env.SIDAN_SEED_BIN : bin;

// Makes a new database in a new directory (named after prefix) with the
// real tree, the demo rows, `orders` demo requests and 50 volunteers, as
// the search tests start from; returns { dir, db }.
export function seededDb(prefix, orders) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const db = path.join(dir, 'sidan.db');
  execFileSync(seedBin, ['init', '--db', db], { stdio: 'ignore' });
  execFileSync(seedBin, ['seed', '--demo', '--orders', String(orders), '--volunteers', '50', '--db', db],
    { stdio: 'ignore' });
  return { dir, db };
}

// Returns v as an SQL string literal.
export const lit = (v) => `'${String(v).replace(/'/g, "''")}'`;

// Returns the condition "the request holds q" as SQL over o, s and g.
export const whereText = (q) => `(instr(o.need, ${lit(q)}) > 0 OR instr(o.contact_name, ${lit(q)}) > 0
  OR instr(s.name, ${lit(q)}) > 0 OR instr(g.name, ${lit(q)}) > 0)`;

// Returns the codes role's desk lists in db for where, newest first (the
// first `limit` of them, or all).
export const expected = (db, role, where, limit = -1) => sql(db, `SELECT o.code FROM orders o
  JOIN orgs g ON g.id = o.org_id JOIN services s ON s.id = o.service_id
  WHERE ${where} AND ${SCOPE[role]} ORDER BY o.created_at DESC, o.id DESC LIMIT ${limit}`).map((r) => r.code);

// Returns { state: count } of what role's desk counts in db for where.
export const expectedCounts = (db, role, where) => Object.fromEntries(sql(db, `SELECT o.state,
  count(*) AS n FROM orders o JOIN orgs g ON g.id = o.org_id JOIN services s ON s.id = o.service_id
  WHERE ${where} AND ${SCOPE[role]} GROUP BY o.state`).map((r) => [r.state, r.n]));

// The codes on the first `pages` pages of the desk at base for query
// string qs, as session sees them, following 下一页.
export async function deskPages(base, session, qs, pages) {
  let p = `/desk?${qs}`;
  const codes = [];
  for (let i = 0; i < pages && p; i++) {
    const html = await page(base, p, session);
    codes.push(...rowCodes(html));
    p = nextLink(html);
  }
  return codes;
}

// What server's log (harness start()) gained while fn ran: with
// SIDAN_SQL_PROFILE, the statements a request ran.
export async function logDuring(server, fn) {
  const from = server.log().length;
  await fn();
  return server.log().slice(from);
}
