/**
 * Raw HTTP against a real `next start` of the built app (run `npm run build` first): the requests
 * Next cannot take itself — methods undici refuses, a malformed `Next-Router-State-Tree` on an
 * RSC request — are clean 4xx answers (lib/request-guard.ts, installed from instrumentation.ts on
 * Node's diagnostics channels, which a unit test cannot reach through Next), and a slug with a NUL
 * byte is a 404 that logs nothing. Requests are written by hand on their own sockets, as
 * `npm run fuzz` sends them.
 *
 * Embedded database in a temporary folder (DATABASE_URL is not used). Port: RESOLVE_RAW_HTTP_PORT,
 * else a free one. Runs with `npm run test:instances`.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startNextServer, type NextServer } from './next-server';

const ALLOW = 'GET, HEAD, OPTIONS, POST';
const VALID_STATE = encodeURIComponent(JSON.stringify(['', { children: ['__PAGE__', {}] }, null, null, 0]));

/** The body of a `Transfer-Encoding: chunked` answer (sizes in hex, each chunk followed by CRLF). */
function dechunk(text: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', i);
    const size = eol < 0 ? 0 : parseInt(text.slice(i, eol), 16);
    if (!size) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    i = eol + 2 + size + 2;
  }
}

interface RawAnswer {
  status: number;
  /** Status line and headers, lower-cased. */
  head: string;
  /** The Location header as sent. */
  location?: string;
  body: string;
}

