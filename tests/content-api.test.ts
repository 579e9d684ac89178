/**
 * The content API through its route handlers (app/api/articles/**), on the app's database:
 * bearer tokens (401 without, with a wrong or a revoked one), create → read with ETag → 304,
 * PATCH/DELETE/publish with If-Match (428 missing, 412 stale, 200/204 current), validation 400s
 * naming the field, 404 for unknown or malformed ids, and that a published article is found by
 * search and an unpublished or deleted one is not. The OpenAPI file is the one the schemas give.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '@/db/client';
import { articleRevisions, categories } from '@/db/schema';
import { revokeApiToken } from '@/db/queries/api-tokens';
import { adminUsers } from '@/db/schema';
import { listAuditEntries } from '@/db/queries/audit';
import { auditOutcome } from '@/lib/audit';
import { createStaffUser } from '@/lib/auth/users';
import { createApiToken } from '@/lib/auth/api-tokens';
import { contentApiDocument } from '@/lib/content-api/openapi';
import { searchArticles } from '@/lib/search/hybrid';
import { prepareApp } from '@/lib/startup';

let tmp: string;
let list: typeof import('@/app/api/articles/route');
let one: typeof import('@/app/api/articles/[id]/route');
let publish: typeof import('@/app/api/articles/[id]/publish/route');
let unpublish: typeof import('@/app/api/articles/[id]/unpublish/route');
let rest: typeof import('@/app/api/articles/[id]/[...rest]/route');
let token: string;
let revoked: string;
let viewerToken: string;

const RUN = Date.now().toString(36);
const WORD = `quillback${RUN}`;
const base = 'http://localhost/api/articles';

const req = (url: string, init: RequestInit & { auth?: string | null } = {}) => {
  const headers = new Headers(init.headers);
  if (init.auth !== null) headers.set('authorization', `Bearer ${init.auth ?? token}`);
  if (init.body) headers.set('content-type', 'application/json');
  return new Request(url, { ...init, headers });
};
const ctx = (id: string | number) => ({ params: Promise.resolve({ id: String(id) }) });

async function found(query: string): Promise<string[]> {
  const res = await searchArticles(await getDb(), { query, limit: 10 });
  return res.results.map((r) => r.title);
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-content-api-'));
  process.env.RESOLVE_DATA_DIR = tmp;
  process.env.RESOLVE_RATE_LIMIT = 'off';
  await prepareApp();
  const db = await getDb();
  const { user } = await createStaffUser(db, { email: `api-${RUN}@example.com`, role: 'editor', password: 'a-long-enough-password' });
  const viewer = await createStaffUser(db, { email: `viewer-${RUN}@example.com`, role: 'viewer', password: 'a-long-enough-password' });
  viewerToken = (await createApiToken(db, { userId: viewer.user.id, name: 'read only' })).token;
  token = (await createApiToken(db, { userId: user.id, name: 'test' })).token;
  const r = await createApiToken(db, { userId: user.id, name: 'old' });
  revoked = r.token;
  await revokeApiToken(db, { id: r.id });
  list = await import('@/app/api/articles/route');
  one = await import('@/app/api/articles/[id]/route');
  publish = await import('@/app/api/articles/[id]/publish/route');
  unpublish = await import('@/app/api/articles/[id]/unpublish/route');
  rest = await import('@/app/api/articles/[id]/[...rest]/route');
}, 120_000);

afterAll(async () => {
  await closeDb();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('content API', () => {
  it('refuses requests without a valid bearer token (401 with WWW-Authenticate)', async () => {
    for (const auth of [null, 'nope', 'rsv_notarealtoken', revoked]) {
      const res = await list.GET(req(base, { auth }));
      expect(res.status, String(auth)).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="resolve"');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized:token');
    }
  });

  it("a viewer's token reads but cannot write (403, nothing stored)", async () => {
    expect((await list.GET(req(base, { auth: viewerToken }))).status).toBe(200);
    const before = ((await (await list.GET(req(`${base}?limit=100`))).json()) as { articles: unknown[] }).articles.length;
    const res = await list.POST(req(base, { method: 'POST', auth: viewerToken, body: JSON.stringify({ title: `Viewer write ${RUN}`, body: 'Should not be stored.' }) }));
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('forbidden:role');
    expect(body.error.message).toBe('Your role (viewer) cannot do this: it needs editor or admin.');
    const after = ((await (await list.GET(req(`${base}?limit=100`))).json()) as { articles: unknown[] }).articles.length;
    expect(after).toBe(before);
  });

  it("a token acts with its owner's role now: demoted to viewer, it can no longer write", async () => {
    const db = await getDb();
    const { user } = await createStaffUser(db, { email: `demoted-${RUN}@example.com`, role: 'editor', password: 'a-long-enough-password' });
    const t = (await createApiToken(db, { userId: user.id, name: 'was editor' })).token;
    await db.update(adminUsers).set({ role: 'viewer' }).where(eq(adminUsers.id, user.id));
    const res = await list.POST(req(base, { method: 'POST', auth: t, body: JSON.stringify({ title: `Demoted write ${RUN}`, body: 'Refused.' }) }));
    expect(res.status).toBe(403);
    await db.update(adminUsers).set({ banned: true }).where(eq(adminUsers.id, user.id));
    expect((await list.GET(req(base, { auth: t }))).status).toBe(401);
  });

  it('creates, reads with an ETag, and answers 304 for a current If-None-Match', async () => {
    const res = await list.POST(req(base, { method: 'POST', body: JSON.stringify({ title: `Quillback payouts ${RUN}`, body: `Payouts with ${WORD} arrive on Fridays.` }) }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: number; status: string; version: number; slug: string };
    expect(created.status).toBe('draft');
    expect(res.headers.get('etag')).toBe(`"a${created.id}v1"`);
    expect(res.headers.get('location')).toBe(`/api/articles/${created.id}`);

    const got = await one.GET(req(`${base}/${created.id}`), ctx(created.id));
    expect(got.status).toBe(200);
    expect(((await got.json()) as { body: string }).body).toContain(WORD);
    const etag = got.headers.get('etag')!;
    const again = await one.GET(req(`${base}/${created.id}`, { headers: { 'if-none-match': etag } }), ctx(created.id));
    expect(again.status).toBe(304);
    // A draft is not searchable.
    expect(await found(WORD)).not.toContain(`Quillback payouts ${RUN}`);
  });

  it('needs If-Match on writes: 428 when missing, 412 when stale, then the change with a new ETag', async () => {
    const res = await list.POST(req(base, { method: 'POST', body: JSON.stringify({ title: `Concurrency ${RUN}`, body: 'First text.', status: 'published' }) }));
    const a = (await res.json()) as { id: number };
    const v1 = res.headers.get('etag')!;

    const missing = await one.PATCH(req(`${base}/${a.id}`, { method: 'PATCH', body: JSON.stringify({ body: 'Mine.' }) }), ctx(a.id));
    expect(missing.status).toBe(428);
    const ok = await one.PATCH(req(`${base}/${a.id}`, { method: 'PATCH', headers: { 'if-match': v1 }, body: JSON.stringify({ body: `Second text with ${WORD}z.` }) }), ctx(a.id));
    expect(ok.status).toBe(200);
    const v2 = ok.headers.get('etag')!;
    expect(v2).toBe(`"a${a.id}v2"`);
    expect(((await ok.json()) as { title: string; body: string }).title).toBe(`Concurrency ${RUN}`);

    // A second writer still holding v1 is refused and changes nothing.
    const stale = await one.PATCH(req(`${base}/${a.id}`, { method: 'PATCH', headers: { 'if-match': v1 }, body: JSON.stringify({ body: 'Theirs.' }) }), ctx(a.id));
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe('precondition_failed:article');
    const now = (await (await one.GET(req(`${base}/${a.id}`), ctx(a.id))).json()) as { body: string; version: number };
    expect(now.body).toBe(`Second text with ${WORD}z.`);
    expect(now.version).toBe(2);
    expect(await found(`${WORD}z`)).toContain(`Concurrency ${RUN}`);

    for (const [name, call] of [
      ['publish', (h: HeadersInit) => publish.POST(req(`${base}/${a.id}/publish`, { method: 'POST', headers: h }), ctx(a.id))],
      ['delete', (h: HeadersInit) => one.DELETE(req(`${base}/${a.id}`, { method: 'DELETE', headers: h }), ctx(a.id))],
    ] as const) {
      expect((await call({})).status, name).toBe(428);
      expect((await call({ 'if-match': v1 })).status, name).toBe(412);
    }
    const down = await unpublish.POST(req(`${base}/${a.id}/unpublish`, { method: 'POST', headers: { 'if-match': v2 } }), ctx(a.id));
    expect(down.status).toBe(200);
    expect(((await down.json()) as { status: string }).status).toBe('draft');
    expect(await found(`${WORD}z`)).not.toContain(`Concurrency ${RUN}`);
    const up = await publish.POST(req(`${base}/${a.id}/publish`, { method: 'POST', headers: { 'if-match': down.headers.get('etag')! } }), ctx(a.id));
    expect(up.status).toBe(200);
    expect(await found(`${WORD}z`)).toContain(`Concurrency ${RUN}`);

    const del = await one.DELETE(req(`${base}/${a.id}`, { method: 'DELETE', headers: { 'if-match': up.headers.get('etag')! } }), ctx(a.id));
    expect(del.status).toBe(204);
    expect((await one.GET(req(`${base}/${a.id}`), ctx(a.id))).status).toBe(404);
    expect(await found(`${WORD}z`)).not.toContain(`Concurrency ${RUN}`);
  });

  it('answers bad input with a 4xx that says what is wrong', async () => {
    const post = (body: unknown) => list.POST(req(base, { method: 'POST', body: JSON.stringify(body) }));
    const cases: [unknown, number, RegExp][] = [
      [{ body: 'no title' }, 400, /title/],
      [{ title: '   ', body: 'x' }, 400, /Title is required/],
      [{ title: '\u200b\u200b', body: 'x' }, 400, /no visible characters/],
      [{ title: 'x', body: 'y', slug: 'Not A Slug' }, 400, /Slug/],
      [{ title: 'x', body: 'y', status: 'archived' }, 400, /status/],
      [{ title: 'x', body: 'y', extra: 1 }, 400, /extra/],
      [{ title: 'x', body: 'é'.repeat(300_000) }, 400, /Body is at most 512 KiB/],
    ];
    for (const [body, status, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const first = await post({ title: 'Slugged', body: 'y', slug: `taken-${RUN}` });
    expect(first.status).toBe(201);
    const again = await post({ title: 'Slugged again', body: 'y', slug: `taken-${RUN}` });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('conflict:slug');
    const notJson = await list.POST(req(base, { method: 'POST', body: '{"title":' }));
    expect(notJson.status).toBe(400);
    const huge = await list.POST(req(base, { method: 'POST', body: JSON.stringify({ title: 'x', body: 'a'.repeat(3 * 1024 * 1024) }) }));
    expect(huge.status).toBe(413);
    const empty = await one.PATCH(req(`${base}/1`, { method: 'PATCH', headers: { 'if-match': '*' }, body: '{}' }), ctx(1));
    expect(empty.status).toBe(400);
    for (const id of ['abc', '0', '-1', '99999999999', '%E0%A4', '999999999']) {
      expect((await one.GET(req(`${base}/${id}`), ctx(id))).status, id).toBe(404);
    }
    // Integers past the int4 columns are 4xx, not database errors.
    expect((await post({ title: 'x', body: 'y', categoryId: 2147483648 })).status).toBe(400);
    expect((await list.GET(req(`${base}?cursor=9007199254740991`))).status).toBe(400);
    const badQuery = await list.GET(req(`${base}?limit=0`));
    expect(badQuery.status).toBe(400);
    expect(((await badQuery.json()) as { error: { message: string } }).error.message).toMatch(/limit/);
  });

  it('an empty body never goes live: refused when created published, when publishing, and when emptying a live article', async () => {
    const refused = await list.POST(req(base, { method: 'POST', body: JSON.stringify({ title: `Blank live ${RUN}`, body: ' \n\u200B', status: 'published' }) }));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toBe('The article body is empty. An article is published only with a body; write one first.');
    const draft = await list.POST(req(base, { method: 'POST', body: JSON.stringify({ title: `Blank draft ${RUN}`, body: '' }) }));
    expect(draft.status).toBe(201);
    const d = (await draft.json()) as { id: number };
    const up = await publish.POST(req(`${base}/${d.id}/publish`, { method: 'POST', headers: { 'if-match': draft.headers.get('etag')! } }), ctx(d.id));
    expect(up.status).toBe(400);
    expect(((await (await one.GET(req(`${base}/${d.id}`), ctx(d.id))).json()) as { status: string }).status).toBe('draft');

    const live = await list.POST(req(base, { method: 'POST', body: JSON.stringify({ title: `Live body ${RUN}`, body: 'Has words.', status: 'published' }) }));
    const l = (await live.json()) as { id: number };
    const emptied = await one.PATCH(req(`${base}/${l.id}`, { method: 'PATCH', headers: { 'if-match': live.headers.get('etag')! }, body: JSON.stringify({ body: '' }) }), ctx(l.id));
    expect(emptied.status).toBe(400);
    expect(((await emptied.json()) as { error: { message: string } }).error.message).toMatch(/unpublish it first/);
    expect(((await (await one.GET(req(`${base}/${l.id}`), ctx(l.id))).json()) as { body: string }).body).toBe('Has words.');
  });

  it('lists pages in id order with a cursor, filtered by status', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await list.POST(req(base, { method: 'POST', body: JSON.stringify({ title: `Paged ${RUN} ${i}`, body: 'Body.', status: 'published' }) }));
      ids.push(((await res.json()) as { id: number }).id);
    }
    const seen: number[] = [];
    let cursor: number | null = ids[0] - 1;
    while (cursor !== null) {
      const res = await list.GET(req(`${base}?status=published&limit=2&cursor=${cursor}`));
      const page = (await res.json()) as { articles: { id: number; status: string; body?: string }[]; nextCursor: number | null };
      expect(page.articles.length).toBeLessThanOrEqual(2);
      for (const a of page.articles) {
        expect(a.status).toBe('published');
        expect(a.body).toBeUndefined();
        seen.push(a.id);
      }
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
    expect(seen).toEqual(expect.arrayContaining(ids));
  });

  it('docs/openapi.json is the document the schemas give, and names every route and status', () => {
    const doc = contentApiDocument();
    expect(fs.readFileSync(path.join(process.cwd(), 'docs', 'openapi.json'), 'utf8')).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    const paths = doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>;
    expect(Object.keys(paths).sort()).toEqual(['/api/articles', '/api/articles/{id}', '/api/articles/{id}/publish', '/api/articles/{id}/unpublish']);
    expect(Object.keys(paths['/api/articles/{id}'].patch.responses)).toEqual(expect.arrayContaining(['200', '401', '412', '428']));
  });

  it('records every API write in the audit log with the token owner, and tells refused admin actions apart', async () => {
    const entries = (await listAuditEntries(await getDb(), { limit: 500 })).filter((e) => e.actorEmail === `api-${RUN}@example.com`);
    const actions = entries.map((e) => e.action);
    for (const a of ['api.createArticle', 'api.patchArticle', 'api.publishArticle', 'api.unpublishArticle', 'api.deleteArticle']) expect(actions, a).toContain(a);
    expect(entries.every((e) => e.via === 'api' && e.outcome === 'ok')).toBe(true);
    expect(entries.find((e) => e.action === 'api.patchArticle')?.message).toMatch(new RegExp(`Concurrency ${RUN}.*v2`));
    // Refused writes (412, 428, 400) changed nothing and are not in the log: 3 patches were sent, 1 landed.
    expect(actions.filter((a) => a === 'api.patchArticle')).toHaveLength(1);
    expect(auditOutcome({ ok: false, message: 'Title is required' })).toEqual({ outcome: 'refused', message: 'Title is required' });
    expect(auditOutcome({ ok: true, message: 'Saved.' })).toEqual({ outcome: 'ok', message: 'Saved.' });
    expect(auditOutcome(undefined)).toEqual({ outcome: 'ok', message: '' });
  });
});

// Found by a new user's trial of the API: each case failed before its fix.
describe('content API: what a careful integrator expects', () => {
  type Out = { id: number; version: number; title: string; body: string; categoryId: number | null; collection: string; error?: { code: string; message: string } };
  const create = async (extra: Record<string, unknown> = {}) => {
    const res = await list.POST(req(base, { method: 'POST', body: JSON.stringify({ title: `Trial ${RUN} ${Math.random()}`, body: 'Some text.', ...extra }) }));
    expect(res.status).toBe(201);
    return { a: (await res.json()) as Out, etag: res.headers.get('etag')! };
  };
  const revisions = async (id: number) => (await (await getDb()).select().from(articleRevisions).where(eq(articleRevisions.articleId, id))).length;
  const patch = (id: number, etag: string, body: unknown) => one.PATCH(req(`${base}/${id}`, { method: 'PATCH', headers: { 'if-match': etag }, body: JSON.stringify(body) }), ctx(id));

  it('a PATCH or publish that changes nothing keeps the version, the ETag and the history', async () => {
    const { a, etag } = await create({ status: 'published' });
    const before = await revisions(a.id);
    const same = await patch(a.id, etag, { title: a.title, body: a.body, summary: '', categoryId: null });
    expect(same.status).toBe(200);
    expect(same.headers.get('etag')).toBe(etag);
    expect(((await same.json()) as Out).version).toBe(1);
    const again = await publish.POST(req(`${base}/${a.id}/publish`, { method: 'POST', headers: { 'if-match': etag } }), ctx(a.id));
    expect(again.status).toBe(200);
    expect(again.headers.get('etag')).toBe(etag);
    expect(await revisions(a.id)).toBe(before);
    // A real change still makes a version.
    const real = await patch(a.id, etag, { body: 'Other text.' });
    expect(real.headers.get('etag')).toBe(`"a${a.id}v2"`);
    expect(await revisions(a.id)).toBe(before + 1);
  });

  it('If-Match: a weak ETag never matches (412); * matches the current version', async () => {
    const { a, etag } = await create();
    const weak = await patch(a.id, `W/${etag}`, { body: 'Weak.' });
    expect(weak.status).toBe(412);
    expect(((await weak.json()) as Out).error!.message).toMatch(/strong/);
    expect(((await (await one.GET(req(`${base}/${a.id}`), ctx(a.id))).json()) as Out).version).toBe(1);
    const star = await patch(a.id, '*', { body: 'Any version.' });
    expect(star.status).toBe(200);
    expect(star.headers.get('etag')).toBe(`"a${a.id}v2"`);
    expect(star.headers.get('etag')!.startsWith('W/')).toBe(false);
    // If-None-Match compares weakly (RFC 9110 §13.1.2).
    const cached = await one.GET(req(`${base}/${a.id}`, { headers: { 'if-none-match': `W/"a${a.id}v2"` } }), ctx(a.id));
    expect(cached.status).toBe(304);
  });

  it('refuses to move an article to a category of another product (409 naming both)', async () => {
    const db = await getDb();
    const [home] = await db
      .insert(categories)
      .values({ slug: `home-${RUN}`, name: 'Home', collection: `alpha-${RUN}` })
      .returning();
    const [away] = await db
      .insert(categories)
      .values({ slug: `away-${RUN}`, name: 'Away', collection: `beta-${RUN}` })
      .returning();
    const { a, etag } = await create({ categoryId: home.id });
    expect(a.collection).toBe(`alpha-${RUN}`);
    const res = await patch(a.id, etag, { categoryId: away.id });
    expect(res.status).toBe(409);
    const err = ((await res.json()) as Out).error!;
    expect(err.code).toBe('conflict:category');
    expect(err.message).toContain(`beta-${RUN}`);
    expect(err.message).toContain(`alpha-${RUN}`);
    const now = (await (await one.GET(req(`${base}/${a.id}`), ctx(a.id))).json()) as Out;
    expect([now.categoryId, now.collection, now.version]).toEqual([home.id, `alpha-${RUN}`, 1]);
    expect((await patch(a.id, etag, { categoryId: null })).status).toBe(200);
  });

  it('a list filtered by an unknown collection is a 404 naming it; a known one is a page', async () => {
    const res = await list.GET(req(`${base}?collection=nope-${RUN}`));
    expect(res.status).toBe(404);
    const err = ((await res.json()) as Out).error!;
    expect(err.code).toBe('not_found:collection');
    expect(err.message).toContain(`nope-${RUN}`);
    expect(err.message).toContain('resolve');
    expect((await list.GET(req(`${base}?collection=resolve`))).status).toBe(200);
  });

  it('unknown sub-routes and unsupported methods answer JSON (404, 405 with Allow)', async () => {
    for (const [path, method] of [
      ['1/nope', 'GET'],
      ['1/publish/x', 'POST'],
      ['abc/x/y', 'DELETE'],
    ] as const) {
      const res = await rest[method](req(`${base}/${path}`, { method }));
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      expect(((await res.json()) as Out).error!.code).toBe('not_found:route');
    }
    const cases = [
      [list.PUT, base, 'GET, POST'],
      [one.POST, `${base}/1`, 'GET, PATCH, DELETE'],
      [publish.GET, `${base}/1/publish`, 'POST'],
      [unpublish.DELETE, `${base}/1/unpublish`, 'POST'],
    ] as const;
    for (const [handler, url, allow] of cases) {
      const res = handler(new Request(url, { method: 'PUT' }));
      expect(res.status, url).toBe(405);
      expect(res.headers.get('allow'), url).toContain(allow);
      expect(((await res.json()) as Out).error!.code).toBe('method_not_allowed');
    }
  });

  it('audit entries of token writes name the token (name and id), never its secret', async () => {
    await create();
    const [entry] = await listAuditEntries(await getDb(), { limit: 1, action: 'api.createArticle' });
    expect(entry.actorEmail).toBe(`api-${RUN}@example.com`);
    expect(entry.message).toMatch(/^token “test” #\d+: article \d+/);
    expect(entry.message).not.toContain(token);
    expect(entry.message).not.toContain(token.slice(0, 12));
  });
});
