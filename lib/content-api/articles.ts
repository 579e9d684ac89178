/**
 * The content API's verbs (as Zendesk's Help Center and Intercom's Articles APIs): list, read,
 * create, change, delete, publish and unpublish articles, with optimistic concurrency through
 * HTTP validators (RFC 9110 §8.8.3 ETag, §13.1.1 If-Match, §13.1.2 If-None-Match; RFC 6585 §3
 * 428 Precondition Required): a read returns the article's ETag, and every write to an existing
 * article must send it back in `If-Match` — missing is a 428, stale is a 412 — so two
 * integrations never overwrite each other silently.
 */
import 'server-only';
import type { Db } from '@/db/client';
import { articleIdBySlug, getArticleRecord, listArticleRecords, listCollectionSlugs, type ArticleRecord } from '@/db/queries/content-api';
import { deleteArticle, saveArticle, setArticleStatus } from '@/lib/content/save';
import { AppError } from '@/lib/errors';
import type { z } from 'zod';
import type { articleCreateSchema, articleListQuerySchema, articlePatchSchema, ArticleOut } from './schemas';

/** The strong ETag of an article at a version: `"a<id>v<version>"`. */
export function articleEtag(a: { id: number; version: number }): string {
  return `"a${a.id}v${a.version}"`;
}

/**
 * The entity tags of an `If-Match` / `If-None-Match` field value (RFC 9110 §8.8.3): `*`, or a
 * comma-separated list of `"opaque"` and `W/"opaque"` tags.
 * @param header the field value.
 * @returns `{ any: true }` for `*`; otherwise the tags as sent, each `{ tag, weak }` with `tag`
 *   the quoted form without `W/`.
 */
