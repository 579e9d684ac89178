import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getArticleBySlug, listRelatedArticles } from '@/db/queries/articles';
import { seedIfEmpty } from '@/lib/content/sample';
import { relatedArticles } from '@/lib/search/related';
import { createTestDatabase, type TestDb } from './helpers/db';

describe('related articles by similarity (sample content)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedIfEmpty(t.db);
  });
  afterAll(async () => t?.close());

  it('"Customer charged twice" (Payments) relates to refunds and disputes, not to the rest of its category in file order', async () => {
    const article = (await getArticleBySlug(t.db, { slug: 'customer-charged-twice' }))!;
    const related = (await relatedArticles(t.db, article, 5)).map((a) => a.slug);
    const byCategory = (await listRelatedArticles(t.db, { articleId: article.id, categoryId: article.categoryId, limit: 5 })).map((a) => a.slug);
    expect(related).not.toContain('customer-charged-twice');
    expect(related.length).toBe(5);
    const refundsAndDisputes = ['refund-a-payment', 'partial-refunds', 'disputes-and-chargebacks', 'dispute-evidence', 'cancel-a-refund', 'refund-status-and-timing'];
    expect(related.filter((s) => refundsAndDisputes.includes(s)).length).toBeGreaterThanOrEqual(4);
    expect(byCategory.some((s) => ['refund-a-payment', 'partial-refunds', 'disputes-and-chargebacks', 'cancel-a-refund'].includes(s))).toBe(false);
  });

  it('an article with no similar one gets an empty list (the page then falls back to its category)', async () => {
    const lonely = { slug: 'nope', title: 'Zzyzx qwvx', summary: '', collection: 'resolve' };
    expect(await relatedArticles(t.db, lonely, 5)).toEqual([]);
  });
});
