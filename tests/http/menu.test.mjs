// menu.test.mjs: the service menu and the five platforms (issue 14 item
// 12): each of the 18 services sits under the platform whose work it is, in
// a new database and, by schema version 14, in an older one (unless an
// admin moved it); the portal's platform pages say so; the pages residents
// read (the menu, tracking and the private link) show no platform, the
// staff's request page does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { start, sql, root, bin } from '../lib/harness.mjs';
import { submit } from '../lib/order.mjs';
import { signIn, page } from '../lib/staff.mjs';

let s;
const PLATFORMS = ['理论宣讲', '教育服务', '文化文艺', '科技科普', '健身体育'];

// Where each service of the seed belongs (README, 服务菜单与五大平台).
const PLACED = {
  'policy-talk': 'theory', 'new-customs-talk': 'theory', 'legal-advice': 'theory',
  tutoring: 'education', 'home-teaching': 'education', 'child-care': 'education',
  'culture-show': 'culture', reading: 'culture',
  'safety-education': 'science', 'farm-tech': 'science', 'science-talk': 'science',
  'green-action': 'science', 'phone-help': 'science', 'cpr-training': 'science',
  'health-check': 'fitness', 'fitness-guide': 'fitness', 'mental-health': 'fitness',
  'elder-visit': 'fitness',
};
const placement = (db) => Object.fromEntries(sql(db, `SELECT s.code, p.code AS platform
  FROM services s JOIN platforms p ON p.id = s.platform_id`).map((r) => [r.code, r.platform]));

before(async () => { s = await start(); });
after(() => s && s.stop());

test('the seed puts each of the 18 services under the platform whose work it is', async () => {
  assert.deepEqual(placement(s.db), PLACED);
  const projects = Object.fromEntries(sql(s.db, `SELECT j.code, p.code AS platform FROM projects j
    JOIN platforms p ON p.id = j.platform_id WHERE j.code IN ('legal-advice', 'safety-education', 'cpr-for-all')`)
    .map((r) => [r.code, r.platform]));
  assert.deepEqual(projects, { 'legal-advice': 'theory', 'safety-education': 'science', 'cpr-for-all': 'science' });
  // The portal's platform pages list them there, and no longer elsewhere.
  const of = async (code) => (await (await fetch(`${s.url}/platforms/${code}`)).text());
  const theory = await of('theory'), education = await of('education');
  const science = await of('science'), fitness = await of('fitness');
  assert.ok(theory.includes('法律咨询'));
  assert.ok(theory.includes('法律法规'), 'the summary says the platform explains the law');
  assert.ok(!education.includes('法律咨询'));
  assert.ok(!education.includes('安全知识讲座'));
  for (const name of ['安全知识讲座', '心肺复苏培训']) assert.ok(science.includes(name), name);
  assert.ok(!fitness.includes('心肺复苏培训'));
  assert.ok(fitness.includes('关爱空巢老人上门探访'));
});

test('schema 14 moves an older database\'s services, but not one an admin placed', () => {
  const dir = fs.mkdtempSync(path.join(s.dir, 'old-'));
  const db = path.join(dir, 'old.db');
  execFileSync(bin, ['init', '--db', db], { stdio: 'ignore' });
  execFileSync(bin, ['seed', '--db', db], { stdio: 'ignore' });
  // As version 13's seed left it, with 心肺复苏培训 moved to 文化文艺 by an
  // admin and the 健身体育 summary edited.
  const id = (code) => `(SELECT id FROM platforms WHERE code = '${code}')`;
  sql(db, `UPDATE services SET platform_id = ${id('education')} WHERE code IN ('legal-advice', 'safety-education');
    UPDATE services SET platform_id = ${id('culture')} WHERE code = 'cpr-training';
    UPDATE projects SET platform_id = ${id('education')} WHERE code IN ('legal-advice', 'safety-education');
    UPDATE projects SET platform_id = ${id('fitness')} WHERE code = 'cpr-for-all';
    UPDATE platforms SET summary = '助学支教、家庭教育、法律和安全知识普及。' WHERE code = 'education';
    UPDATE platforms SET summary = '本区自定的说明' WHERE code = 'fitness';`);
  // Version 14's statements, as `sidan init` applies them to such a database
  // (later versions add tables and columns, which cannot be added twice).
  const schema = fs.readFileSync(path.join(root, 'schema.sql'), 'utf8');
  const v14 = schema.split('\n-- version: 14\n')[1].split('\n-- version: 15\n')[0];
  execFileSync('sqlite3', [db], { input: v14 });
  assert.deepEqual(placement(db), { ...PLACED, 'cpr-training': 'culture' });
  const summary = (code) => sql(db, `SELECT summary FROM platforms WHERE code = '${code}'`)[0].summary;
  assert.equal(summary('education'), '课业辅导、送教上门、关爱困境儿童和家庭教育。');
  assert.equal(summary('fitness'), '本区自定的说明');
  assert.equal(sql(db, `SELECT p.code FROM projects j JOIN platforms p ON p.id = j.platform_id
    WHERE j.code = 'cpr-for-all'`)[0].code, 'science');
});

test('residents read no platform: the menu, tracking and the private link; staff still do', async () => {
  const services = sql(s.db, 'SELECT code, name FROM services WHERE active = 1');
  // A page's main part without the services' own names (政策理论宣讲进村 holds 理论宣讲).
  const named = (html) => services.reduce((t, x) => t.split(x.name).join('〔服务〕'), html.split('<main')[1]);
  const menu = await (await fetch(s.url + '/services')).text();
  for (const { code, name } of services) {
    assert.ok(menu.includes(`>${name}</h2>`), name);
    assert.ok(menu.includes(`href="/order/new?service=${code}"`), code);
  }
  for (const p of PLATFORMS) assert.ok(!named(menu).includes(p), `the menu names no platform: ${p}`);
  const { code, location } = await submit(s.url, { service: 'legal-advice', need: '土地承包合同纠纷咨询' });
  for (const url of [`/track/${code}`, location]) {
    const html = await (await fetch(s.url + url)).text();
    assert.ok(html.includes('<dt>服务项目</dt><dd>法律咨询</dd>'), url);
    for (const p of PLATFORMS) assert.ok(!named(html).includes(p), `${url} names no platform: ${p}`);
  }
  const staff = await signIn(s.url, 'dispatcher');
  const desk = await page(s.url, `/desk/order/${code}`, staff);
  assert.match(desk, /<dt>平台<\/dt><dd>理论宣讲<\/dd>/);
  assert.match(await page(s.url, '/desk', staff), /法律咨询（理论宣讲）/);
});
