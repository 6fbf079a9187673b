// open311.test.mjs: the Open311 GeoReport v2 API under /open311/v2/, as an
// integrator's client drives it: discovery, services and their definitions,
// creating requests with an API key, the public list of requests with its
// filters, errors in the spec's format, the daily limit, and that nothing a
// resident typed about themselves is ever published.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { start, sql, bin, securityHeaders } from '../lib/harness.mjs';
import { nowMs } from '../lib/clock.mjs';

const API = '/open311/v2';
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
const hasXmllint = !spawnSync('xmllint', ['--version']).error;

let s, key, revoked, station;

// Makes an API key named name on the test database; returns it.
function addKey(db, name) {
  const out = execFileSync(bin, ['apikey', 'add', name, '--db', db], { encoding: 'utf8' });
  return out.match(/^[A-Za-z0-9_-]{43}$/m)[0];
}

before(async () => {
  s = await start();
  key = addKey(s.db, 'test');
  revoked = addKey(s.db, 'old-client');
  execFileSync(bin, ['apikey', 'revoke', 'old-client', '--db', s.db], { stdio: 'ignore' });
  [station] = sql(s.db, `SELECT o.code, o.name, p.name AS institute FROM orgs o
    JOIN orgs p ON p.id = o.parent_id WHERE o.kind = 'station' AND o.is_demo = 0 ORDER BY o.id LIMIT 1`);
});
after(async () => { await s.stop(); });

// GETs path under the API; returns { r, text, json (for .json) }.
async function get(path, base = s.url) {
  const r = await fetch(base + API + path);
  const text = await r.text();
  const isJson = /application\/json/.test(r.headers.get('content-type') || '');
  return { r, text, json: isJson ? JSON.parse(text) : undefined };
}

// POSTs fields to requests.EXT (or path); returns { r, text, json }.
async function create(fields, ext = 'json', base = s.url, path = `/requests.${ext}`) {
  const r = await fetch(base + API + path, {
    method: 'POST', body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const text = await r.text();
  const isJson = /application\/json/.test(r.headers.get('content-type') || '');
  return { r, text, json: isJson ? JSON.parse(text) : undefined };
}

// The texts of every <tag> element in xml (elements without child elements).
const elems = (xml, tag) => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))]
  .map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
const count = (xml, tag) => (xml.match(new RegExp(`<${tag}>`, 'g')) || []).length;

// Checks an XML answer: type, declaration, root element, well-formedness.
function checkXml(t, res, root) {
  assert.equal(res.r.headers.get('content-type'), 'text/xml; charset=utf-8');
  assert.ok(res.text.startsWith('<?xml version="1.0" encoding="utf-8"?>\n'), 'XML declaration');
  assert.match(res.text, new RegExp(`^<\\?xml[^>]*>\\n<${root}>[\\s\\S]*</${root}>\\n$`), `root ${root}`);
  if (!hasXmllint) {
    t.diagnostic('xmllint is not installed: well-formedness not checked');
    return;
  }
  const lint = spawnSync('xmllint', ['--noout', '-'], { input: res.text, encoding: 'utf8' });
  assert.equal(lint.status, 0, `xmllint: ${lint.stderr}`);
}

// Checks a JSON answer's type.
function checkJson(res) {
  assert.equal(res.r.headers.get('content-type'), 'application/json; charset=utf-8');
  securityHeaders(assert, res.r.headers, res.r.url);
}

// Asserts an error answer in the spec's format, in either format, with one
// of its descriptions matching re (if given).
function checkError(t, res, status, re, fmt = 'json') {
  assert.equal(res.r.status, status, res.text);
  if (fmt === 'json') {
    checkJson(res);
    assert.ok(Array.isArray(res.json) && res.json.length >= 1, res.text);
    for (const e of res.json) {
      assert.deepEqual(Object.keys(e), ['code', 'description']);
      assert.equal(e.code, status);
      assert.ok(e.description.length > 0);
    }
    if (re) assert.ok(res.json.some((e) => re.test(e.description)), `${re} in ${res.text}`);
  } else {
    checkXml(t, res, 'errors');
    assert.ok(count(res.text, 'error') >= 1);
    assert.deepEqual([...new Set(elems(res.text, 'code'))], [String(status)]);
    if (re) assert.ok(elems(res.text, 'description').some((d) => re.test(d)), `${re} in ${res.text}`);
  }
}

