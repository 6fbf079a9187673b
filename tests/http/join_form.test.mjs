// join_form.test.mjs: the teams on the volunteer join form (/volunteer/join):
// a plain list of checkboxes with each team's kind, the district-wide teams
// and those of the chosen 所 in view, the other 所's folded away (no script
// needed); every team and platform ticked is kept (no silent cap), and a
// team is named by its exact id or refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, sql } from '../lib/harness.mjs';
import { apply, application, PLACES } from '../lib/volunteer.mjs';

let s;
let n = 0;
const one = (q) => sql(s.db, q)[0];
const phone = () => `1361234${String(5000 + n++).padStart(4, '0')}`;
// Teams by where they stand on the page: in view, or folded under <details>.
function teamsOn(html) {
  const start = html.indexOf('<div id="teams-near">'), end = html.indexOf('</fieldset>', start);
  const d = html.indexOf('<details id="teams-other"', start);
  const ids = (part) => new Set([...part.matchAll(/name="team" value="(\d+)"/g)].map((m) => Number(m[1])));
  return {
    near: ids(html.slice(start, d < 0 ? end : d)),
    other: d < 0 ? new Set() : ids(html.slice(d, html.indexOf('</details>', d))),
    details: d < 0 ? null : html.slice(d, html.indexOf('>', d) + 1),
  };
}
// The active teams one may join, by area: '' for the district, else the 所's code.
const joinable = () => sql(s.db, `SELECT t.id, t.kind, CASE WHEN g.kind = 'institute' THEN g.code ELSE '' END AS inst
  FROM teams t JOIN orgs g ON g.id = t.org_id WHERE t.active = 1 AND t.kind <> 'corps'`);
const ids = (rows) => new Set(rows.map((t) => t.id));

before(async () => { s = await start(); });
after(async () => { await s?.stop(); });

test('with no 所 chosen: the district-wide teams in view, each 所\'s teams grouped and folded away, every kind beside its team', async () => {
  const html = await (await fetch(`${s.url}/volunteer/join`)).text();
  const t = teamsOn(html), all = joinable();
  assert.deepEqual(t.near, ids(all.filter((x) => x.inst === '')), 'in view: the district-wide teams');
  assert.deepEqual(t.other, ids(all.filter((x) => x.inst !== '')), 'folded: every 所\'s teams');
  assert.match(html, /<summary>各实践所的服务队（选好上面的实践所后，这里列出该所的服务队）<\/summary>/);
  assert.match(html, /<p class="group">神头镇的服务队<\/p>/, 'grouped by 所');
  assert.match(html, /<p class="group">全区的服务队<\/p>/);
  const labels = { branch: '志愿服务分队', professional: '专业志愿服务队', social: '社会组织' };
  for (const x of all)
    assert.match(html, new RegExp(`name="team" value="${x.id}"> [^<]+</label> <span class="tag">${labels[x.kind]}</span>`), `team ${x.id} shows its kind`);
  assert.doesNotMatch(html, /class="checks"[^>]*style=/);
  const css = await (await fetch(`${s.url}/static/style.css`)).text();
  assert.doesNotMatch(css.match(/\.checks \{[^}]*\}/)[0], /max-height|overflow/, 'no scroll box inside the page');
});

test('with a 所 chosen (?institute= or as posted), its teams join the district\'s in view; a team ticked elsewhere stays ticked, its group open', async () => {
  const all = joinable();
  for (const code of [PLACES.shentou, PLACES.limin]) {
    const html = await (await fetch(`${s.url}/volunteer/join?institute=${code}`)).text();
    assert.ok(html.includes(`<option value="${code}" selected>`), 'the 所 is chosen');
    const t = teamsOn(html);
    assert.deepEqual(t.near, ids(all.filter((x) => x.inst === '' || x.inst === code)), `${code}: district + its own`);
    assert.deepEqual(t.other, ids(all.filter((x) => x.inst !== '' && x.inst !== code)), `${code}: the rest folded`);
    assert.match(html, /<summary>其他实践所的服务队（也可以加入）<\/summary>/);
    assert.equal(t.details, '<details id="teams-other">', 'closed');
  }
  // Posted with a problem: living in 利民镇, a 北城街道 team ticked.
  const beicheng = one("SELECT id FROM teams WHERE name = '北城街道志愿服务分队'").id;
  const r = await apply(s.url, application({ phone: phone(), institute: PLACES.limin, station: '', team: [beicheng],
    consent: undefined }));
  assert.equal(r.status, 400);
  const html = await r.text();
  const t = teamsOn(html);
  assert.ok(t.near.has(one("SELECT id FROM teams WHERE name = '利民镇志愿服务分队'").id), '利民镇\'s team in view');
  assert.ok(t.other.has(beicheng));
  assert.equal(t.details, '<details id="teams-other" open>', 'the group holding the ticked team is open');
  assert.ok(html.includes(`name="team" value="${beicheng}" checked>`), 'still ticked');
});

