// messages.mjs: helpers for the tests of messages (issue 15): enter a
// request at the desk (a resident who phoned: no 验证码), wait for the
// housekeeping process by polling, and read the messages of a request.
import { sql } from './harness.mjs';
import { GOOD, formTokens, post } from './order.mjs';
import { page } from './staff.mjs';

// Polls check() every 50 ms until it returns something truthy or ms pass;
// resolves to its last value. (Waiting for another process, not for time.)
export async function until(check, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Enters a request at /desk/new as staff session (channel phone) with
// changes to GOOD; returns its code.
export async function deskEntry(base, session, changes = {}) {
  const html = await page(base, '/desk/new', session);
  const form = html.match(/<form class="form" method="post" action="\/desk\/new"[^>]*>([\s\S]*?)<\/form>/);
  const r = await post(base, '/desk/new', { ...GOOD, channel: 'phone', ...changes, ...formTokens(form[1]) },
    { cookie: session.cookie });
  if (r.status !== 303) throw new Error(`desk entry: ${r.status} ${(await r.text()).slice(0, 400)}`);
  return r.headers.get('location').match(/^\/desk\/order\/([A-Z2-9]{9})$/)[1];
}

// The messages about request code, oldest first.
export function messagesOf(db, code, where = '1') {
  return sql(db, `SELECT m.* FROM messages m JOIN orders o ON o.id = m.order_id
    WHERE o.code = '${code}' AND ${where} ORDER BY m.id`);
}
