/**
 * Writing articles: validate → chunk → embed → one transaction that writes the article, a
 * revision, its chunks (with weighted tsvectors) and their embeddings. A saved edit is therefore
 * searchable, and visible to the assistant, as soon as the call returns.
 */
import 'server-only';
import { createHash } from 'node:crypto';
import { and, desc, eq, inArray, isNotNull, isNull, like, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { listProducts, upsertImportedCollection } from '@/db/queries/collections';
import { ensureEmbeddingIndex } from '@/db/queries/embeddings';
import { addArticleStats, removeArticleStats } from '@/db/queries/search-stats';
import { refreshSearchStatistics } from '@/db/queries/maintenance';
import { flagCasesForArticle } from '@/db/queries/eval-datasets';
import { articleChunks, articleRevisions, articleSlugHistory, articles, articleStatus, categories, chunkEmbeddings, revisionKinds, type ReviewFlag } from '@/db/schema';
import { embedTexts } from '@/lib/ai/embeddings';
import { chunkSearchFields } from '@/lib/search/indexing';
import { findInstructionPassages } from '@/lib/assistant/instructions';
import { AppError } from '@/lib/errors';
import { revalidatePublicPages } from '@/lib/page-cache';
import { chunkMarkdown, type Chunk } from './chunk';
import { storeMediaFiles } from './media';
import { titleFromFolder } from './import/product';
import { slugify } from './slug';
import { EMPTY_PUBLISH_MESSAGE, hasVisibleText, INVISIBLE_TITLE_MESSAGE, stripNul } from './title';
import { SAMPLE_COLLECTION, type ChangedSinceImport, type GoneArticle, type ImportBundle, type ImportedArticle, type ImportPreview, type ImportReport } from './types';

/** Max article body: 512 KiB of Markdown. */
/**
 * Waits for a write's transaction, then marks the help center's static pages stale
 * (lib/page-cache.ts), so a publish, edit, status change or delete shows on the next request.
 * @returns what the transaction returned; its error is thrown unchanged (nothing is revalidated).
 */
async function pagesChangeAfter<T>(write: Promise<T>): Promise<T> {
  const out = await write;
  revalidatePublicPages();
  return out;
}

export const MAX_BODY_BYTES = 512 * 1024;

export const articleInputSchema = z.object({
  id: z.number().int().positive().optional(),
  title: z.string().trim().min(1, 'Title is required').max(300, 'Title is at most 300 characters').refine(hasVisibleText, INVISIBLE_TITLE_MESSAGE),
  summary: z.string().trim().max(1000, 'Summary is at most 1000 characters').default(''),
  // Measured as stored: LF line ends (the editor's counter measures the same).
  body: z
    .string()
    .transform((b) => normalizeLineEnds(b))
    .refine((b) => Buffer.byteLength(b) <= MAX_BODY_BYTES, `Body is at most ${MAX_BODY_BYTES / 1024} KiB`),
  // Within the int4 column: a larger id can name no category (it was a database error, a 500).
  categoryId: z.number().int().positive().max(2_147_483_647, 'Unknown category').nullable().default(null),
  status: z.enum(articleStatus).optional(),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Slug: lowercase letters, digits and single hyphens')
    .max(200)
    .optional(),
  expectedVersion: z.number().int().positive().optional(),
  author: z.string().max(320).optional(),
  /** The admin user saving (article_revisions.author_id). */
  authorId: z.number().int().positive().optional(),
  /** What the revision row records (default `save`; lib/content/editor.ts passes `publish`, `restore`…). */
  revisionKind: z.enum(revisionKinds).optional(),
  /** For `restore`: the version brought back. */
  baseVersion: z.number().int().positive().optional(),
  /** Drop the article's pending draft (the text saved now is the one that counts). */
  clearDraft: z.boolean().optional(),
  collection: z.string().min(1).max(100).optional(),
  sourceId: z.string().max(1000).nullable().optional(),
  sourceUrl: z.string().max(2000).nullable().optional(),
  license: z.string().max(200).nullable().optional(),
  attribution: z.string().max(2000).nullable().optional(),
  position: z.number().int().min(0).optional(),
});

export type ArticleInput = z.input<typeof articleInputSchema>;

/**
 * Line ends as the editor and the server store them: CRLF and lone CR become LF, so a body typed in
 * a browser (a textarea submits CRLF) and one read back compare and measure the same.
 * @param text any string; @returns it with only `\n` line ends.
 */
export function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Keeps the old address of a renamed article working: records `oldSlug` → the article (a 308 from
 * /articles/<old>), and drops any redirect from `newSlug`, which now names a live article.
 */
async function recordSlugChange(tx: Db, articleId: number, oldSlug: string | null, newSlug: string): Promise<void> {
  await tx.delete(articleSlugHistory).where(eq(articleSlugHistory.slug, newSlug));
  if (oldSlug && oldSlug !== newSlug) {
    await tx
      .insert(articleSlugHistory)
      .values({ slug: oldSlug, articleId })
      .onConflictDoUpdate({ target: articleSlugHistory.slug, set: { articleId, createdAt: new Date() } });
  }
}

/** sha256 hex of the fields that change what a reader sees. */
function contentHash(parts: (string | number | null | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => String(p ?? '')).join('\u0001'))
    .digest('hex');
}