test('every team and platform ticked is stored, each once: no silent cap at 16 teams or 8 platforms', async () => {
  const center = one("SELECT id FROM orgs WHERE kind = 'center'").id;
  sql(s.db, Array.from({ length: 20 }, (_, i) =>
    `INSERT INTO teams(name, kind, org_id, sort) VALUES ('测试社会组织${i + 1}', 'social', ${center}, ${1000 + i});`).join('\n'));
  const many = sql(s.db, "SELECT id FROM teams WHERE name LIKE '测试社会组织%' ORDER BY id").map((t) => t.id);
  const platforms = sql(s.db, 'SELECT code FROM platforms ORDER BY id').map((p) => p.code);
  const p = phone();
  const r = await apply(s.url, application({ phone: p, team: [...many, ...many.slice(0, 3)],
    platform: [...platforms, ...platforms] }));
  assert.equal(r.status, 303, await r.text());
  const v = one(`SELECT id FROM volunteers WHERE phone = '${p}'`).id;
  assert.deepEqual(sql(s.db, `SELECT team_id FROM team_members WHERE volunteer_id = ${v} ORDER BY team_id`).map((x) => x.team_id), many);
  assert.equal(one(`SELECT count(*) AS n FROM volunteer_platforms WHERE volunteer_id = ${v}`).n, platforms.length);
});

test('a team is named by its exact id: anything else is refused beside the field, nothing stored', async () => {
  const t = joinable()[0].id;
  sql(s.db, "UPDATE teams SET active = 0 WHERE name = '测试社会组织1'");
  const inactive = one("SELECT id FROM teams WHERE name = '测试社会组织1'").id;
  for (const bad of [`${t}abc`, `+${t}`, `0${t}`, ` ${t}`, `${t}.0`, '-1', '99999999999999999999', String(inactive)]) {
    const p = phone();
    const r = await apply(s.url, application({ phone: p, team: [bad] }));
    assert.equal(r.status, 400, bad);
    const html = await r.text();
    assert.match(html, /<p class="err" id="e-team">请从列表中选择服务队<\/p>/, bad);
    assert.equal(one(`SELECT count(*) AS n FROM volunteers WHERE phone = '${p}'`).n, 0, `${bad}: nothing stored`);
  }
});

test('every 站 is offered once under its 所, each demo one said to be 演示 once, and the page weighs at most 60 KB with its stylesheet and scripts', async () => {
  const r = await fetch(`${s.url}/volunteer/join`, { headers: { 'accept-encoding': 'identity' } });
  const html = await r.text();
  const select = html.slice(html.indexOf('<select id="f-station"'), html.indexOf('</select>', html.indexOf('<select id="f-station"')));
  // What a visitor reads of each option (end tags are left out where HTML allows).
  const offered = new Map([...select.matchAll(/<option value="([^"]+)"[^>]*>([^<]*)/g)].map((m) => [m[1], m[2].trim()]));
  const stations = sql(s.db, "SELECT code, name, is_demo FROM orgs WHERE kind = 'station'");
  assert.ok(stations.length > 250, 'the demo tree');
  assert.equal(offered.size, stations.length, 'each 站 once');
  for (const st of stations) {
    const label = offered.get(st.code);
    assert.ok(label && label.startsWith(st.name), `${st.code} offered as ${st.name}`);
    assert.equal(label.split('演示').length - 1, st.is_demo ? 1 : 0, `${st.code}: ${label}`);
  }
  for (const t of sql(s.db, "SELECT id, name, is_demo FROM teams WHERE active = 1 AND kind <> 'corps'")) {
    const m = html.match(new RegExp(`name="team" value="${t.id}"> ([^<]+)</label>`));
    assert.ok(m, `team ${t.id} offered`);
    assert.equal(m[1].split('演示').length - 1, t.is_demo ? 1 : 0, `team ${t.id}: ${m[1]}`);
  }
  // As issue 18's bench weighs a public page: the HTML and all it loads.
  let bytes = Buffer.byteLength(html);
  const refs = [...html.matchAll(/<link\b[^>]*\bhref="([^"]+)"/g), ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(refs.includes('/static/style.css') && refs.includes('/static/join.js'));
  for (const ref of refs) bytes += (await (await fetch(s.url + ref)).arrayBuffer()).byteLength;
  assert.ok(Buffer.byteLength(html) <= 60 * 1024, `the HTML is ${Buffer.byteLength(html)} bytes`);
  assert.ok(bytes <= 60 * 1024, `the page and what it loads are ${bytes} bytes`);
});
