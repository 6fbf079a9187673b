// desk_search.mjs: what the desk's search should list and count, computed
// with the sqlite3 tool over the same database: the requests whose need,
// resident's name, service's name or place's name holds the text (instr()),
// within each person's scope, newest first as the desk lists them.
import { sql } from './harness.mjs';
import { page, rowCodes, nextLink } from './staff.mjs';
import { PLACES } from './volunteer.mjs';

// Each role's part of the tree, as SQL over orders o.
export const SCOPE = {
  admin: '1',
  dispatcher: '1',
  institute: `o.institute_id = (SELECT id FROM orgs WHERE code = '${PLACES.shentou}')`,
  station: `o.org_id = (SELECT id FROM orgs WHERE code = '${PLACES.mayi}')`,
};

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