/** Turns a title into a slug (lib/content/slug.ts): readable in any script, `article` when nothing is left. */
export { slugify } from './slug';

/**
 * What the content team should review in a body: each sentence addressed to an AI assistant
 * (lib/assistant/instructions.ts), as `{ kind: 'instructions', line, text }`.
 * @param body Markdown as stored (NUL characters already removed).
 * @returns the flags in document order, or null when there are none (the column's "nothing to review").
 */
export function reviewFlagsOf(body: string): ReviewFlag[] | null {
  const flags = findInstructionPassages(body).map((p) => ({ kind: 'instructions' as const, line: p.line, text: p.text }));
  return flags.length ? flags : null;
}

interface PreparedChunks {
  chunks: Chunk[];
  model: string;
  vectors: (number[] | null)[];
}

async function prepareChunks(title: string, summary: string, body: string): Promise<PreparedChunks> {
  const chunks = chunkMarkdown(body, { fallbackText: summary || title });
  // Every chunk is embedded with its article title and heading path as context.
  const texts = chunks.map((c) => [title, c.headingPath, c.content].filter(Boolean).join('\n'));
  const { model, vectors } = await embedTexts(texts);
  return { chunks, model, vectors };
}

async function writeChunks(tx: Db, articleId: number, title: string, summary: string, prepared: PreparedChunks) {
  await removeArticleStats(tx, { articleId });
  await tx.delete(articleChunks).where(eq(articleChunks.articleId, articleId));
  if (prepared.chunks.length === 0) return;
  await insertChunks(tx, articleId, title, summary, prepared);
  await addArticleStats(tx, { articleId });
}

async function insertChunks(tx: Db, articleId: number, title: string, summary: string, prepared: PreparedChunks) {
  const inserted = await tx
    .insert(articleChunks)
    .values(
      prepared.chunks.map((c) => ({
        articleId,
        position: c.position,
        headingPath: c.headingPath,
        anchor: c.anchor,
        content: c.content,
        tokenCount: c.tokenCount,
        // Weights: title A, heading path (+ summary on the first chunk) B, text C (lib/search/indexing.ts).
        ...chunkSearchFields({ title, headingPath: c.headingPath, summary, position: c.position, content: c.content }),
      })),
    )
    .returning({ id: articleChunks.id, position: articleChunks.position });
  const rowsToEmbed = inserted.map((r) => ({ chunkId: r.id, vector: prepared.vectors[r.position] })).filter((r): r is { chunkId: number; vector: number[] } => Array.isArray(r.vector));
  if (rowsToEmbed.length === 0) return;
  const dims = rowsToEmbed[0].vector.length;
  await ensureEmbeddingIndex(tx, { model: prepared.model, dims });
  await tx.insert(chunkEmbeddings).values(rowsToEmbed.map((r) => ({ chunkId: r.chunkId, model: prepared.model, dims, embedding: r.vector })));
}

/** The revision row of a saved version and the chunks (with their vectors) of its text, in one go. */
async function writeRevisionAndChunks(tx: Db, revision: typeof articleRevisions.$inferInsert, prepared: PreparedChunks) {
  await tx.insert(articleRevisions).values(revision);
  await writeChunks(tx, revision.articleId, revision.title, revision.summary, prepared);
}

/** The revision columns that come from the input rather than the text. */
function revisionMeta(a: z.output<typeof articleInputSchema>) {
  return { author: a.author, authorId: a.authorId, kind: a.revisionKind ?? 'save', categoryId: a.categoryId, baseVersion: a.baseVersion };
}

/**
 * True when saving `next` over `current` would change nothing: same slug, title, summary, body,
 * category, status, source URL, license, attribution and position (fields left undefined keep
 * their value), and no pending draft to drop.
 * @param current the stored article row; @param next the values the save would write.
 * @returns whether the save can return the article untouched.
 */
function isNoOpSave(
  current: typeof articles.$inferSelect,
  next: {
    slug: string;
    title: string;
    summary: string;
    body: string;
    categoryId: number | null;
    status: string;
    sourceUrl?: string | null;
    license?: string | null;
    attribution?: string | null;
    position?: number;
    clearDraft?: boolean;
  },
): boolean {
  const same = <T>(value: T | undefined, stored: T) => value === undefined || value === stored;
  return (
    next.slug === current.slug &&
    next.title === current.title &&
    next.summary === current.summary &&
    next.body === current.body &&
    next.categoryId === current.categoryId &&
    next.status === current.status &&
    same(next.sourceUrl, current.sourceUrl) &&
    same(next.license, current.license) &&
    same(next.attribution, current.attribution) &&
    same(next.position, current.position) &&
    !(next.clearDraft && current.draftRevisionId !== null)
  );
}

