/**
 * Article and category reads for the help center and the admin. Writes that touch chunks and
 * embeddings live in lib/content/save.ts (one transaction per article).
 */
import 'server-only';
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { rows, type Db } from '../client';
import { FALLBACK_TITLE } from './collections';
import { articles, categories, feedback, type ArticleStatus, type ReviewFlag } from '../schema';

/** A row in lists: home, category pages, related articles, search fallbacks. */
export interface ArticleSummary {
  id: number;
  slug: string;
  title: string;
  summary: string;
  categorySlug: string | null;
  categoryName: string | null;
  collection: string;
  updatedAt: Date;
}

/** Everything an article page or the editor shows. */
export interface ArticleView extends ArticleSummary {
  body: string;
  status: ArticleStatus;
  sourceId: string | null;
  sourceUrl: string | null;
  license: string | null;
  attribution: string | null;
  version: number;
  publishedAt: Date | null;
  categoryId: number | null;
  /** Sentences for the content team to review (text addressed to an AI assistant); null when none. */
  reviewFlags: ReviewFlag[] | null;
}

export interface CategoryView {
  id: number;
  slug: string;
  name: string;
  description: string;
  collection: string;
  /** Published articles in the category. */
  articleCount: number;
}

const summaryColumns = {
  id: articles.id,
  slug: articles.slug,
  title: articles.title,
  summary: articles.summary,
  categorySlug: categories.slug,
  categoryName: categories.name,
  collection: articles.collection,
  updatedAt: articles.updatedAt,
};

/**
 * One article by slug.
 * @param args.slug URL slug; any string is accepted (no match → null).
 * @param args.includeDrafts when true, drafts and archived articles are returned too (admin preview).
 * @returns the article or null.
 */
export async function getArticleBySlug(db: Db, args: { slug: string; includeDrafts?: boolean }): Promise<ArticleView | null> {
  const where = args.includeDrafts ? eq(articles.slug, args.slug) : and(eq(articles.slug, args.slug), eq(articles.status, 'published'));
  const [row] = await db
    .select({
      ...summaryColumns,
      body: articles.body,
      status: articles.status,
      sourceId: articles.sourceId,
      sourceUrl: articles.sourceUrl,
      license: articles.license,
      attribution: articles.attribution,
      version: articles.version,
      publishedAt: articles.publishedAt,
      categoryId: articles.categoryId,
      reviewFlags: articles.reviewFlags,
    })
    .from(articles)
    .leftJoin(categories, eq(categories.id, articles.categoryId))
    .where(where)
    .limit(1);
  return row ?? null;
}

/**
 * One article by id, any status (admin editor).
 * @returns the article or null.
 */
export async function getArticleById(db: Db, args: { id: number }): Promise<ArticleView | null> {
  const [row] = await db.select({ slug: articles.slug }).from(articles).where(eq(articles.id, args.id)).limit(1);
  return row ? getArticleBySlug(db, { slug: row.slug, includeDrafts: true }) : null;
}

/**
 * Categories with their published article counts, ordered by collection (bundled content first)
 * then position. Categories with no published article are left out.
 * @param args.collection only this collection when given.
 */
export async function listCategories(db: Db, args: { collection?: string } = {}): Promise<CategoryView[]> {
  const count = sql<number>`count(${articles.id})`.mapWith(Number);
  const rowsFound = await db
    .select({
      id: categories.id,
      slug: categories.slug,
      name: categories.name,
      description: categories.description,
      collection: categories.collection,
      articleCount: count,
    })
    .from(categories)
    .innerJoin(articles, and(eq(articles.categoryId, categories.id), eq(articles.status, 'published')))
    .where(args.collection ? eq(categories.collection, args.collection) : undefined)
    .groupBy(categories.id)
    .orderBy(sql`${categories.collection} <> 'resolve'`, asc(categories.collection), asc(categories.position), asc(categories.name));
  return rowsFound;
}

/**
 * A category and its published articles in position order.
 * @returns null when no category has that slug.
 */
