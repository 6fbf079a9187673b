// inbox.test.mjs: the 站内信 of volunteers (/v/inbox) and staff
// (/desk/inbox) with the unread count in the navigation; the desk's
// 通知记录 on a request (to whom, masked, and whether the SMS went, in
// words), its 催办 button and the 催办 / 督办 rows under the timeline; the
// admin's page of SMS that were not delivered, and 重新发送. Messages are
// written straight into the database (the sender that writes them has its
// own tests), so each check knows exactly what should be shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { signIn, get, page, act, versionOf, teamsOf, csrfOf } from '../lib/staff.mjs';
import { makeVolunteers, vSignIn, postForm, PLACES, DEMO_VOLUNTEERS } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';

let s, pwhash;
before(async () => {
  s = await start();
  pwhash = sql(s.db, `SELECT pwhash FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`)[0].pwhash;
});
after(async () => { await s?.stop(); });

const q = (v) => (v === null || v === undefined ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

// Inserts one message; returns its id. m: { volunteer, user, order, phone,
// text, link, at, read, sms, error, attempts, sent, kind }.
function addMessage(m) {
  const at = m.at ?? nowSec();
  return sql(s.db, `INSERT INTO messages(created_at, kind, order_id, volunteer_id, user_id, phone, text,
      link, sms, attempts, next_at, sent_at, last_error, read_at)
    VALUES (${at}, ${q(m.kind || 'task_team')}, ${q(m.order)}, ${q(m.volunteer)}, ${q(m.user)},
      ${q(m.phone || '')}, ${q(m.text)}, ${q(m.link || '')}, ${q(m.sms || 'none')}, ${m.attempts || 0},
      ${at}, ${q(m.sent)}, ${q(m.error || '')}, ${q(m.read)}) RETURNING id`)[0].id;
}

// The inbox link of a page's navigation: { count, label, current } (count 0
// when no badge), or null when there is none.
function navInbox(html, href) {
  const nav = html.match(/<nav aria-label="主导航">([\s\S]*?)<\/nav>/)[1];
  const a = nav.match(new RegExp(`<a href="${href}"([^>]*)>消息(?: <span class="badge">(\\d+)</span>)?</a>`));
  if (!a) return null;
  const label = a[1].match(/aria-label="([^"]*)"/);
  return { count: a[2] ? Number(a[2]) : 0, label: label ? label[1] : null, current: /aria-current="page"/.test(a[1]) };
}

// The messages an inbox page lists, in order: { id, text, unread, when, button }.
function inboxRows(html) {
  const list = html.split('<ul class="rows inbox">')[1].split('</ul>')[0];
  return [...list.matchAll(/<li( class="unread")?>([\s\S]*?)<\/li>/g)].map((m) => {
    const id = m[2].match(/<p id="m-(\d+)" class="text">([^<]*)<\/p>/);
    return {
      id: id ? Number(id[1]) : null, text: id ? id[2] : m[2].replace(/<[^>]+>/g, ''),
      unread: !!m[1], said: /<strong class="unread-tag">未读<\/strong>/.test(m[2]),
      when: (m[2].match(/<time datetime="([^"]+)">([^<]+)<\/time>/) || []).slice(1),
      button: (m[2].match(/<button[^>]*>([^<]+)<\/button>/) || [])[1] || null,
      csrf: (m[2].match(/name="csrf" value="([0-9a-f]{64})"/) || [])[1] || null,
    };
  });
}