async function uniqueSlug(tx: Db, base: string, exceptId?: number): Promise<string> {
  const taken = await tx
    .select({ slug: articles.slug, id: articles.id })
    .from(articles)
    .where(sql`${articles.slug} = ${base} or ${articles.slug} like ${`${base}-%`}`);
  const used = new Set(taken.filter((t) => t.id !== exceptId).map((t) => t.slug));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Creates (no `id`) or updates an article, in one transaction with its revision, chunks and
 * embeddings. Embedding runs before the transaction opens. The body's text addressed to an AI
 * assistant is stored in `review_flags` (see `reviewFlagsOf`) on every save.
 * @param input see `articleInputSchema`; `status` defaults to `draft` for new articles and is kept
 *   on update when omitted. NUL characters are removed from title, summary and body first; a title
 *   with no visible character (only whitespace / zero-width characters) is refused. A new article
 *   without an explicit slug gets one from its title (`slugify`); an update keeps its slug.
 *   An update that changes nothing (`isNoOpSave`) writes nothing: no revision, same version.
 * @returns `{ id, slug, version, status }` after the write (the current ones for a no-op).
 * @throws AppError `bad_request:article` (invalid input, message names the field; a published
 *   article with an empty body: EMPTY_PUBLISH_MESSAGE), `not_found:article` (unknown id), `conflict:article` (stale `expectedVersion`),
 *   `conflict:slug` (an explicit slug that another article uses), `conflict:category` (an update
 *   to a category of another product than the article's).
 */
export async function saveArticle(db: Db, input: ArticleInput): Promise<{ id: number; slug: string; version: number; status: string }> {
  // NUL characters cannot be stored (PostgreSQL text) and are never meant: dropped everywhere.
  const parsed = articleInputSchema.safeParse({
    ...input,
    title: typeof input.title === 'string' ? stripNul(input.title) : input.title,
    summary: typeof input.summary === 'string' ? stripNul(input.summary) : input.summary,
    body: typeof input.body === 'string' ? stripNul(input.body) : input.body,
  });
  if (!parsed.success) {
    throw new AppError('bad_request:article', parsed.error.issues.map((i) => i.message).join('; '));
  }
  const a = parsed.data;
  const body = normalizeLineEnds(a.body.replaceAll('\u0000', ''));
  const prepared = await prepareChunks(a.title, a.summary, body);
  const reviewFlags = reviewFlagsOf(body);
  return pagesChangeAfter(
    db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      let categoryCollection: string | undefined;
      if (a.categoryId) {
        const [cat] = await tx.select().from(categories).where(eq(categories.id, a.categoryId)).limit(1);
        if (!cat) throw new AppError('bad_request:article', 'Unknown category');
        categoryCollection = cat.collection;
      }
      const now = new Date();
      if (a.id) {
        const [current] = await tx.select().from(articles).where(eq(articles.id, a.id)).for('update').limit(1);
        if (!current) throw new AppError('not_found:article', 'Article not found');
        if (a.expectedVersion && a.expectedVersion !== current.version) {
          throw new AppError('conflict:article', `This article was changed by someone else (now version ${current.version}, you edited version ${a.expectedVersion}). Reload to see their changes.`);
        }
        let slug = current.slug;
        if (a.slug && a.slug !== current.slug) {
          const [other] = await tx.select({ id: articles.id }).from(articles).where(eq(articles.slug, a.slug)).limit(1);
          if (other) throw new AppError('conflict:slug', `The slug "${a.slug}" is already used by another article`);
          slug = a.slug;
        }
        // A category carries its product: moving the article along would leave its category-less
        // siblings, search scope and source identity (collection, source id) behind, so it is refused.
        if (categoryCollection !== undefined && categoryCollection !== current.collection) {
          throw wrongProductCategory(a.categoryId!, categoryCollection, current.collection);
        }
        const status = a.status ?? current.status;
        assertPublishable(status, body, current.status === 'published');
        // Nothing a reader or the history would see changes: no revision, no new version (the ETag
        // stays), no re-index. The caller gets the article as it is.
        if (
          isNoOpSave(current, {
            slug,
            title: a.title,
            summary: a.summary,
            body,
            categoryId: a.categoryId,
            status,
            sourceUrl: a.sourceUrl,
            license: a.license,
            attribution: a.attribution,
            position: a.position,
            clearDraft: a.clearDraft,
          })
        ) {
          if (JSON.stringify(current.reviewFlags ?? null) !== JSON.stringify(reviewFlags)) {
            await tx.update(articles).set({ reviewFlags }).where(eq(articles.id, a.id));
          }
          return { id: a.id, slug, version: current.version, status };
        }
        if (slug !== current.slug) await recordSlugChange(tx, a.id, current.slug, slug);
        const version = current.version + 1;
        await tx
          .update(articles)
          .set({
            slug,
            title: a.title,
            summary: a.summary,
            body,
            categoryId: a.categoryId,
            status,
            version,
            liveVersion: version,
            contentHash: contentHash([a.title, a.summary, body, a.categoryId, a.sourceUrl ?? current.sourceUrl]),
            sourceUrl: a.sourceUrl === undefined ? current.sourceUrl : a.sourceUrl,
            license: a.license === undefined ? current.license : a.license,
            attribution: a.attribution === undefined ? current.attribution : a.attribution,
            position: a.position ?? current.position,
            reviewFlags,
            publishedAt: status === 'published' ? (current.publishedAt ?? now) : current.publishedAt,
            ...(a.clearDraft ? { draftRevisionId: null } : {}),
            // Published now: a scheduled publish has nothing left to do.
            ...(status === 'published' ? { publishAt: null } : {}),
            updatedAt: now,
          })
          .where(eq(articles.id, a.id));
        await writeRevisionAndChunks(tx, { ...revisionMeta(a), articleId: a.id, version, title: a.title, summary: a.summary, body, status }, prepared);
        // Eval cases whose gold names this article, or whose reviewed answer cited it, are flagged.
        await flagCasesForArticle(tx, { article: { id: a.id, slug, sourceId: current.sourceId, title: a.title, version } });
        return { id: a.id, slug, version, status };
      }
      const status = a.status ?? 'draft';
      assertPublishable(status, body, false);
      const slug = await uniqueSlug(tx, a.slug ?? slugify(a.title));
      const [row] = await tx
        .insert(articles)
        .values({
          slug,
          title: a.title,
          summary: a.summary,
          body,
          categoryId: a.categoryId,
          status,
          collection: a.collection ?? categoryCollection ?? (await defaultCollection(tx)),
          sourceId: a.sourceId ?? null,
          sourceUrl: a.sourceUrl ?? null,
          license: a.license ?? null,
          attribution: a.attribution ?? null,
          position: a.position ?? 0,
          reviewFlags,
          liveVersion: 1,
          contentHash: contentHash([a.title, a.summary, body, a.categoryId, a.sourceUrl]),
          publishedAt: status === 'published' ? now : null,
        })
        .returning({ id: articles.id });
      await recordSlugChange(tx, row.id, null, slug);
      await writeRevisionAndChunks(tx, { ...revisionMeta(a), articleId: row.id, version: 1, title: a.title, summary: a.summary, body, status }, prepared);
      return { id: row.id, slug, version: 1, status };
    }),
  );
}

