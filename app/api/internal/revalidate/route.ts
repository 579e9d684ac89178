import { revalidatePath } from 'next/cache';
import { isRevalidateSecret, REVALIDATE_SECRET_HEADER } from '@/lib/page-cache';

export const dynamic = 'force-dynamic';

/**
 * POST with this process's secret in `x-resolve-revalidate` (lib/page-cache.ts: writes made outside
 * a request) → 204 after every static public page is marked stale; 404 without the secret, so
 * from outside the route does not exist.
 */
export async function POST(req: Request): Promise<Response> {
  if (!isRevalidateSecret(req.headers.get(REVALIDATE_SECRET_HEADER))) return new Response('Not found', { status: 404 });
  revalidatePath('/', 'layout');
  return new Response(null, { status: 204 });
}
