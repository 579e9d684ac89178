import { listProducts } from '@/db/queries/collections';
import { route } from '@/lib/route';
import { getAppDb } from '@/lib/startup';
import { methodNotAllowed } from '@/lib/http';

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

const notAllowed = methodNotAllowed(['GET']);
export const POST = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
