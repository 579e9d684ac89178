import { deleteApiArticle, notModified, patchApiArticle, readArticle, articleEtag } from '@/lib/content-api/articles';
import { apiContext, articleIdParam, articleResponse, CONTENT_API_BODY_BYTES, revalidateContent } from '@/lib/content-api/http';
import { methodNotAllowed } from '@/lib/http';
import { articlePatchSchema } from '@/lib/content-api/schemas';
import { auditApiWrite } from '@/lib/audit';
import { route } from '@/lib/route';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ id: string }> };

/** GET /api/articles/<id> → the article with its ETag; 304 when If-None-Match holds it; 404 unknown. */
export const GET = route<Ctx>({ visitor: 'none', rateLimit: 'api' }, async (r, { params }) => {
  const { db } = await apiContext(r);
  const row = await readArticle(db, articleIdParam((await params).id));
  if (notModified(r.req.headers.get('if-none-match'), row)) return new Response(null, { status: 304, headers: { etag: articleEtag(row) } });
  return articleResponse(row);
});

/**
 * PATCH /api/articles/<id> with `ArticlePatch` JSON and `If-Match: <ETag>` → the article and its
 * new ETag (unchanged when the patch changes nothing). 428 without If-Match, 412 when stale or
 * weak, 400 invalid fields, 404 unknown, 409 slug in use or a category of another product.
 */
export const PATCH = route<Ctx>({ visitor: 'none', rateLimit: 'api', maxBodyBytes: CONTENT_API_BODY_BYTES }, async (r, { params }) => {
  const { db, user } = await apiContext(r);
  const id = articleIdParam((await params).id);
  const patch = await r.json(articlePatchSchema);
  const { row, changed } = await patchApiArticle(db, id, patch, r.req.headers.get('if-match'), user.email);
  // A patch that changed nothing wrote nothing: same ETag, nothing to log or re-render.
  if (!changed) return articleResponse(row);
  await auditApiWrite({ user, action: 'api.patchArticle', message: `article ${row.id} “${row.title}” → v${row.version}` });
  revalidateContent();
  return articleResponse(row);
});

/** DELETE /api/articles/<id> with `If-Match` → 204. 428 without If-Match, 412 when stale, 404 unknown. */
export const DELETE = route<Ctx>({ visitor: 'none', rateLimit: 'api' }, async (r, { params }) => {
  const { db, user } = await apiContext(r);
  const id = articleIdParam((await params).id);
  await deleteApiArticle(db, id, r.req.headers.get('if-match'));
  await auditApiWrite({ user, action: 'api.deleteArticle', message: `article ${id}` });
  revalidateContent();
  return new Response(null, { status: 204 });
});

/** The methods this route does not support: 405 JSON with `Allow`. */
const notAllowed = methodNotAllowed(['GET', 'PATCH', 'DELETE']);
export const POST = notAllowed;
export const PUT = notAllowed;
