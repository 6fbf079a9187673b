// stars.test.mjs: 星级志愿者 (issue 19): stars from confirmed hours at each
// national threshold (100/300/600/1000/1500 hours), shown on /v/me, on the
// certificate, on /verify and in the desk's volunteer list; the admin
// changes the thresholds at /admin/stars and the stars follow; bad
// thresholds are refused beside their field with what was typed kept;
// nobody else may see or change them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { nowSec } from '../lib/clock.mjs';
import { signIn, page, get } from '../lib/staff.mjs';
import { vSignIn, postForm, makeVolunteers, PLACES } from '../lib/volunteer.mjs';

let s, admin, pwhash;
before(async () => {
  s = await start();
  admin = await signIn(s.url, 'admin');
  pwhash = sql(s.db, "SELECT pwhash FROM volunteers WHERE phone = '13900000001'")[0].pwhash;
});
after(async () => { await s.stop(); });

// Gives volunteer vid confirmed (or pending) records of service adding up to
// minutes, at most 20 hours each, on days before now.
function addHours(vid, minutes, status = 'confirmed') {
  const rows = [];
  const t0 = nowSec() - 400 * 86400;
  for (let i = 0; minutes > 0; i++) {
    const m = Math.min(minutes, 1200);
    minutes -= m;
    const st = t0 + i * 86400;
    rows.push(`(${vid}, ${st}, ${st + m * 60}, ${m}, '星级测试服务', '${status}',
      ${status === 'confirmed' ? `4, ${st + m * 60 + 3600}` : 'NULL, NULL'}, ${st + m * 60})`);
  }
  sql(s.db, `INSERT INTO hours(volunteer_id, started_at, ended_at, minutes, what, status,
    confirmed_by, confirmed_at, created_at) VALUES ${rows.join(',\n')}`);
}

// The stars line of a page: "★★★ 三星级志愿者" or "尚未评星", glyphs hidden
// from screen readers.
function starsOn(html) {
  const m = html.match(/<span aria-hidden="true">(★+)<\/span> (?:<strong>)?([一二三四五]星级志愿者)/);
  return m ? { glyphs: m[1], title: m[2] } : null;
}

const TITLES = ['', '一星级志愿者', '二星级志愿者', '三星级志愿者', '四星级志愿者', '五星级志愿者'];

// A volunteer with minutes of confirmed service, signed in.
async function volunteerWith(minutes, opts = {}) {
  const [v] = makeVolunteers(s.db, 1, { pwhash, place: opts.place || PLACES.mayi, prefix: '1371' });
  if (minutes > 0) addHours(v.id, minutes);
  v.me = await vSignIn(s.url, v.phone);
  return v;
}

// Issues a certificate as volunteer v; returns its code.
async function certify(v) {
  const r = await postForm(s.url, '/v/me/certificate', { csrf: v.me.csrf }, { cookie: v.me.cookie });
  assert.equal(r.status, 303);
  return r.headers.get('location').split('/').pop();
}

// The desk list's row of volunteer number, as the admin sees it.
async function deskRow(number) {
  const html = await page(s.url, `/desk/members?q=${number}`, admin);
  const row = html.split('<li><p><strong>').find((x) => x.includes(`（${number}）`));
  assert.ok(row, `${number} is on the desk's list`);
  return row.split('</li>')[0];
}

