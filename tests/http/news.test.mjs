// news.test.mjs: 工作动态 and 活动风采 (issue 16, parts 4 and 5). Staff write
// articles for places in their scope, with photos, as drafts the public
// never sees (nor their photos, nor the feed); published, an article is on
// /news, its own page, the home page, its place's page (and its 所's), its
// platform's page and the Atom feed; taken back, it is gone from all of
// them. Every bad field is said beside it with what was typed kept and the
// photos sent carried; the 10th photo is refused; staff text is escaped
// in the pages and the feed. An activity's organisers write its 活动风采
// once it has ended, and the public activity page shows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, sql, pageBytes } from '../lib/harness.mjs';
import { advanceClock, nowSec } from '../lib/clock.mjs';
import { post } from '../lib/order.mjs';
import { ACCOUNTS, signIn, get, page } from '../lib/staff.mjs';

let s;
const S = {};
const one = (q) => sql(s.db, q)[0];
const idOf = (code) => one(`SELECT id FROM orgs WHERE code = '${code}'`).id;
const CENTER = '140602000000', SHENTOU = '140602100000', MAYI = '140602100201',
  BEICHENG = '140602001000';
const text = (html) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

// Small JPEGs made with the vips command line, each of another size so that
// each is another file: jpeg(i) is a (64+i)x48 black picture.
const imgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-news-img-'));
function jpeg(i = 0) {
  const f = path.join(imgDir, `p${i}.jpg`);
  if (!fs.existsSync(f)) execFileSync('vips', ['black', f, String(64 + i), '48']);
  return fs.readFileSync(f);
}

// Posts a multipart form as session: fields (csrf added unless given), and
// files [{ field, name, data }].
function postForm(pathname, who, fields, files = []) {
  const fd = new FormData();
  fd.append('csrf', who.csrf);
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  for (const f of files) fd.append(f.field || 'photo', new Blob([f.data], { type: 'image/jpeg' }), f.name);
  return fetch(s.url + pathname, { method: 'POST', body: fd, redirect: 'manual',
    headers: { cookie: who.cookie } });
}
const photos = (n, from = 0) => Array.from({ length: n }, (_, i) => ({ name: `照片${from + i}.jpg`, data: jpeg(from + i) }));
const postAct = (pathname, who, fields = {}) => post(s.url, pathname, { csrf: who.csrf, ...fields },
  { cookie: who.cookie });
const idFrom = (r) => Number(r.headers.get('location').match(/^\/desk\/news\/(\d+)\?done=/)[1]);
const pub = (p) => fetch(s.url + p);
const pubText = async (p) => (await pub(p)).text();
// The message shown beside field f, checking the control points at it.
function besideField(html, f) {
  const m = html.match(new RegExp(`<p class="err" id="e-${f}">([^<]*)</p>`));
  if (!m) return null;
  assert.match(html, new RegExp(`id="f-${f}"[^>]*aria-describedby="[^"]*e-${f}"[^>]*aria-invalid="true"`),
    `the ${f} control is marked invalid and described by its message`);
  return m[1];
}
// Hashes of the photos an article page shows: [{ thumb, file }].
const shownPhotos = (html) => [...html.matchAll(/<a href="\/photos\/([0-9a-f]{64})\.jpg"><img src="\/photos\/([0-9a-f]{64})\.jpg" width="\d+" height="\d+" loading="lazy"/g)]
  .map((m) => ({ file: m[1], thumb: m[2] }));
// Checks the feed is well-formed XML (xmllint) and returns its entries.
function feedEntries(xml) {
  const lint = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  assert.equal(lint.status, 0, `the feed is well-formed XML: ${lint.stderr}`);
  assert.match(xml, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
  return [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => ({
    title: m[1].match(/<title>([^<]*)<\/title>/)[1],
    link: m[1].match(/<link rel="alternate" type="text\/html" href="([^"]*)"\/>/)[1],
    id: m[1].match(/<id>([^<]*)<\/id>/)[1],
    content: m[1].match(/<content>([\s\S]*?)<\/content>/)[1],
    author: m[1].match(/<author><name>([^<]*)<\/name><\/author>/)[1],
  }));
}
const feed = async () => feedEntries(await pubText('/news.atom'));
const platformCode = () => one("SELECT code FROM platforms ORDER BY sort, id LIMIT 1").code;

