/**
 * Reads (and the small writes) behind the editor's drafts, history, schedule and slug redirects.
 * The writes that touch chunks live in lib/content/save.ts and lib/content/editor.ts.
 */
import 'server-only';
import { and, asc, desc, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { adminUsers, articleRevisions, articleSlugHistory, articles, type ArticleStatus, type RevisionKind } from '../schema';

/** One row of an article's history (no body: lists stay small). */
export interface RevisionListItem {
  id: number;
  version: number;
  kind: RevisionKind;
  status: ArticleStatus;
  title: string;
  /** The author's email (current one for admin users, else the stored text, e.g. `import`); null when unknown. */
  author: string | null;
  /** `conflict`: the version the refused edit started from; `restore`: the version restored. */
  baseVersion: number | null;
  /** UTF-8 bytes of the body. */
  bodyBytes: number;
  createdAt: Date;
}

/** A revision with its text. */
export interface RevisionView extends RevisionListItem {
  articleId: number;
  summary: string;
  body: string;
  categoryId: number | null;
}

const authorName = sql<string | null>`coalesce(${adminUsers.email}, ${articleRevisions.author})`;

/**
 * An article's revisions, newest first (refused `conflict` saves included).
 * @param args.limit default 200, max 1000.
 */
export async function listRevisions(db: Db, args: { articleId: number; limit?: number }): Promise<RevisionListItem[]> {
  return db
    .select({
      id: articleRevisions.id,
      version: articleRevisions.version,
      kind: articleRevisions.kind,
      status: articleRevisions.status,
      title: articleRevisions.title,
      author: authorName,
      baseVersion: articleRevisions.baseVersion,
      bodyBytes: sql<number>`octet_length(${articleRevisions.body})`.mapWith(Number),
      createdAt: articleRevisions.createdAt,
    })
    .from(articleRevisions)
    .leftJoin(adminUsers, eq(adminUsers.id, articleRevisions.authorId))
    .where(eq(articleRevisions.articleId, args.articleId))
    .orderBy(desc(articleRevisions.id))
    .limit(Math.min(Math.max(args.limit ?? 200, 1), 1000));
}

/**
 * One revision of one article with its text.
 * @returns null when the id is unknown or belongs to another article.
 */
export async function getRevision(db: Db, args: { articleId: number; revisionId: number }): Promise<RevisionView | null> {
  const [row] = await db
    .select({
      id: articleRevisions.id,
      articleId: articleRevisions.articleId,
      version: articleRevisions.version,
      kind: articleRevisions.kind,
      status: articleRevisions.status,
      title: articleRevisions.title,
      summary: articleRevisions.summary,
      body: articleRevisions.body,
      categoryId: articleRevisions.categoryId,
      author: authorName,
      baseVersion: articleRevisions.baseVersion,
      bodyBytes: sql<number>`octet_length(${articleRevisions.body})`.mapWith(Number),
      createdAt: articleRevisions.createdAt,
    })
    .from(articleRevisions)
    .leftJoin(adminUsers, eq(adminUsers.id, articleRevisions.authorId))
    .where(and(eq(articleRevisions.id, args.revisionId), eq(articleRevisions.articleId, args.articleId)))
    .limit(1);
  return row ?? null;
}

/** The article row as the editor needs it (live text; lib/content/editor.ts overlays a pending draft). */
export async function getArticleRow(db: Db, args: { id: number }) {
  const [row] = await db.select().from(articles).where(eq(articles.id, args.id)).limit(1);
  return row ?? null;
}

/**
 * Where an old slug now lives: the current slug of the article that had it.
 * @param args.slug any string (no match → null).
 * @param args.publishedOnly only when that article is published (the public redirect).
 * @returns the current slug, or null.
 */
export async function findSlugRedirect(db: Db, args: { slug: string; publishedOnly?: boolean }): Promise<string | null> {
  const [row] = await db
    .select({ slug: articles.slug, status: articles.status })
    .from(articleSlugHistory)
    .innerJoin(articles, eq(articles.id, articleSlugHistory.articleId))
    .where(eq(articleSlugHistory.slug, args.slug))
    .limit(1);
  if (!row || row.slug === args.slug) return null;
  if (args.publishedOnly && row.status !== 'published') return null;
  return row.slug;
}

/**
 * Articles whose scheduled publish time has come, oldest first.
 * @param args.now the moment to compare with (UTC instant).
 * @param args.limit default 100.
 */
export async function listDueScheduled(db: Db, args: { now: Date; limit?: number }): Promise<{ id: number; version: number }[]> {
  return db
    .select({ id: articles.id, version: articles.version })
    .from(articles)
    .where(and(isNotNull(articles.publishAt), lte(articles.publishAt, args.now)))
    .orderBy(asc(articles.publishAt), asc(articles.id))
    .limit(args.limit ?? 100);
}

/**
 * Whether any article is due (cheap check for the read path).
 * @param args.now UTC instant.
 */
export async function hasDueScheduled(db: Db, args: { now: Date }): Promise<boolean> {
  const [row] = await db
    .select({ id: articles.id })
    .from(articles)
    .where(and(isNotNull(articles.publishAt), lte(articles.publishAt, args.now)))
    .limit(1);
  return Boolean(row);
}