/**
 * The rule under every way an article goes live (editor, content API, schedule, import, status
 * change): a published article has a body with a visible character; a reader would open an empty
 * page. A draft may be empty while it is written.
 * @param status the status the article would have; @param body its body (stored form).
 * @param wasLive whether the article is live now (the message then says how to empty it).
 * @throws AppError `bad_request:article` with EMPTY_PUBLISH_MESSAGE.
 */
function assertPublishable(status: string, body: string, wasLive: boolean): void {
  if (status !== 'published' || hasVisibleText(body)) return;
  throw new AppError('bad_request:article', wasLive ? `${EMPTY_PUBLISH_MESSAGE} To empty a live article, unpublish it first.` : EMPTY_PUBLISH_MESSAGE);
}

function wrongProductCategory(categoryId: number, categoryCollection: string, articleCollection: string): AppError {
  return new AppError(
    'conflict:category',
    `Category ${categoryId} belongs to the product "${categoryCollection}", but this article is in "${articleCollection}"; pick a category of "${articleCollection}" (or null).`,
  );
}

/**
 * Checks that a category exists and belongs to an article's product (a category carries its
 * product; saveArticle refuses the same move).
 * @param categoryId the category chosen; @param collection the article's product (collection slug).
 * @throws AppError `bad_request:article` (unknown category), `conflict:category` (another product's).
 */
export async function assertCategoryOfProduct(db: Db, categoryId: number, collection: string): Promise<void> {
  const [cat] = await db.select({ collection: categories.collection }).from(categories).where(eq(categories.id, categoryId)).limit(1);
  if (!cat) throw new AppError('bad_request:article', 'Unknown category');
  if (cat.collection !== collection) throw wrongProductCategory(categoryId, cat.collection, collection);
}

/**
 * Publishes, unpublishes (draft) or archives an article. Only published articles are searchable.
 * Setting the status it already has (with no scheduled publish to cancel) writes nothing.
 * @returns the new version (the current one when nothing changed).
 * @throws AppError `not_found:article`, `conflict:article` (stale `expectedVersion`),
 *   `bad_request:article` (publishing an article whose body is empty: EMPTY_PUBLISH_MESSAGE).
 */
export async function setArticleStatus(
  db: Db,
  args: { id: number; status: (typeof articleStatus)[number]; expectedVersion?: number; author?: string; authorId?: number },
): Promise<{ version: number }> {
  if (!articleStatus.includes(args.status)) throw new AppError('bad_request:article', 'Unknown status');
  return pagesChangeAfter(
    db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const [current] = await tx.select().from(articles).where(eq(articles.id, args.id)).for('update').limit(1);
      if (!current) throw new AppError('not_found:article', 'Article not found');
      if (args.expectedVersion && args.expectedVersion !== current.version) {
        throw new AppError('conflict:article', 'This article was changed by someone else. Reload to see their changes.');
      }
      // Already in that status with no schedule to cancel: nothing changes, no revision, same version.
      if (current.status === args.status && current.publishAt === null) return { version: current.version };
      assertPublishable(args.status, current.body, false);
      const version = current.version + 1;
      await tx
        .update(articles)
        .set({
          status: args.status,
          version,
          // Same text, recorded again under the new version.
          liveVersion: version,
          updatedAt: new Date(),
          publishedAt: args.status === 'published' ? (current.publishedAt ?? new Date()) : current.publishedAt,
          // Live, unpublished or archived by hand: a scheduled publish no longer applies.
          publishAt: null,
        })
        .where(eq(articles.id, args.id));
      await tx.insert(articleRevisions).values({
        articleId: args.id,
        version,
        title: current.title,
        summary: current.summary,
        body: current.body,
        status: args.status,
        kind: 'status',
        categoryId: current.categoryId,
        author: args.author,
        authorId: args.authorId,
      });
      await flagCasesForArticle(tx, { article: { id: args.id, slug: current.slug, sourceId: current.sourceId, title: current.title, version } });
      return { version };
    }),
  );
}

