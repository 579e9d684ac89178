/**
 * Route handlers called as Next calls them (Request in, Response out), on the app's shared
 * database: a fresh embedded one in a temp folder, or the server in DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb } from '@/db/client';
import { prepareApp } from '@/lib/startup';
import { getStartupState } from '@/lib/startup-state';

let tmp: string;
let search: typeof import('@/app/api/search/route');
let chat: typeof import('@/app/api/chat/route');
let chatById: typeof import('@/app/api/chat/[id]/route');
let feedbackRoute: typeof import('@/app/api/feedback/route');

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-api-'));
  process.env.RESOLVE_DATA_DIR = tmp;
  await prepareApp();
  search = await import('@/app/api/search/route');
  chat = await import('@/app/api/chat/route');
  chatById = await import('@/app/api/chat/[id]/route');
  feedbackRoute = await import('@/app/api/feedback/route');
});

afterAll(async () => {
  await closeDb();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const get = (q: string) => search.GET(new Request(`http://localhost/api/search?${q}`));
const post = (body: unknown, cookie?: string) =>
  chat.POST(
    new Request('http://localhost/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
const userMsg = (text: string, id = 'u1') => ({ id: 'conv-test-1', messages: [{ id, role: 'user', parts: [{ type: 'text', text }] }] });

describe('start-up (lib/startup.ts)', () => {
  it('has seeded the sample and is ready; later calls share the finished run', async () => {
    expect(getStartupState()).toMatchObject({ phase: 'ready' });
    expect(prepareApp()).toBe(prepareApp());
    const { db } = await prepareApp();
    const { countArticles } = await import('@/db/queries/articles');
    expect(await countArticles(db)).toBeGreaterThanOrEqual(30);
  });
});

describe('GET /api/search', () => {
  it('returns ranked results with the documented shape', async () => {
    const res = await get('q=refund%20a%20payment&limit=5');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.query).toBe('refund a payment');
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(5);
    expect(Object.keys(body.results[0])).toEqual(expect.arrayContaining(['slug', 'title', 'source', 'snippet', 'score']));
    expect(body.results.map((r: { slug: string }) => r.slug)).toContain('refund-a-payment');
  });

  it.each([
    '',
    'q=',
    'q=%20%20%20',
    'q=%00',
    'q=abc%00def',
    `q=${'a'.repeat(20000)}`,
    'q=%27%20%3A%20%26%20!%20(%20)%20%3C%20%3E%20-',
    'q=foo%3A*',
    'q=-1',
    'q=refund&limit=abc',
    'q=refund&limit=0',
    'q=refund&limit=1000',
    'q=refund&collection=%00',
    'q=refund&collection=resolve%00',
    'q=refund&collection=%E2%80%AE',
    'q=%25_%25&prefix=1',
    'q=a%5C&prefix=1',
  ])('never answers 5xx: %s', async (qs) => {
    const res = await get(qs);
    expect(res.status).toBeLessThan(500);
    const body = await res.json();
    if (res.status >= 400) expect(body.error.message).toMatch(/\w/);
    else expect(Array.isArray(body.results)).toBe(true);
  });

  it.each([
    ['q=refund&collection=%00', 400, /control characters/],
    ['q=refund&collection=no-such-folder', 404, /no collection named “no-such-folder”/],
    ['q=refund&limit=0x5', 400, /whole number from 1 to 50/],
    ['q=refund&limit=1e1', 400, /whole number from 1 to 50/],
    ['q=refund&limit=2.5', 400, /whole number from 1 to 50/],
    ['q=refund&prefix=maybe', 400, /prefix must be 0, 1, true or false/],
    [`q=${encodeURIComponent('😀'.repeat(501))}`, 400, /at most 500 characters/],
  ])('answers %s with %i and a clear message', async (qs, status, message) => {
    const res = await get(qs);
    expect(res.status).toBe(status);
    expect((await res.json()).error.message).toMatch(message);
  });

  it.each([
    ['q=refund&limit=', 10],
    ['q=refund&limit=3', 3],
    ['q=refund&prefix=true&limit=2', 2],
    [`q=${encodeURIComponent('😀'.repeat(250))}`, 0],
  ])('accepts %s', async (qs, atMost) => {
    const res = await get(qs);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.results.length).toBeLessThanOrEqual(atMost);
    if (atMost > 0) expect(body.results.length).toBeGreaterThan(0);
  });

  it('reads a repeated parameter by its first value', async () => {
    const body = await (await get('q=refund&q=payout&limit=3')).json();
    expect(body.query).toBe('refund');
  });

  it('drops a NUL inside a word instead of splitting the word', async () => {
    const body = await (await get('q=ref%00und&limit=3')).json();
    expect(body.query).toBe('refund');
    expect(body.results.map((r: { slug: string }) => r.slug)).toContain('refund-a-payment');
  });

  it('answers the palette (prefix=1) with "did you mean" and results ranked by the corrected words', async () => {
    const body = await (await get(`q=${encodeURIComponent('how do i refnud an order')}&prefix=1&limit=5`)).json();
    expect(body.didYouMean).toBe('how do i refund an order');
    expect(body.results[0].title).toMatch(/refund/i);
  });
});

describe('POST /api/chat', () => {
  it('streams a cited answer with source parts and saves the conversation', async () => {
    const res = await post(userMsg('How do I refund a payment?'), 'resolve_client=test-client-0001');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const text = await res.text();
    expect(text).toContain('"type":"text-delta"');
    expect(text).toContain('"type":"source-url"');
    expect(text).toContain('/articles/refund-a-payment');
    const saved = await chatById.GET(new Request('http://localhost/api/chat/conv-test-1', { headers: { cookie: 'resolve_client=test-client-0001' } }), {
      params: Promise.resolve({ id: 'conv-test-1' }),
    });
    expect(saved.status).toBe(200);
    const conv = await saved.json();
    expect(conv.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant']);
    const other = await chatById.GET(new Request('http://localhost/api/chat/conv-test-1', { headers: { cookie: 'resolve_client=someone-else-01' } }), {
      params: Promise.resolve({ id: 'conv-test-1' }),
    });
    expect(other.status).toBe(404);
  });

  it('redacts personal data before storing', async () => {
    const cookie = 'resolve_client=test-client-0002';
    const res = await post({ id: 'conv-test-2', messages: [{ id: 'u2', role: 'user', parts: [{ type: 'text', text: 'my card 4242 4242 4242 4242 was charged twice' }] }] }, cookie);
    await res.text();
    const saved = await chatById.GET(new Request('http://localhost/api/chat/conv-test-2', { headers: { cookie } }), { params: Promise.resolve({ id: 'conv-test-2' }) });
    const conv = await saved.json();
    expect(JSON.stringify(conv.messages[0])).toContain('[card ••••4242]');
    expect(JSON.stringify(conv)).not.toContain('4242 4242 4242 4242');
  });

  it.each([
    ['empty text', userMsg('')],
    ['whitespace', userMsg('   \n ')],
    ['20,000 characters', userMsg('a'.repeat(20000))],
    ['not JSON', '{nope'],
    ['no messages', { id: 'x', messages: [] }],
    ['bad id', { id: '../../etc', messages: userMsg('hi').messages }],
    ['assistant last', { id: 'x', messages: [{ id: 'a', role: 'assistant', parts: [] }] }],
  ])('rejects %s with a clear 4xx', async (_name, body) => {
    const res = await post(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((await res.json()).error.message).toMatch(/\w/);
  });

  it.each([
    ['a number', 5],
    ['missing', undefined],
  ])('rejects a text part whose text is %s as malformed, not as an empty question', async (_name, text) => {
    const res = await post({ id: 'x', messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text }] }] });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toEqual({ code: 'bad_request:body', message: 'messages.0.parts.0.text: a text part needs a string text' });
  });

  it('answers a message holding a lone surrogate (jsonb refused it: a 500 before)', async () => {
    // JSON.stringify writes a lone surrogate as the escape "\udfff", as a hostile client sends it.
    const res = await post(JSON.stringify({ ...userMsg('refund \udfff a payment'), id: 'conv-test-surrogate' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"type":"text-delta"');
  });

  it('refuses a message of only spaces or zero-width characters with 400 "Type a question first." (it was answered "Hi!")', async () => {
    for (const [i, text] of ['   ', '\u200b\u200b', ' \u2060\ufeff '].entries()) {
      const res = await post({ ...userMsg(text), id: `conv-test-invisible-${i}` });
      expect(res.status, JSON.stringify(text)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Type a question first.');
    }
  });

  it('answers a NUL-containing message', async () => {
    // A conversation of its own: conv-test-1 belongs to the client of the first test.
    const res = await post({ ...userMsg('refund\u0000 a payment'), id: 'conv-test-nul' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"type":"text-delta"');
  });
});

describe('POST /api/feedback', () => {
  const send = (body: unknown, cookie = 'resolve_client=test-client-0003') =>
    feedbackRoute.POST(new Request('http://localhost/api/feedback', { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) }));

  it('upserts one vote per target and client', async () => {
    const first = await (await send({ targetType: 'article', targetId: 'refund-a-payment', rating: 'up' })).json();
    const second = await (await send({ targetType: 'article', targetId: 'refund-a-payment', rating: 'down', reason: 'Out of date', comment: 'mail me a@b.co' })).json();
    expect(second.id).toBe(first.id);
    expect(second.rating).toBe('down');
  });

  it('answers 404 for a vote on an article that does not exist', async () => {
    const res = await send({ targetType: 'article', targetId: 'no-such-article-xyz', rating: 'up' });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found:article');
  });

  it('sets a client cookie when there is none', async () => {
    const res = await feedbackRoute.POST(
      new Request('http://localhost/api/feedback', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ targetType: 'article', targetId: 'refund-a-payment', rating: 'down' }),
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/resolve_client=[\w-]+; Path=\/; HttpOnly/);
  });

  it('stores nothing for a vote posted from another site or not as JSON (403, 415), and stores it from its own pages', async () => {
    const { getDb } = await import('@/db/client');
    const { feedback } = await import('@/db/schema');
    const cookie = 'resolve_client=test-client-csrf-1';
    const votes = async () => (await (await getDb()).select({ id: feedback.id }).from(feedback).where(eq(feedback.clientId, 'test-client-csrf-1'))).length;
    const vote = (headers: Record<string, string>) =>
      feedbackRoute.POST(
        new Request('http://localhost/api/feedback', {
          method: 'POST',
          headers: { host: 'localhost', cookie, ...headers },
          body: JSON.stringify({ targetType: 'article', targetId: 'refund-a-payment', rating: 'down' }),
        }),
      );
    // What a form or a no-cors fetch on another site sends (a "simple request": no preflight).
    const forged = await vote({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain;charset=UTF-8' });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.code).toBe('forbidden:origin');
    const plain = await vote({ 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect((await plain.json()).error).toEqual({ code: 'unsupported_media_type:body', message: 'Send the body as JSON, with Content-Type: application/json.' });
    expect(await votes()).toBe(0);
    // The help center's thumbs (components/help/Thumbs.tsx), from its own page.
    const own = await vote({ origin: 'http://localhost', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' });
    expect(own.status).toBe(200);
    expect(await votes()).toBe(1);
  });

  it.each([{}, { targetType: 'user', targetId: 'x', rating: 'up' }, { targetType: 'article', targetId: '', rating: 'up' }, { targetType: 'article', targetId: 'x', rating: 'meh' }])(
    'rejects %j with 400',
    async (body) => {
      const res = await send(body);
      expect(res.status).toBe(400);
    },
  );
});

describe('rate limits', () => {
  it('answers 429 with Retry-After on chat, search and feedback past the limit', async () => {
    const { getRateLimiter, setRateLimiter } = await import('@/lib/rate-limit');
    const real = getRateLimiter();
    setRateLimiter({ take: () => ({ ok: false, remaining: 0, retryAfterSec: 42 }) });
    try {
      const responses = [
        await post(userMsg('How do I refund a payment?'), 'resolve_client=limited-client-1'),
        await get('q=refund'),
        await feedbackRoute.POST(
          new Request('http://localhost/api/feedback', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ targetType: 'message', targetId: 'm1', rating: 'up' }),
          }),
        ),
      ];
      for (const res of responses) {
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('42');
        expect((await res.json()).error.code).toMatch(/^rate_limited:/);
      }
    } finally {
      setRateLimiter(real);
    }
  });

  it('counts per client cookie + IP: one client past its limit does not block another', async () => {
    const { MemoryFixedWindowLimiter, setRateLimiter, getRateLimiter, RATE_LIMITS } = await import('@/lib/rate-limit');
    const real = getRateLimiter();
    setRateLimiter(new MemoryFixedWindowLimiter());
    try {
      const hit = (cookie: string) => search.GET(new Request('http://localhost/api/search?q=', { headers: { cookie, 'x-forwarded-for': '203.0.113.7' } }));
      for (let i = 0; i < RATE_LIMITS.search.perClient; i++) expect((await hit('resolve_client=client-aaaa-1')).status).toBe(200);
      expect((await hit('resolve_client=client-aaaa-1')).status).toBe(429);
      expect((await hit('resolve_client=client-bbbb-2')).status).toBe(200);
    } finally {
      setRateLimiter(real);
    }
  });
});

describe('a method a public route does not take', () => {
  it('is a JSON 405 with Allow naming the methods it does take, never an empty one', async () => {
    const cases: [string, (req: Request) => Response | Promise<Response>, string][] = [
      ['POST /api/search', search.POST, 'GET, HEAD, OPTIONS'],
      ['DELETE /api/search', search.DELETE, 'GET, HEAD, OPTIONS'],
      ['GET /api/chat', chat.GET, 'POST, OPTIONS'],
      ['PUT /api/chat/x', chatById.PUT, 'GET, HEAD, OPTIONS'],
      ['GET /api/feedback', feedbackRoute.GET, 'POST, OPTIONS'],
    ];
    for (const [name, handler, allow] of cases) {
      const method = name.split(' ')[0];
      const res = await handler(new Request(`http://localhost${name.split(' ')[1]}`, { method }));
      expect(res.status, name).toBe(405);
      expect(res.headers.get('allow'), name).toBe(allow);
      const body = await res.json();
      expect(body.error.code, name).toBe('method_not_allowed');
      expect(body.error.message, name).toContain(method);
    }
  });
});
