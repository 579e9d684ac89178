/**
 * The request guard (lib/request-guard.ts): requests Next cannot take become 4xx answers before
 * Next reads them. Unit checks of what is refused and how the request is rewritten, the two
 * refusing routes, and the guard installed on a plain Node HTTP server (the same diagnostics
 * channels `next start` publishes on): a raw TRACE reaches the handler as the refusal route, a
 * CONNECT gets a 405 instead of a closed socket. tests/instances/raw-http.test.ts checks the same
 * against a real `next start`.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as refusedMethod } from '@/app/api/refused/method/route';
import { GET as refusedRouterState } from '@/app/api/refused/router-state/route';
import { ALLOWED_METHODS, FORBIDDEN_METHODS, REFUSED_METHOD_PATH, REFUSED_ROUTER_STATE_PATH, guardRequest, installRequestGuard, isValidRouterStateHeader, refusalFor } from '@/lib/request-guard';

/** A router state as Next's client sends it: URI-encoded JSON. */
const enc = (state: unknown) => encodeURIComponent(JSON.stringify(state));
const VALID_STATES = [
  enc(['', { children: ['__PAGE__', {}] }, null, null, 0]),
  enc(['', { children: ['articles', { children: [['slug', 'refunds', 'd', null], { children: ['__PAGE__', {}] }] }] }, null, 'refetch']),
  enc(['', {}]),
];
const INVALID_STATES = ['%5B%22%22%5D', '/7`e>/', '%E0%A4', '%', '{', 'null', '[]', enc({ children: [] }), enc(['', { children: 'x' }]), enc(['', {}]).repeat(3000), ''];

describe('FORBIDDEN_METHODS', () => {
  it('is exactly the set of methods Node parses that undici refuses, plus TRACK', () => {
    const refused = http.METHODS.filter((m) => {
      try {
        new Request('http://localhost/', { method: m });
        return false;
      } catch {
        return true;
      }
    });
    expect(new Set([...refused, 'TRACK'])).toEqual(FORBIDDEN_METHODS);
  });
});

describe('isValidRouterStateHeader', () => {
  it.each(VALID_STATES.map((s) => [s.slice(0, 60), s]))('accepts %s', (_n, s) => expect(isValidRouterStateHeader(s)).toBe(true));
  it.each(INVALID_STATES.map((s) => [s.slice(0, 60), s]))('refuses %s', (_n, s) => expect(isValidRouterStateHeader(s)).toBe(false));
  it('refuses an array (several copies), as Next does', () => expect(isValidRouterStateHeader([VALID_STATES[0], VALID_STATES[0]])).toBe(false));
});

describe('refusalFor / guardRequest', () => {
  it('refuses TRACE, TRACK and CONNECT in any case; other methods pass', () => {
    for (const method of ['TRACE', 'trace', 'TRACK', 'CONNECT']) expect(refusalFor({ method, url: '/', headers: {} }), method).toBe('method');
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND']) expect(refusalFor({ method, url: '/', headers: {} }), method).toBeNull();
  });

  it('refuses a malformed router state only on an RSC request (rsc: 1 or a .rsc path)', () => {
    const bad = INVALID_STATES[0];
    expect(refusalFor({ method: 'GET', url: '/articles/x', headers: { rsc: '1', 'next-router-state-tree': bad } })).toBe('router-state');
    expect(refusalFor({ method: 'GET', url: '/articles/x.rsc?a=1', headers: { 'next-router-state-tree': bad } })).toBe('router-state');
    // Next ignores the header on a request that is not RSC (and "1, 1" is not "1").
    expect(refusalFor({ method: 'GET', url: '/articles/x', headers: { 'next-router-state-tree': bad } })).toBeNull();
    expect(refusalFor({ method: 'GET', url: '/articles/x', headers: { rsc: '1, 1', 'next-router-state-tree': bad } })).toBeNull();
    expect(refusalFor({ method: 'GET', url: '/articles/x', headers: { rsc: '0', 'next-router-state-tree': bad } })).toBeNull();
    // A valid one, or none, passes.
    expect(refusalFor({ method: 'GET', url: '/articles/x', headers: { rsc: '1', 'next-router-state-tree': VALID_STATES[0] } })).toBeNull();
    expect(refusalFor({ method: 'GET', url: '/articles/x', headers: { rsc: '1' } })).toBeNull();
  });

  it('rewrites a refused request in place into a GET (HEAD stays HEAD) of its refusal route', () => {
    const trace = { method: 'TRACE', url: '/api/feedback?x=1', headers: { 'content-type': 'application/json' } };
    expect(guardRequest(trace)).toBe('method');
    expect(trace).toEqual({ method: 'GET', url: REFUSED_METHOD_PATH, headers: { 'content-type': 'application/json' } });

    const head = { method: 'HEAD', url: '/', headers: { rsc: '1', 'next-router-state-tree': '{', 'next-router-prefetch': '1' } as http.IncomingHttpHeaders };
    expect(guardRequest(head)).toBe('router-state');
    expect(head.method).toBe('HEAD');
    expect(head.url).toBe(REFUSED_ROUTER_STATE_PATH);
    expect(head.headers).toEqual({});

    const fine = { method: 'GET', url: '/search?q=x', headers: { rsc: '1', 'next-router-state-tree': VALID_STATES[1] } };
    const before = structuredClone(fine);
    expect(guardRequest(fine)).toBeNull();
    expect(fine).toEqual(before);
  });
});