// A valid request's fields, with unique markers for the resident's own data.
function resident(changes = {}) {
  const tag = crypto.randomBytes(4).toString('hex');
  return {
    api_key: key, service_code: 'tutoring', address_id: station.code,
    address_string: `标记地址${tag}号院`,
    first_name: `Fn${tag.slice(0, 6)}`, last_name: `Ln${tag.slice(2)}`,
    email: `m${tag}@example.org`, phone: `139${String(parseInt(tag, 16) % 1e8).padStart(8, '0')}`,
    description: `需求标记${tag}：孩子需要数学辅导`, 'attribute[consent]': 'yes',
    'attribute[wanted_time]': `周六上午${tag}`, ...changes,
  };
}

// Beijing wall-clock time of unix ms t as "YYYY-MM-DDTHH:MM:SS" (no offset).
const beijing = (t) => new Date(t + 8 * 3600e3).toISOString().slice(0, 19);

test('discovery, in JSON and XML', async (t) => {
  const j = await get('/discovery.json');
  assert.equal(j.r.status, 200);
  checkJson(j);
  assert.match(j.json.changeset, TIME);
  assert.equal(j.json.contact, '朔城区新时代文明实践中心');
  assert.match(j.json.key_service, /sidan apikey add/);
  assert.equal(j.json.endpoints.length, 1);
  const [e] = j.json.endpoints;
  assert.equal(e.specification, 'http://wiki.open311.org/GeoReport_v2');
  assert.equal(e.url, `${s.url}/open311/v2`);
  assert.equal(e.type, 'production');
  assert.deepEqual(e.formats, ['application/json', 'text/xml']);
  assert.match(e.changeset, TIME);

  const x = await get('/discovery.xml');
  assert.equal(x.r.status, 200);
  checkXml(t, x, 'discovery');
  assert.deepEqual(elems(x.text, 'contact'), ['朔城区新时代文明实践中心']);
  assert.deepEqual(elems(x.text, 'url'), [`${s.url}/open311/v2`]);
  assert.deepEqual(elems(x.text, 'format'), ['application/json', 'text/xml']);
  assert.equal(count(x.text, 'endpoint'), 1);
  assert.equal((await fetch(s.url + API + '/discovery.json', { method: 'HEAD' })).status, 200);
});

test('services lists every active service, in JSON and XML', async (t) => {
  const rows = sql(s.db, `SELECT s.code, s.name, s.summary, p.name AS platform FROM services s
    JOIN platforms p ON p.id = s.platform_id WHERE s.active = 1`);
  assert.ok(rows.length >= 15);
  const j = await get('/services.json');
  assert.equal(j.r.status, 200);
  checkJson(j);
  assert.equal(j.json.length, rows.length);
  for (const row of rows) {
    const svc = j.json.find((x) => x.service_code === row.code);
    assert.deepEqual(svc, { service_code: row.code, service_name: row.name, description: row.summary,
      metadata: true, type: 'realtime', keywords: row.platform, group: row.platform });
  }
  // A retired service is not offered.
  sql(s.db, "UPDATE services SET active = 0 WHERE code = 'fitness-guide'");
  try {
    const after = await get('/services.json');
    assert.equal(after.json.length, rows.length - 1);
    assert.ok(!after.json.some((x) => x.service_code === 'fitness-guide'));
    checkError(t, await get('/services/fitness-guide.json'), 404);
  } finally {
    sql(s.db, "UPDATE services SET active = 1 WHERE code = 'fitness-guide'");
  }

  const x = await get('/services.xml');
  assert.equal(x.r.status, 200);
  checkXml(t, x, 'services');
  assert.equal(count(x.text, 'service'), rows.length);
  assert.deepEqual(elems(x.text, 'service_code').sort(), rows.map((r) => r.code).sort());
  assert.deepEqual(new Set(elems(x.text, 'metadata')), new Set(['true']));
  assert.deepEqual(new Set(elems(x.text, 'type')), new Set(['realtime']));
  assert.ok(elems(x.text, 'group').includes('教育服务'));
});