/** The bundled sample articles nobody has touched (see archiveUntouchedSampleArticles). */
const untouchedSample = () => and(eq(articles.collection, SAMPLE_COLLECTION), like(articles.sourceId, `${SAMPLE_COLLECTION}/%`), eq(articles.status, 'published'), eq(articles.version, 1));

/**
 * Whether the next import would archive sample articles: some bundled sample article is still
 * published and untouched. Articles written in the admin without a category (collection `resolve`
 * too) do not count.
 * @returns true when at least one such article exists.
 */
export async function untouchedSampleIsLive(db: Db): Promise<boolean> {
  return (await db.select({ id: articles.id }).from(articles).where(untouchedSample()).limit(1)).length > 0;
}

/**
 * Archives the bundled sample articles nobody has touched: published, still at version 1 (no save,
 * publish or unpublish since seeding) and seeded from content/sample (source id `resolve/…`, so an
 * article written in the admin, whose collection may also be `resolve`, is never archived). One
 * transaction: each archived article gets its version bumped and an `archived` revision.
 * @returns the number of articles archived.
 */
async function archiveUntouchedSampleArticles(db: Db): Promise<number> {
  return pagesChangeAfter(
    db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      // The version = 1 test runs under the row lock, so an edit that commits first keeps its article.
      const archived = await tx
        .update(articles)
        .set({ status: 'archived', version: sql`${articles.version} + 1`, liveVersion: sql`${articles.version} + 1`, updatedAt: new Date() })
        .where(untouchedSample())
        .returning({ id: articles.id, version: articles.version, title: articles.title, summary: articles.summary, body: articles.body, categoryId: articles.categoryId });
      if (archived.length > 0) {
        // A status step (with the category, as every revision records it), not a new text.
        await tx.insert(articleRevisions).values(
          archived.map((a) => ({
            articleId: a.id,
            version: a.version,
            title: a.title,
            summary: a.summary,
            body: a.body,
            categoryId: a.categoryId,
            status: 'archived' as const,
            kind: 'status' as const,
            author: 'import',
          })),
        );
      }
      return archived.length;
    }),
  );
}

/** A stored article an import bundle's article matches (by source id, or by slug for admin-written ones). */
interface ImportPrior {
  id: number;
  sourceId: string | null;
  slug: string;
  title: string;
  summary: string;
  body: string;
  categoryId: number | null;
  status: string;
  version: number;
  hash: string | null;
  reviewFlags: ReviewFlag[] | null;
  draftRevisionId: number | null;
}

/** What an import does with one bundle article. */
interface ImportPlanItem {
  article: ImportedArticle;
  prior: ImportPrior | undefined;
  categoryId: number | null;
  flags: ReviewFlag[] | null;
  action: 'create' | 'update' | 'unchanged' | 'changedSinceImport';
  /** Set for `changedSinceImport`. */
  changed?: ChangedSinceImport;
}

/**
 * Decides, without writing, what an import does with each bundle article: `create` (no match),
 * `unchanged` (same content hash), `changedSinceImport` (the stored article was edited — its title,
 * summary, body or category differ from the last revision the import wrote, its status was changed
 * to another than the import would set, or it has a pending draft — so the import would overwrite
 * someone's work; `update` instead when `opts.force`), else `update`. An article the import never wrote (written in the admin, matched by slug) has no
 * import to compare with and is updated as before.
 * @param categoryIds bundle category slug → category id (ids of categories not yet created are
 *   absent: their articles count as changed, which only a dry run sees).
 * @returns one item per bundle article, in bundle order.
 * @throws database errors.
 */
