// mixed.mjs: `make bench`'s "day in the life" (issue 18 part 5), run by
// run.mjs on each database: one wrk run at MIXED_CONNS connections mixing
// what a busy day brings (home, tracking, the form and its POST, the desk
// with filters and searches, a volunteer's task list, the figures, Open311
// polls with If-None-Match), each request tagged with its kind in an
// X-Bench-Kind header (tests/bench/mixed.lua). nginx logs the kind, the
// status and $request_time of every tagged request to its own file; the
// per-kind latencies come from that log (1 ms resolution: nginx's).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { formTokens } from '../lib/order.mjs';
import { ACCOUNTS, PASSWORD } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS } from '../lib/volunteer.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const MIXED_CONNS = 128;
// The kinds and their weights (per 100 requests): what a busy day looks
// like. Home and tracking most (residents), then staff at the desk, the
// Open311 clients polling, residents opening the form, volunteers looking
// for tasks, the figures, and a few new requests.
export const MIXED_WEIGHTS = {
  home: 27, track: 25, desk: 10, search: 5, open311: 10, form: 8, vtasks: 7, figures: 5, post: 3,
};
export const MIXED_WHAT = {
  home: 'GET /',
  track: 'GET /track/CODE (random real codes)',
  desk: 'GET /desk, /desk?state=submitted, /desk?institute=140602100000 (as suo.shentou or dispatcher)',
  search: 'GET /desk?q=WORD (words of the demo needs of 1, 2 and 3 characters, a real code, or a phone: two residents\' mobiles, one with spaces, and a landline; as suo.shentou or dispatcher)',
  open311: 'GET /open311/v2/requests.json?end_date=T (T: when the scenario started) with If-None-Match: the ETag this wrk thread last got',
  form: 'GET /order/new',
  vtasks: 'GET /v (a demo volunteer\'s task list, signed in)',
  figures: 'GET /figures',
  post: 'POST /order/new (fresh token each, varied phone)',
};
// Words of the demo needs ("【演示数据】第N号演示申请，用于演示和性能测试。")
// of one, two and three characters, and one that matches one request.
const WORDS = ['演', '测', '性能', '申请', '演示申', '性能测', '第4217号'];
const INSTITUTE = '140602100000';
// The log nginx writes the tagged requests to (see logConf).
export const LOG = 'mixed-access.log';
// Seconds of each kind alone before the mix (BENCH_MIXED_SOLO; 0: none),
// at SOLO_CONNS connections: sidan's CPU per request of each kind.
const SOLO = process.env.BENCH_MIXED_SOLO === undefined || process.env.BENCH_MIXED_SOLO === '' ? 2 : Number(process.env.BENCH_MIXED_SOLO);
const SOLO_CONNS = 8;

// The nginx lines that log every request carrying X-Bench-Kind, with its
// status and time, to dir/LOG (buffered). For http {}.
export function logConf(dir) {
  return "log_format bench_kind '$http_x_bench_kind $status $request_time';\n"
    + `    access_log ${path.join(dir, LOG)} bench_kind buffer=256k flush=1s if=$http_x_bench_kind;`;
}

// Signs in through the real forms: staff login (sid) and volunteer login
// (vsid). Returns the cookie string.
async function signIn(url, form, login, password, cookie) {
  const t = formTokens(await (await fetch(url + form)).text());
  const r = await fetch(url + form, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...t, login, password }),
  });
  const v = ((r.headers.get('set-cookie') || '').match(new RegExp(`(?:^|[\\s,])${cookie}=([^;]*)`)) || [])[1];
  if (r.status !== 303 || !v) throw new Error(`mixed: sign-in as ${login} at ${form}: ${r.status}`);
  return `${cookie}=${v}`;
}

// Moves nginx's log of tagged requests aside to `to` and has nginx reopen
// it (which flushes its buffers into the moved file first). Returns when
// the new log exists.
async function rotate(stack, to, h) {
  const log = path.join(stack.dir, LOG);
  if (fs.existsSync(log)) fs.renameSync(log, to);
  execFileSync('nginx', ['-c', path.join(stack.dir, 'nginx.conf'), '-p', stack.dir, '-s', 'reopen'], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !fs.existsSync(log); i++) await h.sleep(50);
  await h.sleep(300);   // both workers: each reopens (and flushes) on its own
}