test('a service definition names phone, consent, station and wanted_time', async (t) => {
  const j = await get('/services/tutoring.json');
  assert.equal(j.r.status, 200);
  checkJson(j);
  assert.equal(j.json.service_code, 'tutoring');
  const byCode = Object.fromEntries(j.json.attributes.map((a) => [a.code, a]));
  assert.deepEqual(Object.keys(byCode), ['phone', 'consent', 'station', 'wanted_time']);
  assert.deepEqual(byCode.phone, { variable: true, code: 'phone', datatype: 'string', required: true,
    datatype_description: '中国大陆手机号，11位，以13至19开头', order: 1,
    description: byCode.phone.description });
  assert.equal(byCode.consent.datatype, 'singlevaluelist');
  assert.equal(byCode.consent.required, true);
  assert.deepEqual(byCode.consent.values,
    [{ key: 'yes', name: '同意文明实践中心和服务志愿者使用联系方式办理本次申请' }]);
  assert.equal(byCode.station.required, false);
  assert.equal(byCode.station.datatype, 'string');
  assert.equal(byCode.wanted_time.required, false);
  assert.deepEqual(j.json.attributes.map((a) => a.order), [1, 2, 3, 4]);

  const x = await get('/services/tutoring.xml');
  assert.equal(x.r.status, 200);
  checkXml(t, x, 'service_definition');
  assert.equal(count(x.text, 'attribute'), 4);
  assert.deepEqual(elems(x.text, 'code'), ['phone', 'consent', 'station', 'wanted_time']);
  assert.deepEqual(elems(x.text, 'required'), ['true', 'true', 'false', 'false']);
  assert.deepEqual(elems(x.text, 'key'), ['yes']);
  assert.equal(count(x.text, 'value'), 1);

  checkError(t, await get('/services/no-such.json'), 404, /service_code/);
  checkError(t, await get('/services/no-such.xml'), 404, /service_code/, 'xml');
});

test('formats and methods: unknown extension or resource 404, wrong method 405', async (t) => {
  for (const p of ['/services.html', '/services', '/discovery.JSON', '/requests.',
    '/services/tutoring.html', '/requests/ABCDEFGHJ.txt', '/nothing.json']) {
    checkError(t, await get(p), 404);
  }
  checkError(t, await get('/nothing.xml'), 404, null, 'xml');
  // POST where only GET is served: the handler's 405 and the matcher's.
  const d = await create({ api_key: key }, 'json', s.url, '/discovery.json');
  checkError(t, d, 405);
  assert.equal(d.r.headers.get('allow'), 'GET, HEAD');
  const sv = await create({ api_key: key }, 'json', s.url, '/services/tutoring.json');
  assert.equal(sv.r.status, 405);
  assert.equal(sv.r.headers.get('allow'), 'GET, HEAD');
});

test('POST with a missing, wrong or revoked api_key: 403, nothing created', async (t) => {
  const before = sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n;
  const { api_key: _, ...nokey } = resident();
  checkError(t, await create(nokey), 403, /api_key/);
  checkError(t, await create(resident({ api_key: 'x'.repeat(43) })), 403, /api_key/);
  checkError(t, await create(resident({ api_key: 'short' }), 'xml'), 403, /api_key/, 'xml');
  checkError(t, await create(resident({ api_key: revoked })), 403, /api_key无效或已停用/);
  assert.equal(sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n, before);
});

test('POST checks every field: 400 with the spec\'s error list', async (t) => {
  const before = sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n;
  const { service_code: _, ...nosvc } = resident();
  checkError(t, await create(nosvc), 400, /缺少service_code/);
  checkError(t, await create(resident({ service_code: 'no-such' })), 400, /service_code/);
  const { address_id: _a, address_string: _b, ...noplace } = resident();
  checkError(t, await create(noplace), 400, /须提供位置/);
  checkError(t, await create(noplace, 'xml'), 400, /须提供位置/, 'xml');
  checkError(t, await create(resident({ address_id: '999999' })), 400, /address_id/);
  checkError(t, await create(resident({ address_id: '', lat: '39.3' })), 400, /lat和long/);
  checkError(t, await create(resident({ lat: '91', long: '112' })), 400, /lat和long/);
  checkError(t, await create(resident({ phone: '12345' })), 400, /手机/);
  checkError(t, await create(resident({ phone: '23800138000' }), 'xml'), 400, /手机/, 'xml');
  const { phone: _p, ...nophone } = resident();
  checkError(t, await create(nophone), 400, /phone：此项必须填写/);
  checkError(t, await create(resident({ 'attribute[phone]': '13700000000' })), 400, /不一致/);
  checkError(t, await create(resident({ 'attribute[consent]': 'no' })), 400, /consent/);
  checkError(t, await create(resident({ description: '' })), 400, /description：此项必须填写/);
  checkError(t, await create(resident({ description: '字'.repeat(501) })), 400, /不能超过500个字/);
  checkError(t, await create(resident({ email: 'not-an-email' })), 400, /email/);
  checkError(t, await create(resident({ first_name: '名'.repeat(15), last_name: '姓'.repeat(6) })),
    400, /first_name/);
  checkError(t, await create(resident({ 'attribute[wanted_time]': '时'.repeat(41) })), 400,
    /wanted_time.*不能超过40个字/);
  // Several problems at once: each is listed.
  const many = await create(resident({ service_code: '', phone: '1', description: '' }));
  checkError(t, many, 400);
  assert.equal(many.json.length, 3, many.text);
  assert.equal(sql(s.db, 'SELECT count(*) AS n FROM orders')[0].n, before);
});

