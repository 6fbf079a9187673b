// conditional.test.mjs: conditional GETs and Open311 paging (issue 18).
// Public pages and Open311 lists carry an ETag that changes exactly when
// what they show changes, and a client that sends it back in If-None-Match
// gets 304 Not Modified with no body. What must hold, as a visitor or an
// Open311 client sees it: the tracking page's tag stays while nothing it
// shows changes (another request changing, a staff note nobody else sees)
// and changes when its public timeline does; a 長輩模式 visitor and a
// signed-in person never get another's page; the figures and the home page
// change their tags only with their figures; Open311's list pages
// (page / page_size) return each request once, and its tag follows the
// list's requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { start, sql, bin } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { signIn, act, page, versionOf, teamsOf } from '../lib/staff.mjs';
import { advanceClock } from '../lib/clock.mjs';

let s, kept, staff;
const made = [];
// Each request from its own phone (a phone may ask a few times a day).
let phones = 0;
const ask = (base) => submit(base, { phone: `1390000${String(1000 + phones++).slice(-4)}` });

before(async () => {
  s = await start();
  kept = await start({ workers: 1, env: { SIDAN_STATS_TTL: '60' } });
  for (let i = 0; i < 5; i++) made.push((await ask(s.url)).code);
  staff = await signIn(s.url, 'dispatcher');
});
after(async () => {
  await s?.stop();
  await kept?.stop();
});

// GETs path (optionally with If-None-Match and other headers).
async function get(base, path, tag, headers = {}) {
  const r = await fetch(base + path, { headers: { ...(tag ? { 'if-none-match': tag } : {}), ...headers } });
  return { status: r.status, etag: r.headers.get('etag'), body: await r.text() };
}

test('the tracking page: 304 while nothing it shows changes, a new tag when it does', async () => {
  const code = made[0], path = `/track/${code}`;
  const first = await get(s.url, path);
  assert.equal(first.status, 200);
  assert.match(first.etag, /^W\/"[A-Za-z0-9.-]+"$/, 'a weak validator');
  assert.equal((await get(s.url, path)).etag, first.etag, 'the same page, the same tag');
  const again = await get(s.url, path, first.etag);
  assert.equal(again.status, 304, 'the visitor has it: 304');
  assert.equal(again.body, '', 'a 304 has no body');
  assert.equal(again.etag, first.etag);
  // A list of tags, and the tag without W/ (after a proxy), match too.
  assert.equal((await get(s.url, path, `W/"other", ${first.etag}`)).status, 304);
  assert.equal((await get(s.url, path, first.etag.slice(2))).status, 304);
  assert.equal((await get(s.url, path, 'W/"other"')).status, 200, 'another tag: the page');

  // Another request changing does not change this page.
  const other = await page(s.url, `/desk/order/${made[1]}`, staff);
  assert.equal((await act(s.url, staff, made[1], 'reject', { version: versionOf(other), reason: '不在服务范围' })).status, 303);
  assert.equal((await get(s.url, path, first.etag)).status, 304, 'another request changed: still 304');
  // A staff note is not on the public page: still 304.
  assert.equal((await act(s.url, staff, code, 'note', { note: '内部备注：先电话联系' })).status, 303);
  const noted = await get(s.url, path, first.etag);
  assert.equal(noted.status, 304, 'a staff note is not shown to the public');
  // Dispatching is on the public timeline: a new tag and the new page.
  const html = await page(s.url, `/desk/order/${code}`, staff);
  const team = teamsOf(html)[0].id;
  assert.equal((await act(s.url, staff, code, 'dispatch', { version: versionOf(html), team })).status, 303);
  const moved = await get(s.url, path, first.etag);
  assert.equal(moved.status, 200, 'the page changed: sent again');
  assert.notEqual(moved.etag, first.etag, 'with a new tag');
  assert.match(moved.body, /已派单/);
  assert.ok(!moved.body.includes('内部备注'), 'the note stays private');
  assert.equal((await get(s.url, path, moved.etag)).status, 304);
});