function parseEntityTags(header: string): { any: boolean; tags: { tag: string; weak: boolean }[] } {
  const trimmed = header.trim();
  if (trimmed === '*') return { any: true, tags: [] };
  const tags = trimmed
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (/^W\//.test(t) ? { tag: t.slice(2), weak: true } : { tag: t, weak: false }));
  return { any: false, tags };
}

/**
 * The version an `If-Match` header allows a write at. RFC 9110 §13.1.1: `*` matches any current
 * article; otherwise the strong comparison is used, so a weak tag (`W/"a12v3"`) never matches.
 * @param ifMatch the header value (`"a12v3"`, a list of tags, `*`, or null).
 * @param current the article as stored.
 * @returns the version to pass as `expectedVersion` (the current one when the header matches).
 * @throws AppError `precondition_required:article` (428) when the header is missing;
 *   `precondition_failed:article` (412) when no strong tag in it is the current ETag.
 */
function checkIfMatch(ifMatch: string | null, current: { id: number; version: number }): number {
  if (ifMatch === null || !ifMatch.trim()) {
    throw new AppError('precondition_required:article', `Send the article's ETag in If-Match (GET it first); this article's is ${articleEtag(current)}.`);
  }
  const { any, tags } = parseEntityTags(ifMatch);
  if (any || tags.some((t) => !t.weak && t.tag === articleEtag(current))) return current.version;
  const weakOnly = tags.length > 0 && tags.every((t) => t.weak);
  throw new AppError(
    'precondition_failed:article',
    weakOnly
      ? `If-Match needs a strong ETag (RFC 9110 §13.1.1); a weak one (W/…) never matches. Send ${articleEtag(current)}.`
      : `The article changed since you read it (If-Match ${ifMatch.trim()}, now ${articleEtag(current)}). GET it again and reapply your change.`,
  );
}

/**
 * True when an `If-None-Match` header names the current ETag (weak comparison, RFC 9110
 * §13.1.2) or is `*`: the client's copy is current.
 */
export function notModified(ifNoneMatch: string | null, current: { id: number; version: number }): boolean {
  if (!ifNoneMatch) return false;
  const { any, tags } = parseEntityTags(ifNoneMatch);
  return any || tags.some((t) => t.tag === articleEtag(current));
}

/** An article row as the API shows it (ISO 8601 times, the page's path). */
export function toApiArticle(r: ArticleRecord): ArticleOut {
  return {
    id: r.id,
    slug: r.slug,
    title: r.title,
    summary: r.summary,
    body: r.body,
    status: r.status,
    categoryId: r.categoryId,
    collection: r.collection,
    sourceId: r.sourceId,
    sourceUrl: r.sourceUrl,
    version: r.version,
    url: `/articles/${r.slug}`,
    publishedAt: r.publishedAt ? r.publishedAt.toISOString() : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/**
 * The article with this id.
 * @throws AppError `not_found:article`.
 */
export async function readArticle(db: Db, id: number): Promise<ArticleRecord> {
  const row = await getArticleRecord(db, { id });
  if (!row) throw new AppError('not_found:article', `No article with id ${id}.`);
  return row;
}

/**
 * A page of articles (id order), without bodies.
 * @param q status, collection (a collection slug; any status of article counts), limit, cursor.
 * @returns `{ articles, nextCursor }` (`nextCursor` null on the last page).
 * @throws AppError `not_found:collection` (404) when `collection` names no collection, listing
 *   the ones there are (an empty page would look like a collection with no articles).
 */
export async function listApiArticles(db: Db, q: z.infer<typeof articleListQuerySchema>): Promise<{ articles: Omit<ArticleOut, 'body'>[]; nextCursor: number | null }> {
  if (q.collection !== undefined) {
    const known = await listCollectionSlugs(db);
    if (!known.includes(q.collection)) {
      throw new AppError('not_found:collection', `There is no collection named “${q.collection}”. ${known.length ? `Collections: ${known.join(', ')}.` : 'There are no articles yet.'}`);
    }
  }
  const { rows, nextCursor } = await listArticleRecords(db, q);
  return {
    articles: rows.map((r) => {
      const { body: _body, ...rest } = toApiArticle(r);
      return rest;
    }),
    nextCursor,
  };
}

/**
 * Creates an article through the same save path as the admin (revision, chunks, embeddings).
 * @param author the token owner's email, stored on the revision.
 * @returns the stored article.
 * @throws AppError `bad_request:article` (e.g. unknown category; `published` with an empty body:
 *   EMPTY_PUBLISH_MESSAGE, from saveArticle), `conflict:slug` (an explicit slug
 *   another article uses).
 */
export async function createApiArticle(db: Db, input: z.infer<typeof articleCreateSchema>, author: string): Promise<ArticleRecord> {
  // An explicit slug is the integration's URL: taken is a 409, never a silent `-2` (the admin's
  // new-article path picks a free one instead; a race between two creates still gets one each).
  if (input.slug && (await articleIdBySlug(db, { slug: input.slug })) !== null) {
    throw new AppError('conflict:slug', `The slug "${input.slug}" is already used by another article`);
  }
  const saved = await saveArticle(db, {
    title: input.title,
    body: input.body,
    summary: input.summary ?? '',
    slug: input.slug,
    categoryId: input.categoryId ?? null,
    status: input.status ?? 'draft',
    author,
  });
  return readArticle(db, saved.id);
}

/**
 * Changes some fields of an article (the others keep their values) if `If-Match` holds. A patch
 * that changes nothing (every field as stored) writes nothing: no revision, same version and ETag.
 * @returns `{ row, changed }`: the stored article, and whether a new version was written.
 * @throws AppError `not_found:article`; 428/412 as `checkIfMatch` (also when another write lands
 *   between the check and the save); `bad_request:article` (also: an empty body for a published
 *   article); `conflict:slug`; `conflict:category`
 *   (409: a category of another product than the article's).
 */
export async function patchApiArticle(db: Db, id: number, patch: z.infer<typeof articlePatchSchema>, ifMatch: string | null, author: string): Promise<{ row: ArticleRecord; changed: boolean }> {
  const current = await readArticle(db, id);
  const expectedVersion = checkIfMatch(ifMatch, current);
  let saved: { version: number };
  try {
    saved = await saveArticle(db, {
      id,
      expectedVersion,
      title: patch.title ?? current.title,
      body: patch.body ?? current.body,
      summary: patch.summary ?? current.summary,
      slug: patch.slug,
      categoryId: patch.categoryId === undefined ? current.categoryId : patch.categoryId,
      author,
    });
  } catch (err) {
    throw staleAsPrecondition(err);
  }
  return { row: await readArticle(db, id), changed: saved.version !== current.version };
}

/**
 * Publishes or unpublishes (back to draft) an article if `If-Match` holds. Already in that
 * status: nothing is written (same version and ETag).
 * @returns `{ row, changed }`: the stored article, and whether a new version was written.
 * @throws AppError `not_found:article`; 428/412 as `checkIfMatch`; `bad_request:article` (publishing
 *   an article whose body is empty: EMPTY_PUBLISH_MESSAGE).
 */
export async function setApiArticleStatus(db: Db, id: number, status: 'published' | 'draft', ifMatch: string | null, author?: string): Promise<{ row: ArticleRecord; changed: boolean }> {
  const current = await readArticle(db, id);
  const expectedVersion = checkIfMatch(ifMatch, current);
  let saved: { version: number };
  try {
    saved = await setArticleStatus(db, { id, status, expectedVersion, author });
  } catch (err) {
    throw staleAsPrecondition(err);
  }
  return { row: await readArticle(db, id), changed: saved.version !== current.version };
}

/**
 * Deletes an article (revisions, chunks and embeddings with it) if `If-Match` holds.
 * @throws AppError `not_found:article`; 428/412 as `checkIfMatch`.
 */
export async function deleteApiArticle(db: Db, id: number, ifMatch: string | null): Promise<void> {
  const current = await readArticle(db, id);
  const expectedVersion = checkIfMatch(ifMatch, current);
  try {
    await deleteArticle(db, { id, expectedVersion });
  } catch (err) {
    throw staleAsPrecondition(err);
  }
}

/** A write that lost the race after `checkIfMatch` passed is the same 412 as a stale tag. */
function staleAsPrecondition(err: unknown): unknown {
  if (err instanceof AppError && err.code === 'conflict:article') {
    return new AppError('precondition_failed:article', 'The article changed while your request was handled. GET it again and reapply your change.');
  }
  return err;
}