test('a request made through Open311 is tracked, listed, and publishes no personal data', async (t) => {
  // By address_id (a 站): JSON.
  const a = resident();
  const ra = await create(a);
  assert.equal(ra.r.status, 200, ra.text);
  checkJson(ra);
  assert.equal(ra.json.length, 1);
  const code = ra.json[0].service_request_id;
  assert.match(code, /^[2-9A-HJKMNP-Z]{9}$/);
  assert.ok(ra.json[0].service_notice.includes(`${s.url}/track/${code}`), ra.json[0].service_notice);
  assert.match(ra.json[0].service_notice, /查询码/);
  const [row] = sql(s.db, `SELECT o.channel, o.contact_phone, o.contact_name, o.contact_email, o.need,
    o.address, o.wanted_time, o.consent_at IS NOT NULL AS consent, o.form_nonce, o.token_hash,
    o.lat, g.code AS org, k.name AS key, (SELECT actor FROM order_events e WHERE e.order_id = o.id) AS actor
    FROM orders o JOIN orgs g ON g.id = o.org_id JOIN api_keys k ON k.id = o.api_key_id
    WHERE o.code = '${code}'`);
  assert.deepEqual(row, { channel: 'open311', contact_phone: a.phone,
    contact_name: `${a.first_name} ${a.last_name}`, contact_email: a.email, need: a.description,
    address: a.address_string, wanted_time: a['attribute[wanted_time]'], consent: 1, form_nonce: null,
    token_hash: null, lat: null, org: station.code, key: 'test', actor: 'api' });

  // By address_string naming a 所, with a point and attribute[phone]: XML.
  const { phone, address_id: _, ...rest } = resident();
  const b = { ...rest, 'attribute[phone]': phone, first_name: `明${rest.first_name}`, last_name: '欧阳',
    address_string: `神头镇${rest.address_string}`, lat: '39.3312345', long: '112.4312345' };
  const rb = await create(b, 'xml');
  assert.equal(rb.r.status, 200, rb.text);
  checkXml(t, rb, 'service_requests');
  const [codeB] = elems(rb.text, 'service_request_id');
  assert.match(codeB, /^[2-9A-HJKMNP-Z]{9}$/);
  assert.match(elems(rb.text, 'service_notice')[0], new RegExp(`/track/${codeB}`));
  assert.deepEqual(sql(s.db, `SELECT g.name, o.contact_phone, o.contact_name, o.lat, o.lon FROM orders o
    JOIN orgs g ON g.id = o.org_id WHERE o.code = '${codeB}'`),
  [{ name: '神头镇', contact_phone: phone, contact_name: `欧阳${b.first_name}`, lat: 39.3312345,
    lon: 112.4312345 }]);

  // A point alone goes to the center; so does an address naming no site.
  const c = resident({ address_id: '', address_string: '', lat: '39.33', long: '112.43',
    service_code: 'health-check' });
  const rc = await create(c);
  assert.equal(rc.r.status, 200, rc.text);
  const codeC = rc.json[0].service_request_id;
  const rd = await create(resident({ address_id: '', address_string: '无名之地7号' }));
  assert.equal(rd.r.status, 200, rd.text);
  const [center] = sql(s.db, "SELECT code, name FROM orgs WHERE kind = 'center'");
  assert.deepEqual(sql(s.db, `SELECT DISTINCT g.kind FROM orders o JOIN orgs g ON g.id = o.org_id
    WHERE o.code IN ('${codeC}', '${rd.json[0].service_request_id}')`), [{ kind: 'center' }]);

  // The tracking page shows it, like any request.
  const tr = await fetch(`${s.url}/track/${code}`);
  assert.equal(tr.status, 200);
  const trackHtml = await tr.text();
  assert.ok(trackHtml.includes('课业辅导'), 'the service name is on the tracking page');

  // The list and the single request carry the public fields only.
  const list = await get('/requests.json');
  assert.equal(list.r.status, 200);
  checkJson(list);
  const item = list.json.find((x) => x.service_request_id === code);
  assert.ok(item, 'the new request is listed');
  assert.deepEqual(Object.keys(item), ['service_request_id', 'status', 'status_notes', 'service_name',
    'service_code', 'agency_responsible', 'requested_datetime', 'updated_datetime',
    'expected_datetime', 'address', 'address_id']);
  assert.equal(item.status, 'open');
  assert.equal(item.status_notes, '待审核');
  assert.equal(item.service_name, '课业辅导');
  assert.equal(item.service_code, 'tutoring');
  assert.equal(item.agency_responsible, '朔城区新时代文明实践中心');
  assert.equal(item.address, `${station.institute} ${station.name}`);
  assert.equal(item.address_id, station.code);
  for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime']) {
    assert.match(item[f], TIME, f);
  }
  assert.ok(Math.abs(Date.parse(item.requested_datetime) - nowMs()) < 120e3);
  const [{ due_hours: due }] = sql(s.db, "SELECT due_hours FROM services WHERE code = 'tutoring'");
  assert.equal(Date.parse(item.expected_datetime) - Date.parse(item.requested_datetime), due * 3600e3);
  const itemB = list.json.find((x) => x.service_request_id === codeB);
  assert.equal(itemB.address, '神头镇');
  // A point is published to two decimals (about 1 km), never more precisely.
  assert.equal(itemB.lat, 39.33);
  assert.equal(itemB.long, 112.43);
  const itemC = list.json.find((x) => x.service_request_id === codeC);
  assert.equal(itemC.address, center.name);
  assert.equal(itemC.address_id, center.code);
  // Newest first.
  const times = list.json.map((x) => Date.parse(x.requested_datetime));
  assert.deepEqual(times, [...times].sort((p, q) => q - p));

  const lx = await get('/requests.xml');
  assert.equal(lx.r.status, 200);
  checkXml(t, lx, 'service_requests');
  assert.equal(count(lx.text, 'request'), list.json.length);
  assert.ok(elems(lx.text, 'service_request_id').includes(code));
  for (const d of elems(lx.text, 'requested_datetime')) assert.match(d, TIME);
  assert.equal(count(lx.text, 'zipcode'), 0);

  const one = await get(`/requests/${code}.json`);
  assert.equal(one.r.status, 200);
  assert.deepEqual(one.json, [item]);
  const oneX = await get(`/requests/${code.toLowerCase()}.xml`);
  assert.equal(oneX.r.status, 200);
  checkXml(t, oneX, 'service_requests');
  assert.equal(count(oneX.text, 'request'), 1);
  assert.deepEqual(elems(oneX.text, 'address'), [item.address]);
  assert.deepEqual(elems(oneX.text, 'status'), ['open']);

  // Nothing the resident typed about themselves is in any public answer.
  const pages = [list.text, lx.text, one.text, oneX.text, trackHtml,
    (await get(`/requests/${codeB}.json`)).text, (await get(`/requests/${codeB}.xml`)).text,
    (await get(`/requests.json?service_request_id=${code},${codeB}`)).text];
  const markers = [a.first_name, a.last_name, a.email, a.phone, a.address_string, a.description,
    a['attribute[wanted_time]'], b.first_name, b.email, b['attribute[phone]'], rest.address_string,
    b.description, b['attribute[wanted_time]']];
  for (const m of markers) {
    for (const p of pages) assert.ok(!p.includes(m), `${m} is not published`);
  }
  assert.ok(!pages.some((p) => p.includes('39.3312345')), 'the exact point is not published');
});

