// foundation.test.mjs: the request core, responses, error pages and the
// master/worker supervision, through real nginx and sidan.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, raw, sql, securityHeaders, stylesheets } from '../lib/harness.mjs';
import { signIn, page } from '../lib/staff.mjs';
import { submit } from '../lib/order.mjs';
import { fcgiRequest } from '../lib/fcgi.mjs';
import { nowMs } from '../lib/clock.mjs';

const INSTITUTES = ['北城街道', '南城街道', '神头街道', '北旺庄街道', '神头镇', '利民镇',
  '下团堡乡', '小平易乡', '滋润乡', '南榆林乡', '贾庄乡', '沙塄河乡', '窑子头乡', '张蔡庄乡'];

let s;
before(async () => { s = await start(); });
after(async () => { await s.stop(); });

test('home page shows the real tree from the database', async () => {
  const r = await fetch(s.url + '/');
  assert.equal(r.status, 200);
  securityHeaders(assert, r.headers, 'GET /');
  const html = await r.text();
  assert.match(html, /^<!DOCTYPE html>\n<html lang="zh-CN">/);
  assert.match(html, /文明朔城/);
  for (const name of INSTITUTES) assert.ok(html.includes(name), `home lists ${name}`);
  const [{ n }] = sql(s.db, "SELECT count(*) AS n FROM orgs WHERE kind = 'station'");
  assert.ok(html.includes(`<strong>${n}</strong><span>实践站</span>`), 'station count from the db');
  assert.match(html, /<strong>14<\/strong><span>实践所<\/span>/);
  for (const p of ['理论宣讲', '教育服务', '文化文艺', '科技科普', '健身体育']) assert.ok(html.includes(p));
  // Each institute with its own station count; demo stations said so.
  assert.match(html, /神头镇<\/span> <span class="tag">镇<\/span> <span class="count">11 个站<\/span>/);
  assert.match(html, /北城街道<\/span> <span class="tag">街道<\/span> <span class="count">20 个站（含演示 20）<\/span>/);
  // Demo rows are said to be demo rows.
  assert.match(html, /195 个站、34 个基地为演示数据/);
  assert.ok(r.headers.get('x-request-id').match(/^[0-9a-f]{16}$/));
});

test('unknown path: 404 page in Chinese with a request id', async () => {
  const r = await fetch(s.url + '/no/such/page');
  assert.equal(r.status, 404);
  securityHeaders(assert, r.headers, '404');
  const html = await r.text();
  assert.match(html, /<h1>页面不存在<\/h1>/);
  assert.match(html, /<html lang="zh-CN">/);
  assert.ok(html.includes(r.headers.get('x-request-id')), 'request id shown on the page');
  assert.doesNotMatch(html, /sqlite|\.c:|\/work\/|SELECT/i);
  // Every answer has its own id, whichever worker gives it.
  const ids = [];
  for (let i = 0; i < 40; i++) ids.push((await fetch(s.url + '/no/such/page')).headers.get('x-request-id'));
  assert.ok(ids.every((id) => /^[0-9a-f]{16}$/.test(id)), ids.join(' '));
  assert.equal(new Set(ids).size, ids.length, 'no id twice');
});

test('wrong method: 405 with Allow', async () => {
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const r = await fetch(s.url + '/', { method, body: method === 'POST' ? 'a=1' : undefined,
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.get('allow'), 'GET, HEAD');
    securityHeaders(assert, r.headers, `405 ${method}`);
    assert.match(await r.text(), /不支持此操作/);
  }
});

test('body over 64 KiB: 413 page', async () => {
  const r = await fetch(s.url + '/', { method: 'POST', body: 'a=' + 'x'.repeat(70 * 1024),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 413);
  securityHeaders(assert, r.headers, '413');
  assert.match(await r.text(), /提交内容过多/);
});

test('bad input: 400 for invalid UTF-8, NUL, bad escapes and repeated fields', async () => {
  for (const q of ['a=%ff', 'a=%C0%AF', 'a=x%00y', 'a=%4', 'a=1&a=2']) {
    const r = await fetch(`${s.url}/?${q}`);
    assert.equal(r.status, 400, q);
    securityHeaders(assert, r.headers, `400 ${q}`);
    assert.match(await r.text(), /请求有误/);
  }
  // Raw invalid bytes in the query, as a careless client may send them.
  const r = await raw(s.port, `GET /?a=\xff\xfe HTTP/1.0\r\nHost: x\r\n\r\n`);
  assert.equal(r.status, 400);
  securityHeaders(assert, r.headers, 'raw 400');
  // Cookies are parsed with the same care.
  const c = await raw(s.port, `GET / HTTP/1.0\r\nHost: x\r\nCookie: a=\xc0\xaf\r\n\r\n`);
  assert.equal(c.status, 400);
  // A query that is fine.
  assert.equal((await fetch(`${s.url}/?a=1&b=%E4%B8%AD`)).status, 200);
});

test('HEAD: headers of GET, no body', async () => {
  const get = await fetch(s.url + '/');
  const getLen = (await get.arrayBuffer()).byteLength;
  const r = await raw(s.port, 'HEAD / HTTP/1.0\r\nHost: x\r\n\r\n');
  assert.equal(r.status, 200);
  assert.equal(r.body, '');
  assert.equal(Number(r.headers['content-length']), getLen);
  securityHeaders(assert, r.headers, 'HEAD');
  const nf = await raw(s.port, 'HEAD /missing HTTP/1.0\r\nHost: x\r\n\r\n');
  assert.equal(nf.status, 404);
  assert.equal(nf.body, '');
});

test('a hostile string stored in the database comes out escaped', async () => {
  const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>'&`;
  sql(s.db, `UPDATE platforms SET summary = '${evil.replace(/'/g, "''")}' WHERE code = 'theory'`);
  const html = await (await fetch(s.url + '/')).text();
  assert.ok(!html.includes('<script>alert'), 'no raw script tag');
  assert.ok(!html.includes('<img src=x'), 'no raw img tag');
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), 'escaped text shown');
  assert.ok(html.includes('&#39;&amp;'), 'quote and ampersand escaped');
});

