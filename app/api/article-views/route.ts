import { z } from 'zod';
import { recordArticleView } from '@/db/queries/articles';
import { route } from '@/lib/route';
import { getAppDb } from '@/lib/startup';
import { methodNotAllowed } from '@/lib/http';

export const dynamic = 'force-dynamic';

const viewSchema = z.object({ articleId: z.number().int().positive().max(2_147_483_647) });

/**
 * POST `{ articleId }` (components/help/ArticleViewBeacon.tsx) → 204 after adding one to the
 * article's view count (an unknown id changes nothing). 400 for another body, 413 past 1 KiB,
 * 429 past the `view` rate limit, 403 from another site's page, 415 for a body not sent as
 * `application/json` (lib/route.ts). The article page is static, so views are counted here.
 */
export const POST = route({ rateLimit: 'view', maxBodyBytes: 1024 }, async ({ json }) => {
  const { articleId } = await json(viewSchema);
  await recordArticleView(await getAppDb(), { articleId });
  return new Response(null, { status: 204 });
});

const notAllowed = methodNotAllowed(['POST']);
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