test('stars at each national threshold, on /v/me, the certificate, /verify and the desk list', async () => {
  const cases = [
    [99 * 60 + 59, 0, '0.1', '一星级志愿者'],
    [100 * 60, 1, '200.0', '二星级志愿者'],
    [300 * 60, 2, '300.0', '三星级志愿者'],
    [600 * 60, 3, '400.0', '四星级志愿者'],
    [1000 * 60, 4, '500.0', '五星级志愿者'],
    [1500 * 60, 5, null, null],
  ];
  for (const [minutes, stars, toNext, nextTitle] of cases) {
    const what = `${minutes / 60} hours`;
    const v = await volunteerWith(minutes);
    // Pending hours do not count.
    addHours(v.id, 600, 'pending');
    const me = await (await get(s.url, '/v/me', v.me)).text();
    const got = starsOn(me);
    if (stars === 0) {
      assert.equal(got, null, `${what}: no stars`);
      assert.match(me, /尚未评星：再服务 0\.1 小时可评为一星级志愿者。/, what);
    } else {
      assert.deepEqual(got, { glyphs: '★'.repeat(stars), title: TITLES[stars] }, what);
      if (toNext) assert.ok(me.includes(`：再服务 ${toNext} 小时可评为${nextTitle}。`), `${what}: hours to the next star`);
      else assert.ok(me.includes('：已是最高星级。'), what);
    }

    const code = await certify(v);
    const paper = await (await get(s.url, `/v/certificate/${code}`, v.me)).text();
    const check = await (await get(s.url, `/verify/${code}`)).text();
    const row = await deskRow(v.number);
    if (stars === 0) {
      assert.equal(starsOn(paper), null, `${what}: no stars on the certificate`);
      assert.match(check, /<dt>星级<\/dt><dd>未达到星级/, what);
      assert.equal(starsOn(row), null, `${what}: no stars on the desk list`);
    } else {
      const want = { glyphs: '★'.repeat(stars), title: TITLES[stars] };
      assert.deepEqual(starsOn(paper), want, `${what}: certificate`);
      assert.deepEqual(starsOn(check), want, `${what}: /verify`);
      assert.deepEqual(starsOn(row), want, `${what}: desk list`);
    }
  }
});

test('the certificate keeps the stars of the hours it covers; /v/me moves on', async () => {
  const v = await volunteerWith(250 * 60);
  const code = await certify(v);
  addHours(v.id, 100 * 60);	// 350 hours now
  assert.equal(starsOn(await (await get(s.url, '/v/me', v.me)).text()).title, '二星级志愿者');
  assert.equal(starsOn(await (await get(s.url, `/v/certificate/${code}`, v.me)).text()).title, '一星级志愿者');
  assert.equal(starsOn(await (await get(s.url, `/verify/${code}`)).text()).title, '一星级志愿者');
});

test('the admin sees the national defaults and changes the thresholds: the stars follow', async () => {
  const v = await volunteerWith(120 * 60);
  assert.equal(starsOn(await (await get(s.url, '/v/me', v.me)).text()).title, '一星级志愿者');
  let html = await page(s.url, '/admin/stars', admin);
  assert.match(html, /《志愿服务记录办法》的全国标准：一星到五星依次为 100、300、600、1000、1500 小时/);
  assert.match(html, /各地可以按本地办法设定自己的标准/);
  assert.match(html, /现在使用的是全国标准/);
  for (const [n, h] of [[1, 100], [2, 300], [3, 600], [4, 1000], [5, 1500]])
    assert.match(html, new RegExp(`<label for="f-s${n}">[^<]*</label>\\s*<input id="f-s${n}" name="s${n}"[^>]* value="${h}"`));

  let r = await postForm(s.url, '/admin/stars', { csrf: admin.csrf, s1: '20', s2: '50', s3: '100', s4: '200', s5: '400' },
    { cookie: admin.cookie });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/stars?done=1');
  assert.deepEqual(sql(s.db, 'SELECT stars, hours, updated_by FROM star_levels ORDER BY stars')
    .map((x) => [x.stars, x.hours, x.updated_by]), [[1, 20, 1], [2, 50, 1], [3, 100, 1], [4, 200, 1], [5, 400, 1]]);
  html = await page(s.url, '/admin/stars?done=1', admin);
  assert.match(html, /星级标准已保存/);
  assert.match(html, /现在使用的是本地设定的标准/);
  // 120 hours: three stars now, 80 hours to the fourth.
  const me = await (await get(s.url, '/v/me', v.me)).text();
  assert.deepEqual(starsOn(me), { glyphs: '★★★', title: '三星级志愿者' });
  assert.ok(me.includes('再服务 80.0 小时可评为四星级志愿者'));
  assert.deepEqual(starsOn(await deskRow(v.number)), { glyphs: '★★★', title: '三星级志愿者' });

  // Back to the national ones.
  r = await postForm(s.url, '/admin/stars', { csrf: admin.csrf, s1: '100', s2: '300', s3: '600', s4: '1000', s5: '1500' },
    { cookie: admin.cookie });
  assert.equal(r.status, 303);
  assert.equal(starsOn(await (await get(s.url, '/v/me', v.me)).text()).title, '一星级志愿者');
});

