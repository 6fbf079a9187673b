// deploy_systemd.test.mjs: the systemd units under deploy/systemd pass
// `systemd-analyze verify` with nothing to say, and every service scores at
// most 4.0 ("OK") in `systemd-analyze security` (issue 14, item 20: the
// purge service scored 8.7 EXPOSED). Debian 12's systemd 252 checks unit
// files offline (--offline=yes); the units' /usr/bin/sidan is pointed at the
// binary under test in a copy, so verify can check that it is executable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bin, root } from '../lib/harness.mjs';

const CEILING = 4.0;
const unitsDir = path.join(root, 'deploy/systemd');
const units = fs.readdirSync(unitsDir).filter((f) => /\.(service|socket|timer)$/.test(f)).sort();

// Copies the units to a fresh directory with ExecStart's binary replaced;
// returns that directory.
function unitCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-units-'));
  for (const u of units) {
    const text = fs.readFileSync(path.join(unitsDir, u), 'utf8');
    fs.writeFileSync(path.join(dir, u), text.replaceAll('/usr/bin/sidan', bin));
  }
  return dir;
}

const analyze = (...args) => spawnSync('systemd-analyze', args, { encoding: 'utf8' });

test('the package ships the socket, the server, the purge service and its timer', () => {
  assert.deepEqual(units, ['sidan-purge.service', 'sidan-purge.timer', 'sidan.service', 'sidan.socket']);
  for (const u of units.filter((f) => f.endsWith('.service')))
    assert.match(fs.readFileSync(path.join(unitsDir, u), 'utf8'), /^ExecStart=\/usr\/bin\/sidan /m, u);
});

test('systemd-analyze verify finds nothing to say about any unit', (t) => {
  const dir = unitCopy();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const u of units) {
    const r = analyze('verify', '--man=no', path.join(dir, u));
    assert.equal(r.status, 0, `${u}: ${r.stderr}`);
    assert.equal(r.stderr.trim(), '', `${u}: verify warns`);
  }
});

test(`every service scores at most ${CEILING} in systemd-analyze security`, (t) => {
  const dir = unitCopy();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const u of units.filter((f) => f.endsWith('.service'))) {
    const r = analyze('security', '--offline=yes', `--threshold=${CEILING * 10}`, '--no-pager', path.join(dir, u));
    const m = r.stdout.match(/Overall exposure level for \S+: (\d+\.\d)/);
    assert.ok(m, `${u}: no score in ${r.stdout}${r.stderr}`);
    assert.ok(Number(m[1]) <= CEILING, `${u} scores ${m[1]}, above ${CEILING}:\n${
      r.stdout.split('\n').filter((l) => l.startsWith('✗')).join('\n')}`);
    assert.equal(r.status, 0, `${u}: systemd-analyze security --threshold failed`);
  }
});
