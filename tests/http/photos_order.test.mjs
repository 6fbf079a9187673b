// photos_order.test.mjs: photos on requests and completions (issue 16),
// through real nginx, sidan and sidan-image: a resident's photos on
// /order/new (stripped of every piece of metadata, upright; PNG and WebP
// taken; a text file, a cut-off JPEG and a 20000×20000 image refused beside
// the field with the form kept; at most 3; carried through the 验证码 step);
// who may fetch a private photo; a volunteer's 服务照片 at 结项; staff's 可公开
// and the tracking page; Open311's media_url in and out.
//
// The server has an SMS gateway (a messages file), so a mobile goes through
// step 2; most requests here give a 座机, which keeps one step.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, sql, bin } from '../lib/harness.mjs';
import { GOOD, newForm, post } from '../lib/order.mjs';
import { signIn, page, get, act, versionOf } from '../lib/staff.mjs';
import { PLACES, PASSWORD, vSignIn, beijing, makeVolunteers, vnuErrorsMany } from '../lib/volunteer.mjs';
import { nowMs } from '../lib/clock.mjs';
import * as img from '../lib/images.mjs';

let s, smsFile, work, key;
const PAGES = {};	// pages with photos on them, checked by the Nu Html Checker at the end
const S = {};	// staff sessions
const V = {};	// volunteer sessions: one (serves), two (same team), other (another team)

before(async () => {
  const base = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '.tmp');
  fs.mkdirSync(base, { recursive: true });
  work = fs.mkdtempSync(path.join(base, 'photos-'));
  smsFile = path.join(work, 'messages.log');
  // The pictures first (cached after the first run).
  for (const f of ['gpsJpeg', 'png', 'webp', 'textAsJpg', 'truncatedJpeg', 'hugePng']) img[f]();
  s = await start({ env: { SIDAN_MESSAGES_FILE: smsFile } });
  key = execFileSync(bin, ['apikey', 'add', 'photos', '--db', s.db], { encoding: 'utf8' })
    .match(/^[A-Za-z0-9_-]{43}$/m)[0];
  const [{ pwhash }] = sql(s.db, "SELECT pwhash FROM volunteers WHERE phone = '13900000001'");
  const [other] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.beicheng, teams: [2], prefix: '1361' });
  [S.dispatcher, S.institute, S.station, S.leader, V.one, V.two, V.other] = await Promise.all([
    signIn(s.url, 'dispatcher'), signIn(s.url, 'suo.shentou'), signIn(s.url, 'zhan.mayi'),
    signIn(s.url, 'leader.shentou'), vSignIn(s.url, '13900000001'), vSignIn(s.url, '13900000002'),
    vSignIn(s.url, other.phone, PASSWORD)]);
  V.one.id = sql(s.db, "SELECT id FROM volunteers WHERE phone = '13900000001'")[0].id;
});
after(async () => {
  await s.stop();
  if (!process.env.KEEP_TMP) fs.rmSync(work, { recursive: true, force: true });
});

const PICS = {
  gps: () => ({ file: img.gpsJpeg(), type: 'image/jpeg', name: '水管.jpg' }),
  png: () => ({ file: img.png(), type: 'image/png', name: 'photo.png' }),
  webp: () => ({ file: img.webp(), type: 'image/webp', name: 'photo.webp' }),
  text: () => ({ file: img.textAsJpg(), type: 'image/jpeg', name: 'letter.jpg' }),
  cut: () => ({ file: img.truncatedJpeg(), type: 'image/jpeg', name: 'cut.jpg' }),
  huge: () => ({ file: img.hugePng(), type: 'image/png', name: 'huge.png' }),
};

let seq = 0;
// A fresh 座机 for each request (one step even with the gateway).
const landline = () => `0349-50${String(20000 + seq++)}`;

// POSTs fields and files (multipart/form-data, the files under `field`)
// to path, without following redirects.
function postFiles(p, fields, files = [], headers = {}, field = 'photo') {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(field, new Blob([img.read(f.file)], { type: f.type }), f.name);
  return fetch(s.url + p, { method: 'POST', redirect: 'manual', body: fd, headers });
}

