// exchange.test.mjs: 积分兑换 (the 爱心超市) through real nginx and sidan:
// staff add and change goods (each bad field told beside it, what was typed
// kept); a volunteer with confirmed hours sees their balance and the goods
// of their 站, 所 and the centre, asks (the balance drops), is refused when
// short of points or when the stock is gone; two staff handing over the
// last item at once, or a volunteer asking twice at once for their last
// points: exactly one wins; cancelling (staff or volunteer) gives the
// points back, a handed-over one goes back into stock; staff of another
// 站 find nothing (404); both ledgers list the exchange.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { ACCOUNTS, PASSWORD, signIn, get, page } from '../lib/staff.mjs';
import { DEMO_VOLUNTEERS, PLACES, vSignIn, postForm, makeVolunteers } from '../lib/volunteer.mjs';
import { nowSec } from '../lib/clock.mjs';

let s;
const S = {};		// staff sessions: mayi (站), shentou (所), xiaobo (another 站)
let pwhash;

const one = (q) => sql(s.db, q)[0];
const stockOf = (id) => one(`SELECT stock FROM goods WHERE id = ${id}`).stock;
const exchangesOf = (vid) => sql(s.db, `SELECT id, goods_id, state, points FROM exchanges
  WHERE volunteer_id = ${vid} ORDER BY id`);

// Gives volunteer vid confirmed service of minutes.
function serve(vid, minutes) {
  const t = nowSec() - 86400;
  sql(s.db, `INSERT INTO hours(volunteer_id, started_at, ended_at, minutes, what, status,
    confirmed_at, created_at) VALUES (${vid}, ${t}, ${t + minutes * 60}, ${minutes}, '爱心超市测试服务',
    'confirmed', ${t}, ${t})`);
}

// A fresh approved volunteer of 马邑村 (or place) with minutes of confirmed
// service, signed in: { id, number, phone, cookie, csrf }.
async function volunteer(minutes, place = PLACES.mayi) {
  const [v] = makeVolunteers(s.db, 1, { pwhash, place, prefix: '1350' });
  if (minutes) serve(v.id, minutes);
  return { ...v, ...(await vSignIn(s.url, v.phone, PASSWORD)) };
}

// Adds goods at 马邑村 as its station's staff; returns its id.
async function goods(name, points, stock) {
  const r = await postForm(s.url, '/desk/goods/new', { csrf: S.mayi.csrf, name, note: '', points, stock,
    active: '1' }, { cookie: S.mayi.cookie });
  assert.equal(r.status, 303, `goods ${name}`);
  return one(`SELECT max(id) AS id FROM goods WHERE name = '${name}'`).id;
}

const ask = (me, id) => postForm(s.url, `/v/goods/${id}/ask`, { csrf: me.csrf }, { cookie: me.cookie });
const vcancel = (me, id) => postForm(s.url, `/v/exchanges/${id}/cancel`, { csrf: me.csrf }, { cookie: me.cookie });
const confirm = (st, id, who) => postForm(s.url, `/desk/exchanges/${id}/confirm`, { csrf: st.csrf, who },
  { cookie: st.cookie });
const cancel = (st, id, reason) => postForm(s.url, `/desk/exchanges/${id}/cancel`, { csrf: st.csrf, reason },
  { cookie: st.cookie });
// The balance /v/goods shows (the first of the figures).
const balanceOn = (html) => Number(html.match(/<li><strong>(-?\d+)<\/strong><span>可用积分<\/span><\/li>/)[1]);

before(async () => {
  s = await start({ env: { SIDAN_POINTS_PER_HOUR: '10' } });
  pwhash = one(`SELECT pwhash FROM volunteers WHERE phone = '${DEMO_VOLUNTEERS[0]}'`).pwhash;
  sql(s.db, `INSERT INTO users(login, name, role, org_id, pwhash, created_at)
    SELECT 'zhan.xiaobo.test', '小泊村站测试', role, (SELECT id FROM orgs WHERE code = '${PLACES.xiaobo}'),
    pwhash, created_at FROM users WHERE login = '${ACCOUNTS.station}'`);
  S.mayi = await signIn(s.url, ACCOUNTS.station);
  S.shentou = await signIn(s.url, ACCOUNTS.institute);
  S.xiaobo = await signIn(s.url, 'zhan.xiaobo.test');
});
after(() => s?.stop());