async function planImportArticles(db: Db, bundle: ImportBundle, categoryIds: Map<string, number>, opts: { force: boolean }): Promise<ImportPlanItem[]> {
  const cols = {
    id: articles.id,
    sourceId: articles.sourceId,
    slug: articles.slug,
    title: articles.title,
    summary: articles.summary,
    body: articles.body,
    categoryId: articles.categoryId,
    status: articles.status,
    version: articles.version,
    hash: articles.contentHash,
    reviewFlags: articles.reviewFlags,
    draftRevisionId: articles.draftRevisionId,
  };
  const sourceIds = bundle.articles.map((a) => a.sourceId);
  const existing: ImportPrior[] = sourceIds.length
    ? await db
        .select(cols)
        .from(articles)
        .where(and(eq(articles.collection, bundle.collection), inArray(articles.sourceId, sourceIds)))
    : [];
  const bySource = new Map(existing.map((e) => [e.sourceId, e]));
  // Articles written in the admin have no source id; an export of them (lib/content/export.ts)
  // comes back with the same slug: that article, not a copy under `<slug>-2`.
  const unmatchedSlugs = bundle.articles.filter((a) => !bySource.has(a.sourceId)).map((a) => a.slug);
  const ownBySlug = new Map(
    (unmatchedSlugs.length
      ? await db
          .select(cols)
          .from(articles)
          .where(and(eq(articles.collection, bundle.collection), isNull(articles.sourceId), inArray(articles.slug, unmatchedSlugs)))
      : []
    ).map((e) => [e.slug, e]),
  );
  const priors = bundle.articles.map((a) => bySource.get(a.sourceId) ?? ownBySlug.get(a.slug));
  const priorIds = priors.filter((p) => p !== undefined).map((p) => p.id);
  // The text the import last wrote is its last `save`; its status steps (unpublishing gone files,
  // archiving the sample) record no text of their own (older rows have no category), only a status.
  const [lastText, lastStatus] = await Promise.all([lastImportRevisions(db, { articleIds: priorIds, kind: 'save' }), lastImportRevisions(db, { articleIds: priorIds })]);
  return bundle.articles.map((a, i) => {
    const prior = priors[i];
    const categoryId = a.categorySlug ? (categoryIds.get(a.categorySlug) ?? null) : null;
    // As saveArticle stores it (LF line ends), so an unchanged CRLF file is skipped on re-import.
    const hash = contentHash([a.title, a.summary, normalizeLineEnds(a.body), categoryId, a.sourceUrl]);
    const flags = reviewFlagsOf(a.body.replaceAll('\u0000', ''));
    const base = { article: a, prior, categoryId, flags };
    if (!prior) return { ...base, action: 'create' as const };
    if (prior.hash === hash) return { ...base, action: 'unchanged' as const };
    const last = lastText.get(prior.id);
    const status = lastStatus.get(prior.id)?.status;
    const edited =
      last !== undefined &&
      (prior.draftRevisionId !== null ||
        prior.title !== last.title ||
        prior.summary !== last.summary ||
        prior.body !== last.body ||
        prior.categoryId !== last.categoryId ||
        // A status set by hand only counts when the import would set another one (republishing
        // an article the team republished is no conflict; republishing one it unpublished is).
        (prior.status !== status && prior.status !== (a.status ?? 'published')));
    if (edited && !opts.force) {
      return {
        ...base,
        action: 'changedSinceImport' as const,
        changed: { sourceId: a.sourceId, slug: prior.slug, title: prior.title, version: prior.version, importedVersion: last.version },
      };
    }
    return { ...base, action: 'update' as const };
  });
}

/** Per article, the newest revision the import wrote (author `import`; of one `kind` when given). */
async function lastImportRevisions(db: Db, args: { articleIds: number[]; kind?: (typeof revisionKinds)[number] }) {
  if (args.articleIds.length === 0) return new Map<number, { version: number; title: string; summary: string; body: string; categoryId: number | null; status: string }>();
  const found = await db
    .selectDistinctOn([articleRevisions.articleId], {
      articleId: articleRevisions.articleId,
      version: articleRevisions.version,
      title: articleRevisions.title,
      summary: articleRevisions.summary,
      body: articleRevisions.body,
      categoryId: articleRevisions.categoryId,
      status: articleRevisions.status,
    })
    .from(articleRevisions)
    .where(and(inArray(articleRevisions.articleId, args.articleIds), eq(articleRevisions.author, 'import'), args.kind ? eq(articleRevisions.kind, args.kind) : undefined))
    .orderBy(articleRevisions.articleId, desc(articleRevisions.version));
  return new Map(found.map((r) => [r.articleId, r]));
}

/**
 * What `importBundle` would do with a bundle, reading the database and writing nothing (for
 * `npm run import -- --dry-run`): articles that would be created, updated, left unchanged, kept
 * because they were edited since the last import (or overwritten with `force`), and the articles
 * whose file is gone (unpublished, or deleted with `prune`).
 * @param opts.prune, opts.force as for `importBundle`.
 * @returns an `ImportPreview`.
 * @throws database errors.
 */
export async function previewImport(db: Db, bundle: ImportBundle, opts: { prune?: boolean; force?: boolean } = {}): Promise<ImportPreview> {
  const slugs = bundle.categories.map((c) => c.slug);
  const known = slugs.length ? await db.select({ id: categories.id, slug: categories.slug }).from(categories).where(inArray(categories.slug, slugs)) : [];
  const plan = await planImportArticles(db, bundle, new Map(known.map((c) => [c.slug, c.id])), { force: opts.force === true });
  return {
    collection: bundle.collection,
    imported: plan.filter((p) => p.action === 'create').map((p) => p.article.sourceId),
    updated: plan.filter((p) => p.action === 'update').map((p) => p.article.sourceId),
    skipped: plan.filter((p) => p.action === 'unchanged').length,
    changedSinceImport: plan.filter((p) => p.action === 'changedSinceImport').map((p) => p.changed!),
    gone: (await findGoneArticles(db, bundle, { prune: opts.prune === true })).map((g) => ({
      sourceId: g.sourceId!,
      slug: g.slug,
      title: g.title,
      action: opts.prune ? ('deleted' as const) : ('unpublished' as const),
    })),
  };
}