// A resident's request at 小泊村 with photos (pic names of PICS). Returns
// the response, the page (for a non-redirect) and the tokens.
async function order(pics, changes = {}) {
  const tokens = await newForm(s.url);
  const fields = { ...GOOD, station: PLACES.xiaobo, phone: landline(), ...changes, ...tokens };
  const r = await postFiles('/order/new', fields, pics.map((p) => PICS[p]()));
  return { r, html: r.status === 303 ? '' : await r.text(), tokens, fields };
}

const codeOfNonce = (nonce) => (sql(s.db, `SELECT code FROM orders WHERE form_nonce = '${nonce}'`)[0] || {}).code;
const photosOf = (code, kind) => sql(s.db, `SELECT p.id, p.file, p.thumb, p.width, p.height, p.thumb_width,
  p.thumb_height, p.public, coalesce(p.volunteer_id, 0) AS volunteer_id FROM photos p
  JOIN orders o ON o.id = p.order_id WHERE o.code = '${code}' AND p.kind = '${kind}' ORDER BY p.id`);

// GETs a store file as who (a staff or volunteer session, or null).
const fetchPhoto = (hash, who = null) => get(s.url, `/photos/${hash}.jpg`, who);

// Saves a fetched photo to a file and returns its path.
async function saved(r, name) {
  const out = path.join(work, name);
  fs.writeFileSync(out, Buffer.from(await r.arrayBuffer()));
  return out;
}

// The text of the error beside the photo field, or null.
const photoError = (html) => (html.match(/<p class="err" id="e-photo">([^<]*)<\/p>/) || [])[1] || null;
// The staged photos a page carries in hidden inputs.
const staged = (html) => [...html.matchAll(/<input type="hidden" name="photo_staged" value="([^"]+)">/g)]
  .map((m) => m[1]);

test('a JPEG with EXIF GPS, a PNG and a WebP go with the request: no metadata left, upright', async () => {
  const { r, tokens } = await order(['gps', 'png', 'webp']);
  assert.equal(r.status, 303, 'the request is made');
  assert.match(r.headers.get('location'), /^\/m\/[A-Za-z0-9_-]{43}\?new=1$/);
  const code = codeOfNonce(tokens.nonce);
  const rows = photosOf(code, 'request');
  assert.equal(rows.length, 3, 'three photos, written with the request');
  // The JPEG was 400×300 with Orientation 6: upright it is 300×400.
  assert.deepEqual([rows[0].width, rows[0].height, rows[0].thumb_width, rows[0].thumb_height],
    [300, 400, 240, 320]);
  assert.deepEqual([rows[1].width, rows[1].height], [320, 240], 'the PNG');
  assert.deepEqual([rows[2].width, rows[2].height], [320, 240], 'the WebP');
  for (const [i, hash] of [rows[0].file, rows[0].thumb].entries()) {
    const got = await fetchPhoto(hash, S.dispatcher);
    assert.equal(got.status, 200, 'staff in scope get the file');
    assert.equal(got.headers.get('content-type'), 'image/jpeg');
    assert.equal(got.headers.get('cache-control'), 'private, max-age=3600');
    const file = await saved(got, `served${i}.jpg`);
    const meta = img.metadata(file);
    const kept = Object.keys(meta).filter((k) => /^(EXIF|XMP|IPTC|ICC_Profile|Photoshop|MakerNotes|GPS)/.test(k) ||
      /GPS/i.test(k));
    assert.deepEqual(kept, [], `no metadata in the served file (${i ? 'thumbnail' : 'photo'})`);
    assert.ok(!JSON.stringify(meta).includes('王女士') && !JSON.stringify(meta).includes('马邑村'),
      'neither the artist nor the description');
    // Upright: the white half (the top as stored) is now on the right.
    const { width, height } = img.size(file);
    assert.deepEqual([width, height], i ? [240, 320] : [300, 400]);
    assert.ok(img.pixel(file, Math.floor(width * 0.8), Math.floor(height / 2)) > 200, 'white on the right');
    assert.ok(img.pixel(file, Math.floor(width * 0.2), Math.floor(height / 2)) < 50, 'black on the left');
  }
  for (const row of rows.slice(1)) {
    const got = await fetchPhoto(row.file, S.institute);
    assert.equal(got.status, 200);
    assert.deepEqual(img.size(await saved(got, 'other.jpg')), { width: 320, height: 240 });
  }
  // The stored files are the served ones, under the database's media directory.
  const store = path.join(path.dirname(s.db), 'media', rows[0].file.slice(0, 2), `${rows[0].file}.jpg`);
  assert.deepEqual(Object.keys(img.metadata(store)).filter((k) => /^(EXIF|XMP|GPS)/.test(k)), []);
  // No file chosen: a browser still sends the field, empty and unnamed.
  const t = await newForm(s.url);
  const fd = new FormData();
  for (const [k, v] of Object.entries({ ...GOOD, phone: landline(), ...t })) fd.append(k, v);
  fd.append('photo', new Blob([], { type: 'application/octet-stream' }), '');
  const none = await fetch(s.url + '/order/new', { method: 'POST', redirect: 'manual', body: fd });
  assert.equal(none.status, 303, 'no photo is fine');
  assert.equal(photosOf(codeOfNonce(t.nonce), 'request').length, 0);
  // The form said who sees them.
  const form = await (await fetch(s.url + '/order/new')).text();
  assert.match(form, /enctype="multipart\/form-data"/);
  assert.match(form, /<input id="f-photo" name="photo" type="file" accept="image\/jpeg,image\/png,image\/webp" multiple/);
  assert.match(form, /照片<strong>不会公开<\/strong>，只给处理申请的工作人员和为您服务的志愿者看/);
});