test('requests filters: status, service_code, service_request_id, dates', async (t) => {
  // Three requests of their own, one of them rejected with a reason.
  const made = [];
  for (const svc of ['legal-advice', 'legal-advice', 'reading']) {
    const r = await create(resident({ service_code: svc }));
    assert.equal(r.r.status, 200, r.text);
    made.push(r.json[0].service_request_id);
  }
  sql(s.db, `UPDATE orders SET state = 'rejected', reason = '本周已安排同类服务',
    updated_at = updated_at + 60 WHERE code = '${made[1]}'`);
  sql(s.db, `UPDATE orders SET state = 'cancelled', reason = '居民自己写的取消理由'
    WHERE code = '${made[2]}'`);
  const states = Object.fromEntries(sql(s.db, 'SELECT code, state FROM orders')
    .map((o) => [o.code, o.state]));
  const closed = new Set(['completed', 'rated', 'unrated', 'rejected', 'cancelled']);

  const all = (await get('/requests.json')).json;
  assert.equal(all.length, Object.keys(states).length);
  const open = await get('/requests.json?status=open');
  assert.equal(open.r.status, 200);
  assert.ok(open.json.length > 0);
  assert.ok(open.json.every((x) => x.status === 'open' && !closed.has(states[x.service_request_id])));
  assert.equal(open.json.length, Object.values(states).filter((v) => !closed.has(v)).length);
  const shut = await get('/requests.xml?status=closed');
  checkXml(t, shut, 'service_requests');
  assert.deepEqual(elems(shut.text, 'service_request_id').sort(), [made[1], made[2]].sort());
  assert.deepEqual(new Set(elems(shut.text, 'status')), new Set(['closed']));
  const rejected = all.find((x) => x.service_request_id === made[1]);
  assert.equal(rejected.status_notes, '不予受理：本周已安排同类服务');
  const cancelled = all.find((x) => x.service_request_id === made[2]);
  assert.equal(cancelled.status_notes, '已取消', 'a resident\'s cancel reason is not published');
  assert.notEqual(rejected.updated_datetime, rejected.requested_datetime);
  assert.equal((await get('/requests.json?status=open,closed')).json.length, all.length);
  assert.equal((await get('/requests.json?status=closed,%20open')).json.length, all.length);

  const legal = (await get('/requests.json?service_code=legal-advice')).json;
  assert.deepEqual(legal.map((x) => x.service_request_id).sort(), [made[0], made[1]].sort());
  assert.deepEqual((await get('/requests.json?service_code=legal-advice&status=open')).json
    .map((x) => x.service_request_id), [made[0]]);
  assert.deepEqual((await get('/requests.json?service_code=no-such')).json, []);

  const byId = (await get(`/requests.json?service_request_id=${made[0]},${made[2].toLowerCase()}`)).json;
  assert.deepEqual(byId.map((x) => x.service_request_id).sort(), [made[0], made[2]].sort());
  const dashed = `${made[0].slice(0, 3)}-${made[0].slice(3, 6)}-${made[0].slice(6)}`;
  assert.deepEqual((await get(`/requests.json?service_request_id=${dashed}`)).json
    .map((x) => x.service_request_id), [made[0]]);
  // service_request_id overrides the other filters, as the spec says.
  assert.equal((await get(`/requests.json?service_request_id=${made[0]}&status=closed`)).json.length, 1);
  assert.deepEqual((await get('/requests.json?service_request_id=ABCDEFGHJ')).json, []);

  // Dates, with and without an offset; a raw '+' arrives as a space and still works.
  const now = nowMs();
  const hourAgo = beijing(now - 3600e3);
  assert.equal((await get(`/requests.json?start_date=${hourAgo}`)).json.length, all.length);
  assert.equal((await get(`/requests.json?start_date=${hourAgo}+08:00`)).json.length, all.length);
  assert.equal((await get(`/requests.json?start_date=${encodeURIComponent(hourAgo + '+08:00')}`)).json.length,
    all.length);
  const soon = new Date(now + 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.deepEqual((await get(`/requests.json?start_date=${soon}`)).json, []);
  assert.equal((await get(`/requests.json?end_date=${soon}`)).json.length, all.length);
  const past = new Date(now - 3600e3).toISOString();
  assert.deepEqual((await get(`/requests.json?end_date=${encodeURIComponent(past)}`)).json, []);
  const dayBefore = beijing(now - 2 * 86400e3).slice(0, 10);
  assert.equal((await get(`/requests.json?start_date=${dayBefore}&end_date=${soon}`)).json.length,
    all.length, 'a date alone is the start of that day');
  // The default is the last 90 days.
  sql(s.db, `UPDATE orders SET created_at = created_at - 100 * 86400 WHERE code = '${made[0]}'`);
  const recent = (await get('/requests.json')).json.map((x) => x.service_request_id);
  assert.ok(!recent.includes(made[0]) && recent.includes(made[1]));
  const old = beijing(now - 101 * 86400e3);
  assert.deepEqual((await get(`/requests.json?start_date=${old}&end_date=${beijing(now - 95 * 86400e3)}`))
    .json.map((x) => x.service_request_id), [made[0]]);
  assert.equal((await get(`/requests/${made[0]}.json`)).json.length, 1, 'by id at any age');

  for (const q of ['start_date=garbage', 'end_date=2026-13-01', 'start_date=2026-02-30',
    'start_date=2026-11-28T25:00', 'start_date=2026-11-28T10:00:00+08:0x', 'status=pending',
    'status=open,', 'status=open,bogus', 'service_request_id=ABC', 'service_request_id=ABCDEFGHJ,,',
    `start_date=${beijing(now)}&end_date=${beijing(now - 86400e3)}`,
    `start_date=${old}&end_date=${beijing(now)}`]) {
    checkError(t, await get(`/requests.json?${q}`), 400, null);
  }
  checkError(t, await get('/requests.xml?start_date=garbage'), 400, /start_date/, 'xml');
  checkError(t, await get('/requests.json?service_request_id=' + Array(101).fill(made[0]).join(',')),
    400, /100/);
});

test('requests/{id}: unknown or malformed id is 404 in either format', async (t) => {
  checkError(t, await get('/requests/ABCDEFGHJ.json'), 404, /service_request_id/);
  checkError(t, await get('/requests/ABCDEFGHJ.xml'), 404, /service_request_id/, 'xml');
  checkError(t, await get('/requests/nope.json'), 404);
});

test('the daily limit per phone number: 429 in the spec\'s format', async (t) => {
  const lim = await start({ env: { SIDAN_LIMIT_PHONE: '2' } });
  try {
    const k = addKey(lim.db, 'limited');
    const fields = resident({ api_key: k });
    for (let i = 0; i < 2; i++) {
      const r = await create(fields, 'json', lim.url);
      assert.equal(r.r.status, 200, r.text);
    }
    const third = await create(fields, 'json', lim.url);
    checkError(t, third, 429, /手机号.*上限（2次）/);
    assert.ok(Number(third.r.headers.get('retry-after')) > 0);
    checkError(t, await create(fields, 'xml', lim.url), 429, /上限/, 'xml');
    // Another number is still welcome.
    const other = await create(resident({ api_key: k, phone: '13600000000' }), 'json', lim.url);
    assert.equal(other.r.status, 200, other.text);
    assert.equal(sql(lim.db, 'SELECT count(*) AS n FROM orders')[0].n, 3);
  } finally {
    await lim.stop();
  }
});

test('errors raised before the API runs are in the API format too: 400, 404, 413, 415', async (t) => {
  const base = `${s.url}/open311/v2`;
  const res = async (r) => ({ r, text: await r.text(), get json() { return JSON.parse(this.text); } });
  // A body of a type the API does not take.
  checkError(t, await res(await fetch(`${base}/requests.json`, { method: 'POST',
    headers: { 'content-type': 'text/plain' }, body: 'api_key=x' })), 415, /application\/x-www-form-urlencoded/);
  checkError(t, await res(await fetch(`${base}/requests.xml`, { method: 'POST',
    headers: { 'content-type': 'application/json' }, body: '{}' })), 415, null, 'xml');
  // A body over sidan's 64 KiB (nginx lets up to 1 MB through).
  checkError(t, await res(await fetch(`${base}/requests.json`, { method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'description=' + 'x'.repeat(70000) })), 413);
  // A repeated single-valued parameter, a broken %-escape.
  checkError(t, await res(await fetch(`${base}/requests.xml?status=open&status=closed`)), 400, null, 'xml');
  checkError(t, await res(await fetch(`${base}/requests.json?start_date=%ZZ`)), 400, /编码错误/);
  // A path no route has under /open311/.
  checkError(t, await res(await fetch(`${s.url}/open311/v3/services.json`)), 404);
  checkError(t, await res(await fetch(`${base}/services/a/b.xml`)), 404, null, 'xml');
  // Elsewhere the error pages stay HTML.
  const html = await fetch(`${s.url}/no/such/page`);
  assert.match(html.headers.get('content-type'), /^text\/html/);
});