test('bad thresholds are refused beside their field, with what was typed kept; nothing changes', async () => {
  const before = sql(s.db, 'SELECT stars, hours FROM star_levels ORDER BY stars');
  const bad = [
    [{ s1: '100', s2: '300', s3: '250', s4: '1000', s5: '1500' }, { s3: '三星须多于二星的 300 小时' }],
    [{ s1: '100', s2: '100', s3: '600', s4: '1000', s5: '1500' }, { s2: '二星须多于一星的 100 小时' }],
    [{ s1: '一百', s2: '300', s3: '600', s4: '1000', s5: '1500' }, { s1: '请填写一星所需的小时数：1 到 100000 之间的整数' }],
    [{ s1: '100', s2: '300', s3: '600', s4: '1000', s5: '100001' }, { s5: '请填写五星所需的小时数：1 到 100000 之间的整数' }],
    [{ s1: '0', s2: '300', s3: '600', s4: '', s5: '1500' }, { s1: '请填写一星所需的小时数：1 到 100000 之间的整数',
      s4: '请填写四星所需的小时数：1 到 100000 之间的整数' }],
    [{ s1: '100', s2: '300', s3: '12.5', s4: '1000', s5: '1500' }, { s3: '请填写三星所需的小时数：1 到 100000 之间的整数' }],
  ];
  for (const [fields, errors] of bad) {
    const r = await postForm(s.url, '/admin/stars', { csrf: admin.csrf, ...fields }, { cookie: admin.cookie });
    assert.equal(r.status, 400, JSON.stringify(fields));
    const html = await r.text();
    assert.match(html, /标准没有保存/);
    for (const n of [1, 2, 3, 4, 5]) {
      const k = `s${n}`;
      // What was typed is back in its field.
      assert.match(html, new RegExp(`<input id="f-${k}" name="${k}"[^>]* value="${fields[k]}"`), `${k} kept`);
      if (errors[k]) {
        assert.ok(html.includes(`<p class="err" id="e-${k}">${errors[k]}</p>`), `${k}: ${errors[k]}`);
        assert.match(html, new RegExp(`<input id="f-${k}"[^>]*aria-describedby="e-${k} h-stars" aria-invalid="true"`));
      } else
        assert.ok(!html.includes(`id="e-${k}"`), `${k} has no error`);
    }
  }
  assert.deepEqual(sql(s.db, 'SELECT stars, hours FROM star_levels ORDER BY stars'), before);
});

test('only the admin sees and changes the thresholds; a volunteer neither', async () => {
  for (const login of ['dispatcher', 'suo.shentou', 'zhan.mayi', 'leader.shentou']) {
    const who = await signIn(s.url, login);
    assert.equal((await get(s.url, '/admin/stars', who)).status, 403, login);
    const r = await postForm(s.url, '/admin/stars', { csrf: who.csrf, s1: '1', s2: '2', s3: '3', s4: '4', s5: '5' },
      { cookie: who.cookie });
    assert.equal(r.status, 403, login);
  }
  const v = await volunteerWith(0);
  const r = await get(s.url, '/admin/stars', v.me);
  assert.notEqual(r.status, 200);
  assert.equal(sql(s.db, 'SELECT hours FROM star_levels WHERE stars = 1')[0].hours, 100);
});