test('a text file named .jpg, a cut-off JPEG and a 20000×20000 image are refused beside the field, the form kept', async () => {
  const cases = [
    ['text', /^「letter\.jpg」不是照片：只收 JPG、PNG 或 WebP 格式的照片。$/],
    ['cut', /^「cut\.jpg」不完整或已损坏（可能没有传完），请重新选择。$/],
    ['huge', /^「huge\.png」像素太多（超过 5000 万像素），请换一张或先缩小。$/],
  ];
  for (const [pic, msg] of cases) {
    const need = `需求保留测试 ${pic}：楼道灯坏了`;
    const { r, html, tokens, fields } = await order([pic], { need, address: `小泊村${pic}巷3号` });
    assert.equal(r.status, 400, pic);
    assert.match(photoError(html) || '', msg, pic);
    assert.match(html, /<li><a href="#f-photo">照片：/, `${pic}: in the list of problems`);
    assert.match(html, /aria-invalid="true" aria-describedby="h-photo e-photo"|aria-describedby="h-photo e-photo" aria-invalid="true"/);
    assert.ok(html.includes(`>${need}</textarea>`), `${pic}: the need kept`);
    assert.ok(html.includes(`value="小泊村${pic}巷3号"`), `${pic}: the address kept`);
    assert.ok(html.includes(`value="${fields.phone}"`), `${pic}: the phone kept`);
    assert.equal(codeOfNonce(tokens.nonce), undefined, `${pic}: no request`);
    assert.deepEqual(staged(html), []);
  }
  // A good photo beside a bad one is kept and said; sent on, it goes with the request.
  const { r, html, tokens, fields } = await order(['png', 'text'], { need: '只传一张好照片' });
  assert.equal(r.status, 400);
  assert.match(photoError(html), /「letter\.jpg」不是照片/);
  assert.match(html, /已收到 1 张照片，不用重新选择；还可以再加 2 张。/);
  PAGES['the form, a photo kept and one refused'] = html;
  const carried = staged(html);
  assert.equal(carried.length, 1);
  const fd = { ...fields, photo_staged: carried[0] };
  const again = await postFiles('/order/new', fd, []);
  assert.equal(again.status, 303, 'sent again without choosing the file again');
  assert.equal(photosOf(codeOfNonce(tokens.nonce), 'request').length, 1);
  // A staged name that is not one (or no longer staged) is said, not used.
  const t2 = await newForm(s.url);
  const bad = await postFiles('/order/new', { ...fields, ...t2, photo_staged: '../../etc/passwd,x' }, []);
  assert.equal(bad.status, 400);
  assert.equal(photoError(await bad.text()), '之前选好的照片已过期，请重新选择。');
  assert.equal(codeOfNonce(t2.nonce), undefined);
});