/**
 * Writes an import bundle: image files (`bundle.assets`) copied into the media store
 * (lib/content/media.ts); categories upserted by slug; each article created, updated (content
 * hash changed), skipped (unchanged) or kept and listed in `changedSinceImport` (edited in the
 * admin or the API since the import last wrote it, unless `opts.force`), keyed by (collection,
 * source id): the same folder imported
 * under another collection name is another set of articles; a bundle article with no match whose
 * slug is that of an article of the collection written in the admin (no source id) updates that
 * article (the export of such an article comes back to it). Imported articles are published
 * (or take the `status` their front matter gave, as an export writes it).
 * One failing article is reported in `failed` and does not stop the rest. When anything was
 * written, planner statistics are refreshed (db/queries/maintenance.ts).
 *
 * Every article's body is checked for text addressed to an AI assistant: the ones with some are
 * listed in `flagged` (an unchanged article's stored `review_flags` is refreshed too, so
 * re-importing fills them in for articles imported before the check existed).
 *
 * Real content replaces the examples: when the bundle is not the sample collection and at least
 * one article was imported or updated, untouched sample articles are archived
 * (`archiveUntouchedSampleArticles`) unless `opts.keepSample`.
 *
 * Files gone from the source: the collection's imported articles whose source id is not in the
 * bundle (as an article, a failure or a skipped file) are unpublished, or deleted with
 * `opts.prune`, and listed in `gone`.
 * @param opts.onProgress called after each article with (done, total).
 * @param opts.keepSample leave the sample articles published (default false).
 * @param opts.dataDir data folder whose media store receives the bundle's images (default
 *   `RESOLVE_DATA_DIR`); a file that cannot be copied is reported in `failed`.
 * @param opts.prune delete the articles whose source file is gone instead of unpublishing them
 *   (see `handleGoneArticles`; default false).
 * @param opts.force overwrite articles edited since the import last wrote them (default false:
 *   they are left alone and listed in `changedSinceImport`; see `planImportArticles`).
 * @returns counts per outcome; `failed` also carries the bundle's own read failures.
 * @throws database errors from category upserts, the sample archive or the statistics refresh
 *   (a failing article is reported, not thrown).
 */
export async function importBundle(
  db: Db,
  bundle: ImportBundle,
  opts: { onProgress?: (done: number, total: number) => void; keepSample?: boolean; dataDir?: string; prune?: boolean; force?: boolean } = {},
): Promise<ImportReport> {
  const report: ImportReport = {
    collection: bundle.collection,
    imported: 0,
    updated: 0,
    skipped: 0,
    failed: [...bundle.failures],
    flagged: [],
    sampleArchived: 0,
    mediaCopied: 0,
    gone: [],
    changedSinceImport: [],
  };
  // Images first: an article is never published pointing at a file not yet in the media store.
  if (bundle.assets?.length) {
    const media = await storeMediaFiles(bundle.assets, opts.dataDir);
    report.mediaCopied = media.copied;
    for (const f of media.failed) report.failed.push({ sourceId: f.file, reason: `image not copied: ${f.reason}` });
  }
  await upsertImportedCollection(db, { slug: bundle.collection, ...(bundle.product ?? { title: titleFromFolder(bundle.collection), description: '', color: null }) });
  const categoryIds = new Map<string, number>();
  for (const c of bundle.categories) {
    const [row] = await db
      .insert(categories)
      .values({ slug: c.slug, name: c.name, description: c.description ?? '', collection: bundle.collection, position: c.position })
      .onConflictDoUpdate({
        target: categories.slug,
        set: { name: c.name, description: c.description ?? '', collection: bundle.collection, position: c.position },
      })
      .returning({ id: categories.id });
    categoryIds.set(c.slug, row.id);
  }
  let done = 0;
  for (const item of await planImportArticles(db, bundle, categoryIds, { force: opts.force === true })) {
    const { article: a, prior, categoryId, flags } = item;
    try {
      if (item.action === 'unchanged') {
        // Derived data, not an edit: no new version, so the article still counts as untouched.
        if (JSON.stringify(prior!.reviewFlags ?? null) !== JSON.stringify(flags)) {
          await db.update(articles).set({ reviewFlags: flags }).where(eq(articles.id, prior!.id));
        }
        report.skipped++;
      } else if (item.action === 'changedSinceImport') {
        report.changedSinceImport.push(item.changed!);
      } else {
        await saveArticle(db, {
          id: prior?.id,
          slug: prior ? undefined : a.slug,
          title: a.title,
          summary: a.summary,
          body: a.body,
          categoryId,
          status: a.status ?? 'published',
          collection: bundle.collection,
          sourceId: a.sourceId,
          sourceUrl: a.sourceUrl,
          license: a.license !== undefined ? a.license : bundle.license,
          attribution: a.attribution !== undefined ? a.attribution : bundle.attribution,
          position: a.position,
          author: 'import',
        });
        if (prior) report.updated++;
        else report.imported++;
      }
      if (flags) report.flagged.push({ sourceId: a.sourceId, count: flags.length });
    } catch (err) {
      report.failed.push({ sourceId: a.sourceId, reason: err instanceof Error ? err.message : String(err) });
    }
    opts.onProgress?.(++done, bundle.articles.length);
  }
  report.gone = await handleGoneArticles(db, bundle, { prune: opts.prune === true });
  const wroteSome = report.imported + report.updated + report.gone.length > 0;
  if (wroteSome && bundle.collection !== SAMPLE_COLLECTION && !opts.keepSample) {
    report.sampleArchived = await archiveUntouchedSampleArticles(db);
  }
  if (wroteSome) await refreshSearchStatistics(db);
  revalidatePublicPages();
  return report;
}

