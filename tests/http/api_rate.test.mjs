// api_rate.test.mjs: nginx's per-address POST limits with their real rates.
// The 点单 form allows 30 a minute per address with bursts of 10; Open311
// clients, which post for many residents from one server, have their own
// zone (600 a minute, bursts of 50), so a hotline's system is not refused
// after ten requests while a form flood from one address still is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { start, bin } from '../lib/harness.mjs';
import { postForm } from '../lib/volunteer.mjs';

let s, key;
before(async () => {
  s = await start({ realFormRate: true });
  const out = execFileSync(bin, ['apikey', 'add', 'hotline', '--db', s.db], { encoding: 'utf8' });
  key = out.match(/[A-Za-z0-9_-]{43}/)[0];
});
after(async () => { await s?.stop(); });

test('twenty Open311 posts from one address go through; the twelfth form post is refused', async () => {
  const api = [];
  for (let i = 0; i < 20; i++) {
    api.push(await postForm(s.url, '/open311/v2/requests.json', {
      api_key: key, service_code: 'tutoring', address_id: '140602100201',
      phone: `1390000${String(1000 + i)}`, description: `热线转来的第${i}件`,
      'attribute[consent]': 'yes',
    }));
  }
  const statuses = await Promise.all(api.map(async (r) => { await r.text(); return r.status; }));
  assert.deepEqual(statuses.filter((st) => st !== 200 && st !== 201), [], `Open311 answers: ${statuses}`);

  const forms = [];
  for (let i = 0; i < 12; i++) forms.push((await postForm(s.url, '/order/new', {})).status);
  assert.equal(forms.filter((st) => st === 429).length >= 1, true, `form answers: ${forms}`);
  assert.equal(forms[0], 403, 'the first form post reaches sidan (no token: 403)');
});