test('more than 3 photos: the first 3 kept, the rest refused, nothing made yet', async () => {
  const { r, html, tokens } = await order(['gps', 'png', 'webp', 'png'], { need: '四张照片' });
  assert.equal(r.status, 400);
  assert.equal(photoError(html), '最多 3 张照片，多出的没有收下。');
  assert.match(html, /已收到 3 张照片，不用重新选择。/);
  assert.equal(staged(html).length, 3);
  assert.ok(html.includes('>四张照片</textarea>'));
  assert.equal(codeOfNonce(tokens.nonce), undefined);
});

// Polls check() every 50 ms until it returns something truthy or ms pass
// (waiting for the housekeeping process to deliver, not for time to pass).
async function until(check, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v || Date.now() > end) return v;
    await new Promise((res) => setTimeout(res, 50));
  }
}

// The newest 验证码 the gateway received for phone.
async function smsCode(phone) {
  const found = await until(() => fs.existsSync(smsFile) && fs.readFileSync(smsFile, 'utf8').split('\n')
    .filter(Boolean).map((l) => JSON.parse(l)).filter((m) => m.to === phone && /验证码\d{6}/.test(m.text)).pop());
  assert.ok(found, `a code reached ${phone}`);
  return found.text.match(/验证码(\d{6})/)[1];
}

