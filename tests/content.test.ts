import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { articleChunks, articles, chunkEmbeddings } from '@/db/schema';
import { readSampleContent, seedIfEmpty } from '@/lib/content/sample';
import { embedMissingChunks } from '@/lib/search/reembed';
import { saveArticle, setArticleStatus } from '@/lib/content/save';
import { getArticleBySlug, listCategories, listPopularArticles, recordArticleView } from '@/db/queries/articles';
import { upsertFeedback } from '@/db/queries/feedback';
import { createTestDatabase, type TestDb } from './helpers/db';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe('sample content and the save pipeline', () => {
  it('reads the bundled sample content: 30+ articles in 5+ categories, no failures', () => {
    const bundle = readSampleContent();
    expect(bundle.failures).toEqual([]);
    expect(bundle.articles.length).toBeGreaterThanOrEqual(30);
    expect(bundle.categories.length).toBeGreaterThanOrEqual(5);
  });

  it('seeds an empty database once, with chunks and embeddings', async () => {
    const report = await seedIfEmpty(t.db);
    expect(report?.imported).toBe(readSampleContent().articles.length);
    expect(report?.failed).toEqual([]);
    expect(await seedIfEmpty(t.db)).toBeNull();
    const [{ chunks }] = await t.db.select({ chunks: count() }).from(articleChunks);
    const [{ vecs }] = await t.db.select({ vecs: count() }).from(chunkEmbeddings);
    expect(chunks).toBeGreaterThan(report!.imported);
    expect(vecs).toBe(chunks);
    const cats = await listCategories(t.db);
    expect(cats.length).toBeGreaterThanOrEqual(5);
  });

  it('re-embeds chunks that lack a vector of the active model', async () => {
    const [{ before }] = await t.db.select({ before: count() }).from(chunkEmbeddings);
    await t.db.delete(chunkEmbeddings);
    const done = await embedMissingChunks(t.db);
    const [{ after }] = await t.db.select({ after: count() }).from(chunkEmbeddings);
    expect(after).toBe(before);
    expect(done).toBeGreaterThanOrEqual(before);
    expect(await embedMissingChunks(t.db)).toBe(0);
  });

  it('rejects a stale version and invalid input with clear errors', async () => {
    const created = await saveArticle(t.db, { title: 'Version test', body: 'Hello **world**', status: 'published' });
    const v2 = await saveArticle(t.db, { id: created.id, title: 'Version test 2', body: 'Hi', expectedVersion: 1 });
    expect(v2.version).toBe(2);
    await expect(saveArticle(t.db, { id: created.id, title: 'x', body: 'y', expectedVersion: 1 })).rejects.toMatchObject({
      code: 'conflict:article',
    });
    await expect(saveArticle(t.db, { title: '   ', body: 'y' })).rejects.toMatchObject({ code: 'bad_request:article' });
    await expect(saveArticle(t.db, { title: 'big', body: 'x'.repeat(600 * 1024) })).rejects.toMatchObject({
      code: 'bad_request:article',
    });
    const unpublished = await setArticleStatus(t.db, { id: created.id, status: 'draft' });
    expect(unpublished.version).toBe(3);
    expect(await getArticleBySlug(t.db, { slug: created.slug })).toBeNull();
    expect((await getArticleBySlug(t.db, { slug: created.slug, includeDrafts: true }))?.title).toBe('Version test 2');
    const [row] = await t.db.select().from(articles).where(eq(articles.id, created.id));
    expect(row.status).toBe('draft');
  });
  it('lists "popular" from readers once they have viewed or up-voted: a thumbs-up counts, a draft\'s view does not', async () => {
    const popular = (args: { limit: number; collection?: string }) => listPopularArticles(t.db, args);
    // Only the seeded sample and a draft are here, and no one has read anything yet.
    expect((await popular({ limit: 50 })).byReaders).toBe(false);
    const [draft] = await t.db.select({ id: articles.id }).from(articles).where(eq(articles.title, 'Version test 2'));
    await recordArticleView(t.db, { articleId: draft.id });
    const before = await popular({ limit: 50 });
    expect(before.byReaders).toBe(false);
    expect(before.articles.map((a) => a.id)).not.toContain(draft.id);
    const last = before.articles.at(-1)!;
    expect(before.articles[0].slug).not.toBe(last.slug);
    await upsertFeedback(t.db, { targetType: 'article', targetId: last.slug, clientId: 'reader-1', rating: 1 });
    const voted = await popular({ limit: 3 });
    expect([voted.byReaders, voted.articles[0].slug]).toEqual([true, last.slug]);
    expect(await popular({ limit: 3, collection: 'no-such-product' })).toEqual({ articles: [], byReaders: false });
    // A view ranks before an up-vote.
    const viewed = before.articles[1];
    await recordArticleView(t.db, { articleId: viewed.id });
    expect((await popular({ limit: 3 })).articles.map((a) => a.slug).slice(0, 2)).toEqual([viewed.slug, last.slug]);
  });
});