describe('the refusal routes', () => {
  it('GET /api/refused/method is a JSON 405 with Allow', async () => {
    const res = refusedMethod();
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(ALLOWED_METHODS);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await res.json()).error.code).toBe('method_not_allowed');
  });

  it('GET /api/refused/router-state is a JSON 400', async () => {
    const res = refusedRouterState();
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request:router_state');
  });
});

describe('the guard on a Node HTTP server', () => {
  let server: http.Server;
  let port: number;
  const seen: string[] = [];

  beforeAll(async () => {
    await installRequestGuard();
    expect(await installRequestGuard()).toBe(true); // idempotent
    // Answers as the app would: the refusal routes by path, everything else 200. Building a
    // WHATWG Request from what the handler sees must work, as Next does.
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      new Request(`http://localhost${req.url}`, { method: req.method });
      const status = req.url === REFUSED_METHOD_PATH ? 405 : req.url === REFUSED_ROUTER_STATE_PATH ? 400 : 200;
      res.writeHead(status, status === 405 ? { allow: ALLOWED_METHODS } : {}).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  /** Sends raw bytes on a new connection; resolves with what came back (empty: closed without a word). */
  const raw = (text: string) =>
    new Promise<string>((resolve) => {
      let got = '';
      const s = net.connect(port, '127.0.0.1', () => s.write(text));
      s.on('data', (d) => (got += d.toString('latin1')));
      s.on('error', () => resolve(got));
      s.on('close', () => resolve(got));
      s.setTimeout(5000, () => s.destroy());
    });

  it('TRACE reaches the handler as GET of the refusal route and gets 405 with Allow', async () => {
    const out = await raw('TRACE /api/feedback HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}');
    expect(out).toMatch(/^HTTP\/1\.1 405 /);
    expect(out.toLowerCase()).toContain(`allow: ${ALLOWED_METHODS.toLowerCase()}`);
    expect(seen.at(-1)).toBe(`GET ${REFUSED_METHOD_PATH}`);
  });

  it('an RSC request with a malformed router state gets 400; a valid one passes', async () => {
    expect(await raw('GET /articles/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRSC: 1\r\nNext-Router-State-Tree: /7`e>/\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(`GET /articles/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRSC: 1\r\nNext-Router-State-Tree: ${VALID_STATES[0]}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 200 /);
    expect(seen.at(-1)).toBe('GET /articles/x');
  });

  it('CONNECT gets a 405 instead of a closed socket; TRACK stays a 400 from the parser', async () => {
    const out = await raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(out).toMatch(/^HTTP\/1\.1 405 /);
    expect(out).toContain(`Allow: ${ALLOWED_METHODS}`);
    // With 2 MB still coming after the request line, the 405 still arrives (no reset).
    expect(await raw(`CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nContent-Length: 2000000\r\n\r\n${'a'.repeat(2_000_000)}`)).toMatch(/^HTTP\/1\.1 405 /);
    expect(await raw('TRACK / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
  });
});