test('the tag follows the display mode and never serves a signed-in page', async () => {
  const path = `/track/${made[2]}`;
  const std = await get(s.url, path);
  const elder = await get(s.url, path, null, { cookie: 'mode=elder' });
  assert.ok(elder.etag && elder.etag !== std.etag, '长辈模式 has its own tag');
  assert.equal((await get(s.url, path, std.etag, { cookie: 'mode=elder' })).status, 200,
    'the standard page is not 长辈模式\'s');
  const signed = await get(s.url, path, std.etag, { cookie: staff.cookie });
  assert.equal(signed.status, 200, 'a signed-in person gets their own page');
  assert.equal(signed.etag, null, 'with no tag: its header names the person');
  // A place renamed is on the page (its 所 and 站): a new tag.
  sql(s.db, `UPDATE orgs SET name = name || '（新）' WHERE id = (SELECT org_id FROM orders WHERE code = '${made[2]}')`);
  const renamed = await get(s.url, path, std.etag);
  assert.equal(renamed.status, 200);
  assert.match(renamed.body, /（新）/);
});

test('a page with the rating form, whose token is new at each view, has no tag', async () => {
  const code = made[3];
  sql(s.db, `UPDATE orders SET state = 'completed', completed_at = updated_at WHERE code = '${code}'`);
  const r = await get(s.url, `/track/${code}`);
  assert.equal(r.status, 200);
  assert.match(r.body, /name="nonce"/, 'the rating form is there');
  assert.equal(r.etag, null);
});

test('figures, the open data and the home page: a new tag only with new figures', async () => {
  execFileSync(bin, ['figures', '--db', kept.db], { stdio: 'ignore' });
  advanceClock(6);
  for (const path of ['/figures', '/api/stats.json']) {
    const a = await get(kept.url, path);
    assert.ok(a.etag, `${path} has a tag`);
    assert.equal((await get(kept.url, path, a.etag)).status, 304, `${path}: 304`);
    await ask(kept.url);
    advanceClock(6);
    assert.equal((await get(kept.url, path, a.etag)).status, 304, `${path}: the kept figures did not change`);
    execFileSync(bin, ['figures', '--db', kept.db], { stdio: 'ignore' });
    advanceClock(6);
    const b = await get(kept.url, path, a.etag);
    assert.equal(b.status, 200, `${path}: computed again, sent again`);
    assert.notEqual(b.etag, a.etag);
  }
  // The home page a worker keeps for visitors: its tag is its bytes'.
  await get(kept.url, '/');
  const h = await get(kept.url, '/');
  assert.ok(h.etag, 'the kept home page has a tag');
  assert.equal((await get(kept.url, '/', h.etag)).status, 304);
  // Built again after its minute: the same tag exactly when the same bytes.
  advanceClock(61);
  await get(kept.url, '/');
  const next = await get(kept.url, '/');
  assert.equal((await get(kept.url, '/', h.etag)).status, next.body === h.body ? 304 : 200);
  assert.equal(next.etag === h.etag, next.body === h.body);
  await ask(kept.url);
  execFileSync(bin, ['figures', '--db', kept.db], { stdio: 'ignore' });
  advanceClock(61);
  await get(kept.url, '/');
  const more = await get(kept.url, '/', next.etag);
  assert.equal(more.status, 200, 'one more request this month: a new page');
  assert.notEqual(more.etag, next.etag);
});

test('Open311: pages of page_size return each request once; the tag follows the listed requests', async () => {
  const all = JSON.parse((await get(s.url, '/open311/v2/requests.json')).body).map((x) => x.service_request_id);
  assert.ok(all.length >= 5);
  const seen = [];
  for (let p = 1; ; p++) {
    const r = await get(s.url, `/open311/v2/requests.json?page_size=2&page=${p}`);
    assert.equal(r.status, 200);
    const ids = JSON.parse(r.body).map((x) => x.service_request_id);
    assert.ok(ids.length <= 2);
    if (ids.length === 0) break;
    seen.push(...ids);
  }
  assert.deepEqual(seen, all, 'every request once, newest first');
  // XML pages too.
  const xml = (await get(s.url, '/open311/v2/requests.xml?page_size=1&page=2')).body;
  assert.equal((xml.match(/<request>/g) || []).length, 1);
  assert.ok(xml.includes(`<service_request_id>${all[1]}</service_request_id>`));
  // Bad paging: the spec's error list, in Chinese.
  for (const q of ['page=0', 'page=x', 'page_size=0', 'page_size=1001', 'page=-1']) {
    const r = await get(s.url, `/open311/v2/requests.json?${q}`);
    assert.equal(r.status, 400, q);
    assert.match(JSON.parse(r.body)[0].description, /page(_size)?须是/, q);
  }
  // The tag: 304 while the listed requests are unchanged.
  const path = '/open311/v2/requests.json?page_size=2';
  const first = await get(s.url, path);
  assert.equal((await get(s.url, path, first.etag)).status, 304);
  // A request on a later page changes: the first page is the same.
  const last = all[all.length - 1];
  sql(s.db, `UPDATE orders SET state = 'cancelled', reason = '居民取消' WHERE code = '${last}'`);
  assert.equal((await get(s.url, path, first.etag)).status, 304, 'a change off the page: 304');
  const p3 = await get(s.url, `/open311/v2/requests.json?page_size=2&page=${Math.ceil(all.length / 2)}`, first.etag);
  assert.equal(p3.status, 200, 'that page is another list');
  // A listed request changes: a new tag.
  sql(s.db, `UPDATE orders SET state = 'cancelled', reason = '居民取消' WHERE code = '${all[0]}'`);
  const changed = await get(s.url, path, first.etag);
  assert.equal(changed.status, 200);
  assert.notEqual(changed.etag, first.etag);
  assert.equal(JSON.parse(changed.body)[0].status, 'closed');
  // A new request comes first: a new tag.
  await ask(s.url);
  const grown = await get(s.url, path, changed.etag);
  assert.equal(grown.status, 200);
  // One request by its id, and the JSON and XML tags differ.
  const one = await get(s.url, `/open311/v2/requests/${all[1]}.json`);
  assert.equal((await get(s.url, `/open311/v2/requests/${all[1]}.json`, one.etag)).status, 304);
  assert.notEqual((await get(s.url, `/open311/v2/requests/${all[1]}.xml`)).etag, one.etag);
});