/**
 * Deletes an article with its revisions, chunks and embeddings (cascades), in one transaction
 * that first takes its chunks out of the search statistics. Feedback on it keeps its rows
 * (`article_id` set null).
 * @param args.expectedVersion when given, the delete is refused unless the article is still at it.
 * @returns `{ slug }` of the deleted article.
 * @throws AppError `not_found:article` (unknown id), `conflict:article` (stale `expectedVersion`).
 */
export async function deleteArticle(db: Db, args: { id: number; expectedVersion?: number }): Promise<{ slug: string }> {
  return pagesChangeAfter(
    db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const [current] = await tx.select({ slug: articles.slug, version: articles.version }).from(articles).where(eq(articles.id, args.id)).for('update').limit(1);
      if (!current) throw new AppError('not_found:article', 'Article not found');
      if (args.expectedVersion && args.expectedVersion !== current.version) {
        throw new AppError('conflict:article', `This article was changed by someone else (now version ${current.version}).`);
      }
      await removeArticleStats(tx, { articleId: args.id });
      await tx.delete(articles).where(eq(articles.id, args.id));
      return { slug: current.slug };
    }),
  );
}

/**
 * The collection's imported articles whose source file is no longer in the bundle (neither read,
 * nor failed, nor skipped): published ones become drafts (version bumped, an `import` revision
 * saying so), so search and the assistant stop finding them; with `prune`, every such article is
 * deleted (its chunks and revisions with it; feedback rows keep their text, their article link
 * becomes null). One transaction.
 * @param bundle the bundle just written; its collection scopes the search.
 * @returns the articles acted on, by source id: `unpublished` / `deleted`; drafts and archived
 *   articles are only listed when deleted.
 * @throws database errors.
 */
async function handleGoneArticles(db: Db, bundle: ImportBundle, opts: { prune: boolean }): Promise<GoneArticle[]> {
  const gone = await findGoneArticles(db, bundle, opts);
  if (gone.length === 0) return [];
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const ids = gone.map((g) => g.id);
    if (opts.prune) {
      for (const id of ids) await removeArticleStats(tx, { articleId: id });
      await tx.delete(articles).where(inArray(articles.id, ids));
      return;
    }
    const changed = await tx
      .update(articles)
      .set({ status: 'draft', version: sql`${articles.version} + 1`, liveVersion: sql`${articles.version} + 1`, updatedAt: new Date() })
      .where(and(inArray(articles.id, ids), eq(articles.status, 'published')))
      .returning({ id: articles.id, version: articles.version, title: articles.title, summary: articles.summary, body: articles.body, categoryId: articles.categoryId });
    if (changed.length) {
      await tx.insert(articleRevisions).values(
        changed.map((a) => ({
          articleId: a.id,
          version: a.version,
          title: a.title,
          summary: a.summary,
          body: a.body,
          categoryId: a.categoryId,
          status: 'draft' as const,
          kind: 'status' as const,
          author: 'import',
        })),
      );
    }
  });
  return gone.map((g) => ({ sourceId: g.sourceId!, slug: g.slug, title: g.title, action: opts.prune ? ('deleted' as const) : ('unpublished' as const) }));
}

/**
 * The collection's imported articles whose source file is not in the bundle (neither read, nor
 * failed, nor skipped): the published ones, or all of them with `prune`. Reads only.
 * @returns `{ id, sourceId, slug, title, status }[]` sorted by source id.
 * @throws database errors.
 */
async function findGoneArticles(db: Db, bundle: ImportBundle, opts: { prune: boolean }) {
  const present = new Set([...bundle.articles, ...bundle.failures, ...(bundle.skipped ?? [])].map((a) => a.sourceId));
  const rowsFound = await db
    .select({ id: articles.id, sourceId: articles.sourceId, slug: articles.slug, title: articles.title, status: articles.status })
    .from(articles)
    .where(and(eq(articles.collection, bundle.collection), isNotNull(articles.sourceId)));
  return rowsFound.filter((r) => !present.has(r.sourceId!) && (opts.prune || r.status === 'published')).sort((x, y) => x.sourceId!.localeCompare(y.sourceId!));
}

/** The product an article without one goes to once the help center has several of its own. */
const GENERAL_PRODUCT = { title: 'General', description: 'Articles that are not about one product.', color: null };

/**
 * The product of a new article saved with neither a category nor a product: the sample's
 * collection while the help center has no other product (a fresh install), the only product when
 * it has one. With several, the sample's collection again, but shown as the neutral "General"
 * product (its title, description and colour replaced unless the admin edited them) whenever no
 * published article is left in it: an article written without a category used to bring the
 * archived sample back on the home page as "Ledgerly — Sample help center of a fictional payments
 * company".
 * @returns a collection slug.
 * @throws database errors.
 */
async function defaultCollection(tx: Db): Promise<string> {
  const products = await listProducts(tx);
  const real = products.filter((p) => p.slug !== SAMPLE_COLLECTION);
  if (real.length === 1) return real[0].slug;
  if (real.length > 1 && !products.some((p) => p.slug === SAMPLE_COLLECTION)) await upsertImportedCollection(tx, { slug: SAMPLE_COLLECTION, ...GENERAL_PRODUCT });
  return SAMPLE_COLLECTION;
}
