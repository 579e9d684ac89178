/**
 * Hostile and odd inputs at the edges: route segments no slug can be, the proxy's answers to
 * undecodable paths and its security headers, and /api/search keeping one visitor across searches
 * (its cookie is sent) while a search for an invoice number is logged as typed, not as a phone.
 * The search route runs on the app's database: a fresh embedded one, or the server in DATABASE_URL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NextRequest } from 'next/server';
import { desc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxy } from '@/proxy';
import { slugParam } from '@/lib/route-params';
import { contentSecurityPolicy, staticContentSecurityPolicy } from '@/lib/security-headers';

describe('slugParam', () => {
  it.each([
    ['refunds', 'refunds'],
    ['polar-docs-features-refunds', 'polar-docs-features-refunds'],
    ['Spree%20Commerce', 'Spree Commerce'],
    ['返金', '返金'],
    ['😀-emoji', '😀-emoji'],
  ])('%s → %s', (raw, slug) => expect(slugParam(raw)).toBe(slug));
  it.each([
    ['empty', ''],
    ['NUL', 'a\u0000b'],
    ['control character', 'a\u0001b'],
    ['C1 control', 'a\u0085b'],
    ['lone high surrogate', 'a\uD800'],
    ['lone low surrogate', '\uDC00b'],
    ['leftover bad escape', '%E0%A4'],
    ['leftover encoded surrogate', '%ED%A0%80'],
    ['escape decoding to NUL', '%00'],
    ['too long', 'x'.repeat(201)],
    ['much too long', '%41'.repeat(5000)],
    ['not a string', undefined],
    ['a catch-all array', ['a', 'b']],
  ])('%s → null', (_name, raw) => expect(slugParam(raw)).toBeNull());
});

describe('proxy.ts', () => {
  const run = (url: string) => proxy(new NextRequest(url));
  const NONCE_POLICY = /script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'sha256-[A-Za-z0-9+/=]{44}' 'strict-dynamic'/;

  it('an undecodable page path is rewritten to the 404 page, with the headers and a nonce', async () => {
    for (const p of ['/articles/%ED%A0%80', '/articles/%E0%A4', '/categories/%E0%A4', '/products/%E0%A4', '/admin/articles/%E0%A4']) {
      const res = await run(`http://localhost${p}`);
      expect(res.status, p).toBe(200); // a rewrite: the status comes from the page it renders (404)
      expect(res.headers.get('x-middleware-rewrite'), p).toBe('http://localhost/_resolve/malformed-address');
      expect(res.headers.get('content-security-policy'), p).toMatch(NONCE_POLICY);
    }
  });

  it('a static page path whose segment no slug can be is the per-request 404, never an ISR entry', async () => {
    for (const p of ['/articles/a%00b', `/articles/${'x'.repeat(201)}`, '/categories/%01', '/products/%ED%A0%80x']) {
      const res = await run(`http://localhost${p}`);
      expect(res.headers.get('x-middleware-rewrite'), p).toBe('http://localhost/_resolve/malformed-address');
      expect(res.headers.get('content-security-policy'), p).toMatch(NONCE_POLICY);
    }
    expect((await run(`http://localhost/articles/${'x'.repeat(200)}`)).headers.get('x-middleware-rewrite')).toBeNull();
  });

  it('a page address with an escaped NUL in its path or query is the 404 page (PostgreSQL refuses NUL)', async () => {
    for (const p of ['/admin?q=%00', '/admin/conversations/%00', '/admin/handoffs?status=a%00', '/search?q=%00x']) {
      const res = await run(`http://localhost${p}`);
      expect(res.headers.get('x-middleware-rewrite'), p).toBe('http://localhost/_resolve/malformed-address');
    }
    for (const p of ['/admin?q=100', '/search?q=a%2000', '/api/search?q=%00']) expect((await run(`http://localhost${p}`)).headers.get('x-middleware-rewrite'), p).toBeNull();
  });

  it('a slug the help center does not have goes to the per-request copy of its page (no ISR file on disk)', async () => {
    const g = globalThis as unknown as { __resolvePublicSlugs?: Record<string, Set<string>> };
    g.__resolvePublicSlugs = { articles: new Set(['refund-a-payment', 'café']), categories: new Set(['billing']), products: new Set(['polar-docs']) };
    try {
      for (const p of ['/articles/refund-a-payment', '/articles/caf%C3%A9', '/categories/billing', '/products/polar-docs', '/']) {
        const res = await run(`http://localhost${p}`);
        expect(res.headers.get('x-middleware-rewrite'), p).toBeNull();
        expect(res.headers.get('content-security-policy'), p).not.toMatch(NONCE_POLICY);
      }
      for (const [p, to] of [
        ['/articles/no-such-article-42', '/_resolve/live/articles/no-such-article-42'],
        ['/categories/nope', '/_resolve/live/categories/nope'],
        ['/products/made-up', '/_resolve/live/products/made-up'],
      ]) {
        const res = await run(`http://localhost${p}`);
        expect(res.headers.get('x-middleware-rewrite'), p).toBe(`http://localhost${to}`);
        expect(res.headers.get('content-security-policy'), p).toMatch(NONCE_POLICY);
      }
    } finally {
      g.__resolvePublicSlugs = undefined;
    }
    expect((await run('http://localhost/articles/no-such-article-42')).headers.get('x-middleware-rewrite')).toBeNull();
  });

  it('an undecodable API path is a JSON 400', async () => {
    for (const p of ['/api/chat/%E0%A4', '/api/chat/%ED%A0%80', '/api/search/%E0']) {
      const res = await run(`http://localhost${p}`);
      expect(res.status, p).toBe(400);
      expect((await res.json()).error.code).toBe('bad_request:path');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('pages rendered per request get a fresh nonce that reaches the render', async () => {
    for (const p of ['/search?q=refund', '/assistant', '/admin', '/no-such-page', '/articles/a/b', '/api/search?q=x']) {
      const a = await run(`http://localhost${p}`);
      const b = await run(`http://localhost${p}`);
      const csp = a.headers.get('content-security-policy')!;
      expect(csp, p).toMatch(NONCE_POLICY);
      expect(csp, p).not.toBe(b.headers.get('content-security-policy'));
      expect(csp, p).not.toContain("unsafe-inline'; script");
      // The nonce travels to the render as a request header (x-middleware-request-x-nonce).
      const nonce = /'nonce-([^']+)'/.exec(csp)![1];
      expect(a.headers.get('x-middleware-request-x-nonce'), p).toBe(nonce);
    }
  });

  it('the static public pages get the same nonce-free policy on every request, and no cache header from the proxy', async () => {
    for (const p of ['/', '/articles/refunds', '/articles/refunds/', '/categories/billing', '/products/polar-docs', '/articles/%E8%BF%94%E9%87%91']) {
      const a = await run(`http://localhost${p}`);
      const csp = a.headers.get('content-security-policy')!;
      expect(csp, p).toBe(staticContentSecurityPolicy());
      expect(csp, p).toBe((await run(`http://localhost${p}`)).headers.get('content-security-policy'));
      expect(csp, p).not.toContain('nonce-');
      expect(a.headers.get('x-middleware-request-x-nonce'), p).toBeNull();
      expect(a.headers.get('x-middleware-rewrite'), p).toBeNull();
      // Next sets the ISR page's own s-maxage / stale-while-revalidate; the proxy adds none.
      expect(a.headers.get('cache-control'), p).toBeNull();
    }
  });

  it('both policies keep everything but inline scripts strict', async () => {
    for (const csp of [staticContentSecurityPolicy(), contentSecurityPolicy('n')]) {
      for (const d of ["script-src-attr 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'", "img-src 'self' data:", "default-src 'self'"]) {
        expect(csp).toContain(d);
      }
    }
    expect(staticContentSecurityPolicy()).toContain("script-src 'self' 'unsafe-inline';");
    expect(contentSecurityPolicy('n')).not.toContain("unsafe-inline'; script");
    const referrer = await run('http://localhost/articles/refunds');
    expect(referrer.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(referrer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the theme script is allowed by its hash on nonce pages', async () => {
    const { createHash } = await import('node:crypto');
    const { THEME_SCRIPT, THEME_SCRIPT_HASH } = await import('@/lib/theme-script');
    expect(THEME_SCRIPT_HASH).toBe(`'sha256-${createHash('sha256').update(THEME_SCRIPT, 'utf8').digest('base64')}'`);
    expect(contentSecurityPolicy('n')).toContain(THEME_SCRIPT_HASH);
  });

  it('while the first start-up runs, a static page is rewritten to the uncached preparing page; other pages are not', async () => {
    const g = globalThis as unknown as { __resolveStartupState?: { phase: string }; __resolveStartup?: unknown };
    const saved = { state: g.__resolveStartupState, memo: g.__resolveStartup };
    try {
      g.__resolveStartupState = { phase: 'seeding' };
      g.__resolveStartup = undefined;
      const page = await run('http://localhost/articles/refunds');
      expect(page.headers.get('x-middleware-rewrite')).toBe('http://localhost/_resolve/preparing');
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('content-security-policy')).toMatch(NONCE_POLICY);
      expect((await run('http://localhost/search?q=x')).headers.get('x-middleware-rewrite')).toBeNull();
      // Scheduled, not begun (the first second of a server on the embedded database): at once too.
      g.__resolveStartupState = { phase: 'scheduled' };
      expect((await run('http://localhost/')).headers.get('x-middleware-rewrite')).toBe('http://localhost/_resolve/preparing');
      g.__resolveStartupState = { phase: 'ready' };
      expect((await run('http://localhost/articles/refunds')).headers.get('x-middleware-rewrite')).toBeNull();
    } finally {
      g.__resolveStartupState = saved.state;
      g.__resolveStartup = saved.memo;
    }
  });

  it('admin answers are no-store; /media keeps its own policy', async () => {
    expect((await run('http://localhost/admin')).headers.get('cache-control')).toBe('no-store');
    expect((await run('http://localhost/admin/articles/3')).headers.get('cache-control')).toBe('no-store');
    expect((await run('http://localhost/administrator')).headers.get('cache-control')).toBeNull();
    expect((await run('http://localhost/media/polar-docs/a.png')).headers.get('content-security-policy')).toBeNull();
  });

  it('the policy allows eval only under next dev', () => {
    expect(contentSecurityPolicy('n')).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy('n', true)).toContain("'unsafe-eval'");
    expect(staticContentSecurityPolicy()).not.toContain('unsafe-eval');
    expect(staticContentSecurityPolicy(true)).toContain("'unsafe-eval'");
  });
});

describe('GET /api/search on the database', () => {
  let tmp: string;
  let search: typeof import('@/app/api/search/route');
  let closeDb: () => Promise<void>;
  let db: import('@/db/client').Db;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-trust-'));
    process.env.RESOLVE_DATA_DIR = tmp;
    // Settings read by an earlier test would still name the working copy's '.data'.
    (await import('@/lib/env')).resetEnvForTests();
    const startup = await import('@/lib/startup');
    db = (await startup.prepareApp()).db;
    closeDb = (await import('@/db/client')).closeDb;
    search = await import('@/app/api/search/route');
  });
  afterAll(async () => {
    await closeDb();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const get = (q: string, cookie?: string) => search.GET(new Request(`http://localhost/api/search?q=${encodeURIComponent(q)}`, { headers: cookie ? { cookie } : {} }));
  const lastLogged = async (n: number) => {
    const { searchQueries } = await import('@/db/schema');
    // The log is written after the answer, a visitor's burst of keystrokes at most once a second: write it now.
    await (await import('@/db/queries/search-log')).flushSearchLogs();
    return (await db.select({ query: searchQueries.query }).from(searchQueries).orderBy(desc(searchQueries.id)).limit(n)).map((r) => r.query);
  };

  it('a new visitor gets its cookie; with it, the next keystrokes are the same visitor (one log row)', async () => {
    const first = await get('paymen');
    expect(first.status).toBe(200);
    const setCookie = first.headers.get('set-cookie');
    expect(setCookie).toMatch(/^resolve_client=[\w-]{8,64}; Path=\/; HttpOnly; SameSite=Lax/);
    const cookie = setCookie!.split(';')[0];
    const second = await get('payment', cookie);
    expect(second.status).toBe(200);
    expect(second.headers.get('set-cookie')).toBeNull();
    // As-you-type searches of one visitor collapse into one row: 'paymen' became 'payment'.
    expect((await lastLogged(20)).filter((q) => q.startsWith('paymen'))).toEqual(['payment']);
  });

  it('an error answer sends the new cookie too', async () => {
    const res = await search.GET(new Request('http://localhost/api/search?q=x&limit=999'));
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toMatch(/^resolve_client=/);
  });

  it('an invoice number is logged as typed, a phone number is not', async () => {
    await get('INV-2024-0042');
    expect(await lastLogged(1)).toEqual(['INV-2024-0042']);
    await get('call me on +44 20 7946 0958');
    expect(await lastLogged(1)).toEqual(['call me on [phone]']);
  });

  it('a query without a word (emoji, a zero-width space, replacement characters) is answered but not logged', async () => {
    for (const q of ['😀', '❤️', '#️⃣', '🤷‍♂️', '\u200b', '\ufe0f', '\u3164', '\u115f', '\uffa0', '\u17b5', '\ufffd\ufffd\ufffd']) expect((await get(q)).status).toBe(200);
    expect(await lastLogged(1)).toEqual(['call me on [phone]']);
  });
});