test('goods are added and changed with every bad field told and what was typed kept', async () => {
  let r = await postForm(s.url, '/desk/goods/new', { csrf: S.mayi.csrf, name: '', note: '毛巾一条',
    points: '0', stock: '-1', active: '1' }, { cookie: S.mayi.cookie });
  assert.equal(r.status, 400);
  let html = await r.text();
  assert.match(html, /有 3 处需要修改/);
  assert.match(html, /请填写名称/);
  assert.match(html, /所需积分请填写1到100000之间的整数/);
  assert.match(html, /库存请填写0或正整数/);
  assert.match(html, />毛巾一条<\/textarea>/);
  assert.match(html, /name="points"[^>]*value="0"/);
  assert.match(html, /name="stock"[^>]*value="-1"/);
  r = await postForm(s.url, '/desk/goods/new', { csrf: S.mayi.csrf, name: '长'.repeat(41), note: '',
    points: '100001', stock: '2' }, { cookie: S.mayi.cookie });
  assert.equal(r.status, 400);
  html = await r.text();
  assert.match(html, /40/);
  assert.match(html, /所需积分请填写1到100000之间的整数/);
  assert.equal(one("SELECT count(*) AS n FROM goods").n, 0, 'nothing saved');

  const id = await goods('毛巾一条', '30', '5');
  html = await page(s.url, '/desk/goods', S.mayi);
  assert.match(html, new RegExp(`<a href="/desk/goods/${id}">毛巾一条</a></td><td>马邑村[^<]*</td><td>30</td><td>5</td><td>上架</td>`));
  // Change it: a bad price keeps the rest as typed.
  r = await postForm(s.url, `/desk/goods/${id}/edit`, { csrf: S.mayi.csrf, name: '纯棉毛巾一条',
    note: '在村委会领取', points: 'abc', stock: '7' }, { cookie: S.mayi.cookie });
  assert.equal(r.status, 400);
  html = await r.text();
  assert.match(html, /name="name"[^>]*value="纯棉毛巾一条"/);
  assert.match(html, /name="points"[^>]*value="abc"/);
  assert.match(html, /所需积分请填写/);
  assert.equal(one(`SELECT name FROM goods WHERE id = ${id}`).name, '毛巾一条');
  r = await postForm(s.url, `/desk/goods/${id}/edit`, { csrf: S.mayi.csrf, name: '纯棉毛巾一条',
    note: '在村委会领取', points: '25', stock: '7' }, { cookie: S.mayi.cookie });
  assert.equal(r.status, 303);
  assert.deepEqual(one(`SELECT name, note, points, stock, active FROM goods WHERE id = ${id}`),
    { name: '纯棉毛巾一条', note: '在村委会领取', points: 25, stock: 7, active: 0 });
  html = await page(s.url, `/desk/goods/${id}`, S.mayi);
  assert.match(html, /value="纯棉毛巾一条"/);
  assert.doesNotMatch(html, /id="f-active"[^>]*checked/);
  // The 所's staff may change goods of its 站; another 站's may not even see them.
  await page(s.url, `/desk/goods/${id}`, S.shentou);
  assert.equal((await get(s.url, `/desk/goods/${id}`, S.xiaobo)).status, 404);
  assert.doesNotMatch(await page(s.url, '/desk/goods', S.xiaobo), /纯棉毛巾一条/);
});

