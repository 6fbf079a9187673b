// fcgi.mjs: a minimal FastCGI client, to talk to sidan's socket directly
// when a test must hold a request half-sent (e.g. in flight during SIGTERM).
import net from 'node:net';

// Encodes one FastCGI record of type with content (a Buffer).
function record(type, content) {
  const h = Buffer.alloc(8);
  h[0] = 1; h[1] = type; h.writeUInt16BE(1, 2); h.writeUInt16BE(content.length, 4);
  return Buffer.concat([h, content]);
}

// Encodes name-value pairs as FastCGI PARAMS content.
function pairs(params) {
  const out = [];
  const len = (n) => (n < 128 ? Buffer.from([n]) : (() => { const b = Buffer.alloc(4); b.writeUInt32BE(n | 0x80000000); return b; })());
  for (const [k, v] of Object.entries(params)) {
    const kb = Buffer.from(k), vb = Buffer.from(v);
    out.push(len(kb.length), len(vb.length), kb, vb);
  }
  return Buffer.concat(out);
}

// Sends a request to the socket at sock. Calls `await midway()` after the
// params were sent but before they were ended, then finishes the request
// with body (a string, possibly shorter than CONTENT_LENGTH says) as stdin.
// Resolves to the response text (headers and body, as the app wrote them).
export function fcgiRequest(sock, params, midway = async () => {}, body = '') {
  return new Promise((resolve, reject) => {
    const c = net.connect(sock);
    const chunks = [];
    c.on('data', (d) => chunks.push(d));
    c.on('error', reject);
    c.on('close', () => {
      const all = Buffer.concat(chunks);
      const out = [];
      for (let i = 0; i + 8 <= all.length;) {
        const type = all[i + 1], n = all.readUInt16BE(i + 4), pad = all[i + 6];
        if (type === 6) out.push(all.subarray(i + 8, i + 8 + n));
        i += 8 + n + pad;
      }
      resolve(Buffer.concat(out).toString('utf8'));
    });
    c.on('connect', async () => {
      const begin = Buffer.alloc(8); begin.writeUInt16BE(1, 0);
      c.write(record(1, begin));
      c.write(record(4, pairs(params)));
      await midway();
      c.write(record(4, Buffer.alloc(0)));
      if (body) c.write(record(5, Buffer.from(body)));
      c.write(record(5, Buffer.alloc(0)));
    });
  });
}