before(async () => {
  s = await start();
  for (const [role, login] of Object.entries(ACCOUNTS)) S[role] = await signIn(s.url, login);
});
after(async () => {
  await s?.stop();
  fs.rmSync(imgDir, { recursive: true, force: true });
});

test('the navigation links to /news, the desk to /desk/news; /news and the home page announce the feed', async () => {
  for (const p of ['/', '/news', '/sites']) {
    const html = await pubText(p);
    assert.match(html, /<li><a href="\/news"( aria-current="page")?>工作动态<\/a><\/li>/, `${p}: 工作动态 in the navigation`);
  }
  assert.match(await pubText('/news'), /<a href="\/news" aria-current="page">工作动态<\/a>/);
  const feedLink = '<link rel="alternate" type="application/atom+xml" title="文明朔城 工作动态" href="/news.atom">';
  assert.ok((await pubText('/news')).includes(feedLink), '/news announces the feed');
  assert.ok((await pubText('/')).includes(feedLink), 'the home page announces the feed');
  assert.ok(!(await pubText('/sites')).includes(feedLink), 'other pages do not');
  assert.match(await page(s.url, '/desk', S.station), /<a href="\/desk\/news">工作动态<\/a>/);
  assert.equal((await get(s.url, '/desk/news', S.leader)).status, 403, 'team leaders write no articles');
  assert.equal((await get(s.url, '/desk/news')).status, 303, 'the public is sent to sign in');
  const empty = await pubText('/news');
  assert.match(text(empty), /暂无工作动态/);
  const r = await pub('/news.atom');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/atom\+xml; charset=utf-8/);
  assert.deepEqual(feedEntries(await r.text()), [], 'an empty feed is still a valid feed');
});