test('a volunteer sees their balance and goods, asks, and is refused when short or out of stock', async () => {
  const me = await volunteer(120);		// 120 minutes × 10 an hour = 20 points
  const soap = await goods('香皂一块', '15', '3');
  const none = await goods('已兑完的雨伞', '1', '0');
  const far = one(`SELECT id FROM orgs WHERE code = '${PLACES.beicheng}'`).id;
  sql(s.db, `INSERT INTO goods(org_id, name, points, stock, created_by, created_at, updated_at)
    VALUES (${far}, '北城街道的书包', 1, 9, 1, ${nowSec()}, ${nowSec()})`);
  const farId = one("SELECT id FROM goods WHERE name = '北城街道的书包'").id;

  let html = await page(s.url, '/v/goods', me);
  assert.equal(balanceOn(html), 20);
  assert.match(html, /<strong>香皂一块<\/strong> · 15 分/);
  assert.doesNotMatch(html, /已兑完的雨伞/, 'no stock: not offered');
  assert.doesNotMatch(html, /北城街道的书包/, 'another 所: not offered');
  assert.match(html, new RegExp(`action="/v/goods/${soap}/ask"`));

  let r = await ask(me, soap);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/v/me/points?done=asked');
  html = await page(s.url, '/v/goods', me);
  assert.equal(balanceOn(html), 5);
  assert.match(html, /积分不够，还差 10 分/);
  html = await page(s.url, '/v/me/points', me);
  assert.match(html, /<strong>5<\/strong><span>可用积分<\/span>/);
  // Their record page shows what they may spend, and what was spent.
  const record = await page(s.url, '/v/me', me);
  assert.match(record, /<strong>5<\/strong><span>积分<\/span>/);
  assert.match(record, /累计获得 20 分，兑换已用或待领取 15 分/);
  assert.match(html, /<strong>20<\/strong><span>累计获得<\/span>/);
  assert.match(html, /<strong>香皂一块<\/strong> · −15 分 <span class="state state-asked">待领取<\/span>/);

  // Short of points: refused, nothing changed.
  r = await ask(me, soap);
  assert.equal(r.status, 409);
  assert.match(await r.text(), /积分不够：您现在可用 5 分/);
  assert.equal(exchangesOf(me.id).length, 1);
  // No stock: refused, nothing changed.
  r = await ask(me, none);
  assert.equal(r.status, 409);
  assert.match(await r.text(), /这件物品刚刚兑完了，没有扣您的积分/);
  assert.equal(exchangesOf(me.id).length, 1);
  // Goods of another 所 are not theirs to ask for.
  assert.equal((await ask(me, farId)).status, 404);
  assert.equal(stockOf(soap), 3, 'asking does not take stock');
});

test('two staff handing over the last item at once: exactly one wins, the stock ends at 0', async () => {
  const a = await volunteer(60), b = await volunteer(60);
  const cup = await goods('保温杯', '10', '1');
  assert.equal((await ask(a, cup)).status, 303);
  assert.equal((await ask(b, cup)).status, 303);
  const [xa] = exchangesOf(a.id), [xb] = exchangesOf(b.id);
  const rs = await Promise.all([confirm(S.mayi, xa.id), confirm(S.shentou, xb.id)]);
  assert.deepEqual(rs.map((r) => r.status).sort(), [303, 409]);
  const lost = rs.find((r) => r.status === 409);
  assert.match(await lost.text(), /库存为0，不能交付/);
  assert.equal(stockOf(cup), 0);
  assert.equal(one(`SELECT count(*) AS n FROM exchanges WHERE goods_id = ${cup} AND state = 'done'`).n, 1);

  // The same exchange confirmed by two at once: one hands over, one is told.
  const pen = await goods('钢笔', '1', '5');
  const c = await volunteer(60);
  assert.equal((await ask(c, pen)).status, 303);
  const [xc] = exchangesOf(c.id);
  const twice = await Promise.all([confirm(S.mayi, xc.id), confirm(S.shentou, xc.id)]);
  assert.deepEqual(twice.map((r) => r.status).sort(), [303, 409]);
  assert.equal(stockOf(pen), 4);
});

test('two asks at once for the last points: exactly one', async () => {
  const me = await volunteer(60);		// 10 points
  const tea = await goods('茶叶一盒', '10', '5');
  const rs = await Promise.all([ask(me, tea), ask(me, tea)]);
  assert.deepEqual(rs.map((r) => r.status).sort(), [303, 409]);
  assert.equal(exchangesOf(me.id).length, 1);
  assert.equal(balanceOn(await page(s.url, '/v/goods', me)), 0);
});