test('the default list is one page of at most 100 requests', async () => {
  for (let i = 0; i < 3; i++) await ask(s.url);
  const n = JSON.parse((await get(s.url, '/open311/v2/requests.json')).body).length;
  assert.ok(n > 0 && n <= 100);
  const two = JSON.parse((await get(s.url, '/open311/v2/requests.json?page_size=1000')).body).length;
  assert.equal(two, n, 'every request of the 90 days fits a page of 1000 here');
});

test('the service menu, the sites and 工作动态: a new tag when an article or a place changes', async () => {
  const n = await signIn(s.url, 'dispatcher');
  for (const path of ['/services', '/sites', '/news']) {
    const a = await get(s.url, path);
    assert.equal(a.status, 200, path);
    assert.ok(a.etag, `${path} has a tag`);
    assert.equal((await get(s.url, path, a.etag)).status, 304, path);
  }
  const news1 = await get(s.url, '/news');
  const sites1 = await get(s.url, '/sites');
  const menu1 = await get(s.url, '/services');
  // An article published: the news list changes, the menu and the sites do not.
  const org = sql(s.db, "SELECT id FROM orgs WHERE kind = 'center'")[0].id;
  const author = sql(s.db, "SELECT id FROM users WHERE login = 'dispatcher'")[0].id;
  sql(s.db, `INSERT INTO news(title, body, org_id, state, author_id, created_at, updated_at, published_at)
    VALUES ('测试动态标题', '测试动态正文', ${org}, 'published', ${author}, 1, 1, 1)`);
  const news2 = await get(s.url, '/news', news1.etag);
  assert.equal(news2.status, 200);
  assert.match(news2.body, /测试动态标题/);
  assert.equal((await get(s.url, '/sites', sites1.etag)).status, 304, 'the sites did not change');
  assert.equal((await get(s.url, '/services', menu1.etag)).status, 304, 'the menu did not change');
  const id = sql(s.db, "SELECT id FROM news WHERE title = '测试动态标题'")[0].id;
  const art = await get(s.url, `/news/${id}`);
  assert.equal((await get(s.url, `/news/${id}`, art.etag)).status, 304);
  sql(s.db, `UPDATE news SET title = '改过的标题' WHERE id = ${id}`);
  const art2 = await get(s.url, `/news/${id}`, art.etag);
  assert.equal(art2.status, 200);
  assert.match(art2.body, /改过的标题/);
  // A service renamed: the menu changes.
  sql(s.db, "UPDATE services SET name = name || '（试）' WHERE code = 'tutoring'");
  const menu2 = await get(s.url, '/services', menu1.etag);
  assert.equal(menu2.status, 200);
  assert.match(menu2.body, /（试）/);
  // Page 2 of the list is its own page.
  assert.notEqual((await get(s.url, '/news?page=2')).etag, news2.etag);
  // A signed-in person's menu has no tag.
  assert.equal((await get(s.url, '/services', null, { cookie: n.cookie })).etag, null);
});