// The hidden inputs of the step 2 form, as a browser posts them.
function hiddenOf(html) {
  const form = html.match(/<form[^>]*action="\/order\/new"[^>]*>([\s\S]*?)<\/form>/);
  const out = new URLSearchParams();
  for (const m of form[1].matchAll(/<input type="hidden" name="([a-z_]+)" value="([^"]*)">/g)) {
    out.append(m[1], m[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  }
  return out;
}

test('with a gateway, the 验证码 step carries the photos to the request', async () => {
  const phone = '13800138555';
  const { r, html, tokens } = await order(['png'], { phone });
  assert.equal(r.status, 200, 'step 2: the code');
  assert.match(html, /确认手机号/);
  assert.match(html, /<dt>照片<\/dt><dd>已收到 1 张照片（不公开/);
  PAGES['step 2 with a photo'] = html;
  const hidden = hiddenOf(html);
  assert.equal(hidden.getAll('photo_staged').length, 1);
  // 返回修改: the full form, the photo still there.
  hidden.set('do', 'back');
  const back = await post(s.url, '/order/new', hidden);
  const backHtml = await back.text();
  assert.equal(back.status, 200);
  assert.match(backHtml, /已收到 1 张照片/);
  assert.equal(staged(backHtml).length, 1);
  // The right code makes the request, with its photo.
  hidden.set('do', 'confirm');
  hidden.set('sms_code', await smsCode(phone));
  const done = await post(s.url, '/order/new', hidden);
  assert.equal(done.status, 303);
  assert.equal(photosOf(codeOfNonce(tokens.nonce), 'request').length, 1);
});

// The request the access tests share: at 小泊村 with one photo, dispatched
// to 神头镇志愿服务分队 (team 6).
let shared;
async function sharedRequest() {
  if (shared) return shared;
  const { r, tokens } = await order(['gps'], { need: '厨房水管漏水，请看照片' });
  assert.equal(r.status, 303);
  const code = codeOfNonce(tokens.nonce);
  const html = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  const d = await act(s.url, S.dispatcher, code, 'dispatch', { version: versionOf(html), team: '6' });
  assert.equal(d.status, 303, 'dispatched');
  shared = { code, photo: photosOf(code, 'request')[0], manage: r.headers.get('location') };
  return shared;
}

test('a private photo: 404 to the public, another team and staff out of scope; the image to those in scope', async () => {
  const { code, photo } = await sharedRequest();
  // Before anyone serves it, a volunteer who may take it sees no photo.
  const before = await page(s.url, `/v/task/${code}`, V.one);
  assert.match(before, /接单/);
  assert.ok(!before.includes(photo.thumb) && !before.includes('群众发来的照片'), 'not to one who merely may take it');
  for (const [who, name] of [[null, 'the public'], [S.station, 'staff of 马邑村 (out of scope)'],
    [V.other, 'a volunteer of another team'], [V.one, 'a volunteer who has not taken it']]) {
    for (const hash of [photo.file, photo.thumb]) {
      const r = await fetchPhoto(hash, who);
      assert.equal(r.status, 404, `${name}: ${hash === photo.file ? 'photo' : 'thumbnail'}`);
      assert.ok(!r.headers.get('x-accel-redirect'));
    }
  }
  const acc = await post(s.url, `/v/task/${code}/accept`, { csrf: V.one.csrf }, { cookie: V.one.cookie });
  assert.equal(acc.status, 303, 'accepted');
  const task = await page(s.url, `/v/task/${code}`, V.one);
  assert.match(task, /<h2 id="h-reqphotos">群众发来的照片<\/h2>/);
  PAGES['the task page with the resident\'s photo'] = task;
  assert.ok(task.includes(`<a href="/photos/${photo.file}.jpg"><img src="/photos/${photo.thumb}.jpg" width="240" height="320" loading="lazy" alt="群众发来的第 1 张照片"></a>`));
  for (const [who, name] of [[S.dispatcher, 'the dispatcher'], [S.institute, 'staff of 神头镇'],
    [S.leader, 'the leader of the team it went to'], [V.one, 'the volunteer serving it']]) {
    const r = await fetchPhoto(photo.file, who);
    assert.equal(r.status, 200, name);
    assert.equal(r.headers.get('content-type'), 'image/jpeg');
    assert.ok((await r.arrayBuffer()).byteLength > 500, `${name}: the image itself`);
  }
  for (const [who, name] of [[V.two, 'a team mate who did not take it'], [S.station, 'staff out of scope']])
    assert.equal((await fetchPhoto(photo.file, who)).status, 404, `${name}, after the accept`);
  // Staff see it on the request's page, thumbnail linking to the full size.
  const desk = await page(s.url, `/desk/order/${code}`, S.institute);
  assert.match(desk, /<dt>群众发来的照片<\/dt>/);
  assert.ok(desk.includes(`<a href="/photos/${photo.file}.jpg"><img src="/photos/${photo.thumb}.jpg"`));
});

test('结项 with two photos; staff mark one 可公开 and it shows on /track, cached by anyone', async () => {
  const { code, manage } = await sharedRequest();
  const p = `/v/task/${code}/complete`;
  const typed = {
    csrf: V.one.csrf, what: '更换了厨房水管接头', start: beijing(nowMs() - 3600e3).local,
    end: beijing(nowMs() - 60e3).local, [`m_${V.one.id}`]: '55',
  };
  // A bad file: said beside the field, the good one and everything typed kept.
  const first = await postFiles(p, typed, [PICS.png(), PICS.text()], { cookie: V.one.cookie });
  const html = await first.text();
  assert.equal(first.status, 400);
  assert.match(photoError(html), /「letter\.jpg」不是照片/);
  assert.ok(html.includes('>更换了厨房水管接头</textarea>'), 'what was done, kept');
  assert.ok(html.includes(`name="m_${V.one.id}" type="text" inputmode="numeric" maxlength="4" value="55"`), 'the minutes kept');
  assert.ok(html.includes(`value="${typed.start}"`));
  assert.match(html, /已收到 1 张照片，不用重新选择；还可以再加 5 张。/);
  PAGES['the completion form, a photo kept and one refused'] = html;
  assert.equal(photosOf(code, 'completion').length, 0, 'nothing saved yet');
  const carried = staged(html);
  assert.equal(carried.length, 1);
  const done = await postFiles(p, { ...typed, photo_staged: carried[0] }, [PICS.webp()], { cookie: V.one.cookie });
  assert.equal(done.status, 303, 'completed');
  assert.equal(sql(s.db, `SELECT state FROM orders WHERE code = '${code}'`)[0].state, 'completed');
  const rows = photosOf(code, 'completion');
  assert.equal(rows.length, 2, 'two 服务照片, with the completion');
  assert.ok(rows.every((r) => r.volunteer_id === V.one.id && r.public === 0));
  // Private until staff say otherwise.
  assert.equal((await fetchPhoto(rows[0].file)).status, 404);
  const track0 = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.ok(!track0.includes('服务照片') && !track0.includes(rows[0].thumb));
  // The desk shows both, each with its state and a button.
  let desk = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  assert.match(desk, /<h2 id="h-photos">服务照片<\/h2>/);
  assert.match(desk, /可公开：公众可在查询页看到；请勿公开居民面部、门牌/);
  assert.equal((desk.match(/<p class="mark">不公开<\/p>/g) || []).length, 2);
  assert.ok(desk.includes(`action="/desk/order/${code}/photos/${rows[0].id}/public"`));
  // Out of scope: as if there were no such request; a team leader may not.
  assert.equal((await act(s.url, S.station, code, `photos/${rows[0].id}/public`)).status, 404);
  assert.equal((await act(s.url, S.leader, code, `photos/${rows[0].id}/public`)).status, 403);
  assert.equal((await act(s.url, S.dispatcher, code, 'photos/999999/public')).status, 404, 'no such photo');
  assert.equal((await act(s.url, S.dispatcher, code, 'photos/01/public')).status, 404, 'not an id');
  const req = photosOf(code, 'request')[0];
  assert.equal((await act(s.url, S.dispatcher, code, `photos/${req.id}/public`)).status, 404,
    'a resident\'s photo can never be made public');
  assert.equal((await act(s.url, S.dispatcher, code, `photos/${rows[0].id}/public`, { csrf: 'x'.repeat(64) })).status, 403,
    'not without the session\'s token');
  const mark = await act(s.url, S.dispatcher, code, `photos/${rows[0].id}/public`);
  assert.equal(mark.status, 303);
  assert.equal(mark.headers.get('location'), `/desk/order/${code}?photo=public#h-photos`);
  desk = await page(s.url, `/desk/order/${code}?photo=public`, S.dispatcher);
  assert.match(desk, /照片已设为可公开：公众可在查询页看到它/);
  assert.match(desk, /<p class="mark"><strong>可公开<\/strong><\/p>/);
  PAGES['the desk with both kinds of photo'] = desk;
  assert.ok(desk.includes(`action="/desk/order/${code}/photos/${rows[0].id}/private"`));
  // Public now: on /track, the file served to anyone with long cache headers.
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.match(track, /<h2 id="h-photos">服务照片<\/h2>/);
  PAGES['/track with a 可公开 photo'] = track;
  assert.ok(track.includes(`<a href="/photos/${rows[0].file}.jpg"><img src="/photos/${rows[0].thumb}.jpg"`));
  assert.ok(!track.includes(rows[1].thumb), 'only the one marked');
  assert.ok(!track.includes(req.thumb), 'never the resident\'s');
  const mine = await (await fetch(s.url + manage)).text();
  assert.ok(mine.includes(`<img src="/photos/${rows[0].thumb}.jpg"`) && !mine.includes(rows[1].thumb),
    'the resident\'s own page shows it too');
  PAGES['the manage page with a 可公开 photo'] = mine;
  for (const hash of [rows[0].file, rows[0].thumb]) {
    const r = await fetchPhoto(hash);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('cache-control'), /^public, max-age=31536000/);
  }
  assert.equal((await fetchPhoto(rows[1].file)).status, 404, 'the other stays private');
  assert.equal((await fetchPhoto(req.file)).status, 404, 'the resident\'s stays private');
  // Open311 gives the first public photo as media_url.
  const j = await (await fetch(`${s.url}/open311/v2/requests/${code}.json`)).json();
  assert.equal(j[0].media_url, `${s.url}/photos/${rows[0].file}.jpg`);
  // And back: private again.
  const un = await act(s.url, S.dispatcher, code, `photos/${rows[0].id}/private`);
  assert.equal(un.status, 303);
  assert.match(await page(s.url, `/desk/order/${code}?photo=private`, S.dispatcher), /照片已设为不公开/);
  assert.ok(!(await (await fetch(`${s.url}/track/${code}`)).text()).includes(rows[0].thumb));
  assert.equal((await fetchPhoto(rows[0].file)).status, 404);
  const j2 = await (await fetch(`${s.url}/open311/v2/requests/${code}.json`)).json();
  assert.equal(j2[0].media_url, undefined);
});

