/**
 * The route wrapper (lib/route.ts) and the client address (lib/client-address.ts), through the
 * real route handlers called as Next calls them. Nothing here reaches the content database; the
 * rate-limit store is the real one: memory by default, the Postgres server when DATABASE_URL is set.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { addressBucket, clientAddress, normalizeAddress, peerStampFor, PEER_HEADER, UNVERIFIED_ADDRESS } from '@/lib/client-address';
import { resetEnvForTests } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { closeRateLimitStore, FlexibleRateLimiter, getRateLimiter, RATE_LIMITS, setRateLimiter } from '@/lib/rate-limit';
import { route } from '@/lib/route';

const store = process.env.DATABASE_URL ? 'postgres' : 'memory';
const run = Math.floor(Math.random() * 200) + 20;

afterEach(() => {
  delete process.env.RESOLVE_TRUSTED_PROXY_HOPS;
  resetEnvForTests();
});
afterAll(async () => {
  await closeRateLimitStore();
});

/** What a JSON write declares (a `new Request` with a string body says text/plain otherwise). */
const JSON_TYPE = { 'content-type': 'application/json' };

/** Headers as the peer-address hook leaves them for a request from `peer`. */
function fromPeer(peer: string, extra: Record<string, string> = {}): Headers {
  return new Headers({ ...extra, [PEER_HEADER]: peerStampFor(peer) });
}