export async function getCategoryBySlug(db: Db, args: { slug: string }): Promise<{ category: CategoryView; articles: ArticleSummary[] } | null> {
  const [category] = await db.select().from(categories).where(eq(categories.slug, args.slug)).limit(1);
  if (!category) return null;
  const list = await db
    .select(summaryColumns)
    .from(articles)
    .leftJoin(categories, eq(categories.id, articles.categoryId))
    .where(and(eq(articles.categoryId, category.id), eq(articles.status, 'published')))
    .orderBy(asc(articles.position), asc(articles.title));
  return {
    category: {
      id: category.id,
      slug: category.slug,
      name: category.name,
      description: category.description,
      collection: category.collection,
      articleCount: list.length,
    },
    articles: list,
  };
}

/** Popular articles and whether readers ranked them. */
export interface PopularArticles {
  articles: ArticleSummary[];
  /**
   * True when the first article has a view or a thumbs-up (so, by the ordering, some article in
   * scope has). Until then the list is only each product's first articles by position (its
   * introductions), which the pages head "Start here", not "Popular".
   */
  byReaders: boolean;
}

/**
 * Popular published articles: most viewed, then most thumbs-up, then each product's first ones.
 * @param args.limit 1–50; @param args.collection only this product's articles when set.
 * @returns `{ articles, byReaders }` (see PopularArticles).
 */
export async function listPopularArticles(db: Db, args: { limit: number; collection?: string }): Promise<PopularArticles> {
  // Article votes are stored under the article's id (db/queries/feedback.ts), so they follow a rename.
  const ups = sql<number>`(select count(*) from ${feedback} f where f.target_type = 'article' and f.article_id = ${articles.id} and f.rating > 0)`.mapWith(Number);
  const found = await db
    .select({ ...summaryColumns, views: articles.views, ups })
    .from(articles)
    .leftJoin(categories, eq(categories.id, articles.categoryId))
    .where(args.collection ? and(eq(articles.status, 'published'), eq(articles.collection, args.collection)) : eq(articles.status, 'published'))
    // Ties (a new help center has no views yet) take each product's first articles in turn, so one
    // product's pages do not fill a mixed list.
    .orderBy(
      desc(articles.views),
      desc(ups),
      sql`row_number() over (partition by ${articles.collection} order by ${categories.position} nulls last, ${articles.position}, ${articles.id})`,
      sql`${articles.collection} <> 'resolve'`,
      asc(articles.collection),
    )
    .limit(Math.min(Math.max(args.limit, 1), 50));
  const first = found[0];
  return { articles: found.map(({ views: _v, ups: _u, ...a }) => a), byReaders: !!first && (first.views > 0 || first.ups > 0) };
}

/**
 * Related published articles: same category first (by position), excluding the article itself.
 * @param args.limit 1–20.
 */
export async function listRelatedArticles(db: Db, args: { articleId: number; categoryId: number | null; limit: number }): Promise<ArticleSummary[]> {
  const limit = Math.min(Math.max(args.limit, 1), 20);
  if (args.categoryId === null) return [];
  return db
    .select(summaryColumns)
    .from(articles)
    .leftJoin(categories, eq(categories.id, articles.categoryId))
    .where(and(eq(articles.categoryId, args.categoryId), eq(articles.status, 'published'), ne(articles.id, args.articleId)))
    .orderBy(asc(articles.position), asc(articles.title))
    .limit(limit);
}

/** Counts one page view (no personal data). */
export async function recordArticleView(db: Db, args: { articleId: number }): Promise<void> {
  await db
    .update(articles)
    .set({ views: sql`${articles.views} + 1` })
    .where(eq(articles.id, args.articleId));
}

/** A row of the admin article list. */
export interface AdminArticleRow {
  id: number;
  slug: string;
  title: string;
  status: ArticleStatus;
  collection: string;
  categoryName: string | null;
  version: number;
  updatedAt: Date;
  /** Flagged sentences in the body (text addressed to an AI assistant); 0 when none. */
  reviewFlagCount: number;
  /** A published article with draft changes not published yet. */
  hasDraft: boolean;
  /** Scheduled publish time, or null. */
  publishAt: Date | null;
}

const reviewFlagCount = sql<number>`coalesce(jsonb_array_length(${articles.reviewFlags}), 0)`.mapWith(Number);

/**
 * Admin list, newest edit first.
 * @param args.q optional case-insensitive filter on title or slug.
 * @param args.status optional status filter.
 * @param args.needsReview only articles with review flags.
 * @param args.limit default 200, max 1000.
 */
