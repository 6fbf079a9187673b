// clock.mjs: the one clock of a test run. The tests and every sidan they
// start (server, init, seed, the other commands) read the same "now": a
// fixed Beijing date and time, advancing in real time from the moment this
// module loads, so no test passes or fails by the day it runs on.
//
// sidan reads it through SIDAN_CLOCK_OFFSET (seconds added to the system's
// time, src/util.c now_unix); this module sets that variable in process.env,
// so every child process inherits it. SIDAN_TEST_NOW picks another start (an
// ISO time such as 2027-01-31T23:59:30+08:00) to run the suite on another
// day: the first or last of a month, a Beijing midnight.

const DEFAULT_START = '2026-06-15T10:00:00+08:00';

const start = Date.parse(process.env.SIDAN_TEST_NOW || DEFAULT_START);
if (Number.isNaN(start)) throw new Error(`SIDAN_TEST_NOW is not a time: ${process.env.SIDAN_TEST_NOW}`);

// Whole seconds, so that the server's clock and this one agree to the second.
const offsetSeconds = Math.round((start - Date.now()) / 1000);
process.env.SIDAN_CLOCK_OFFSET = String(offsetSeconds);

// Milliseconds since the epoch on the test clock (use instead of Date.now()).
export const nowMs = () => Date.now() + offsetSeconds * 1000;

// Whole seconds since the epoch on the test clock.
export const nowSec = () => Math.floor(nowMs() / 1000);