test('static files come from nginx with cache headers', async () => {
  const r = await fetch(s.url + '/static/style.css');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control'), /max-age=\d+/);
  assert.match(r.headers.get('content-type'), /text\/css/);
  securityHeaders(assert, r.headers, 'static');
  // Compressed when asked (fetch asks and unpacks); pages never are: they
  // hold a form token beside what the visitor typed (BREACH).
  assert.equal(r.headers.get('content-encoding'), 'gzip');
  assert.match(await r.text(), /^[\s\S]*body[\s\S]*\{/, 'unpacks to the stylesheet');
  for (const path of ['/', '/order/new', '/track?code=x']) {
    const p = await fetch(s.url + path);
    assert.equal(p.headers.get('content-encoding'), null, path);
  }
});

test('each page links the stylesheets that style it, and a resident loads only the common one', async () => {
  const css = async (href) => {
    const r = await fetch(s.url + href);
    assert.equal(r.status, 200, href);
    assert.match(r.headers.get('content-type'), /text\/css/, href);
    return r.text();
  };
  // The classes a stylesheet gives rules to, but in rules for 长辈模式
  // alone (html.elder ...: those only adjust what another rule styles).
  const classes = (text) => {
    const out = new Set();
    for (const rule of text.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{[^{}]*\}/g))
      for (const sel of rule[1].split(','))
        if (!/^\s*html\.elder\b/.test(sel))
          for (const m of sel.matchAll(/\.([a-zA-Z][\w-]*)/g)) out.add(m[1]);
    return out;
  };
  const common = classes(await css('/static/style.css'));
  const signedIn = await css('/static/signed-in.css'), wall = await css('/static/screen.css');
  const elsewhere = new Set([...classes(signedIn), ...classes(wall)].filter((c) => !common.has(c)));
  for (const c of ['inbox', 'notes', 'certificate', 'waits', 'rollbox', 'badge', 'filters'])
    assert.ok(elsewhere.has(c), `.${c} is styled outside style.css`);
  // A resident's pages link style.css alone, and use none of the classes
  // only the other stylesheets style.
  // A resident's own request too: its manage page and its tracking page.
  const mine = await submit(s.url);
  const one = (q) => sql(s.db, q)[0].v;
  const site = one("SELECT id AS v FROM orgs WHERE kind = 'station' LIMIT 1");
  // A published 工作动态 (the demo has none).
  const t = Math.floor(nowMs() / 1000);
  sql(s.db, `INSERT INTO news(title, body, org_id, state, author_id, created_at, updated_at, published_at)
    VALUES ('样式检查', '正文', ${site}, 'published', (SELECT min(id) FROM users), ${t}, ${t}, ${t})`);
  const news = one("SELECT max(id) AS v FROM news WHERE state = 'published'");
  for (const p of ['/', '/map', '/map?view=geo', '/sites', `/sites/${site}`, `/sites/${site}/poster`, '/services',
    '/order/new', mine.location, '/track', `/track/${mine.code}`, '/figures', '/activities',
    `/activities/${one('SELECT min(id) AS v FROM activities')}`, '/news', '/volunteer/join', '/honour', '/platforms',
    `/platforms/${one('SELECT code AS v FROM platforms LIMIT 1')}`, '/projects',
    `/projects/${one('SELECT code AS v FROM projects LIMIT 1')}`, '/login', '/v/login', '/v/login/code',
    '/privacy', '/verify/ABCD2345', '/no/such/page', `/news/${news}`]) {
    const r = await fetch(s.url + p);
    assert.equal(r.status, p === '/no/such/page' || p.startsWith('/verify/') ? 404 : 200, p);
    const html = await r.text();
    assert.deepEqual(stylesheets(html), ['/static/style.css'], p);
    // signed-in.css styles the date-and-time fields of staff and volunteers.
    assert.doesNotMatch(html, /type="datetime-local"/, p);
    for (const m of html.matchAll(/class="([^"]*)"/g))
      for (const c of m[1].split(/\s+/)) assert.ok(!elsewhere.has(c), `${p} uses .${c}, which style.css does not style`);
  }
  // Signed in, the desk and the inbox link signed-in.css too, which styles them.
  const staff = await signIn(s.url, 'dispatcher');
  for (const p of ['/desk', '/desk/inbox', '/'])
    assert.deepEqual(stylesheets(await page(s.url, p, staff)), ['/static/style.css', '/static/signed-in.css'], p);
  assert.match(signedIn, /\.inbox li\.unread \{/);
  // The wall screen links its own.
  assert.deepEqual(stylesheets(await (await fetch(s.url + '/screen')).text()), ['/static/style.css', '/static/screen.css']);
  assert.match(wall, /\.waits \{/);
});

test('a worker killed with SIGKILL is replaced, and requests after that all succeed', async () => {
  const before = s.workers();
  assert.equal(before.length, 2);
  let stop = false;
  const results = [];
  const stream = (async () => {
    while (!stop) {
      const t = nowMs();
      try { results.push({ t, status: (await fetch(s.url + '/')).status }); } catch { results.push({ t, status: 0 }); }
    }
  })();
  await new Promise((r) => setTimeout(r, 150));
  const victim = before[0];
  process.kill(victim, 'SIGKILL');
  let replacedAt = 0;
  for (let i = 0; i < 100; i++) {
    const now = s.workers();
    if (now.length === 2 && !now.includes(victim)) { replacedAt = nowMs(); break; }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(replacedAt, 'a new worker took its place');
  await new Promise((r) => setTimeout(r, 400));
  stop = true;
  await stream;
  const after = results.filter((x) => x.t > replacedAt);
  assert.ok(after.length > 10, `requests after the replacement (${after.length})`);
  assert.deepEqual(after.filter((x) => x.status !== 200), [], 'none failed');
  assert.match(s.log(), new RegExp(`worker ${victim} killed by signal 9`));
});

test('SIGHUP replaces every worker with no failed request', async () => {
  const before = s.workers();
  let stop = false;
  const statuses = [];
  const stream = (async () => {
    while (!stop) {
      try { statuses.push((await fetch(s.url + '/')).status); } catch { statuses.push(0); }
    }
  })();
  await new Promise((r) => setTimeout(r, 150));
  process.kill(s.pid, 'SIGHUP');
  for (let i = 0; i < 200; i++) {
    const now = s.workers();
    if (now.length === 2 && now.every((p) => !before.includes(p))) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 150));
  stop = true;
  await stream;
  const now = s.workers();
  assert.equal(now.length, 2);
  assert.ok(now.every((p) => !before.includes(p)), 'all workers are new');
  assert.ok(statuses.length > 5);
  assert.deepEqual(statuses.filter((x) => x !== 200), []);
  assert.match(s.log(), /reload done/);
});

test('SIGTERM while a request is in flight: it completes, then sidan stops', async () => {
  // Talk FastCGI directly so the request can be held half-sent inside a worker.
  const params = { REQUEST_METHOD: 'GET', DOCUMENT_URI: '/', QUERY_STRING: '', REMOTE_ADDR: '127.0.0.1' };
  const response = await fcgiRequest(path.join(s.dir, 'sidan.sock'), params, async () => {
    await new Promise((r) => setTimeout(r, 200));
    process.kill(s.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(s.workers().length >= 1, true, 'the busy worker waits for its request');
  });
  assert.match(response, /^Status: 200 OK\r\n/);
  assert.match(response, /北城街道/);
  const { code } = await s.exited;
  assert.equal(code, 0);
  assert.match(s.log(), /sidan: stopped/);
});

test('nginx limits form posts per client: a burst gets its Chinese 429 page', async () => {
  const l = await start({ realFormRate: true });
  try {
    const statuses = [];
    let page = '';
    for (let i = 0; i < 15; i++) {
      const r = await fetch(l.url + '/order/new', { method: 'POST', body: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      statuses.push(r.status);
      if (r.status === 429) { page = await r.text(); securityHeaders(assert, r.headers, 'nginx 429'); } else await r.arrayBuffer();
    }
    assert.ok(statuses.slice(0, 10).every((x) => x === 403), 'the burst reaches sidan (no token: 403)');
    assert.ok(statuses.includes(429), `then nginx says 429 (${statuses})`);
    assert.match(page, /操作过于频繁/);
    // Pages are not limited.
    assert.equal((await fetch(l.url + '/')).status, 200);
  } finally { await l.stop(); }
});
