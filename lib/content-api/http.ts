/**
 * Wiring shared by the content API's route handlers: bearer authentication, the article id of
 * the path, and JSON answers carrying the article's ETag.
 */
import 'server-only';
import { revalidatePath } from 'next/cache';
import type { ArticleRecord } from '@/db/queries/content-api';
import { authenticateBearer } from '@/lib/auth/api-tokens';
import { hasRole, roleRefusal } from '@/lib/auth/roles';
import { AppError } from '@/lib/errors';
import type { RouteRequest } from '@/lib/route';
import { getAppDb } from '@/lib/startup';
import { articleEtag, toApiArticle } from './articles';

/** Largest request body of the content API: 2 MiB (a 512 KiB Markdown body JSON-escaped fits). */
export const CONTENT_API_BODY_BYTES = 2 * 1024 * 1024;

/**
 * The database and the token's owner for a content API request. The one place the API checks
 * roles: reads (GET, HEAD) need any staff role, writes need editor or admin (the owner's role now,
 * not when the token was made).
 * @throws AppError `unauthorized:token` (401 with `WWW-Authenticate: Bearer`); `forbidden:role`
 *   (403) for a write with a viewer's token.
 */
export async function apiContext(r: RouteRequest) {
  const db = await getAppDb();
  const user = await authenticateBearer(db, r.req.headers.get('authorization'));
  const needed = r.req.method === 'GET' || r.req.method === 'HEAD' ? 'viewer' : 'editor';
  if (!hasRole(user.role, needed)) throw new AppError('forbidden:role', roleRefusal(user.role, needed));
  return { db, user };
}

/**
 * The article id of the path: digits only, within int4.
 * @throws AppError `not_found:article` for anything else (`/api/articles/abc` is no article).
 */
export function articleIdParam(raw: string): number {
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(id) || id < 1) throw new AppError('not_found:article', `No article with id ${JSON.stringify(raw.slice(0, 40))}.`);
  return id;
}

/** `200` (or `status`) with the article as JSON, its ETag, and no caching by shared caches. */
export function articleResponse(row: ArticleRecord, status = 200, extra: Record<string, string> = {}): Response {
  return Response.json(toApiArticle(row), { status, headers: { etag: articleEtag(row), 'cache-control': 'private, no-cache', ...extra } });
}

/** After a write: the help center's pages re-render with it. */
export function revalidateContent(): void {
  try {
    revalidatePath('/', 'layout');
  } catch {
    // Outside a Next request (tests calling the handler directly) there is nothing to revalidate.
  }
}

/**
 * A handler for paths under /api/articles that name no route (`/api/articles/1/nope`): 404 JSON
 * naming the path, instead of the site's HTML 404 page.
 * @returns `{ error: { code: 'not_found:route', message } }` with status 404.
 */
export function unknownApiRoute(req: Request): Response {
  const { pathname } = new URL(req.url);
  return Response.json(
    {
      error: {
        code: 'not_found:route',
        message: `No content API route at ${pathname.slice(0, 200)}. Routes: /api/articles, /api/articles/<id>, /api/articles/<id>/publish, /api/articles/<id>/unpublish (GET /api/openapi.json describes them).`,
      },
    },
    { status: 404, headers: { 'cache-control': 'no-store' } },
  );
}