// POSTs an Open311 request; returns { status, json }.
async function create311(changes = {}) {
  const fields = {
    api_key: key, service_code: 'tutoring', address_id: PLACES.xiaobo, phone: '13900139001',
    'attribute[consent]': 'yes', description: '接口提交：需要辅导', first_name: '明', last_name: '李', ...changes,
  };
  const r = await fetch(`${s.url}/open311/v2/requests.json`, { method: 'POST', body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  return { status: r.status, json: await r.json() };
}

test('Open311 media_url: kept as the client\'s link for staff, a bad one refused in the API\'s format', async () => {
  const url = 'https://example.org/p/水管.jpg?size=big&x=1';
  const ok = await create311({ media_url: url });
  assert.equal(ok.status, 200);
  const code = ok.json[0].service_request_id;
  assert.equal(sql(s.db, `SELECT media_url FROM orders WHERE code = '${code}'`)[0].media_url, url);
  const desk = await page(s.url, `/desk/order/${code}`, S.dispatcher);
  assert.match(desk, /<dt>接口客户端附带的链接<\/dt><dd><a href="[^"]+" rel="noopener noreferrer nofollow">/);
  assert.ok(desk.includes('https://example.org/p/水管.jpg?size=big&amp;x=1'), 'escaped');
  assert.match(desk, /本系统没有打开或核实它的内容/);
  PAGES['the desk with a client\'s link'] = desk;
  // Never public: not in the API's output, not on /track.
  const j = await (await fetch(`${s.url}/open311/v2/requests/${code}.json`)).json();
  assert.equal(j[0].media_url, undefined);
  assert.ok(!(await (await fetch(`${s.url}/track/${code}`)).text()).includes('example.org'));
  const before = sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n;
  for (const bad of ['javascript:alert(1)', 'ftp://example.org/a.jpg', 'https://', 'http:///a.jpg',
    'https://example.org/a b.jpg', 'https://example.org/a.jpg?x="1"', 'https://example.org/<script>',
    `https://example.org/${'a'.repeat(500)}`]) {
    const r = await create311({ media_url: bad });
    assert.equal(r.status, 400, bad);
    assert.ok(Array.isArray(r.json) && r.json.every((e) => e.code === 400), `${bad}: the spec's error list`);
    assert.ok(r.json.some((e) => /media_url/.test(e.description)), `${bad}: names media_url`);
  }
  assert.equal(sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n, before, 'nothing made');
  // Staff entry takes no photos (its form is not multipart).
  const staffForm = await page(s.url, '/desk/new', S.dispatcher);
  assert.ok(!staffForm.includes('enctype="multipart/form-data"') && !staffForm.includes('name="photo"'));
});

test('every page with photos is valid HTML', () => {
  assert.ok(Object.keys(PAGES).length >= 8, Object.keys(PAGES).join(', '));
  assert.deepEqual(vnuErrorsMany(PAGES), []);
});
