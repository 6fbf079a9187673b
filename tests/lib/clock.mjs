// clock.mjs: the one clock of a test run. The tests and every sidan they
// start (server, init, seed, the other commands) read the same "now": a
// fixed Beijing date and time, advancing in real time from the moment this
// module loads, so no test passes or fails by the day it runs on.
//
// sidan reads it through SIDAN_CLOCK_OFFSET (seconds added to the system's
// time, src/lib/util.c now_unix); this module sets that variable in process.env,
// so every child process inherits it. SIDAN_TEST_NOW picks another start (an
// ISO time such as 2027-01-31T23:59:30+08:00) to run the suite on another
// day: the first or last of a month, a Beijing midnight.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DEFAULT_START = '2026-06-15T10:00:00+08:00';

const start = Date.parse(process.env.SIDAN_TEST_NOW || DEFAULT_START);
if (Number.isNaN(start)) throw new Error(`SIDAN_TEST_NOW is not a time: ${process.env.SIDAN_TEST_NOW}`);

// Whole seconds, so that the server's clock and this one agree to the second.
const offsetSeconds = Math.round((start - Date.now()) / 1000);
process.env.SIDAN_CLOCK_OFFSET = String(offsetSeconds);

// Seconds the clock was moved forward (advanceClock), shared with every
// sidan this process starts through SIDAN_CLOCK_FILE. The file is this
// process's own (a fresh directory), so test files running at once each
// move their own clock; it is removed when the process exits.
let movedSeconds = 0;
const clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidan-clock-'));
const clockFile = path.join(clockDir, 'moved');
fs.writeFileSync(clockFile, '0');
process.env.SIDAN_CLOCK_FILE = clockFile;
process.on('exit', () => fs.rmSync(clockDir, { recursive: true, force: true }));

// Moves the clock of this test and of every sidan it started forward by
// seconds (a day, a week), as if that time had passed. Never backwards.
export function advanceClock(seconds) {
  if (!(seconds >= 0)) throw new Error('the clock only moves forward');
  movedSeconds += Math.round(seconds);
  const tmp = `${clockFile}.tmp`;
  fs.writeFileSync(tmp, String(movedSeconds));
  fs.renameSync(tmp, clockFile);
}

// Milliseconds since the epoch on the test clock (use instead of Date.now()).
export const nowMs = () => Date.now() + (offsetSeconds + movedSeconds) * 1000;

// Whole seconds since the epoch on the test clock.
export const nowSec = () => Math.floor(nowMs() / 1000);

// The Beijing calendar, for tests that place rows relative to a day's or a
// month's boundaries (Beijing has no daylight saving: always UTC+8).
const BJ = 8 * 3600;

// Unix seconds of a Beijing wall time; a month or day out of range rolls
// over as in Date.UTC (day 0 is the last day of the month before).
export const beijingTime = (y, m, d, h = 0, mi = 0, sec = 0) => Date.UTC(y, m - 1, d, h, mi, sec) / 1000 - BJ;

// The Beijing date of unix second t (default now): { y, m, d, ymd: 'YYYY-MM-DD', ym: 'YYYY-MM' }.
export function beijingDate(t = nowSec()) {
  const x = new Date((t + BJ) * 1000);
  const ymd = x.toISOString().slice(0, 10);
  return { y: x.getUTCFullYear(), m: x.getUTCMonth() + 1, d: x.getUTCDate(), ymd, ym: ymd.slice(0, 7) };
}

// Unix seconds at which the Beijing day of t began, `add` days later.
export function dayStartOf(t = nowSec(), add = 0) {
  const { y, m, d } = beijingDate(t);
  return beijingTime(y, m, d + add);
}

// Unix seconds at which the Beijing month of t began, `add` months later.
export function monthStartOf(t = nowSec(), add = 0) {
  const { y, m } = beijingDate(t);
  return beijingTime(y, m + add, 1);
}

// Waits, if the next Beijing midnight is less than `margin` seconds away,
// until it has passed, so that a test which places rows "today" (or this
// month, this year) and then reads a page of today's figures reads the same
// day it wrote. Resolves at once on most runs.
export async function clearOfMidnight(margin = 10) {
  const left = dayStartOf(nowSec(), 1) - nowMs() / 1000;
  if (left < margin) await new Promise((r) => setTimeout(r, (left + 1) * 1000));
}