export async function listArticlesForAdmin(db: Db, args: { q?: string; status?: ArticleStatus; needsReview?: boolean; limit?: number } = {}): Promise<AdminArticleRow[]> {
  const filters = [];
  if (args.q?.trim()) {
    const like = `%${args.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(articles.title, like), ilike(articles.slug, like)));
  }
  if (args.status) filters.push(eq(articles.status, args.status));
  if (args.needsReview) filters.push(isNotNull(articles.reviewFlags));
  return db
    .select({
      id: articles.id,
      slug: articles.slug,
      title: articles.title,
      status: articles.status,
      collection: articles.collection,
      categoryName: categories.name,
      version: articles.version,
      updatedAt: articles.updatedAt,
      reviewFlagCount,
      hasDraft: sql<boolean>`${articles.draftRevisionId} is not null and ${articles.status} = 'published'`.mapWith(Boolean),
      publishAt: articles.publishAt,
    })
    .from(articles)
    .leftJoin(categories, eq(categories.id, articles.categoryId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(articles.updatedAt), asc(articles.id))
    .limit(Math.min(args.limit ?? 200, 1000));
}

/**
 * How many articles (any status) have review flags, for the admin list's "Needs review" filter.
 * @returns a count ≥ 0.
 */
export async function countArticlesNeedingReview(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(articles).where(isNotNull(articles.reviewFlags));
  return row?.n ?? 0;
}

/**
 * Categories for the editor's category picker, with their product's title, in home-page order of
 * the products. A product whose articles are all archived (the bundled sample once content was
 * imported) offers none, except the category `keep` (the edited article's own).
 * @param opts.keep a category id always listed (null/undefined: none).
 * @returns `{ id, slug, name, collection, collectionTitle }[]`.
 * @throws database errors.
 */
export async function listAllCategories(db: Db, opts: { keep?: number | null } = {}): Promise<{ id: number; slug: string; name: string; collection: string; collectionTitle: string }[]> {
  return rows(
    db,
    sql`select cat.id, cat.slug, cat.name, cat.collection, coalesce(col.title, ${FALLBACK_TITLE(sql`cat.collection`)}) as "collectionTitle"
        from categories cat left join collections col on col.slug = cat.collection
        where cat.id = ${opts.keep ?? -1}
           or not exists (select 1 from articles a where a.collection = cat.collection)
           or exists (select 1 from articles a where a.collection = cat.collection and a.status <> 'archived')
        order by coalesce(col.position, 0), 5, cat.position, cat.name`,
  );
}

/** Summaries for a set of slugs, published only, in the order given. */
export async function getArticleSummariesBySlugs(db: Db, args: { slugs: string[] }): Promise<ArticleSummary[]> {
  if (args.slugs.length === 0) return [];
  const found = await db
    .select(summaryColumns)
    .from(articles)
    .leftJoin(categories, eq(categories.id, articles.categoryId))
    .where(and(inArray(articles.slug, args.slugs), eq(articles.status, 'published')));
  const bySlug = new Map(found.map((a) => [a.slug, a]));
  return args.slugs.map((s) => bySlug.get(s)).filter((a): a is ArticleSummary => Boolean(a));
}

/** How many articles there are in any status (0 on a new database). */
export async function countArticles(db: Db): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(articles);
  return n;
}

/**
 * Other articles of a product with the same title (case, surrounding and repeated spaces aside),
 * archived ones left out: two live pages of one name read as one in search and in citations.
 * @param args.title the title as saved; @param args.collection the product (collection slug);
 *   @param args.excludeId the article itself.
 * @returns at most 5 `{ id, title, status }`, oldest first; [] for an empty title.
 * @throws database errors.
 */
export async function listSameTitleArticles(db: Db, args: { title: string; collection: string; excludeId: number }): Promise<{ id: number; title: string; status: ArticleStatus }[]> {
  const title = args.title.trim().replace(/\s+/g, ' ').toLowerCase();
  if (!title) return [];
  return db
    .select({ id: articles.id, title: articles.title, status: articles.status })
    .from(articles)
    .where(
      and(
        eq(articles.collection, args.collection),
        ne(articles.id, args.excludeId),
        ne(articles.status, 'archived'),
        sql`lower(regexp_replace(btrim(${articles.title}), '[[:space:]]+', ' ', 'g')) = ${title}`,
      ),
    )
    .orderBy(asc(articles.id))
    .limit(5);
}