describe('client address', () => {
  it('is the socket peer with 0 trusted hops, whatever X-Forwarded-For says', () => {
    expect(clientAddress(fromPeer('::ffff:192.0.2.5', { 'x-forwarded-for': '1.1.1.1, 2.2.2.2' }), 0)).toBe('192.0.2.5');
    expect(clientAddress(fromPeer('2001:DB8::1'), 0)).toBe('2001:db8::1');
  });

  it('does not trust a stamp the client forged, nor X-Forwarded-For alone', () => {
    expect(clientAddress(new Headers({ [PEER_HEADER]: 'guess 192.0.2.9' }), 0)).toBe(UNVERIFIED_ADDRESS);
    expect(clientAddress(new Headers({ 'x-forwarded-for': '192.0.2.9' }), 0)).toBe(UNVERIFIED_ADDRESS);
  });

  it('takes the N-th entry from the right with N trusted hops, never the left-most the client wrote', () => {
    const h = fromPeer('10.0.0.2', { 'x-forwarded-for': '6.6.6.6, 198.51.100.4, 10.0.0.1' });
    expect(clientAddress(h, 1)).toBe('10.0.0.1');
    expect(clientAddress(h, 2)).toBe('198.51.100.4');
    // A chain shorter than the hops: the left-most entry a trusted proxy wrote.
    expect(clientAddress(fromPeer('10.0.0.2', { 'x-forwarded-for': '198.51.100.4' }), 3)).toBe('198.51.100.4');
    expect(clientAddress(fromPeer('10.0.0.2'), 1)).toBe('10.0.0.2');
    expect(clientAddress(fromPeer('10.0.0.2', { 'x-forwarded-for': 'not-an-ip' }), 1)).toBe('invalid');
  });

  it('reads RESOLVE_TRUSTED_PROXY_HOPS (default 0)', () => {
    const h = fromPeer('10.0.0.2', { 'x-forwarded-for': '203.0.113.8' });
    expect(clientAddress(h)).toBe('10.0.0.2');
    process.env.RESOLVE_TRUSTED_PROXY_HOPS = '1';
    resetEnvForTests();
    expect(clientAddress(h)).toBe('203.0.113.8');
  });

  it('normalizes addresses and buckets IPv6 by /64', () => {
    expect(normalizeAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('192.0.2.1:8080')).toBe('192.0.2.1');
    expect(normalizeAddress('<script>')).toBeNull();
    expect(addressBucket('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('192.0.2.1')).toBe('192.0.2.1');
  });
});

describe(`rate limits per address (${store} store)`, () => {
  it('limits cookie-less clients per address: one address spent, another untouched, rotating X-Forwarded-For changes nothing', async () => {
    const handoffs = await import('@/app/api/handoffs/route');
    const a = `198.51.100.${run}`;
    const b = `198.51.100.${run + 1}`;
    // An invalid body: the rate limit counts before the body is parsed, so no database is needed.
    const send = (peer: string, i: number) =>
      handoffs.POST(
        new Request('http://localhost/api/handoffs', { method: 'POST', headers: fromPeer(peer, { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i % 250}` }), body: '{}' }),
      );
    for (let i = 0; i < RATE_LIMITS.handoff.perClient; i++) expect((await send(a, i)).status).toBe(400);
    const limited = await send(a, 99);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await send(b, 0)).status).toBe(400);
  });

  it('counts and refuses on the store callers get from getRateLimiter()', async () => {
    const limiter = getRateLimiter();
    expect(limiter).toBeInstanceOf(store === 'postgres' ? FlexibleRateLimiter : Object);
    const key = `test|${Date.now()}|${run}`;
    for (let i = 0; i < 3; i++) expect(await limiter.take(key, 3, 60_000)).toMatchObject({ ok: true, remaining: 2 - i });
    const denied = await limiter.take(key, 3, 60_000);
    expect(denied.ok).toBe(false);
    expect(denied.retryAfterSec).toBeGreaterThanOrEqual(1);
    expect(denied.retryAfterSec).toBeLessThanOrEqual(60);
  });

  it('rate-limiter-flexible limiter: same answers as the memory one', async () => {
    const limiter = new FlexibleRateLimiter();
    const key = `flex|${Date.now()}|${run}`;
    expect(await limiter.take(key, 2, 30_000)).toMatchObject({ ok: true, remaining: 1 });
    expect(await limiter.take(key, 2, 30_000)).toMatchObject({ ok: true, remaining: 0 });
    const denied = await limiter.take(key, 2, 30_000);
    expect(denied).toMatchObject({ ok: false, remaining: 0 });
    expect(denied.retryAfterSec).toBeLessThanOrEqual(30);
  });
});

/** A body stream of `total` bytes made on demand; `pulled()` tells how much the reader took. */
function lazyBody(total: number, chunk = 64 * 1024) {
  let sent = 0;
  const piece = new Uint8Array(chunk).fill(0x20);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= total) return controller.close();
        sent += chunk;
        controller.enqueue(piece);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => sent };
}

describe('body cap', () => {
  const feedback = () => import('@/app/api/feedback/route');
  const big = 300 * 1024 * 1024;

  it('refuses a 300 MB Content-Length with 413 before reading a byte', async () => {
    const body = lazyBody(big);
    const res = await (await feedback()).POST(
      new Request('http://localhost/api/feedback', { method: 'POST', headers: { ...JSON_TYPE, 'content-length': String(big) }, body: body.stream, duplex: 'half' } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large:body');
    expect(body.pulled()).toBe(0);
  });

  it('cuts a 300 MB chunked body off just past the cap (64 KiB) with 413', async () => {
    const body = lazyBody(big);
    const res = await (await feedback()).POST(new Request('http://localhost/api/feedback', { method: 'POST', headers: JSON_TYPE, body: body.stream, duplex: 'half' } as RequestInit));
    expect(res.status).toBe(413);
    // The cap plus the chunk that crossed it (and at most one read ahead), never the 300 MB.
    expect(body.pulled()).toBeLessThanOrEqual(4 * 64 * 1024);
  });

  it('still answers 400 for a malformed Content-Length and reads a body under the cap', async () => {
    const res = await (await feedback()).POST(new Request('http://localhost/api/feedback', { method: 'POST', headers: { ...JSON_TYPE, 'content-length': 'lots' }, body: '{}' }));
    expect(res.status).toBe(400);
    const ok = await (await feedback()).POST(new Request('http://localhost/api/feedback', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ rating: 'meh' }) }));
    expect(ok.status).toBe(400);
    expect((await ok.json()).error.code).toBe('bad_request:body');
  });
});

describe('JSON bodies', () => {
  it('drops NUL characters from every string before the schema sees them (PostgreSQL refuses them)', async () => {
    const { z } = await import('zod');
    const { parseJsonBody } = await import('@/lib/http');
    const schema = z.object({ reason: z.string(), list: z.array(z.object({ t: z.string() })) });
    const body = JSON.stringify({ reason: 'a\u0000b\u0000', list: [{ t: '\u0000x' }] });
    const req = new Request('http://localhost/api/feedback', { method: 'POST', body });
    expect(await parseJsonBody(req, schema)).toEqual({ reason: 'ab', list: [{ t: 'x' }] });
  });
});

describe('JSON bodies: lone surrogates', () => {
  it('turns a lone UTF-16 surrogate in any string or key into U+FFFD, and leaves a pair alone', async () => {
    const { z } = await import('zod');
    const { parseJsonBody } = await import('@/lib/http');
    const schema = z.looseObject({ text: z.string(), parts: z.array(z.looseObject({})) });
    const body = '{"text":"refund \\udfff and \\ud83d\\ude00","parts":[{"k\\ud800":"\\ud800x"}]}';
    const req = new Request('http://localhost/api/chat', { method: 'POST', body });
    expect(await parseJsonBody(req, schema)).toEqual({ text: 'refund \uFFFD and 😀', parts: [{ 'k\uFFFD': '\uFFFDx' }] });
    // A "__proto__" key beside a renamed one stays a plain property: no prototype is set.
    const proto = '{"text":"x","parts":[{"__proto__":{"polluted":1},"k\\udfff":1}]}';
    const parsed = await parseJsonBody(new Request('http://localhost/api/chat', { method: 'POST', body: proto }), schema);
    const part = parsed.parts[0] as Record<string, unknown>;
    expect(Object.getPrototypeOf(part)).toBe(Object.prototype);
    expect(part.polluted).toBeUndefined();
    expect(part['k\uFFFD']).toBe(1);
  });

  it('says a body nested too deeply is that, and a body that is not JSON is that', async () => {
    const { z } = await import('zod');
    const { parseJsonBody } = await import('@/lib/http');
    const deep = `{"messages":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    await expect(parseJsonBody(new Request('http://localhost/api/chat', { method: 'POST', body: deep }), z.looseObject({}))).rejects.toMatchObject({
      status: 400,
      message: 'Request body is nested too deeply',
    });
    await expect(parseJsonBody(new Request('http://localhost/api/chat', { method: 'POST', body: '{"messages":' }), z.looseObject({}))).rejects.toMatchObject({
      status: 400,
      message: 'Request body must be JSON',
    });
  });
});

describe('wrapper: identity and error mapping', () => {
  it('sends the new visitor cookie with every answer, errors included (GET /api/search)', async () => {
    const search = await import('@/app/api/search/route');
    const res = await search.GET(new Request('http://localhost/api/search?q=refund&limit=abc'));
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toMatch(/^resolve_client=[\w-]+; Path=\/; HttpOnly; SameSite=Lax/);
    const known = await search.GET(new Request('http://localhost/api/search?q=refund&limit=abc', { headers: { cookie: 'resolve_client=known-client-123' } }));
    expect(known.headers.get('set-cookie')).toBeNull();
  });

  it('maps AppError to its status and anything else to a logged, generic 500', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const notFound = route({}, () => {
        throw new AppError('not_found:thing', 'No such thing');
      });
      const res404 = await notFound(new Request('http://localhost/api/x'));
      expect(res404.status).toBe(404);
      expect(await res404.json()).toEqual({ error: { code: 'not_found:thing', message: 'No such thing' } });

      const broken = route({}, () => {
        throw new Error('connection string postgres://secret@db');
      });
      const res500 = await broken(new Request('http://localhost/api/y', { method: 'POST', headers: JSON_TYPE }));
      expect(res500.status).toBe(500);
      const body = await res500.json();
      expect(body.error.code).toBe('internal');
      expect(JSON.stringify(body)).not.toContain('secret');
      expect(log).toHaveBeenCalledWith(expect.stringContaining('POST /api/y'), expect.any(Error));
    } finally {
      log.mockRestore();
    }
  });

  it('a limiter set for a test still applies (setRateLimiter)', async () => {
    const real = getRateLimiter();
    setRateLimiter({ take: () => ({ ok: false, remaining: 0, retryAfterSec: 7 }) });
    try {
      const limited = route({ rateLimit: 'search' }, () => Response.json({ ok: true }));
      const res = await limited(new Request('http://localhost/api/z'));
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
    } finally {
      setRateLimiter(real);
    }
  });
});

describe('writes from other sites (CSRF) on the public routes', () => {
  // Every public route that writes as the visitor (its cookie): a page on another site must not be
  // able to post to it, neither as a "simple request" (a form, a no-cors fetch: text/plain,
  // form-urlencoded, multipart; no preflight) nor with its Origin. Checked before the body is read,
  // so no database is needed; the bodies are valid JSON the routes' schemas refuse (400) once through.
  const routes = {
    '/api/feedback': async () => (await import('@/app/api/feedback/route')).POST,
    '/api/chat': async () => (await import('@/app/api/chat/route')).POST,
    '/api/handoffs': async () => (await import('@/app/api/handoffs/route')).POST,
    '/api/article-views': async () => (await import('@/app/api/article-views/route')).POST,
  } as const;
  let n = 0;
  /** POSTs `{}` to `path` from a peer of its own (no rate limit is reached), with `headers`. */
  const post = async (p: keyof typeof routes, headers: Record<string, string>) => {
    n++;
    const peer = `10.${run}.${(n >> 8) & 255}.${n & 255}`;
    return (await routes[p]())(new Request(`http://localhost${p}`, { method: 'POST', headers: fromPeer(peer, { host: 'localhost', ...headers }), body: '{}' }));
  };
  const paths = Object.keys(routes) as (keyof typeof routes)[];

  it.each(paths)('%s refuses a body not sent as application/json with 415, in the error shape', async (p) => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '']) {
      const res = await post(p, type ? { 'content-type': type } : {});
      expect(res.status, type).toBe(415);
      expect(await res.json(), type).toEqual({ error: { code: 'unsupported_media_type:body', message: 'Send the body as JSON, with Content-Type: application/json.' } });
    }
  });

  it.each(paths)('%s refuses a request from another site with 403, in the error shape, whatever its body type', async (p) => {
    for (const headers of <Record<string, string>[]>[
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example', 'content-type': 'text/plain;charset=UTF-8' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      { 'sec-fetch-site': 'same-site', origin: 'https://evil.localhost', 'content-type': 'application/json' },
      { origin: 'https://evil.example', 'content-type': 'application/json' },
      { origin: 'http://localhost.evil.example', 'content-type': 'application/json' },
      { origin: 'null', 'content-type': 'application/json' },
    ]) {
      const res = await post(p, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(await res.json()).toEqual({ error: { code: 'forbidden:origin', message: 'Cross-site request refused: send it from the pages of this site.' } });
    }
  });

  it.each(paths)('%s lets JSON through from its own pages and from clients that send no Origin (curl)', async (p) => {
    for (const headers of <Record<string, string>[]>[
      { 'sec-fetch-site': 'same-origin', origin: 'http://localhost', 'content-type': 'application/json' },
      { 'sec-fetch-site': 'same-origin', origin: 'http://LOCALHOST', 'content-type': 'Application/JSON; charset=utf-8' },
      { 'content-type': 'application/json' },
    ]) {
      const res = await post(p, headers);
      // Past both checks: the route's schema refuses `{}`.
      expect(res.status, JSON.stringify(headers)).toBe(400);
      expect((await res.json()).error.code).toBe('bad_request:body');
    }
  });

  it('a route with visitor "none" and no session (bearer tokens, secrets) is not checked', async () => {
    const open = route({ visitor: 'none' }, () => new Response(null, { status: 204 }));
    const res = await open(new Request('http://localhost/api/x', { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'text/plain' }, body: 'x' }));
    expect(res.status).toBe(204);
  });
});