describe.runIf(fs.existsSync(path.join(ROOT, '.next', 'BUILD_ID')))('raw HTTP against next start', () => {
  let server: NextServer;
  let port: number;
  let dataDir: string;
  let log: string[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-raw-http-'));
    const env: NodeJS.ProcessEnv = { ...process.env, RESOLVE_DATA_DIR: dataDir, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' };
    delete env.DATABASE_URL;
    server = await startNextServer({ env, port: Number(process.env.RESOLVE_RAW_HTTP_PORT) || undefined });
    port = server.port;
    log = server.log;
  });

  afterAll(async () => {
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends `requestLine` and `headers` (and `body`) on a new connection; status 0 = closed without an answer. */
  const raw = (requestLine: string, headers: string[] = [], body = '') =>
    new Promise<RawAnswer>((resolve) => {
      let got = '';
      const s = net.connect(port, '127.0.0.1', () => {
        const lines = [requestLine, `Host: 127.0.0.1:${port}`, 'Connection: close', ...headers];
        if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
        s.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
      });
      const done = () => {
        const at = got.indexOf('\r\n\r\n');
        const rawHead = at < 0 ? got : got.slice(0, at);
        const head = rawHead.toLowerCase();
        const rest = at < 0 ? '' : got.slice(at + 4);
        const location = /^location: (.+)$/im.exec(rawHead)?.[1].trim();
        resolve({ status: Number(/^http\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, location, body: head.includes('transfer-encoding: chunked') ? dechunk(rest) : rest });
      };
      s.on('data', (d) => (got += d.toString('utf8')));
      s.on('error', done);
      s.on('close', done);
      s.setTimeout(30_000, () => s.destroy());
    });

  it('TRACE on pages and routes is a 405 with Allow and the security headers, and logs no error', async () => {
    const before = log.length;
    for (const p of ['/', '/api/feedback', '/api/chat/x', '/articles/refund-a-payment', '/media/x/y.png', '/no-such-page']) {
      const res = await raw(`TRACE ${p} HTTP/1.1`, ['Content-Type: application/json'], '{"a":1}');
      expect(res.status, p).toBe(405);
      expect(res.head, p).toContain(`allow: ${ALLOW.toLowerCase()}`);
      expect(res.head, p).toContain('x-content-type-options: nosniff');
      expect(JSON.parse(res.body).error.code, p).toBe('method_not_allowed');
    }
    expect((await raw('trace / HTTP/1.1')).status).toBe(400); // Node's parser: methods are upper case
    expect(log.slice(before).join('')).not.toMatch(/error|unsupported/i);
  });

  it('CONNECT is a 405 (not a closed socket); TRACK is a 400 from the parser', async () => {
    const connect = await raw(`CONNECT 127.0.0.1:${port} HTTP/1.1`);
    expect(connect.status).toBe(405);
    expect(connect.head).toContain(`allow: ${ALLOW.toLowerCase()}`);
    expect((await raw('TRACK / HTTP/1.1')).status).toBe(400);
  });

  it('an RSC request with a malformed router state is a 400 on pages, unmatched paths and API paths', async () => {
    const before = log.length;
    for (const [p, state] of [
      ['/no-such-page?Q=+++', '%5B%22%22%5D'],
      ['/', '/7`e>/'],
      ['/articles/refund-a-payment', '%E0%A4'],
      ['/api/chat/abc/def', '/7`e>/'],
      ['/search?q=refund', '{'],
    ]) {
      const res = await raw(`GET ${p} HTTP/1.1`, ['RSC: 1', `Next-Router-State-Tree: ${state}`]);
      expect(res.status, `${p} ${state}`).toBe(400);
      expect(JSON.parse(res.body).error.code).toBe('bad_request:router_state');
    }
    const head = await raw('HEAD /no-such-page HTTP/1.1', ['RSC: 1', 'Next-Router-State-Tree: x']);
    expect(head.status).toBe(400);
    expect(head.body).toBe('');
    expect(log.slice(before).join('')).not.toMatch(/router state|error/i);
  });

  it('a valid router state, or a malformed one without RSC: 1, is served as before', async () => {
    // Next first redirects an RSC request to the same address with its `_rsc` cache-busting parameter.
    const headers = ['RSC: 1', `Next-Router-State-Tree: ${VALID_STATE}`];
    const redirect = await raw('GET / HTTP/1.1', headers);
    expect(redirect.status).toBe(307);
    const location = new URL(redirect.location!, 'http://x');
    expect(location.searchParams.get('_rsc')).toBeTruthy();
    const rsc = await raw(`GET ${location.pathname}${location.search} HTTP/1.1`, headers);
    expect(rsc.status).toBe(200);
    expect(rsc.head).toContain('content-type: text/x-component');
    expect((await raw('GET / HTTP/1.1', ['Next-Router-State-Tree: %5B%22%22%5D'])).status).toBe(200);
  });

  it('a slug with a NUL byte is a 404 and logs no database error', async () => {
    const before = log.length;
    for (const p of ['/categories/a%00b', '/categories/%2500', '/articles/a%00b', '/products/a%00b']) {
      expect((await raw(`GET ${p} HTTP/1.1`)).status, p).toBe(404);
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(log.slice(before).join('')).toBe('');
  });

  it('made-up article, category and product addresses are 404s that leave no ISR file on disk; a real article is cached', async () => {
    const cacheDir = path.join(ROOT, '.next', 'server');
    const files = (dir: string): string[] =>
      fs.existsSync(dir)
        ? fs
            .readdirSync(dir, { withFileTypes: true, recursive: true })
            .filter((d) => d.isFile())
            .map((d) => path.join(d.parentPath, d.name))
        : [];
    const tag = `made-up-${Date.now()}`;
    // The start-up (seed, then the proxy's slug list) finishes first: a sample article leaves the preparing page.
    const ready = async () => {
      const a = await raw('GET /articles/refund-a-payment HTTP/1.1');
      return a.status === 200 && !a.body.includes('Preparing the help center');
    };
    for (let i = 0; i < 100 && !(await ready()); i++) await new Promise((r) => setTimeout(r, 500));
    for (const p of [`/articles/${tag}-1`, `/articles/${tag}-2`, `/categories/${tag}`, `/products/${tag}`]) expect((await raw(`GET ${p} HTTP/1.1`)).status, p).toBe(404);
    expect(files(cacheDir).filter((f) => f.includes(tag))).toEqual([]);
    expect((await raw('GET /articles/refund-a-payment HTTP/1.1')).status).toBe(200);
    expect((await raw('GET /articles/refund-a-payment HTTP/1.1')).head).toContain('x-nextjs-cache: hit');
  }, 90_000);
});
