/**
 * Hydration of fused search results: the article, category and chunk text of each fused hit, and
 * its snippet with highlights (lib/search/snippet.ts). A hit whose chunk matched only through the
 * title, or is a list of links, gets the article's first chunk that holds a query word instead.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@/db/client';
import type { QueryTerm } from './analyze';
import type { FusedArticle, LegName } from './fusion';
import { isLinkListHeading } from './indexing';
import { makeSnippet } from './snippet';

export interface SearchHit {
  slug: string;
  title: string;
  snippet: string;
  highlights: [number, number][];
  /** Fused RRF score (higher is better); not comparable across queries. */
  score: number;
  /** Anchor of the snippet's chunk's heading ('' = top of the article): where the result links to. */
  anchor: string;
  category: { slug: string; name: string } | null;
  source: { collection: string; sourceId: string | null; url: string | null };
  /** Rank (1-based) per leg that found the article. */
  legs: Partial<Record<LegName, number>>;
  /**
   * The best chunk: id, heading path, anchor and full text (the assistant's passage; not sent by
   * the search API). The snippet may come from another chunk of the article, one that shows more of
   * the query's words.
   */
  chunkId: number;
  /** The article's id and the version of its live text (`articles.live_version`) when searched (provenance; not sent by the search API). */
  articleId: number;
  articleVersion: number;
  headingPath: string;
  passageAnchor: string;
  passage: string;
}

/**
 * Turns fused articles into search hits, in the fused order.
 * @param args.fused the fused articles (reciprocalRankFusion), best first.
 * @param args.highlightText the words to highlight in snippets (the query, and its corrected form).
 * @param args.terms the keyword analysis' lexemes, to re-pick a chunk that holds one.
 * @param args.timed wraps each database read to time it (searchArticles' `timings`); optional.
 * @returns one hit per fused article still there (an article deleted meanwhile is left out).
 * @throws database errors.
 */
