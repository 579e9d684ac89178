/** Published article bodies and sections, read for the assistant (suggestions and passages). */
import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { rows, type Db } from '../client';
import { articleChunks, articles } from '../schema';

export interface ArticleBody {
  slug: string;
  title: string;
  /** Markdown source as stored. */
  body: string;
}

/**
 * Bodies of published articles by slug.
 * @param args.slugs article slugs (duplicates ignored; at most 10 are read).
 * @returns the published ones, in the order of `slugs`; drafts and unknown slugs are left out.
 */
export async function getArticleBodies(db: Db, args: { slugs: string[] }): Promise<ArticleBody[]> {
  const slugs = [...new Set(args.slugs)].slice(0, 10);
  if (slugs.length === 0) return [];
  const found = await db
    .select({ slug: articles.slug, title: articles.title, body: articles.body })
    .from(articles)
    .where(and(inArray(articles.slug, slugs), eq(articles.status, 'published')));
  const bySlug = new Map(found.map((r) => [r.slug, r]));
  return slugs.map((s) => bySlug.get(s)).filter((x): x is ArticleBody => !!x);
}

export interface ArticleSection {
  slug: string;
  /** The chunk's id, its article's id and live version (`articles.live_version`): the passage's provenance. */
  chunkId: number;
  articleId: number;
  articleVersion: number;
  headingPath: string;
  anchor: string;
  content: string;
  position: number;
}

/**
 * Every chunk (section passage) of the given published articles, for picking the passage that
 * best answers a question within an article the search found.
 * @param args.slugs article slugs (at most 10 are read).
 * @returns chunks ordered by article, then position.
 */
export async function getArticleSections(db: Db, args: { slugs: string[] }): Promise<ArticleSection[]> {
  const slugs = [...new Set(args.slugs)].slice(0, 10);
  if (slugs.length === 0) return [];
  return db
    .select({
      slug: articles.slug,
      chunkId: articleChunks.id,
      articleId: articles.id,
      articleVersion: sql<number>`coalesce(${articles.liveVersion}, ${articles.version})`.mapWith(Number),
      headingPath: articleChunks.headingPath,
      anchor: articleChunks.anchor,
      content: articleChunks.content,
      position: articleChunks.position,
    })
    .from(articleChunks)
    .innerJoin(articles, eq(articles.id, articleChunks.articleId))
    .where(and(inArray(articles.slug, slugs), eq(articles.status, 'published')))
    .orderBy(asc(articles.slug), asc(articleChunks.position));
}

/** An article whose title holds a word, and how much of that word's use in its collection it holds. */
export interface TitleWordArticle {
  /** The word as given (lower-case). */
  word: string;
  slug: string;
  title: string;
  /** Chunks of the collection's published articles that hold the word's stem (the title counts for each chunk of its article). */
  chunks: number;
  /** Of those, the article's own. */
  own: number;
}

/**
 * For each given word that the title of exactly one published article of the collection holds
 * (english stemmer, unaccented, as the keyword index reads titles), that article and the number of
 * the collection's chunks holding the word, in all and in that article (`chunk_terms` postings).
 * @param args.words lower-cased words (at most 24 are read; empty: no query).
 * @returns one row per such word; words in no title or in several are left out.
 * @throws database errors.
 */
export async function titleWordArticles(db: Db, args: { collection: string; words: string[] }): Promise<TitleWordArticle[]> {
  const words = [...new Set(args.words)].slice(0, 24);
  if (words.length === 0) return [];
  const found = await rows<{ word: string; slug: string; title: string; chunks: number; own: number }>(
    db,
    sql`
    with q as (
      select w.word, l.lexeme
      from (values ${sql.join(
        words.map((w) => sql`(${w}::text)`),
        sql`, `,
      )}) as w(word)
      cross join lateral unnest(tsvector_to_array(to_tsvector('english', unaccent(w.word)))) as l(lexeme)
    ),
    titled as (
      select q.word, q.lexeme, min(a.id) as id, count(*) as titles
      from q join ${articles} a on a.status = 'published' and a.collection = ${args.collection}
        and q.lexeme = any(tsvector_to_array(to_tsvector('english', unaccent(a.title))))
      group by q.word, q.lexeme
    )
    select t.word, a.slug, a.title,
      (select count(*) from chunk_terms p join ${articles} b on b.id = p.article_id
        where p.lexeme = t.lexeme and b.status = 'published' and b.collection = ${args.collection})::int as chunks,
      (select count(*) from chunk_terms p where p.lexeme = t.lexeme and p.article_id = t.id)::int as own
    from titled t join ${articles} a on a.id = t.id
    where t.titles = 1`,
  );
  return found.map((r) => ({ word: r.word, slug: r.slug, title: r.title, chunks: Number(r.chunks), own: Number(r.own) }));
}
