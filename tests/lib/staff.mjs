// staff.mjs: helpers for tests that act as staff: sign in through the real
// form, fetch pages with the session cookie, post desk actions with the
// session's csrf token, and read what the desk pages show.
import { formTokens, post } from './order.mjs';

// Every demo account (sidan seed --demo) has this password.
export const PASSWORD = 'wenming-demo-2026';

// The demo accounts by role, as the route table's WHO_ names them.
export const ACCOUNTS = {
  admin: 'admin', dispatcher: 'dispatcher', institute: 'suo.shentou',
  station: 'zhan.mayi', leader: 'leader.shentou',
};

// Returns the "sid=..." pair of a response's Set-Cookie header, or null.
export function sidOf(r) {
  const m = (r.headers.get('set-cookie') || '').match(/(?:^|[\s,])sid=([^;]*)/);
  return m ? m[1] : null;
}

// GETs path with the session's cookie (or none), without following redirects.
export function get(base, path, session = null, headers = {}) {
  return fetch(base + path, {
    redirect: 'manual',
    headers: { ...(session ? { cookie: session.cookie } : {}), ...headers },
  });
}

// GETs path as session and returns its text, failing unless the status is want.
export async function page(base, path, session, want = 200) {
  const r = await get(base, path, session);
  const text = await r.text();
  if (r.status !== want) throw new Error(`GET ${path}: ${r.status}, wanted ${want}\n${text.slice(0, 400)}`);
  return text;
}

// Posts the sign-in form. Returns the response (303 on success).
export async function tryLogin(base, login, password, { cookie, next } = {}) {
  const t = formTokens(await (await fetch(base + '/login')).text());
  return post(base, '/login', { ...t, login, password, ...(next ? { next } : {}) },
    cookie ? { cookie } : {});
}

// Signs in; returns { cookie, sid, csrf, setCookie }: csrf is read from the
// hidden csrf input of a staff page (the sign-out form in the layout).
// opts.cookie sends an earlier session's cookie along, as a browser would.
export async function signIn(base, login, password = PASSWORD, opts = {}) {
  const r = await tryLogin(base, login, password, opts);
  if (r.status !== 303) throw new Error(`sign-in as ${login}: ${r.status}\n${(await r.text()).slice(0, 400)}`);
  const sid = sidOf(r);
  if (!sid) throw new Error(`sign-in as ${login}: no session cookie`);
  const session = { cookie: `sid=${sid}`, sid, setCookie: r.headers.get('set-cookie'), login };
  session.csrf = csrfOf(await page(base, '/desk', session));
  return session;
}

// The session's csrf token from a page's hidden input (64 hex digits).
export function csrfOf(html) {
  const m = html.match(/name="csrf" value="([0-9a-f]{64})"/);
  if (!m) throw new Error('no session csrf input on the page');
  return m[1];
}

// POSTs a desk action on a request: /desk/order/CODE/ACTION with the
// session's cookie and csrf (unless fields overrides it).
export function act(base, session, code, action, fields = {}, headers = {}) {
  return post(base, `/desk/order/${code}/${action}`, { csrf: session.csrf, ...fields },
    { cookie: session.cookie, ...headers });
}

// The version hidden field of a request page (what the person acted on).
export function versionOf(html) {
  const m = html.match(/name="version" value="(\d+)"/);
  if (!m) throw new Error('no version field on the page');
  return m[1];
}

// The team options of the dispatch form: [{ id, name, selected }].
export function teamsOf(html) {
  const sel = html.match(/<select id="f-team" name="team">([\s\S]*?)<\/select>/);
  if (!sel) return [];
  return [...sel[1].matchAll(/<option value="(\d+)"( selected)?>([^<]*)<\/option>/g)]
    .map((m) => ({ id: m[1], selected: !!m[2], name: m[3] }));
}

// The area options of the publish form: [{ id, name }].
export function areasOf(html) {
  const sel = html.match(/<select id="f-area" name="area">([\s\S]*?)<\/select>/);
  if (!sel) return [];
  return [...sel[1].matchAll(/<option value="(\d+)">([^<]*)<\/option>/g)]
    .map((m) => ({ id: m[1], name: m[2] }));
}

// The codes listed on one desk page, in order.
export function rowCodes(html) {
  return [...html.matchAll(/<a class="rowcode" href="\/desk\/order\/([A-Z2-9]{9})">/g)].map((m) => m[1]);
}

// The 下一页 link of a desk page, or null.
export function nextLink(html) {
  const m = html.match(/<a href="(\/desk\?[^"]*)">下一页<\/a>/);
  return m ? m[1].replace(/&amp;/g, '&') : null;
}

// The counts per state at the top of the desk: { submitted: 3, ... }.
export function countsOf(html) {
  const out = {};
  for (const m of html.matchAll(/<a href="\/desk\?(?:[^"]*&amp;)?state=([a-z]+)"[^>]*>[^<]* <strong>(\d+)<\/strong><\/a>/g))
    out[m[1]] = Number(m[2]);
  return out;
}

// Every code the desk lists for query string qs, following 下一页 to the end.
// Returns { codes, pages }.
export async function allCodes(base, session, qs = '') {
  let path = '/desk' + (qs ? `?${qs}` : '');
  const codes = [];
  let pages = 0;
  while (path) {
    const html = await page(base, path, session);
    codes.push(...rowCodes(html));
    pages++;
    path = nextLink(html);
    if (pages > 100) throw new Error('the desk pages do not end');
  }
  return { codes, pages };
}
