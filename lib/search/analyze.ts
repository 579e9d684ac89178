/**
 * Query analysis, made once per search and handed to every leg: the query's words analyzed as the
 * index was built (english stemmer, unaccent), thesaurus expansions, joined compounds, completions
 * of the word being typed, each lexeme with its document frequency and BM25 idf.
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@/db/client';
import { queryCompounds, queryWords } from './query';
import { isCjkWord } from './tokens';
import { STOP_WORDS } from './words';
import { EXPANSION_WEIGHT, expandQueryParts, SYNONYM_WEIGHT } from './synonyms';

/** A query lexeme with its document frequency, as the keyword leg weighs it. */
export interface QueryTerm {
  /** An english stem as stored in the index, e.g. `refund`, `payment`. */
  lexeme: string;
  /** Chunks containing it (from `search_terms`). */
  df: number;
  /** BM25 idf: ln(1 + (N − df + 0.5) / (df + 0.5)) (Robertson & Zaragoza 2009, Lucene's form), times the expansion weight for a related thesaurus entry's words (synonyms weigh as typed: synonyms.ts). */
  idf: number;
  /**
   * Terms of one group count once per chunk, by their best score: the completions of the word
   * being typed are alternatives ("cust…" → customer or customize), not separate words.
   */
  group: string;
}

/** What the analyzer made of a query. */
export interface QueryAnalysis {
  /** Lexemes found in the index with their weights (typed, thesaurus expansions, completions of the last word). */
  terms: QueryTerm[];
  /** Chunks in the index. */
  n: number;
  /** True when the analyzer left no lexeme at all (only stop words or symbols). */
  empty: boolean;
  /** Typed lexemes the index does not know (typo candidates). */
  unknown: string[];
  /** Indexed lexemes the word being typed completes to (prefix mode), most frequent first. */
  completions: string[];
}

/**
 * Adjacent query words written together ("next js" → nextjs, "web hook" → webhook), for the
 * analyzer to keep when the index holds them as one word. Pairs with a stop word or a CJK word are
 * left out ("log in" stays two words).
 * @param words query words (queryWords).
 * @returns the joined pairs, in order.
 */
function pairJoins(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const [a, b] = [words[i - 1], words[i]];
    if (STOP_WORDS.has(a) || STOP_WORDS.has(b) || isCjkWord(a) || isCjkWord(b)) continue;
    out.push(a + b);
  }
  return out;
}

/** Lexemes a query is searched by at most (the heaviest; each costs one postings read). */
const MAX_QUERY_TERMS = 24;

/**
 * Weight of a completion of the word being typed, as a share of the typed word's own weight, when
 * the index holds the typed word itself: "test mode" while typing ranked "Digital Products Model"
 * and three other "…Model" pages above Stripe's "Test Mode" section.
 */
const COMPLETION_SHARE = 0.5;

/** Completions of the word being typed that the keyword leg searches for, most frequent first. */
const PREFIX_COMPLETIONS = 8;

/**
 * Analyzes a query the way the index was built (english stemmer, unaccent) and looks up each
 * lexeme's document frequency in one round trip. With `prefix`, the last word (2+ letters, not a
 * stop word) is also completed to the indexed lexemes it starts and, for 4+ letters, to the stems of
 * the indexed words it starts ("subscripti" → subscription → `subscript`), at most
 * PREFIX_COMPLETIONS, most frequent first. A completion weighs no more than a moderately rare word
 * (df = 1% of N), the typed word itself (when indexed) its own idf, and the completions count once
 * per chunk, by the best of them (one group). At most MAX_QUERY_TERMS lexemes are kept, the heaviest.
 * @param args.query any user text.
 * @param args.expand add the support thesaurus' words: a synonym's at SYNONYM_WEIGHT, a related entry's at EXPANSION_WEIGHT (default true).
 * @returns see QueryAnalysis.
 * @throws database errors.
 */
