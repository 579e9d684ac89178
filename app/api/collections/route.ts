import { listProducts } from '@/db/queries/collections';
import { route } from '@/lib/route';
import { getAppDb } from '@/lib/startup';

export const dynamic = 'force-dynamic';

/**
 * GET /api/collections → `{ collections: [{ slug, title, description, articles }] }`: the products
 * that have published articles, in home-page order; `articles` counts published articles.
 * 503 while the database is unavailable.
 */
export const GET = route({ visitor: 'none' }, async () => {
  const products = await listProducts(await getAppDb());
  return Response.json({ collections: products.map(({ slug, title, description, articles }) => ({ slug, title, description, articles })) });
});
