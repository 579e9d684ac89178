import { createApiArticle, listApiArticles } from '@/lib/content-api/articles';
import { apiContext, articleResponse, CONTENT_API_BODY_BYTES, revalidateContent } from '@/lib/content-api/http';
import { methodNotAllowed } from '@/lib/http';
import { articleCreateSchema, articleListQuerySchema } from '@/lib/content-api/schemas';
import { auditApiWrite } from '@/lib/audit';
import { AppError } from '@/lib/errors';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/**
 * GET /api/articles?status=&collection=&limit=&cursor= → `{ articles, nextCursor }` (id order,
 * without bodies). Bearer token required (401). Bad query values are a 400 naming the parameter.
 */
export const GET = route({ visitor: 'none', rateLimit: 'api' }, async (r) => {
  const { db } = await apiContext(r);
  const params = Object.fromEntries(new URL(r.req.url).searchParams);
  const q = articleListQuerySchema.safeParse(params);
  if (!q.success) throw new AppError('bad_request:query', q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  return Response.json(await listApiArticles(db, q.data), { headers: { 'cache-control': 'private, no-cache' } });
});

/**
 * POST /api/articles with `ArticleCreate` JSON → 201, the article, its ETag and Location.
 * 400 for invalid fields (named), 409 for a slug in use, 413 past 2 MiB.
 */
export const POST = route({ visitor: 'none', rateLimit: 'api', maxBodyBytes: CONTENT_API_BODY_BYTES }, async (r) => {
  const { db, user } = await apiContext(r);
  const input = await r.json(articleCreateSchema);
  const row = await createApiArticle(db, input, user.email);
  await auditApiWrite({ user, action: 'api.createArticle', message: `article ${row.id} “${row.title}”` });
  revalidateContent();
  return articleResponse(row, 201, { location: `/api/articles/${row.id}` });
});

/** The methods this route does not support: 405 JSON with `Allow`. */
const notAllowed = methodNotAllowed(['GET', 'POST']);
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