// The Beijing time of unix seconds t as the pages write it.
const bj = (t) => new Date((t + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ');

test('a volunteer: the unread count in the navigation, the inbox, 查看 and 全部标为已读', async () => {
  const [mine, other] = makeVolunteers(s.db, 2, { pwhash, place: PLACES.limin, prefix: '1361' });
  const me = await vSignIn(s.url, mine.phone);
  const vget = (path) => get(s.url, path, me);

  let html = await (await vget('/v')).text();
  assert.deepEqual(navInbox(html, '/v/inbox'), { count: 0, label: null, current: false }, 'no count before any message');
  html = await (await vget('/v/inbox')).text();
  assert.match(html, /还没有消息。派给您的任务、附近可抢的任务、审核结果和服务时长确认会在这里通知您。/);

  const t = nowSec();
  const old = addMessage({ volunteer: mine.id, text: '【文明朔城】旧消息，已经读过', link: '/v', at: t - 7200, read: t - 3600 });
  const withLink = addMessage({ volunteer: mine.id, text: '【文明朔城】新任务：理发（马邑村），请尽快接单：', link: '/v/me', at: t - 600 });
  const noLink = addMessage({ volunteer: mine.id, text: '【文明朔城】李志愿，您的志愿者申请已通过。', at: t - 60 });
  const theirs = addMessage({ volunteer: other.id, text: '【文明朔城】别人的消息', link: '/v' });

  html = await (await vget('/v')).text();
  assert.deepEqual(navInbox(html, '/v/inbox'), { count: 2, label: '消息，未读2条', current: false });
  const r = await vget('/v/inbox');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  html = await r.text();
  assert.equal(navInbox(html, '/v/inbox').current, true, 'the inbox is the current entry');
  assert.match(html, /未读 <strong>2<\/strong> 条/);
  assert.ok(!html.includes('别人的消息'), 'only their own messages');
  const rows = inboxRows(html);
  assert.deepEqual(rows.map((m) => m.id), [noLink, withLink, old], 'newest first');
  assert.deepEqual(rows.map((m) => m.unread), [true, true, false], 'unread ones marked');
  assert.deepEqual(rows.map((m) => m.said), [true, true, false], 'and said in words: 未读');
  assert.deepEqual(rows.map((m) => m.when[1]), [bj(t - 60), bj(t - 600), bj(t - 7200)], 'Beijing time');
  assert.match(rows[0].when[0], /^\d{4}-\d\d-\d\dT\d\d:\d\d\+08:00$/);
  assert.deepEqual(rows.map((m) => m.button), ['标为已读', '查看', '查看']);
  assert.ok(rows.every((m) => m.csrf === me.csrf), 'every form carries the session token');
  assert.equal(rows[1].text, '【文明朔城】新任务：理发（马邑村），请尽快接单：');

  // 查看: read, and on to what it is about.
  const open = (id, fields = { csrf: me.csrf }) => postForm(s.url, `/v/inbox/${id}/open`, fields, { cookie: me.cookie });
  assert.equal((await open(withLink, {})).status, 403, 'no token, no change');
  assert.equal(sql(s.db, `SELECT read_at FROM messages WHERE id = ${withLink}`)[0].read_at, null);
  let o = await open(withLink);
  assert.equal(o.status, 303);
  assert.equal(o.headers.get('location'), '/v/me');
  assert.ok(sql(s.db, `SELECT read_at FROM messages WHERE id = ${withLink}`)[0].read_at >= t);
  html = await (await vget('/v')).text();
  assert.equal(navInbox(html, '/v/inbox').count, 1);
  // Opening an old one again goes to its link and keeps when it was read.
  o = await open(old);
  assert.equal(o.headers.get('location'), '/v');
  assert.equal(sql(s.db, `SELECT read_at FROM messages WHERE id = ${old}`)[0].read_at, t - 3600);
  // Someone else's message, or none: 404, and theirs stays unread.
  assert.equal((await open(theirs)).status, 404);
  assert.equal(sql(s.db, `SELECT read_at FROM messages WHERE id = ${theirs}`)[0].read_at, null);
  assert.equal((await open(theirs + 1000)).status, 404);
  // Without a link: back to the inbox.
  o = await open(noLink);
  assert.equal(o.headers.get('location'), '/v/inbox');
  html = await (await vget('/v/inbox')).text();
  assert.match(html, /没有未读消息/);
  assert.deepEqual(navInbox(html, '/v/inbox').count, 0);
  assert.ok(!html.includes('全部标为已读'), 'nothing to mark');

  // 全部标为已读.
  addMessage({ volunteer: mine.id, text: '【文明朔城】甲' });
  addMessage({ volunteer: mine.id, text: '【文明朔城】乙', link: '/v' });
  html = await (await vget('/v/inbox')).text();
  assert.equal(navInbox(html, '/v/inbox').count, 2);
  assert.match(html, /<form method="post" action="\/v\/inbox\/read"><input type="hidden" name="csrf" value="[0-9a-f]{64}"><button[^>]*>全部标为已读<\/button>/);
  const all = await postForm(s.url, '/v/inbox/read', { csrf: me.csrf }, { cookie: me.cookie });
  assert.equal(all.status, 303);
  assert.equal(all.headers.get('location'), '/v/inbox?done=read');
  html = await (await vget(all.headers.get('location'))).text();
  assert.match(html, /全部消息已标为已读/);
  assert.equal(navInbox(html, '/v/inbox').count, 0);
  assert.ok(inboxRows(html).every((m) => !m.unread && !m.said));
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM messages WHERE volunteer_id = ${mine.id} AND read_at IS NULL`)[0].n, 0);
  assert.equal(sql(s.db, `SELECT read_at FROM messages WHERE id = ${theirs}`)[0].read_at, null, 'not someone else\'s');

  // Not signed in: the sign-in page first; staff are not volunteers.
  const anon = await get(s.url, '/v/inbox');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/v\/login\?next=/);
  assert.equal((await postForm(s.url, `/v/inbox/${theirs}/open`, { csrf: me.csrf })).status, 403);
});

test('a volunteer\'s inbox pages: 20 a page, 上一页 and 下一页, a bad page number said above the list', async () => {
  const [v] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.limin, prefix: '1362' });
  const me = await vSignIn(s.url, v.phone);
  const t = nowSec();
  const ids = [];
  for (let i = 0; i < 45; i++) ids.push(addMessage({ volunteer: v.id, text: `【文明朔城】第${i}条`, at: t - 3600 + i }));
  const newest = ids.slice().reverse();

  let html = await page(s.url, '/v/inbox', me);
  assert.equal(navInbox(html, '/v/inbox').count, 45);
  assert.deepEqual(inboxRows(html).map((m) => m.id), newest.slice(0, 20));
  assert.match(html, /<a href="\/v\/inbox\?page=2" rel="next">下一页<\/a>/);
  assert.ok(!html.includes('上一页'));
  html = await page(s.url, '/v/inbox?page=2', me);
  assert.deepEqual(inboxRows(html).map((m) => m.id), newest.slice(20, 40));
  assert.match(html, /第 2 页/);
  assert.match(html, /<a href="\/v\/inbox" rel="prev">上一页<\/a>/);
  assert.match(html, /<a href="\/v\/inbox\?page=3" rel="next">下一页<\/a>/);
  html = await page(s.url, '/v/inbox?page=3', me);
  assert.deepEqual(inboxRows(html).map((m) => m.id), newest.slice(40));
  assert.match(html, /<a href="\/v\/inbox\?page=2" rel="prev">上一页<\/a>/);
  assert.ok(!html.includes('下一页'));

  for (const bad of ['0', 'abc', '-1', '2x']) {
    html = await page(s.url, `/v/inbox?page=${bad}`, me);
    const flash = html.indexOf('页码不对'), list = html.indexOf('<ul class="rows inbox">');
    assert.ok(flash > 0 && flash < list, `page=${bad}: told above the list`);
    assert.deepEqual(inboxRows(html).map((m) => m.id), newest.slice(0, 20), `page=${bad}: the first page`);
  }
  html = await page(s.url, '/v/inbox?page=9', me);
  assert.match(html, /这一页没有消息了。<a href="\/v\/inbox">回到第一页<\/a>/);
});

test('staff: the unread count beside 工作台, the inbox, 查看 only to a path on this site, someone else\'s is 404', async () => {
  const leader = await signIn(s.url, 'leader.shentou');
  const uid = sql(s.db, "SELECT id FROM users WHERE login = 'leader.shentou'")[0].id;
  const disp = sql(s.db, "SELECT id FROM users WHERE login = 'dispatcher'")[0].id;
  const base = sql(s.db, `SELECT count(*) AS n FROM messages WHERE user_id = ${uid} AND read_at IS NULL`)[0].n;
  const a = addMessage({ user: uid, kind: 'staff_escalate', text: '【文明朔城】督办：理发（马邑村）派出24小时仍无人接单，请协调：', link: '/desk' });
  const evil = addMessage({ user: uid, kind: 'staff_digest', text: '【文明朔城】有3件新的群众点单待审核，请及时派单：', link: '//evil.example/x' });
  const theirs = addMessage({ user: disp, kind: 'staff_digest', text: '【文明朔城】调度员的消息', link: '/desk' });

  let html = await page(s.url, '/desk', leader);
  const nav = navInbox(html, '/desk/inbox');
  assert.equal(nav.count, base + 2);
  assert.equal(nav.label, `消息，未读${base + 2}条`);
  html = await page(s.url, '/desk/inbox', leader);
  assert.match(html, /← 返回工作台/);
  const rows = inboxRows(html);
  assert.deepEqual(rows.slice(0, 2).map((m) => m.id), [evil, a]);
  assert.ok(rows.slice(0, 2).every((m) => m.unread && m.said && m.button === '查看' && m.csrf === leader.csrf));
  assert.ok(!html.includes('调度员的消息'));

  const open = (id, who = leader) => postForm(s.url, `/desk/inbox/${id}/open`, { csrf: who.csrf }, { cookie: who.cookie });
  let o = await open(a);
  assert.equal(o.status, 303);
  assert.equal(o.headers.get('location'), '/desk');
  o = await open(evil);
  assert.equal(o.headers.get('location'), '/desk/inbox', 'a link off this site is not followed');
  assert.equal((await open(theirs)).status, 404);
  assert.equal(sql(s.db, `SELECT read_at FROM messages WHERE id = ${theirs}`)[0].read_at, null);

  addMessage({ user: uid, text: '【文明朔城】再一条' });
  const all = await postForm(s.url, '/desk/inbox/read', { csrf: leader.csrf }, { cookie: leader.cookie });
  assert.equal(all.status, 303);
  assert.equal(all.headers.get('location'), '/desk/inbox?done=read');
  html = await page(s.url, '/desk/inbox?done=read', leader);
  assert.match(html, /全部消息已标为已读/);
  assert.equal(navInbox(html, '/desk/inbox').count, 0);
  assert.equal(sql(s.db, `SELECT count(*) AS n FROM messages WHERE user_id = ${uid} AND read_at IS NULL`)[0].n, 0);
  assert.equal(sql(s.db, `SELECT read_at FROM messages WHERE id = ${theirs}`)[0].read_at, null);

  // A volunteer has no staff inbox; nobody signed in is sent to sign in.
  const [v] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.limin, prefix: '1363' });
  const me = await vSignIn(s.url, v.phone);
  assert.equal((await get(s.url, '/desk/inbox', me)).status, 403);
  assert.equal((await postForm(s.url, `/desk/inbox/${a}/open`, { csrf: me.csrf }, { cookie: me.cookie })).status, 403);
  const anon = await get(s.url, '/desk/inbox');
  assert.equal(anon.status, 303);
  assert.match(anon.headers.get('location'), /^\/login\?next=/);
});

test('the desk\'s request page: 通知记录 with masked phones and the SMS state in words, 催办, 催办 and 督办 on the timeline', async () => {
  const resident = '13812345678';
  const { code } = await submit(s.url, { phone: resident, name: '赵阿姨' });
  const order = sql(s.db, `SELECT id FROM orders WHERE code = '${code}'`)[0].id;
  const disp = await signIn(s.url, 'dispatcher');
  const dispUser = sql(s.db, "SELECT id, name FROM users WHERE login = 'dispatcher'")[0];
  const station = sql(s.db, "SELECT id, name FROM users WHERE login = 'zhan.mayi'")[0];
  const vol = sql(s.db, `SELECT id, name FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[1]}'`)[0];

  // Submitted: nothing to urge yet.
  let html = await page(s.url, `/desk/order/${code}`, disp);
  assert.match(html, /<h2 id="h-msgs">通知记录（群众看不到）<\/h2>/);
  assert.ok(!html.includes(`/desk/order/${code}/urge`), 'no 催办 before it is dispatched');

  const t = nowSec();
  const sentAt = t - 100;
  const rows = [
    [{ phone: resident, sms: 'sent', sent: sentAt, kind: 'resident_received', text: '【文明朔城】您的服务申请“作业辅导”已受理' }, `已发送 ${bj(sentAt).slice(11)}`],
    [{ phone: resident, sms: 'pending', kind: 'resident_dispatched', text: '【文明朔城】已派单甲' }, '待发送'],
    [{ phone: resident, sms: 'pending', attempts: 2, error: 'HTTP 500', kind: 'resident_dispatched', text: '【文明朔城】已派单乙' }, '发送失败，将重试（HTTP 500）'],
    [{ phone: resident, sms: 'dead', attempts: 12, error: '网关超时', kind: 'resident_accepted', text: '【文明朔城】已接单丙' }, '未送达（网关超时）'],
    [{ phone: resident, sms: 'skipped', error: '今日短信已达上限', kind: 'resident_completed', text: '【文明朔城】已完成丁' }, '未发送（今日短信已达上限）'],
    [{ volunteer: vol.id, sms: 'none', read: t - 5, kind: 'task_team', text: '【文明朔城】新任务戊' }, '仅站内信，已读'],
    [{ user: station.id, sms: 'none', kind: 'staff_digest', text: '【文明朔城】新点单己' }, '仅站内信，未读'],
  ];
  for (const [m] of rows) addMessage({ ...m, order, at: t - 300 });

  // Dispatched to a team: now it waits for a volunteer, and 催办 is offered.
  const team = teamsOf(html).find((x) => x.name.startsWith('神头镇志愿服务分队'));
  assert.equal((await act(s.url, disp, code, 'dispatch', { version: versionOf(html), team: team.id })).status, 303);
  html = await page(s.url, `/desk/order/${code}`, disp);
  const log = html.split('<h2 id="h-msgs">')[1];
  assert.ok(log.includes('给群众 138****5678'), 'the resident, masked');
  assert.ok(!log.includes(resident), 'never the whole number');
  assert.ok(log.includes(`给志愿者 ${vol.name}`));
  assert.ok(log.includes(`给工作人员 ${station.name}`));
  for (const [m, words] of rows) {
    const li = log.split('<li>').find((x) => x.includes(`<p>${m.text}</p>`));
    assert.ok(li, `listed: ${m.text}`);
    assert.match(li, new RegExp(`<p class="sms sms-${m.sms}">${words.replace(/[()（）]/g, '\\$&')}</p>`), `${m.text}: ${words}`);
    assert.ok(li.includes(bj(t - 300)), 'when');
  }
  const urge = html.match(new RegExp(`<form class="form act" method="post" action="/desk/order/${code}/urge">\\s*<input type="hidden" name="csrf" value="([0-9a-f]{64})">`));
  assert.ok(urge, 'a 催办 form');
  assert.equal(urge[1], disp.csrf);
  assert.match(html, /<button class="button secondary" type="submit"[^>]*>催办<\/button>/);

  // 催办 and 督办 as the timeline of the desk shows them, not the public one.
  assert.ok(!html.includes('id="h-urge"'), 'no section while there are none');
  // Pressing 催办 (desk_urge.c) comes back here with ?urged=1, which says so.
  const pressed = await act(s.url, disp, code, 'urge', { version: versionOf(html) });
  assert.equal(pressed.status, 303);
  assert.equal(pressed.headers.get('location'), `/desk/order/${code}?urged=1`);
  html = await page(s.url, pressed.headers.get('location'), disp);
  assert.match(html, /<div class="success" role="status"><p>已催办，已再次通知队伍的志愿者<\/p><\/div>/);
  assert.ok(!(await page(s.url, `/desk/order/${code}`, disp)).includes('已催办'), 'said once');
  const urgedAt = sql(s.db, `SELECT at FROM order_events WHERE order_id = ${order} AND kind = 'urge'`)[0].at;
  sql(s.db, `INSERT INTO order_events(order_id, at, actor, actor_id, from_state, to_state, note, public, kind)
    VALUES (${order}, ${urgedAt + 1}, 'system', NULL, 'dispatched', 'dispatched', '督办：派出24小时仍无人接单，已通知神头镇新时代文明实践所', 0, 'escalate')`);
  html = await page(s.url, `/desk/order/${code}`, disp);
  const urges = html.split('<h2 id="h-urge">催办与督办（群众看不到）</h2>')[1].split('</ol>')[0];
  const items = [...urges.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
  assert.deepEqual(items, [
    `${bj(urgedAt)} 催办 · ${dispUser.name}`,
    `${bj(urgedAt + 1)} 督办 · 系统自动督办：派出24小时仍无人接单，已通知神头镇新时代文明实践所`,
  ]);
  const track = await (await fetch(`${s.url}/track/${code}`)).text();
  assert.ok(!track.includes('催办') && !track.includes('督办') && !track.includes('已通知神头镇新时代文明实践所'), 'not on the public timeline');

  // A team leader reads the request but may not urge it.
  const leader = await signIn(s.url, 'leader.shentou');
  html = await page(s.url, `/desk/order/${code}`, leader);
  assert.match(html, /通知记录/);
  assert.ok(!html.includes(`/desk/order/${code}/urge`));
});

test('the admin\'s page of SMS not delivered: counts, the list, 重新发送; nobody else may see it', async () => {
  const admin = await signIn(s.url, 'admin');
  const t = nowSec();
  const dead = addMessage({ phone: '13987654321', sms: 'dead', attempts: 9, error: 'HTTP 502 from gateway',
    kind: 'resident_completed', text: '【文明朔城】您的服务申请“理发”已完成，请为这次服务评价：', at: t - 7200 });
  const dead2 = addMessage({ phone: '13987654322', sms: 'dead', attempts: 3, error: 'timeout',
    kind: 'task_team', text: '【文明朔城】第二条未送达', at: t - 3600 });
  const counts = sql(s.db, `SELECT (SELECT count(*) FROM messages WHERE sms = 'pending') AS p,
    (SELECT count(*) FROM messages WHERE sms = 'sent' AND sent_at >= ${t - 86400}) AS s,
    (SELECT count(*) FROM messages WHERE sms = 'dead') AS d`)[0];

  assert.match(await page(s.url, '/desk', admin), /<a href="\/admin\/messages">短信发送情况<\/a>/, 'linked from the admin\'s links');
  let html = await page(s.url, '/admin/messages', admin);
  const figures = [...html.split('<ul class="figures">')[1].split('</ul>')[0].matchAll(/<strong>(\d+)<\/strong>([^<]+)</g)]
    .map((m) => [m[2], Number(m[1])]);
  assert.deepEqual(figures, [['待发送', counts.p], ['最近一天已发送', counts.s], ['未送达', counts.d]]);
  const list = html.split('<ul class="rows dead">')[1].split('</ul>')[0];
  const ids = [...list.matchAll(/action="\/admin\/messages\/(\d+)\/retry"/g)].map((m) => Number(m[1]));
  assert.deepEqual(ids.slice(0, 2), [dead2, dead], 'newest first');
  const li = list.split('<li>').find((x) => x.includes(`/admin/messages/${dead}/retry`));
  assert.ok(li.includes(bj(t - 7200)));
  assert.ok(li.includes('已完成，附评价链接'), 'what it was for, in words');
  assert.ok(li.includes('给群众 139****4321'));
  assert.ok(!html.includes('13987654321'), 'the phone masked');
  assert.ok(li.includes('【文明朔城】您的服务申请“理发”已完成，请为这次服务评价：'));
  assert.ok(li.includes('原因：HTTP 502 from gateway（已尝试 9 次）'));
  assert.match(li, new RegExp(`name="csrf" value="${admin.csrf}"><button[^>]*>重新发送</button>`));

  const retry = (id, who = admin) => postForm(s.url, `/admin/messages/${id}/retry`, { csrf: who.csrf }, { cookie: who.cookie });
  assert.equal((await postForm(s.url, `/admin/messages/${dead}/retry`, {}, { cookie: admin.cookie })).status, 403, 'no token');
  let r = await retry(dead);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/admin/messages?done=retried');
  const row = sql(s.db, `SELECT sms, attempts, last_error FROM messages WHERE id = ${dead}`)[0];
  assert.equal(row.sms, 'pending');
  assert.equal(row.attempts, 0);
  html = await page(s.url, r.headers.get('location'), admin);
  assert.match(html, /已重新发送/);
  assert.ok(!html.includes(`/admin/messages/${dead}/retry`), 'no longer listed as not delivered');
  r = await retry(dead);
  assert.equal(r.headers.get('location'), '/admin/messages?done=gone', 'twice: said, nothing changes');

  // Only the admin.
  for (const login of ['dispatcher', 'suo.shentou', 'leader.shentou']) {
    const who = await signIn(s.url, login);
    assert.equal((await get(s.url, '/admin/messages', who)).status, 403, login);
    assert.equal((await retry(dead2, who)).status, 403, login);
  }
  const [v] = makeVolunteers(s.db, 1, { pwhash, place: PLACES.limin, prefix: '1364' });
  const me = await vSignIn(s.url, v.phone);
  assert.equal((await get(s.url, '/admin/messages', me)).status, 403);
  assert.equal(sql(s.db, `SELECT sms FROM messages WHERE id = ${dead2}`)[0].sms, 'dead');
});
