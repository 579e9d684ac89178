/**
 * Slug pages validate their segment before any database read, in `generateMetadata` as in the
 * page (lib/route-params.ts slugParam): a NUL byte or another segment no slug can be is "Not
 * found" without a query (PostgreSQL rejects NUL in text and logs the error). The database and
 * the product list are stubs that fail the test when reached.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const reached = vi.hoisted(() => ({ db: 0, products: 0 }));
vi.mock('@/lib/startup', () => ({
  getAppDb: async () => {
    reached.db++;
    throw new Error('the database was reached');
  },
}));
vi.mock('@/lib/products', () => ({
  getProducts: async () => {
    reached.products++;
    return [{ slug: 'ledgerly', title: 'Ledgerly', description: 'Payments', articles: 1 }];
  },
}));

const pages = {
  categories: () => import('@/app/(help)/categories/[slug]/page'),
  articles: () => import('@/app/(help)/articles/[slug]/page'),
  products: () => import('@/app/(help)/products/[slug]/page'),
};
/** Segments as Next hands them to a page (decoded once), none of which can be a slug. */
const HOSTILE = ['a\u0000b', '\u0000', '%00', 'a%00b', '\u0001', 'a\uD800', '%E0%A4', 'x'.repeat(201)];

beforeEach(() => {
  reached.db = 0;
  reached.products = 0;
});

describe.each(Object.entries(pages))('/%s/[slug]', (_name, load) => {
  it.each(HOSTILE.map((s) => [JSON.stringify(s).slice(0, 30), s]))('generateMetadata(%s) is "Not found" without a database read', async (_n, slug) => {
    const { generateMetadata } = await load();
    await expect(generateMetadata({ params: Promise.resolve({ slug }) })).resolves.toEqual({ title: 'Not found' });
    expect(reached).toEqual({ db: 0, products: 0 });
  });

  it('a valid slug does reach the data (the stub shows the check is not vacuous)', async () => {
    const { generateMetadata } = await load();
    await generateMetadata({ params: Promise.resolve({ slug: 'ledgerly' }) }).catch(() => undefined);
    expect(reached.db + reached.products).toBeGreaterThan(0);
  });
});