// Reads a log of "kind status seconds" lines into per-kind figures.
export function perKind(file) {
  const by = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const [kind, status, secs] = line.split(' ');
    if (!kind || !status) continue;
    const k = (by[kind] ||= { ms: [], errors: 0, not_modified: 0, dropped: 0, statuses: {} });
    const st = Number(status);
    k.statuses[st] = (k.statuses[st] || 0) + 1;
    // 499: wrk closed the connection (the run ended while it waited): in
    // the percentiles with the time it had waited, at least its latency.
    if (st === 499) k.dropped++;
    else if (st === 304) k.not_modified++;
    else if (st < 200 || st >= 400) k.errors++;
    k.ms.push(Math.round(Number(secs) * 1000));
  }
  const out = {};
  for (const [kind, k] of Object.entries(by)) {
    k.ms.sort((a, b) => a - b);
    const at = (q) => (k.ms.length ? k.ms[Math.min(k.ms.length - 1, Math.max(0, Math.ceil(q * k.ms.length) - 1))] : null);
    out[kind] = { count: k.ms.length - k.dropped, p50_ms: at(0.5), p99_ms: at(0.99), p999_ms: at(0.999), max_ms: k.ms.length ? k.ms[k.ms.length - 1] : null,
      errors: k.errors, not_modified: k.not_modified, dropped: k.dropped, statuses: k.statuses };
  }
  return out;
}

