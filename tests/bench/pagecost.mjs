// pagecost.mjs: each page against its own limit (issue 18 part 6). Runs
// build/bench/pagesql (tests/bench/pagesql.c: the model calls of the home,
// tracking and desk pages alone, in a loop) on a bench database, and puts
// its CPU per page beside sidan's and the bare program's CPU per request
// from the wrk runs: overhead = sidan − bare − SQL, what sidan's request
// core, templates and logging add (target ≤ 20 µs a page).
import { execFile } from 'node:child_process';

export const PAGES = ['home', 'track', 'desk'];
export const OVERHEAD_TARGET_US = 20;

// Runs pagesql; resolves to { home: { calls, cpu_us, wall_us }, ... }.
export function runPageSql(bin, { db, codesFile, sid, institute, seconds }) {
  const args = ['--db', db, '--codes', codesFile, '--sid', sid, '--institute', institute, '--seconds', String(seconds)];
  return new Promise((resolve, reject) => {
    execFile(bin, args, { encoding: 'utf8' }, (err, out, errOut) => {
      if (err) return reject(new Error(`pagesql ${args.join(' ')}: ${err.message}\n${errOut}`));
      const got = {};
      for (const line of out.split('\n')) {
        if (!line.startsWith('PAGESQL ')) continue;
        const j = JSON.parse(line.slice('PAGESQL '.length));
        got[j.page] = { calls: j.calls, cpu_us: j.cpu_us, wall_us: j.wall_us, tx_cpu_us: j.tx_cpu_us };
      }
      for (const p of PAGES) if (!got[p]) return reject(new Error(`pagesql printed nothing for ${p}:\n${out}\n${errOut}`));
      resolve(got);
    });
  });
}

// The page cost of each size that has pagesql figures: for each page, the
// lowest CPU/req of sidan's runs of that scenario and of the bare
// program's (the least disturbed of the connection counts), the SQL's,
// and the overhead. The home page a visitor gets is the page a worker
// keeps (rebuilt every ttl seconds): its SQL per request is one build's
// per worker and ttl, spread over the run's requests.
export function pageCost(rows, sqlBySize, { workers, duration, ttl }) {
  const out = [];
  for (const [sizeKey, sql] of Object.entries(sqlBySize)) {
    const size = Number(sizeKey);
    const min = (name) => {
      const rs = rows.filter((r) => r.size === size && r.scenario === name && r.app_cpu_us !== null);
      return rs.length ? rs.reduce((a, b) => (b.app_cpu_us < a.app_cpu_us ? b : a)) : null;
    };
    const bare = min('bare');
    for (const page of PAGES) {
      const s = min(page);
      if (!s || !bare || !sql[page]) continue;
      // sidan reads a page in one transaction (db_read_begin): its SQL is
      // pagesql's figure for the calls between one BEGIN and COMMIT.
      let sqlUs = sql[page].tx_cpu_us ?? sql[page].cpu_us, note = '';
      if (page === 'home') {
        const builds = ttl > 0 ? workers * Math.ceil(duration / ttl) : s.requests;
        sqlUs = (sql.home.cpu_us * Math.min(builds, s.requests)) / s.requests;
        note = ttl > 0 ? `served from the page each worker keeps: one build (${Math.round(sql.home.cpu_us)} µs of SQL) `
          + `per worker and ${ttl} s, at most ${builds} in the run's ${s.requests} requests` : 'rebuilt at every request (SIDAN_STATS_TTL=0)';
      }
      const overhead = s.app_cpu_us - bare.app_cpu_us - sqlUs;
      out.push({ size, page, conns: s.conns, sidan_us: s.app_cpu_us, bare_us: bare.app_cpu_us, sql_us: sqlUs,
        sql_each_us: page === 'home' ? undefined : sql[page].cpu_us,
        sql_build_us: page === 'home' ? sql.home.cpu_us : undefined, sql_calls: sql[page].calls,
        overhead_us: overhead, met: overhead <= OVERHEAD_TARGET_US, note });
    }
  }
  return out;
}

// The section of latest.md.
export function pageCostMarkdown(cost, mdTable, sizeName, fmtUs) {
  if (!cost.length) return [];
  return ['## Each page against its own limit (page_cost)', '',
    'CPU per page: sidan\'s workers and the bare program\'s per request (the lower of the connection counts\' runs), '
    + 'and the page\'s model calls alone, in a loop over the same database (tests/bench/pagesql.c, getrusage over ≥ 2 s after a '
    + 'warm-up). overhead = sidan − bare − SQL: what the request core, the templates and the log line add. Target ≤ '
    + `${OVERHEAD_TARGET_US} µs a page. The bare program answers the home page's bytes whatever the page, so a larger page `
    + '(the desk\'s) also counts its extra bytes in sidan\'s overhead. SQL: the calls between one BEGIN and COMMIT, as sidan '
    + 'reads a page in one read transaction; SQL statement by statement: the same calls each in its own transaction (SQLite '
    + 'takes and drops its WAL read lock each time), as sidan read pages before.', '',
    mdTable(['db', 'page', 'sidan', 'bare', 'SQL', 'overhead', `≤ ${OVERHEAD_TARGET_US} µs`, 'SQL statement by statement'],
      cost.map((c) => [sizeName(c.size), c.page, fmtUs(c.sidan_us), fmtUs(c.bare_us),
        c.page === 'home' ? `${c.sql_us.toFixed(2)} µs` : fmtUs(c.sql_us), `${c.overhead_us.toFixed(0)} µs`, c.met ? 'met' : 'missed',
        c.sql_each_us === undefined ? '–' : fmtUs(c.sql_each_us)]),
      [0, 0, 1, 1, 1, 1, 0, 1]), '',
    ...cost.filter((c) => c.note).map((c) => `${sizeName(c.size)} ${c.page}: ${c.note}.`), ''];
}

// The overhead target of each page (largest size first, as rows are).
export function pageCostTargets(cost, sizeName) {
  return cost.map((c) => ({
    what: `${c.page} at ${sizeName(c.size)}: sidan − bare − SQL ≤ ${OVERHEAD_TARGET_US} µs`, met: c.met,
    detail: `${Math.round(c.sidan_us)} − ${Math.round(c.bare_us)} − ${c.sql_us < 10 ? c.sql_us.toFixed(2) : Math.round(c.sql_us)} = ${Math.round(c.overhead_us)} µs`,
  }));
}
