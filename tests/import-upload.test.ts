/**
 * Zip import from the admin through the real route (POST /api/admin/import) on a real database:
 * streamed progress and the CLI's report, gone files unpublished on a second upload, and the
 * refusals (no session, a viewer, a cross-site post, not a zip, zip-slip, too many files, bad
 * collection name) as clear 4xx answers that write nothing. The app's database handle is stubbed
 * with the test's; the sessions (better-auth), the importer and the search are the real ones.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import { articles } from '@/db/schema';
import { searchArticles } from '@/lib/search/hybrid';
import { createTestDatabase, type TestDb } from './helpers/db';
import { staffSession } from './helpers/staff';

const state = vi.hoisted(() => ({ db: null as unknown, cookie: '' }));
vi.mock('@/lib/startup', () => ({ getAppDb: async () => state.db }));

const { POST } = await import('@/app/api/admin/import/route');
type Event = import('@/app/api/admin/import/route').ImportStreamEvent;

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
  state.db = t.db;
  state.cookie = (await staffSession(t.db, 'editor', 'editor@example.com')).cookie;
});
afterAll(async () => {
  await t?.close();
});

function upload(zip: Uint8Array, fields: Record<string, string> = {}, name = 'docs.zip', headers: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(zip)], name, { type: 'application/zip' }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  // What a browser sends from the admin's import page: the session cookie, same origin.
  const base = { 'x-forwarded-for': '10.9.8.7', origin: 'http://localhost', 'sec-fetch-site': 'same-origin', ...(state.cookie ? { cookie: state.cookie } : {}) };
  return POST(new Request('http://localhost/api/admin/import', { method: 'POST', body: form, headers: { ...base, ...headers } }));
}

async function events(res: Response): Promise<Event[]> {
  expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  return (await res.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Event);
}

const acme = (extra: Record<string, Uint8Array> = {}) =>
  zipSync({
    'acme-docs/refunds.md': strToU8('# Refund an order\n\nOpen the order and click **Refund**. Refunds reach the card in 5–10 days.\n'),
    'acme-docs/guide/setup.md': strToU8('---\ntitle: Set up the capybarasync connector\n---\n\nInstall the connector first.\n'),
    'acme-docs/latin.md': new Uint8Array(Buffer.from('# Café\n\nLe café est prêt.\n', 'latin1')),
    ...extra,
  });

const articleCount = async () => (await t.db.select({ n: count() }).from(articles))[0].n;

describe('POST /api/admin/import', () => {
  it('imports a zip, streams progress and ends with the same report as the CLI', async () => {
    const res = await upload(acme());
    expect(res.status).toBe(200);
    const list = await events(res);
    expect(list[0]).toEqual({ type: 'progress', phase: 'unpacking' });
    expect(list).toContainEqual({ type: 'progress', phase: 'saving', done: 2, total: 2 });
    const last = list.at(-1)!;
    expect(last.type).toBe('report');
    if (last.type !== 'report') return;
    expect(last.report).toMatchObject({
      collection: 'acme-docs',
      read: { articles: 2, files: 3 },
      imported: 2,
      updated: 0,
      unchanged: 0,
      gone: [],
      pruned: false,
      failed: [{ sourceId: 'acme-docs/latin.md', reason: expect.stringMatching(/^not UTF-8 \(looks like Latin-1/) }],
    });
    const hits = await searchArticles(t.db, { query: 'capybarasync connector' });
    expect(hits.results[0]?.source.sourceId).toBe('acme-docs/guide/setup.md');
  });

  it('a second upload without a file unpublishes its article and says so; one under another collection name is a separate set', async () => {
    const smaller = zipSync({ 'acme-docs/refunds.md': strToU8('# Refund an order\n\nOpen the order and click **Refund**. Refunds reach the card in 5–10 days.\n') });
    const list = await events(await upload(smaller));
    const last = list.at(-1)!;
    expect(last).toMatchObject({
      type: 'report',
      report: { unchanged: 1, imported: 0, gone: [{ sourceId: 'acme-docs/guide/setup.md', action: 'unpublished', title: 'Set up the capybarasync connector' }] },
    });
    expect((await searchArticles(t.db, { query: 'capybarasync connector' })).results).toEqual([]);

    const other = await events(await upload(smaller, { collection: 'acme-eu' }));
    expect(other.at(-1)).toMatchObject({ type: 'report', report: { collection: 'acme-eu', imported: 1, gone: [] } });
    const eu = await t.db.select({ slug: articles.slug }).from(articles).where(eq(articles.collection, 'acme-eu'));
    expect(eu.map((r) => r.slug)).toEqual(['acme-eu-refunds']);
  });

  it.each([
    ['a zip-slip entry', () => zipSync({ 'docs/ok.md': strToU8('# Ok\n\nx\n'), '../evil.md': strToU8('# Evil\n\nx\n') }), {}, 400, /entry outside its folder \(“\.\.\/evil\.md”\)/],
    ['an absolute entry', () => zipSync({ '/etc/evil.md': strToU8('# Evil\n\nx\n') }), {}, 400, /entry outside its folder/],
    ['a file that is not a zip', () => strToU8('# just markdown\n'), {}, 400, /not a zip archive/],
    ['more files than the cap', () => zipSync(Object.fromEntries(Array.from({ length: 3001 }, (_, i) => [`many/p${i}.md`, strToU8(`# P${i}\n`)]))), {}, 413, /more than 3000 files/],
    ['a zip without Markdown', () => zipSync({ 'pics/readme.txt': strToU8('hello') }), {}, 400, /No Markdown/],
    ['a collection name without letters', () => acme(), { collection: '---' }, 400, /at least one letter or digit/],
  ] as const)('%s is refused with a clear message and nothing written', async (_label, make, fields, status, message) => {
    const before = await articleCount();
    const res = await upload(make(), fields);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(message);
    expect(await articleCount()).toBe(before);
    expect(fs.existsSync(path.join(os.tmpdir(), 'evil.md'))).toBe(false);
  });

  it('a cross-site post with the session cookie is refused (403, CSRF) and nothing is imported', async () => {
    const before = await articleCount();
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example', 'sec-fetch-site': '' },
      { origin: 'null' },
    ]) {
      const res = await upload(zipSync({ 'csrf/page.md': strToU8('# Page\n\nText.\n') }), {}, 'docs.zip', headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden:origin');
    }
    expect(await articleCount()).toBe(before);
  });

  it("a viewer's session is refused with 403 and a message naming the role", async () => {
    const cookie = state.cookie;
    state.cookie = (await staffSession(t.db, 'viewer')).cookie;
    try {
      const before = await articleCount();
      const res = await upload(zipSync({ 'viewer/page.md': strToU8('# Page\n\nText.\n') }));
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe('Your role (viewer) cannot do this: it needs editor or admin.');
      expect(await articleCount()).toBe(before);
    } finally {
      state.cookie = cookie;
    }
  });

  it('without a session the answer is 401 and nothing is imported', async () => {
    const cookie = state.cookie;
    state.cookie = '';
    try {
      const before = await articleCount();
      const res = await upload(zipSync({ 'solo/page.md': strToU8('# Page\n\nText.\n') }));
      expect(res.status).toBe(401);
      expect(await articleCount()).toBe(before);
    } finally {
      state.cookie = cookie;
    }
  });
});