// Runs the mixed scenario on stack: checks every path answers, a warm-up,
// one measured run. h: run.mjs's helpers { wrk, cpuSnapshot, cpuBetween,
// quiesce, writeTokens, formBase, say, sleep, sizeName }. ctx: { cookie,
// codes, codesFile, bareRps }. Returns its row (as run.mjs's rows, plus
// kinds and weights).
export async function runMixed(stack, ctx, size, { duration, warmup, threads }, h) {
  const u = stack.url;
  const staff = [ctx.cookie, await signIn(u, '/login', ACCOUNTS.dispatcher, PASSWORD, 'sid')];
  const vol = await signIn(u, '/v/login', DEMO_VOLUNTEERS[0], PASSWORD, 'vsid');
  const codes = ctx.codes.slice(0, 3);
  // The Open311 client polls the list up to the time the scenario starts:
  // the mix's POSTs add a request every few milliseconds, so the newest
  // list would have changed at nearly every poll (which no real day does),
  // while this one changes only when a listed request does.
  const until = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const plan = [...Object.entries(MIXED_WEIGHTS).map(([k, w]) => `W ${k} ${w}`),
    'P home /', 'P track /track/', 'P form /order/new', 'P post /order/new', 'P vtasks /v', 'P figures /figures',
    `P open311 /open311/v2/requests.json?end_date=${until}`,
    'P desk /desk', 'P desk /desk?state=submitted', `P desk /desk?institute=${INSTITUTE}`,
    ...WORDS.map((w) => `P search /desk?q=${encodeURIComponent(w)}`),
    ...codes.map((c) => `P search /desk?q=${c}`),
    ...(ctx.phones || []).map((p) => `P search /desk?q=${encodeURIComponent(p)}`),
    ...staff.flatMap((c) => [`C desk ${c}`, `C search ${c}`]), `C vtasks ${vol}`];
  const planFile = path.join(stack.dir, 'mixed-plan.txt');
  fs.writeFileSync(planFile, plan.join('\n') + '\n');
  const rest = plan.filter((l) => !l.startsWith('W '));
  // Every path answers as it should before anything is measured.
  for (const line of plan.filter((l) => l.startsWith('P '))) {
    const [, kind, p] = line.split(' ');
    if (kind === 'post') continue;
    const cs = plan.filter((l) => l.startsWith(`C ${kind} `)).map((l) => l.slice(`C ${kind} `.length));
    for (const cookie of cs.length ? cs : [null]) {
      const target = kind === 'track' ? p + ctx.codes[0] : p;
      const r = await fetch(u + target, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`mixed: GET ${target}${cookie ? ' (signed in)' : ''} answered ${r.status}`);
    }
  }
  const total = Object.values(MIXED_WEIGHTS).reduce((a, b) => a + b, 0);
  // Form tokens for the POSTs of a run (no run goes faster than the bare
  // program; twice that, and a margin).
  const tokens = (seconds, share) => Math.ceil(Math.max(ctx.bareRps || 15000, 2000) * seconds * share * 2) + 1000;
  const envFor = (name, seconds, plan = planFile, share = MIXED_WEIGHTS.post / total) => {
    const f = path.join(stack.dir, `tokens-mixed-${name}.txt`);
    h.writeTokens(stack.db, f, tokens(seconds, share));
    return { BENCH_PLAN: plan, BENCH_CODES: ctx.codesFile, BENCH_TOKENS: f, BENCH_BODY: h.formBase() };
  };
  const script = path.join(here, 'mixed.lua');
  // Each kind alone, briefly: what a request of it costs sidan (CPU), to
  // tell which kinds take the machine in the mix.
  const solo = {};
  if (SOLO > 0) {
    for (const k of Object.keys(MIXED_WEIGHTS)) {
      const f = path.join(stack.dir, `mixed-plan-${k}.txt`);
      fs.writeFileSync(f, [`W ${k} 1`, ...rest].join('\n') + '\n');
      const snap = h.cpuSnapshot();
      const x = await h.wrk(u + '/', SOLO_CONNS, SOLO, { script, env: envFor(`solo-${k}`, SOLO, f, k === 'post' ? 1 : 0) });
      const c = h.cpuBetween(snap, h.cpuSnapshot());
      solo[k] = { rps: x.rps, cpu_us: x.requests ? (c.used.sidan / x.requests) * 1e6 : null, errors: x.errors };
      await h.quiesce(stack, `mixed: ${k} alone`);
    }
    h.say(`${h.sizeName(size)} mixed: each kind alone, sidan's CPU per request: `
      + Object.entries(solo).map(([k, v]) => `${k} ${Math.round(v.cpu_us)} µs`).join(', '));
  }
  if (warmup > 0) {
    await h.wrk(u + '/', MIXED_CONNS, warmup, { script, env: envFor('warm', warmup) });
    await h.quiesce(stack, 'mixed warm-up');
  }
  await rotate(stack, path.join(stack.dir, 'mixed-warmup.log'), h);
  const env = envFor('run', duration);
  const snap = h.cpuSnapshot();
  const r = await h.wrk(u + '/', MIXED_CONNS, duration, { script, env });
  const cpu = h.cpuBetween(snap, h.cpuSnapshot());
  const q = await h.quiesce(stack, 'mixed');
  const logFile = path.join(stack.dir, `mixed-${h.sizeName(size)}.log`);
  await rotate(stack, logFile, h);
  const kinds = perKind(logFile);
  for (const [k, v] of Object.entries(solo)) if (kinds[k]) kinds[k].alone_cpu_us = v.cpu_us;
  const row = {
    size, scenario: 'mixed', what: 'a day in the life (weights in tests/bench/README.md)', kind: 'mixed', conns: MIXED_CONNS, ...r,
    other_cpu: cpu.foreign,
    app_cpu_us: r.requests ? (cpu.used.sidan / r.requests) * 1e6 : null,
    house_cpu_s: cpu.used.house,
    nginx_cpu_us: r.requests ? (cpu.used.nginx / r.requests) * 1e6 : null,
    wrk_cpu_us: r.requests ? (cpu.used.self / r.requests) * 1e6 : null,
    drain_ms: q.waited_ms, sidan_restarted: q.restarted,
    weights: MIXED_WEIGHTS, kinds, threads,
    logged: Object.values(kinds).reduce((n, k) => n + k.count + k.dropped, 0),
  };
  fs.rmSync(path.join(stack.dir, 'mixed-warmup.log'), { force: true });
  h.say(`${h.sizeName(size)} mixed   c=${MIXED_CONNS} ${Math.round(r.rps).toLocaleString('en-US').padStart(8)} req/s  `
    + Object.entries(kinds).map(([k, v]) => `${k} p99.9 ${v.p999_ms} ms`).join(', ')
    + `  errors ${r.errors}${r.post_reused ? ` (${r.post_reused} tokens reused)` : ''}`);
  return row;
}

