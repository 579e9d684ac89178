import { setApiArticleStatus } from '@/lib/content-api/articles';
import { apiContext, articleIdParam, articleResponse, revalidateContent } from '@/lib/content-api/http';
import { methodNotAllowed } from '@/lib/http';
import { auditApiWrite } from '@/lib/audit';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/**
 * POST /api/articles/<id>/unpublish with `If-Match` → the article, now draft, and its new ETag.
 * Already draft: 200 with the article unchanged (same ETag). 428 without If-Match, 412 when
 * stale or weak, 404 unknown.
 */
export const POST = route<{ params: Promise<{ id: string }> }>({ visitor: 'none', rateLimit: 'api' }, async (r, { params }) => {
  const { db, user } = await apiContext(r);
  const { row, changed } = await setApiArticleStatus(db, articleIdParam((await params).id), 'draft', r.req.headers.get('if-match'), user.email);
  if (!changed) return articleResponse(row);
  await auditApiWrite({ user, action: 'api.unpublishArticle', message: `article ${row.id} “${row.title}” → draft` });
  revalidateContent();
  return articleResponse(row);
});

/** The methods this route does not support: 405 JSON with `Allow`. */
const notAllowed = methodNotAllowed(['POST']);
export const GET = notAllowed;
export const PUT = notAllowed;
export const PATCH = notAllowed;
export const DELETE = notAllowed;
