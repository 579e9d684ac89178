import { setApiArticleStatus } from '@/lib/content-api/articles';
import { apiContext, articleIdParam, articleResponse, revalidateContent } from '@/lib/content-api/http';
import { auditApiWrite } from '@/lib/audit';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

/**
 * POST /api/articles/<id>/publish with `If-Match` → the article, now published, and its new ETag.
 * 428 without If-Match, 412 when stale, 404 unknown.
 */
export const POST = route<{ params: Promise<{ id: string }> }>({ visitor: 'none', rateLimit: 'api' }, async (r, { params }) => {
  const { db, user } = await apiContext(r);
  const row = await setApiArticleStatus(db, articleIdParam((await params).id), 'published', r.req.headers.get('if-match'));
  await auditApiWrite({ user, action: 'api.publishArticle', message: `article ${row.id} “${row.title}” → published` });
  revalidateContent();
  return articleResponse(row);
});
