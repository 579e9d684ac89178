import { revalidatePath } from 'next/cache';
import { AppError } from '@/lib/errors';
import { isRevalidateSecret, REVALIDATE_SECRET_HEADER } from '@/lib/page-cache';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/**
 * POST with this process's secret in `x-resolve-revalidate` (lib/page-cache.ts: writes made outside
 * a request) → 204 after every static public page is marked stale; 404 `not_found:route` without
 * the secret, so from outside the route does not exist. No visitor cookie, no rate limit (only
 * this process can pass the check, and it changes nothing but cache freshness).
 */
export const POST = route({ visitor: 'none' }, async ({ req }) => {
  if (!isRevalidateSecret(req.headers.get(REVALIDATE_SECRET_HEADER))) throw new AppError('not_found:route', 'Not found');
  revalidatePath('/', 'layout');
  return new Response(null, { status: 204 });
});