export async function hydrateHits(
  db: Db,
  args: { fused: FusedArticle[]; highlightText: string; terms: QueryTerm[]; timed?: <T>(name: string, fn: () => Promise<T>) => Promise<T> },
): Promise<SearchHit[]> {
  const timed = args.timed ?? (<T>(_name: string, fn: () => Promise<T>) => fn());
  // One select list for the best chunks and for the snippet chunks below.
  type Detail = {
    article_id: number;
    article_version: number;
    chunk_id: number;
    slug: string;
    title: string;
    content: string;
    anchor: string;
    heading_path: string;
    collection: string;
    source_id: string | null;
    source_url: string | null;
    cat_slug: string | null;
    cat_name: string | null;
    /** Query word groups its text holds. */
    matched: number;
    /** Query word groups the article's title holds. */
    title_matched: number;
    position: number;
  };
  const detailFrom = sql`a.id as article_id, coalesce(a.live_version, a.version) as article_version, c.id as chunk_id, c.position, a.slug, a.title, c.content, c.anchor, c.heading_path, a.collection,
               a.source_id, a.source_url, cat.slug as cat_slug, cat.name as cat_name
        from article_chunks c
        join articles a on a.id = c.article_id
        left join categories cat on cat.id = a.category_id`;
  // The fallback chunk of every article (its first chunk among those whose text holds the most
  // query words, else its first chunk) comes in the same round trip as the best chunks: on the embedded database each
  // query costs its own planning and blocks the others, and most typed searches need one.
  const quoted = (t: QueryTerm, weight = 'C') => `'${t.lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}':${weight}`;
  // How many of the query's words (term groups: a word with its completions or expansions) a chunk's
  // text holds: a snippet should show the words searched for together ("invoice expired" → the
  // chunk about expired invoices, not one that says "invoice" five times).
  const byGroup = new Map<string, QueryTerm[]>();
  for (const t of args.terms) byGroup.set(t.group, [...(byGroup.get(t.group) ?? []), t]);
  const groups = [...byGroup.values()];
  const matched = groups.length
    ? sql.join(
        groups.map((g) => sql`(c.search @@ ${g.map((t) => quoted(t)).join(' | ')}::tsquery)::int`),
        sql` + `,
      )
    : sql`0`;
  // Every chunk carries its article's title at weight A.
  const titleMatched = groups.length
    ? sql.join(
        groups.map((g) => sql`(c.search @@ ${g.map((t) => quoted(t, 'A')).join(' | ')}::tsquery)::int`),
        sql` + `,
      )
    : sql`0`;
  const articleIds = sql.join(
    args.fused.map((f) => sql`${f.articleId}`),
    sql`, `,
  );
  const details = await timed('details', () =>
    rows<Detail & { fallback: boolean }>(
      db,
      groups.length
        ? sql`(select false as fallback, ${matched} as matched, ${titleMatched} as title_matched, ${detailFrom} where c.id in (${sql.join(
            args.fused.map((f) => sql`${f.chunkId}`),
            sql`, `,
          )}))
              union all
              (select distinct on (c.article_id) true as fallback, ${matched} as matched, ${titleMatched} as title_matched, ${detailFrom}
               where c.article_id in (${articleIds})
               order by c.article_id, ${matched} desc, c.position)`
        : sql`select false as fallback, 0 as matched, 0 as title_matched, ${detailFrom} where c.id in (${sql.join(
            args.fused.map((f) => sql`${f.chunkId}`),
            sql`, `,
          )})`,
    ),
  );
  const { highlightText } = args;
  const chosen = new Map<number, { detail: Detail; snippet: ReturnType<typeof makeSnippet>; shown?: Detail }>();
  const fallback = new Map<number, Detail>();
  for (const d of details) {
    if (d.fallback) fallback.set(Number(d.article_id), d);
    else chosen.set(Number(d.article_id), { detail: d, snippet: makeSnippet(d.content, highlightText) });
  }
  // A chunk that matched only through the article title (every chunk carries it) makes a poor
  // snippet and anchor ("Payouts" → a table row of thresholds), and so does a list of links to
  // other articles ("Next steps", "See also"): use the article's first chunk whose text holds the
  // most query words instead (a link list's text is indexed at weight D, so it never counts), or else the
  // top of the article.
  // When that chunk's text holds more of the query's words than the best one's, the snippet and
  // the link come from it; the best chunk stays the assistant's passage (it was ranked for the whole query).
  for (const [articleId, c] of chosen) {
    const d = fallback.get(articleId);
    if (!d) continue;
    if (c.snippet.highlights.length === 0 || isLinkListHeading(c.detail.heading_path)) chosen.set(articleId, { detail: d, snippet: makeSnippet(d.content, highlightText) });
    else if (Number(d.matched) > Number(c.detail.matched)) chosen.set(articleId, { ...c, snippet: makeSnippet(d.content, highlightText), shown: d });
    // The query is the article's subject (its title holds every query word: "refund" → "Manage
    // Refunds"): the result shows and links to where the article starts talking about it, not a
    // short subsection further down that BM25's length normalisation ranked first ("Reason":
    // "Select the reason for the refund").
    else if (groups.length > 0 && Number(c.detail.title_matched) === groups.length && Number(d.matched) >= Number(c.detail.matched) && Number(d.position) < Number(c.detail.position)) {
      chosen.set(articleId, { ...c, snippet: makeSnippet(d.content, highlightText), shown: d });
    }
  }
  const results: SearchHit[] = [];
  for (const f of args.fused) {
    const c = chosen.get(f.articleId);
    if (!c) continue;
    const { detail: d, snippet: snip } = c;
    const shown = c.shown ?? d;
    results.push({
      slug: d.slug,
      title: d.title,
      snippet: snip.text,
      highlights: snip.highlights,
      score: Math.round(f.score * 1e6) / 1e6,
      anchor: shown.anchor,
      category: d.cat_slug ? { slug: d.cat_slug, name: d.cat_name ?? d.cat_slug } : null,
      source: { collection: d.collection, sourceId: d.source_id, url: d.source_url },
      legs: f.legs,
      chunkId: Number(d.chunk_id),
      articleId: Number(d.article_id),
      articleVersion: Number(d.article_version),
      headingPath: d.heading_path,
      passageAnchor: d.anchor,
      passage: d.content,
    });
  }
  return results;
}
