// gateway.mjs: a fake SMS gateway for the HTTP tests: what sidan's webhook
// (src/lib/webhook.c) posts to. It listens on a free 127.0.0.1 port, records
// every request it gets, checks its X-Sidan-Signature (HMAC-SHA-256 of the raw
// body under the shared secret) and answers as the test says:
//   'ok'   200 {"ok":true}
//   500    500 {"ok":false}
//   'hang' never: the request is recorded and its socket held open until stop()
//
//   const gw = await startGateway({ secret });
//   ... sidan configured with gw.url and the same secret ...
//   gw.mode = 'hang';
//   const got = await gw.waitFor((r) => r.some((m) => m.body?.event === 'accepted'));
//   await gw.stop();
//
// Each entry of gw.received: { method, path, headers (lower-case names), raw
// (the body as text), body (parsed JSON, or null if it was not JSON),
// signatureOk, idempotencyKey, status (200, 500, or null while hung) }.
import crypto from 'node:crypto';
import http from 'node:http';

const MODES = ['ok', 500, 'hang'];
const BODY_MAX = 1 << 20;

// Returns true if header (the X-Sidan-Signature value) is "sha256=" and the
// lower-case hex HMAC-SHA-256 of raw (a Buffer) under secret.
function signatureOk(secret, raw, header) {
  if (typeof header !== 'string') return false;
  const want = Buffer.from('sha256=' + crypto.createHmac('sha256', secret).update(raw).digest('hex'));
  const got = Buffer.from(header);
  return got.length === want.length && crypto.timingSafeEqual(got, want);
}

// Starts the gateway. Resolves to { url, received, mode (get/set), waitFor, stop }.
export async function startGateway({ secret }) {
  if (secret === undefined || secret === null || secret.length === 0)
    throw new Error('startGateway: a secret is needed');
  let mode = 'ok';
  const received = [];
  const sockets = new Set();
  const waiters = new Set();

  // Wakes every waitFor whose predicate now holds (called on each arrival).
  const wake = () => { for (const w of waiters) w.check(); };

  const server = http.createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > BODY_MAX) { req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let body = null;
      try { body = JSON.parse(raw.toString('utf8')); } catch { body = null; }
      const entry = {
        method: req.method,
        path: req.url,
        headers: { ...req.headers },
        raw: raw.toString('utf8'),
        body,
        signatureOk: signatureOk(secret, raw, req.headers['x-sidan-signature']),
        idempotencyKey: req.headers['idempotency-key'] ?? null,
        status: null,
      };
      received.push(entry);
      if (mode === 'hang') { wake(); return; }	// held open until stop()
      entry.status = mode === 'ok' ? 200 : 500;
      res.writeHead(entry.status, { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(JSON.stringify({ ok: mode === 'ok' }));
      wake();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Hung requests must not be cut by node's own timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  server.keepAliveTimeout = 0;
  server.timeout = 0;

  // Port 0: the kernel picks a free port in its ephemeral range and the
  // gateway holds it until stop(), so test files running at once never share
  // one, nor meet the nginx ports the harness claims (below that range).
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();

  return {
    url: `http://127.0.0.1:${port}/sms`,
    received,
    get mode() { return mode; },
    set mode(m) {
      if (!MODES.includes(m)) throw new Error(`gateway mode must be one of 'ok', 500, 'hang', not ${m}`);
      mode = m;
    },

    // Resolves with predicate(received)'s value as soon as it is truthy:
    // checked now, on every request that arrives, and every 25 ms (for
    // predicates that read more than received). Rejects after ms,
    // listing what arrived.
    waitFor(predicate, ms = 10000) {
      return new Promise((resolve, reject) => {
        const w = {
          check() {
            let v;
            try { v = predicate(received); } catch (e) { done(); reject(e); return; }
            if (v) { done(); resolve(v); }
          },
        };
        const tick = setInterval(() => w.check(), 25);
        const timer = setTimeout(() => {
          done();
          const seen = received.map((r) => `${r.status ?? 'hung'} ${r.idempotencyKey} ${r.raw.slice(0, 200)}`);
          reject(new Error(`gateway: not there after ${ms} ms; received ${received.length}:\n${seen.join('\n')}`));
        }, ms);
        function done() { clearInterval(tick); clearTimeout(timer); waiters.delete(w); }
        waiters.add(w);
        w.check();
      });
    },

    // Closes the server and every socket, hung ones too.
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