test('cancelling gives the points back; a handed-over one goes back into stock', async () => {
  const me = await volunteer(180);		// 30 points
  const rice = await goods('大米五斤', '10', '4');
  for (let i = 0; i < 3; i++) assert.equal((await ask(me, rice)).status, 303);
  const [x1, x2, x3] = exchangesOf(me.id);
  assert.equal(balanceOn(await page(s.url, '/v/goods', me)), 0);

  // The volunteer cancels one not yet handed over.
  let r = await vcancel(me, x1.id);
  assert.equal(r.status, 303);
  assert.equal(balanceOn(await page(s.url, '/v/goods', me)), 10);
  assert.match(await page(s.url, '/v/me/points', me), /已取消，积分已退回/);
  // ... but not twice, nor someone else's.
  assert.equal((await vcancel(me, x1.id)).status, 409);
  const other = await volunteer(0);
  assert.equal((await vcancel(other, x2.id)).status, 404);

  // Staff hand one over, then cancel it: stock and points come back.
  assert.equal((await confirm(S.mayi, x2.id)).status, 303);
  assert.equal(stockOf(rice), 3);
  assert.equal((await vcancel(me, x2.id)).status, 409, 'a handed-over one is staff\'s to cancel');
  r = await cancel(S.mayi, x2.id, '');
  assert.equal(r.status, 400);
  assert.match(await r.text(), /请写明取消的原因/);
  r = await cancel(S.mayi, x2.id, '物品有破损，已退回');
  assert.equal(r.status, 303);
  assert.equal(stockOf(rice), 4);
  assert.equal(balanceOn(await page(s.url, '/v/goods', me)), 20);
  // Staff cancel an asked one too.
  assert.equal((await cancel(S.shentou, x3.id, '志愿者说不要了')).status, 303);
  assert.equal(balanceOn(await page(s.url, '/v/goods', me)), 30);
  assert.equal(stockOf(rice), 4);
  const html = await page(s.url, '/v/me/points', me);
  assert.match(html, /取消原因：物品有破损，已退回/);
});

test('staff of another 站 get 404; both ledgers list the exchange; a number finds what to hand over', async () => {
  const me = await volunteer(60);
  const oil = await goods('食用油一桶', '10', '2');
  assert.equal((await ask(me, oil)).status, 303);
  const [x] = exchangesOf(me.id);
  for (const r of [await confirm(S.xiaobo, x.id), await cancel(S.xiaobo, x.id, '不是本站的'),
    await postForm(s.url, `/desk/goods/${oil}/edit`, { csrf: S.xiaobo.csrf, name: '改名', points: '1',
      stock: '1' }, { cookie: S.xiaobo.cookie })]) assert.equal(r.status, 404);
  assert.equal(one(`SELECT state FROM exchanges WHERE id = ${x.id}`).state, 'asked');
  assert.equal(one(`SELECT name FROM goods WHERE id = ${oil}`).name, '食用油一桶');
  assert.doesNotMatch(await page(s.url, '/desk/exchanges', S.xiaobo), /食用油一桶/);

  // The place's ledger, and the volunteer found by number and by phone.
  let html = await page(s.url, '/desk/exchanges', S.mayi);
  assert.match(html, new RegExp(`<strong>${me.name}</strong>（${me.number}） · 食用油一桶 · 10 分 <span class="state state-asked">待领取</span>`));
  for (const who of [me.number, me.phone]) {
    html = await page(s.url, `/desk/exchanges?who=${who}`, S.mayi);
    const found = html.split('<h2 id="h-found">')[1].split('</section>')[0];
    assert.match(found, /食用油一桶/);
    assert.match(found, new RegExp(`action="/desk/exchanges/${x.id}/confirm"`));
  }
  html = await page(s.url, '/desk/exchanges?who=SC0000000000', S.mayi);
  assert.match(html, /这位志愿者在您管理的阵地没有待领取的兑换/);
  const r = await confirm(S.mayi, x.id, me.number);
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/desk/exchanges?done=confirmed&who=${me.number}`);
  html = await page(s.url, '/desk/exchanges', S.mayi);
  assert.match(html, /食用油一桶 · 10 分 <span class="state state-done">已兑换<\/span>/);
  html = await page(s.url, '/v/me/points', me);
  assert.match(html, /<strong>食用油一桶<\/strong> · −10 分 <span class="state state-done">已领取<\/span>/);
  assert.match(html, /马邑村/);
});