test('a draft is the desk\'s alone; published it is on /news, its page, the home, site and platform pages and the feed; taken back it is gone', async () => {
  const mayi = idOf(MAYI), plat = platformCode();
  const form = await page(s.url, '/desk/news/new', S.station);
  const places = [...form.matchAll(/<option value="(\d+)"( selected)?>/g)].map((m) => Number(m[1]));
  assert.deepEqual(places, [mayi], 'a 站 writes about itself only');
  assert.match(form, new RegExp(`<option value="${mayi}" selected>`), 'its own place is chosen');
  assert.match(form, /enctype="multipart\/form-data"/);
  assert.match(form, /<input id="f-photo" name="photo" type="file" accept="image\/jpeg,image\/png,image\/webp" multiple/);

  const body = '马邑村新时代文明实践站组织志愿者为村里的老人打扫院落。\n共有12名志愿者参加。\n\n下午，志愿者又为留守儿童辅导功课。';
  const r = await postForm('/desk/news/new', S.station, { title: '马邑村志愿者为老人打扫院落', body,
    org: String(mayi), platform: plat, publish: '0' }, photos(2, 100));
  assert.equal(r.status, 303, await r.text());
  const id = idFrom(r);
  assert.equal(r.headers.get('location'), `/desk/news/${id}?done=created`);
  const row = one(`SELECT n.state, n.org_id, n.author_id, n.published_at, p.code AS platform,
    (SELECT count(*) FROM photos WHERE news_id = n.id) AS photos FROM news n
    LEFT JOIN platforms p ON p.id = n.platform_id WHERE n.id = ${id}`);
  assert.deepEqual(row, { state: 'draft', org_id: mayi, platform: plat, published_at: null, photos: 2,
    author_id: one("SELECT id FROM users WHERE login = 'zhan.mayi'").id });
  const desk = await page(s.url, `/desk/news/${id}?done=created`, S.station);
  assert.match(text(desk), /已保存为草稿/);
  assert.match(desk, /<span class="state">草稿<\/span>/);
  const ph = shownPhotos(desk);
  assert.equal(ph.length, 2, 'the desk shows the two photos');

  // The public sees nothing of a draft.
  assert.equal((await pub(`/news/${id}`)).status, 404);
  assert.doesNotMatch(await pubText('/news'), /马邑村志愿者为老人打扫院落/);
  assert.doesNotMatch(await pubText('/'), /马邑村志愿者为老人打扫院落/);
  assert.doesNotMatch(await pubText(`/sites/${mayi}`), /马邑村志愿者为老人打扫院落/);
  assert.equal((await feed()).length, 0, 'no draft in the feed');
  for (const h of [ph[0].file, ph[0].thumb]) {
    assert.equal((await pub(`/photos/${h}.jpg`)).status, 404, 'a draft\'s photo is 404 to the public');
    assert.equal((await get(s.url, `/photos/${h}.jpg`, S.station)).status, 200, 'and shown to its staff');
  }
  assert.equal((await get(s.url, `/photos/${ph[0].file}.jpg`, S.dispatcher)).status, 200, 'the centre sees it too');

  // Published.
  const p = await postAct(`/desk/news/${id}/publish`, S.station);
  assert.equal(p.status, 303);
  assert.equal(p.headers.get('location'), `/desk/news/${id}?done=published`);
  assert.equal(one(`SELECT state FROM news WHERE id = ${id}`).state, 'published');
  const list = await pubText('/news');
  assert.match(list, new RegExp(`<a href="/news/${id}">马邑村志愿者为老人打扫院落</a>`));
  assert.match(list, /<img class="newsthumb" src="\/photos\/[0-9a-f]{64}\.jpg" width="\d+" height="\d+" loading="lazy" alt="">/,
    'with a lazy thumbnail of its first photo');
  const art = await pubText(`/news/${id}`);
  assert.match(art, /<h1>马邑村志愿者为老人打扫院落<\/h1>/);
  assert.match(art, /<title>马邑村志愿者为老人打扫院落 · 文明朔城<\/title>/);
  const paras = [...art.matchAll(/<p class="pre">([^<]*)<\/p>/g)].map((m) => m[1]);
  assert.deepEqual(paras, ['马邑村新时代文明实践站组织志愿者为村里的老人打扫院落。\n共有12名志愿者参加。',
    '下午，志愿者又为留守儿童辅导功课。'], 'paragraphs split on the blank line, line breaks kept');
  assert.deepEqual(shownPhotos(art), ph, 'the photos as thumbnails linking to the full size');
  assert.match(art, new RegExp(`<a href="/sites/${mayi}">马邑村</a>`), 'the place');
  assert.match(art, new RegExp(`<a href="/platforms/${plat}">`), 'the platform');
  assert.match(text(art), /发布单位：马邑村/, 'the byline is the unit');
  const person = one("SELECT name FROM users WHERE login = 'zhan.mayi'").name;
  assert.ok(!art.includes(person), `never the staff member's name (${person})`);
  for (const h of [ph[0].file, ph[1].thumb])
    assert.equal((await pub(`/photos/${h}.jpg`)).status, 200, 'its photos are public now');

  const shows = new RegExp(`<a href="/news/${id}">马邑村志愿者为老人打扫院落</a>`);
  assert.match(await pubText('/'), shows, 'the home page');
  assert.match(await pubText(`/sites/${mayi}`), shows, 'its site');
  assert.match(await pubText(`/sites/${idOf(SHENTOU)}`), shows, 'its 所');
  assert.doesNotMatch(await pubText(`/sites/${idOf(BEICHENG)}`), shows, 'not another 所');
  assert.match(await pubText(`/platforms/${plat}`), shows, 'its platform');
  const other = one(`SELECT code FROM platforms WHERE code <> '${plat}' LIMIT 1`).code;
  assert.doesNotMatch(await pubText(`/platforms/${other}`), shows, 'not another platform');
  const entries = await feed();
  assert.equal(entries.length, 1);
  assert.equal(entries[0].title, '马邑村志愿者为老人打扫院落');
  assert.equal(entries[0].link, `${s.url}/news/${id}`, 'an absolute link');
  assert.equal(entries[0].id, `${s.url}/news/${id}`);
  assert.equal(entries[0].author, '马邑村');
  assert.equal(entries[0].content, body);
  const xml = await pubText('/news.atom');
  assert.match(xml, new RegExp(`<link rel="self" type="application/atom\\+xml" href="${s.url}/news.atom"/>`));

  // Taken back.
  const u = await postAct(`/desk/news/${id}/unpublish`, S.institute);
  assert.equal(u.status, 303, 'the 所 above may take it back');
  assert.equal((await pub(`/news/${id}`)).status, 404);
  assert.doesNotMatch(await pubText('/news'), shows);
  assert.doesNotMatch(await pubText('/'), shows);
  assert.doesNotMatch(await pubText(`/sites/${mayi}`), shows);
  assert.equal((await feed()).length, 0);
  assert.equal((await pub(`/photos/${ph[0].file}.jpg`)).status, 404, 'its photos are private again');
  assert.equal(one(`SELECT state FROM news WHERE id = ${id}`).state, 'draft');
  const again = await postAct(`/desk/news/${id}/publish`, S.station);
  assert.equal(again.status, 303);
  assert.match(await pubText('/news'), shows, 'published again');
});

