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
import { articleIdBySlug, getArticleRecord, listArticleRecords, type ArticleRecord } from '@/db/queries/content-api';
import { deleteArticle, saveArticle, setArticleStatus } from '@/lib/content/save';
import { AppError } from '@/lib/errors';
import type { z } from 'zod';
import type { articleCreateSchema, articleListQuerySchema, articlePatchSchema, ArticleOut } from './schemas';

/** The strong ETag of an article at a version: `"a<id>v<version>"`. */
export function articleEtag(a: { id: number; version: number }): string {
  return `"a${a.id}v${a.version}"`;
}

/**
 * The version an `If-Match` header allows a write at.
 * @param ifMatch the header value (`"a12v3"`, a list of tags, `*`, or null).
 * @param current the article as stored.
 * @returns the version to pass as `expectedVersion` (the current one when the header matches).
 * @throws AppError `precondition_required:article` (428) when the header is missing;
 *   `precondition_failed:article` (412) when no tag in it is the current ETag.
 */
export function checkIfMatch(ifMatch: string | null, current: { id: number; version: number }): number {
  if (ifMatch === null || !ifMatch.trim()) {
    throw new AppError('precondition_required:article', `Send the article's ETag in If-Match (GET it first); this article's is ${articleEtag(current)}.`);
  }
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes('*') || tags.includes(articleEtag(current))) return current.version;
  throw new AppError(
    'precondition_failed:article',
    `The article changed since you read it (If-Match ${ifMatch.trim()}, now ${articleEtag(current)}). GET it again and reapply your change.`,
  );
}

/** True when an `If-None-Match` header names the current ETag (or `*`): the client's copy is current. */
export function notModified(ifNoneMatch: string | null, current: { id: number; version: number }): boolean {
  if (!ifNoneMatch) return false;
  const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(articleEtag(current));
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
 * @returns `{ articles, nextCursor }` (`nextCursor` null on the last page).
 */
export async function listApiArticles(db: Db, q: z.infer<typeof articleListQuerySchema>): Promise<{ articles: Omit<ArticleOut, 'body'>[]; nextCursor: number | null }> {
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
 * @throws AppError `bad_request:article` (e.g. unknown category), `conflict:slug` (an explicit slug
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
 * Changes some fields of an article (the others keep their values) if `If-Match` holds.
 * @returns the stored article.
 * @throws AppError `not_found:article`; 428/412 as `checkIfMatch` (also when another write lands
 *   between the check and the save); `bad_request:article`; `conflict:slug`.
 */
export async function patchApiArticle(db: Db, id: number, patch: z.infer<typeof articlePatchSchema>, ifMatch: string | null, author: string): Promise<ArticleRecord> {
  const current = await readArticle(db, id);
  const expectedVersion = checkIfMatch(ifMatch, current);
  try {
    await saveArticle(db, {
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
  return readArticle(db, id);
}

/**
 * Publishes or unpublishes (back to draft) an article if `If-Match` holds.
 * @returns the stored article.
 * @throws AppError `not_found:article`; 428/412 as `checkIfMatch`.
 */
export async function setApiArticleStatus(db: Db, id: number, status: 'published' | 'draft', ifMatch: string | null): Promise<ArticleRecord> {
  const current = await readArticle(db, id);
  const expectedVersion = checkIfMatch(ifMatch, current);
  try {
    await setArticleStatus(db, { id, status, expectedVersion });
  } catch (err) {
    throw staleAsPrecondition(err);
  }
  return readArticle(db, id);
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
