// home_kept.test.mjs: a worker keeps the home page it built for visitors who
// are not signed in for SIDAN_STATS_TTL seconds (the page says its figures
// are updated every minute). What must hold: a signed-in person always gets
// a page with their own name and sign-out token, and a visitor after them
// never gets that page; a HEAD does not leave an empty page behind; with
// the time set to 0 every visit is built afresh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from '../lib/harness.mjs';
import { signIn, ACCOUNTS } from '../lib/staff.mjs';
import { submit } from '../lib/order.mjs';

let kept, fresh;
before(async () => {
  // One worker, so every request meets the same kept page.
  kept = await start({ workers: 1, env: { SIDAN_STATS_TTL: '60' } });
  fresh = await start({ workers: 1 });
});
after(async () => {
  await kept?.stop();
  await fresh?.stop();
});

// This month's requests as the home page shows them.
function monthRequests(html) {
  const m = html.match(/<strong>(\d+)<\/strong><span>本月群众点单<\/span>/);
  assert.ok(m, 'the home page shows 本月群众点单');
  return Number(m[1]);
}

const signedOut = (html) => !html.includes('action="/logout"') && !html.includes('退出</button>');

test('a kept home page never carries a signed-in header, either way round', async () => {
  // HEAD first: it must not leave an empty page to be served to the next visitor.
  const head = await fetch(kept.url + '/', { method: 'HEAD' });
  assert.equal(head.status, 200);
  const first = await (await fetch(kept.url + '/')).text();
  assert.ok(first.includes('服务数据'), 'a visitor gets the whole home page');
  assert.ok(signedOut(first), 'a visitor sees no sign-out form');

  const staff = await signIn(kept.url, ACCOUNTS.dispatcher);
  const mine = await (await fetch(kept.url + '/', { headers: { cookie: staff.cookie } })).text();
  assert.ok(mine.includes('action="/logout"'), 'the signed-in dispatcher sees the sign-out form');
  assert.ok(mine.includes(staff.csrf), "with the dispatcher's own token");
  assert.ok(mine.includes('中心调度员'), 'and their role');

  const after = await (await fetch(kept.url + '/')).text();
  assert.ok(signedOut(after), 'the next visitor does not get the dispatcher’s page');
  assert.ok(!after.includes(staff.csrf), 'nor the dispatcher’s token');
});

test('visitors share a page kept for the minute the page promises; with 0 it is built every time', async () => {
  const before = monthRequests(await (await fetch(kept.url + '/')).text());
  await submit(kept.url);
  assert.equal(monthRequests(await (await fetch(kept.url + '/')).text()), before,
    'within the minute a visitor gets the kept page');

  const was = monthRequests(await (await fetch(fresh.url + '/')).text());
  await submit(fresh.url);
  assert.equal(monthRequests(await (await fetch(fresh.url + '/')).text()), was + 1,
    'with SIDAN_STATS_TTL=0 the new request shows at once');
});