test('staff out of scope see no article of others and cannot choose a place out of scope', async () => {
  const beicheng = idOf(BEICHENG), mayi = idOf(MAYI);
  const r = await postForm('/desk/news/new', S.dispatcher, { title: '北城街道开展文明实践活动',
    body: '北城街道的志愿者开展了文明实践活动。', org: String(beicheng), platform: '', publish: '0' });
  assert.equal(r.status, 303);
  const id = idFrom(r);
  for (const who of ['station', 'institute']) {
    assert.equal((await get(s.url, `/desk/news/${id}`, S[who])).status, 404, `${who}: the form`);
    assert.equal((await postAct(`/desk/news/${id}/publish`, S[who])).status, 404, `${who}: publish`);
    const e = await postForm(`/desk/news/${id}/edit`, S[who], { title: '改', body: '改', org: String(mayi) });
    assert.equal(e.status, 404, `${who}: edit`);
    assert.doesNotMatch(await page(s.url, '/desk/news', S[who]), new RegExp(`/desk/news/${id}"`), `${who}: not listed`);
  }
  assert.equal(one(`SELECT state FROM news WHERE id = ${id}`).state, 'draft');
  assert.match(await page(s.url, '/desk/news', S.admin), new RegExp(`/desk/news/${id}"`), 'the centre lists it');

  const inst = await page(s.url, '/desk/news/new', S.institute);
  const places = [...inst.matchAll(/<option value="(\d+)"( selected)?>/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  const mine = sql(s.db, `SELECT id FROM orgs WHERE id = ${idOf(SHENTOU)} OR parent_id = ${idOf(SHENTOU)} ORDER BY id`).map((o) => o.id);
  assert.deepEqual(places, mine, 'a 所 chooses among itself and the sites under it');

  const bad = await postForm('/desk/news/new', S.station, { title: '越界的动态', body: '正文第一段。\n\n第二段。',
    org: String(beicheng), platform: '' });
  assert.equal(bad.status, 400);
  const html = await bad.text();
  assert.equal(besideField(html, 'org'), '只能选择您负责范围内的阵地，请从列表中选择');
  assert.match(html, /value="越界的动态"/, 'the title is kept');
  assert.match(html, />正文第一段。\n\n第二段。<\/textarea>/, 'the text is kept with its line breaks');
  assert.equal(one("SELECT count(*) AS n FROM news WHERE title = '越界的动态'").n, 0);
});

test('title and text are checked beside their fields, with everything typed and the photos sent kept', async () => {
  const mayi = idOf(MAYI);
  const long = '长'.repeat(5001);
  const r = await postForm('/desk/news/new', S.station, { title: '   ', body: long, org: String(mayi),
    platform: 'nosuch' }, photos(1, 200));
  assert.equal(r.status, 400);
  const html = await r.text();
  assert.equal(besideField(html, 'title'), '此项必须填写');
  assert.equal(besideField(html, 'body'), '不能超过5000个字');
  assert.equal(besideField(html, 'platform'), '请从列表中选择服务平台，或选“不属于某个平台”');
  assert.match(html, /有 3 处需要修改/);
  assert.ok(html.includes(`>${long}</textarea>`), 'the long text is kept');
  const staged = [...html.matchAll(/<input type="hidden" name="photo_staged" value="([^"]+)">/g)].map((m) => m[1]);
  assert.equal(staged.length, 1, 'the photo sent is carried');
  assert.match(text(html), /已选好 1 张照片/);

  const t = await postForm('/desk/news/new', S.station, { title: '标'.repeat(61), body: '正文', org: String(mayi),
    platform: '', photo_staged: staged });
  assert.equal(t.status, 400);
  const html2 = await t.text();
  assert.equal(besideField(html2, 'title'), '不能超过60个字');
  assert.match(html2, new RegExp(`value="${'标'.repeat(61)}"`));
  assert.equal([...html2.matchAll(/name="photo_staged"/g)].length, 1, 'still carried');

  const ok = await postForm('/desk/news/new', S.station, { title: '带着上次选好的照片', body: '正文', org: String(mayi),
    platform: '', photo_staged: staged });
  assert.equal(ok.status, 303);
  assert.equal(one(`SELECT count(*) AS n FROM photos WHERE news_id = ${idFrom(ok)}`).n, 1, 'the carried photo is saved');

  const junk = await postForm('/desk/news/new', S.station, { title: '不是照片', body: '正文', org: String(mayi), platform: '' },
    [{ name: 'notes.jpg', data: Buffer.from('this is not a picture') }]);
  assert.equal(junk.status, 400);
  assert.match(besideField(await junk.text(), 'photo'), /「notes\.jpg」不是照片/);
});

test('at most 9 photos: the 10th is refused beside the field; a removed photo makes room', async () => {
  const mayi = idOf(MAYI);
  // Five carried from a first try and five sent now: nine are kept.
  const first = await postForm('/desk/news/new', S.station, { title: '', body: '九张照片', org: String(mayi), platform: '' },
    photos(5, 300));
  const staged = [...(await first.text()).matchAll(/name="photo_staged" value="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(staged.length, 5);
  const over = await postForm('/desk/news/new', S.station, { title: '九张照片', body: '九张照片', org: String(mayi),
    platform: '', photo_staged: staged }, photos(5, 305));
  assert.equal(over.status, 400);
  const oh = await over.text();
  assert.equal(besideField(oh, 'photo'), '每篇动态最多 9 张照片，多出的没有收下。');
  const nine = [...oh.matchAll(/name="photo_staged" value="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(nine.length, 9, 'nine are kept');
  const r = await postForm('/desk/news/new', S.station, { title: '九张照片', body: '九张照片', org: String(mayi),
    platform: '', photo_staged: nine });
  assert.equal(r.status, 303);
  const id = idFrom(r);
  assert.equal(one(`SELECT count(*) AS n FROM photos WHERE news_id = ${id}`).n, 9);

  const form = await page(s.url, `/desk/news/${id}`, S.station);
  assert.match(form, /name="photo" type="file"[^>]* multiple disabled/, 'the picker is off when full');
  const tenth = await postForm(`/desk/news/${id}/edit`, S.station, { title: '九张照片（改）', body: '九张照片', org: String(mayi),
    platform: '' }, photos(1, 310));
  assert.equal(tenth.status, 400);
  const th = await tenth.text();
  assert.equal(besideField(th, 'photo'), '这篇动态已有 9 张照片，每篇最多 9 张，这次还能加 0 张，多出的没有收下。');
  assert.match(th, /value="九张照片（改）"/, 'the title typed is kept');
  assert.equal(one(`SELECT count(*) AS n FROM photos WHERE news_id = ${id}`).n, 9);
  assert.equal(one(`SELECT title FROM news WHERE id = ${id}`).title, '九张照片', 'nothing saved');

  const ids = sql(s.db, `SELECT id FROM photos WHERE news_id = ${id} ORDER BY id`).map((p) => p.id);
  assert.equal((await postAct(`/desk/news/${id}/photos/abc/remove`, S.station)).status, 404);
  const other = one(`SELECT id FROM photos WHERE news_id <> ${id} LIMIT 1`).id;
  assert.equal((await postAct(`/desk/news/${id}/photos/${other}/remove`, S.station)).status, 404,
    'a photo of another article');
  const rm = await postAct(`/desk/news/${id}/photos/${ids[0]}/remove`, S.station);
  assert.equal(rm.status, 303);
  assert.equal(rm.headers.get('location'), `/desk/news/${id}?done=removed`);
  const add = await postForm(`/desk/news/${id}/edit`, S.station, { title: '九张照片（改）', body: '九张照片', org: String(mayi),
    platform: '' }, photos(1, 310));
  assert.equal(add.status, 303);
  assert.equal(one(`SELECT count(*) AS n FROM photos WHERE news_id = ${id}`).n, 9);
  assert.equal(one(`SELECT title FROM news WHERE id = ${id}`).title, '九张照片（改）');
});

test('markup typed by staff is shown as text on the pages and in the feed', async () => {
  const mayi = idOf(MAYI);
  const title = '<script>alert(1)</script> & "引号"';
  const body = '<img src=x onerror=alert(1)> <b>粗</b> & 第一段\n\n]]> <![CDATA[ 第二段';
  const r = await postForm('/desk/news/new', S.station, { title, body, org: String(mayi), platform: '', publish: '1' });
  assert.equal(r.status, 303);
  const id = idFrom(r);
  assert.equal(r.headers.get('location'), `/desk/news/${id}?done=published`);
  for (const p of [`/news/${id}`, '/news', '/', `/sites/${mayi}`]) {
    const html = await pubText(p);
    assert.ok(!html.includes('<script>alert'), `${p}: no script`);
    assert.ok(!html.includes('<img src=x'), `${p}: no img`);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;') ||
      html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;引号&#34;') ||
      html.includes('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;'), `${p}: the title as text`);
  }
  const art = await pubText(`/news/${id}`);
  assert.ok(art.includes('&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;粗&lt;/b&gt; &amp; 第一段'));
  const xml = await pubText('/news.atom');
  const e = feedEntries(xml).find((x) => x.link.endsWith(`/news/${id}`));
  assert.equal(e.title, '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;');
  assert.ok(e.content.startsWith('&lt;img src=x onerror=alert(1)&gt; &lt;b&gt;粗&lt;/b&gt; &amp; 第一段'));
  assert.ok(!xml.includes('<script>') && !xml.includes('<img'), 'nothing raw in the feed');
});

test('/news lists 20 a page, newest published first', async () => {
  const mayi = idOf(MAYI);
  const before = one("SELECT count(*) AS n FROM news WHERE state = 'published'").n;
  for (let i = 1; i <= 21 - before + 1; i++) {
    const r = await postForm('/desk/news/new', S.station, { title: `第${i}条动态`, body: '正文', org: String(mayi),
      platform: '', publish: '1' });
    assert.equal(r.status, 303);
  }
  const total = one("SELECT count(*) AS n FROM news WHERE state = 'published'").n;
  assert.equal(total, 22);
  const p1 = await pubText('/news');
  const ids1 = [...p1.matchAll(/<p class="newstitle"><a href="\/news\/(\d+)">/g)].map((m) => Number(m[1]));
  assert.equal(ids1.length, 20);
  const want = sql(s.db, "SELECT id FROM news WHERE state = 'published' ORDER BY published_at DESC, id DESC").map((x) => x.id);
  assert.deepEqual(ids1, want.slice(0, 20));
  assert.match(p1, /<a href="\/news\?page=2" rel="next">下一页<\/a>/);
  const p2 = await pubText('/news?page=2');
  const ids2 = [...p2.matchAll(/<p class="newstitle"><a href="\/news\/(\d+)">/g)].map((m) => Number(m[1]));
  assert.deepEqual(ids2, want.slice(20));
  assert.match(p2, /<a href="\/news\?page=1" rel="prev">上一页<\/a>/);
  assert.match(text(await pubText('/news?page=x')), /页码不对/);
  assert.equal((await feed()).length, 20, 'the feed holds the latest 20');
  const home = await pubText('/');
  assert.equal([...home.matchAll(/<p class="newstitle">/g)].length, 3, 'the home page shows 3');
  for (const p of ['/', '/news', `/sites/${mayi}`])
    assert.ok(await pageBytes(s.url, await pubText(p)) <= 60 * 1024, `${p} with the CSS within 60 KB`);
});

test('活动风采: only after the activity has ended, by its organisers, once; shown on the activity page', async () => {
  const mayi = idOf(MAYI), plat = platformCode();
  const fmt = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 16);
  const t0 = nowSec() + 3600;
  const made = await postAct('/desk/activities/new', S.station, { title: '重阳节敬老活动', platform: plat, project: '',
    site: String(mayi), place: '', start: fmt(t0), end: fmt(t0 + 7200), capacity: '20',
    summary: '为老人送温暖', open_to: 'all' });
  assert.equal(made.status, 303, await made.text());
  const aid = Number(made.headers.get('location').match(/\/desk\/activities\/(\d+)/)[1]);
  const before = await page(s.url, `/desk/activities/${aid}`, S.station);
  assert.doesNotMatch(before, /发布活动风采<\/a>/);
  assert.match(text(before), /活动结束后，可以在这里发布活动风采/);
  const early = await get(s.url, `/desk/news/new?activity=${aid}`, S.station);
  assert.equal(early.status, 409);
  assert.match(text(await early.text()), /活动结束后才能发布活动风采/);
  const forged = await postForm('/desk/news/new', S.station, { title: '提前', body: '提前', org: String(mayi), platform: '',
    activity: String(aid) });
  assert.equal(forged.status, 409, 'the hidden field is checked on the server too');

  advanceClock(4 * 3600);
  // Sessions end after hours without use: sign in again.
  for (const [role, login] of Object.entries(ACCOUNTS)) S[role] = await signIn(s.url, login);
  const ended = await page(s.url, `/desk/activities/${aid}`, S.station);
  assert.match(ended, new RegExp(`<a class="button" href="/desk/news/new\\?activity=${aid}">发布活动风采</a>`));
  assert.equal((await get(s.url, `/desk/news/new?activity=${aid}`, S.institute)).status, 200, 'the 所 above may too');
  const beiAct = await postAct('/desk/activities/new', S.dispatcher, { title: '北城的活动', platform: plat, project: '',
    site: String(idOf(BEICHENG)), place: '', start: fmt(nowSec() - 7200), end: fmt(nowSec() - 3600), capacity: '20',
    summary: '北城', open_to: 'all' });
  const bid = Number(beiAct.headers.get('location').match(/\/desk\/activities\/(\d+)/)[1]);
  assert.equal((await get(s.url, `/desk/news/new?activity=${bid}`, S.station)).status, 404, 'not their activity');
  const leaderPage = await page(s.url, `/desk/activities/${bid}`, S.admin);
  assert.match(leaderPage, /发布活动风采/);

  const form = await page(s.url, `/desk/news/new?activity=${aid}`, S.station);
  assert.match(form, /value="活动风采：重阳节敬老活动"/);
  assert.match(form, new RegExp(`<option value="${mayi}" selected>`));
  assert.match(form, new RegExp(`<option value="${plat}" selected>`));
  assert.match(form, new RegExp(`<input type="hidden" name="activity" value="${aid}">`));
  const r = await postForm('/desk/news/new', S.station, { title: '活动风采：重阳节敬老活动',
    body: '二十名志愿者陪老人过重阳节。\n\n大家包了饺子。', org: String(mayi), platform: plat, activity: String(aid),
    publish: '1' }, photos(2, 400));
  assert.equal(r.status, 303, await r.text());
  const id = idFrom(r);
  assert.equal(one(`SELECT activity_id FROM news WHERE id = ${id}`).activity_id, aid);

  const act = await pubText(`/activities/${aid}`);
  assert.match(act, /<h2 id="h-fengcai">活动风采<\/h2>/);
  assert.match(act, /<p class="pre">二十名志愿者陪老人过重阳节。<\/p>/);
  assert.equal(shownPhotos(act).length, 2, 'its photos');
  assert.match(act, new RegExp(`<a href="/news/${id}">`));
  assert.match(await pubText(`/news/${id}`), new RegExp(`<a href="/activities/${aid}">重阳节敬老活动</a>`));
  assert.doesNotMatch(await pubText(`/activities/${bid}`), /活动风采/, 'an activity without one shows nothing');

  const second = await get(s.url, `/desk/news/new?activity=${aid}`, S.station);
  assert.equal(second.status, 303, 'one 活动风采 per activity: the one there is opens');
  assert.equal(second.headers.get('location'), `/desk/news/${id}`);
  const dup = await postForm('/desk/news/new', S.station, { title: '第二篇', body: '第二篇', org: String(mayi), platform: '',
    activity: String(aid) });
  assert.equal(dup.status, 409);
  assert.match(await dup.text(), new RegExp(`<a href="/desk/news/${id}">打开那一篇修改</a>`));
  assert.match(await page(s.url, `/desk/activities/${aid}`, S.station), new RegExp(`<a class="button secondary" href="/desk/news/${id}">修改活动风采</a>`));

  assert.equal((await postAct(`/desk/news/${id}/unpublish`, S.station)).status, 303);
  assert.doesNotMatch(await pubText(`/activities/${aid}`), /活动风采/, 'a draft 活动风采 is not shown');
});