// The mixed section of latest.md for rows (the mixed rows, one per size).
export function mixedMarkdown(rows, mdTable) {
  if (!rows.length) return [];
  const out = ['## A day in the life (mixed)', '',
    `wrk ${rows[0].threads} threads, ${MIXED_CONNS} connections, each request one of the kinds below picked at random by weight `
    + '(tests/bench/mixed.lua). Latencies per kind from nginx\'s access log of the run ($request_time: from the request\'s '
    + 'first byte to the last byte of the answer, 1 ms resolution, so 0 ms means under 1 ms); 304: answers Not Modified; '
    + 'errors: answers other than 2xx and 3xx; dropped: requests still waiting when wrk stopped (nginx\'s 499), in the percentiles with the time they had waited. '
    + `CPU alone: sidan's CPU per request of that kind alone (${SOLO} s at ${SOLO_CONNS} connections before the mix; `
    + 'the Open311 polls mostly 304 there too); of the CPU: that times the kind\'s requests, as a share of the whole mix\'s.', ''];
  for (const r of rows) {
    const total = Object.values(r.weights).reduce((a, b) => a + b, 0);
    const kinds = Object.keys(r.weights);
    out.push(`${r.size >= 1e6 ? `${r.size / 1e6}M` : `${r.size / 1e3}k`}: ${Math.round(r.rps).toLocaleString('en-US')} requests/s `
      + `(${r.requests} in ${r.requests && r.rps ? (r.requests / r.rps).toFixed(1) : '?'} s; wrk's p50 ${r.p50_ms.toFixed(1)} ms, p99 ${r.p99_ms.toFixed(1)} ms, `
      + `max ${r.max_ms.toFixed(0)} ms; socket errors ${r.socket_errors}), sidan's CPU ${Math.round(r.app_cpu_us)} µs per request`
      + `${r.other_cpu >= 0.05 ? `; other processes took ${Math.round(r.other_cpu * 100)}% of the CPU` : ''}.`, '');
    // Each kind's share of sidan's CPU in the mix, from its CPU alone.
    const cpuSum = kinds.reduce((a, k) => a + ((r.kinds[k] && r.kinds[k].alone_cpu_us) || 0) * (r.kinds[k] ? r.kinds[k].count : 0), 0);
    out.push(mdTable(['kind', 'weight', 'requests', 'p50', 'p99', 'p99.9', 'max', '304', 'errors', 'dropped', 'CPU alone', 'of the CPU'],
      kinds.map((k) => {
        const v = r.kinds[k] || { count: 0, p50_ms: null, p99_ms: null, p999_ms: null, max_ms: null, not_modified: 0, errors: 0, dropped: 0 };
        const ms = (x) => (x === null ? '–' : `${x} ms`);
        const alone = v.alone_cpu_us;
        return [k, `${Math.round((r.weights[k] / total) * 100)}%`, String(v.count), ms(v.p50_ms), ms(v.p99_ms), ms(v.p999_ms), ms(v.max_ms),
          String(v.not_modified), String(v.errors), String(v.dropped),
          alone === undefined || alone === null ? '–' : `${Math.round(alone)} µs`,
          alone && cpuSum ? `${Math.round((alone * v.count / cpuSum) * 100)}%` : '–'];
      }), [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), '');
  }
  out.push('What each kind asks:', '', ...Object.entries(MIXED_WHAT).map(([k, w]) => `- ${k}: ${w}`), '');
  return out;
}

// The mixed targets: p99.9 of every kind ≤ 100 ms, no request over 1 s.
export function mixedTargets(rows) {
  const out = [];
  for (const r of rows) {
    const n = r.size >= 1e6 ? `${r.size / 1e6}M` : `${r.size / 1e3}k`;
    const slow = Object.entries(r.kinds).filter(([, v]) => v.p999_ms > 100);
    out.push({ what: `mixed at ${n}: p99.9 of every kind ≤ 100 ms`, met: !slow.length,
      detail: Object.entries(r.kinds).map(([k, v]) => `${k} ${v.p999_ms} ms${v.p999_ms > 100 ? ' ✗' : ''}`).join(', ') });
    const max = Math.max(0, ...Object.values(r.kinds).map((v) => v.max_ms || 0));
    const timeouts = r.socket_errors;
    out.push({ what: `mixed at ${n}: no request over 1 s`, met: max <= 1000 && r.max_ms <= 1000 && !timeouts,
      detail: `slowest ${max} ms in nginx's log (${Object.entries(r.kinds).filter(([, v]) => v.max_ms === max).map(([k]) => k).join(', ')}), `
        + `${Math.round(r.max_ms)} ms by wrk; ${timeouts} socket errors or timeouts` });
  }
  return out;
}