export async function analyzeQuery(db: Db, args: { query: string; prefix?: boolean; expand?: boolean }): Promise<QueryAnalysis> {
  const all = queryWords(args.query);
  // While typing, a last word of one letter is the start of a word, not a word ("how to r").
  const typed = args.prefix && all.length && all[all.length - 1].length < 2 ? all.slice(0, -1) : all;
  // Single letters count only beside a real word ("tee in s m l xl"): alone, or with stop words
  // only, they are no query ("x", "a & b").
  const letter = (w: string) => w.length === 1 && !/\p{N}/u.test(w) && !isCjkWord(w);
  const words = typed.some((w) => !letter(w) && !STOP_WORDS.has(w)) ? typed : typed.filter((w) => !letter(w));
  if (words.length === 0) return { terms: [], n: 0, empty: true, unknown: [], completions: [] };
  // A query that ends in punctuation ("…in my physical shop?") has its last word finished: no completions.
  const finished = !/[\p{L}\p{N}]$/u.test(args.query.trimEnd());
  const last = args.prefix && !finished && words[words.length - 1].length >= 2 ? words[words.length - 1] : null;
  const { same, related: extra } = args.expand === false ? { same: [], related: [] } : expandQueryParts(args.query);
  // Joined forms: the query's compounds ("next.js" → nextjs) and adjacent words that the index
  // holds as one word ("next js" → nextjs), so the three spellings meet on one term.
  const joined = [...queryCompounds(args.query), ...pairJoins(words)];
  type Origin = 'typed' | 'expanded' | 'synonym' | 'prefix' | 'joined';
  // The thesaurus's words, stemmed as the index is, tagged with their kind (weighed below).
  const expansion = (list: string[], origin: 'expanded' | 'synonym') =>
    list.length
      ? sql`union all select e.lexeme, st.df, (select df from n), ${sql.raw(`'${origin}'`)}, null from unnest(tsvector_to_array(to_tsvector('english', ${list.join(' ')}))) as e(lexeme) left join search_terms st on st.lexeme = e.lexeme`
      : sql``;
  const found = await rows<{ lexeme: string; df: number | null; n: number | null; origin: Origin; stem: string | null }>(
    db,
    sql`with n as (select df from search_terms where lexeme = '')
        select q.lexeme, st.df, (select df from n) as n, 'typed' as origin, null::text as stem
        from unnest(tsvector_to_array(to_tsvector('english', unaccent(${words.join(' ')})))) as q(lexeme)
        left join search_terms st on st.lexeme = q.lexeme
        ${joined.length ? sql`union all select j.lexeme, st.df, (select df from n), 'joined', null from unnest(tsvector_to_array(to_tsvector('english', unaccent(${joined.join(' ')})))) as j(lexeme) join search_terms st on st.lexeme = j.lexeme and st.df > 0` : sql``}
        ${expansion(extra, 'expanded')}
        ${expansion(same, 'synonym')}
        ${
          last
            ? sql`union all select c.lexeme, c.df, (select df from n), 'prefix', p.lexeme
                  from unnest(tsvector_to_array(to_tsvector('english', unaccent(${last})))) as p(lexeme)
                  left join lateral (
                    -- queryWords keeps letters and digits only, so the stem holds no LIKE wildcard.
                    select lexeme, df from (
                      select lexeme, df from search_terms where lexeme like p.lexeme || '%' and df > 0
                      ${
                        last.length >= 4
                          ? sql`union
                      -- stems the typed word has already passed: the stemmer cuts words short
                      -- ("subscription" is indexed as subscript), so complete the indexed
                      -- surface words it starts and take their stems
                      select st.lexeme, st.df
                      from (select word from search_words where word like ${last} || '%' and df > 0 order by df desc limit ${PREFIX_COMPLETIONS}) sw
                      cross join lateral unnest(tsvector_to_array(to_tsvector('english', sw.word))) as l(lexeme)
                      join search_terms st on st.lexeme = l.lexeme and st.df > 0`
                          : sql``
                      }
                    ) x
                    order by df desc, lexeme limit ${PREFIX_COMPLETIONS}
                  ) c on true`
            : sql``
        }`,
  );
  const n = Math.max(1, Number(found[0]?.n ?? 1));
  const idf = (df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));
  const stem = found.find((r) => r.origin === 'prefix')?.stem ?? null;
  // The word being typed, when the index holds it as typed, may be the whole word ("test mode",
  // "pos"): its completions ("model", "postgresql") then weigh at most COMPLETION_SHARE of it, so
  // the pages with the word itself come first while the longer words still count.
  const typedDf = Number(found.find((r) => r.origin === 'prefix' && r.lexeme === r.stem)?.df ?? 0);
  const completionCap = typedDf > 0 ? COMPLETION_SHARE * idf(typedDf) : Infinity;
  const weights = new Map<string, QueryTerm>();
  const add = (lexeme: string, df: number, weight: number, group = lexeme) => {
    const cur = weights.get(lexeme);
    if (!cur || cur.idf < weight) weights.set(lexeme, { lexeme, df, idf: weight, group });
  };
  const unknown: string[] = [];
  const completions: string[] = [];
  for (const r of found) {
    const df = Number(r.df ?? 0);
    if (r.origin === 'prefix') {
      if (r.lexeme) {
        // The typed word itself when indexed keeps its own weight; a longer completion weighs no
        // more than a moderately rare word (df = 1% of N), so a rare one cannot outweigh the query.
        add(r.lexeme, df, r.lexeme === r.stem ? idf(df) : Math.min(idf(df), idf(Math.max(1, n * 0.01)), completionCap), ' prefix' /* no lexeme has a space */);
        completions.push(r.lexeme);
      }
      continue;
    }
    if (r.origin === 'typed' && r.lexeme === stem) continue; // being typed: its completions stand for it
    if (r.origin === 'joined') {
      add(r.lexeme, df, idf(df));
      continue;
    }
    if (df === 0) {
      if (r.origin === 'typed') unknown.push(r.lexeme);
      continue;
    }
    add(r.lexeme, df, idf(df) * (r.origin === 'expanded' ? EXPANSION_WEIGHT : r.origin === 'synonym' ? SYNONYM_WEIGHT : 1));
  }
  // A long question keeps its most telling words: the MAX_QUERY_TERMS heaviest lexemes.
  const terms = [...weights.values()].sort((a, b) => b.idf - a.idf || a.lexeme.localeCompare(b.lexeme)).slice(0, MAX_QUERY_TERMS);
  return { terms, n, empty: found.length === 0, unknown, completions };
}
