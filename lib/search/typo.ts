/**
 * Typo correction against the vocabulary of indexed words (`search_words`): pg_trgm proposes
 * candidates (similarity ≥ 0.2, GIN trigram index), and the optimal string alignment distance
 * (Damerau–Levenshtein with adjacent transpositions; Damerau 1964) picks the correction —
 * trigrams alone miss transpositions such as "refnud" → "refund" (similarity 0.27).
 */
import 'server-only';
import { sql } from 'drizzle-orm';
import { rows, type Db } from '@/db/client';
import { loadWordVectors } from '@/lib/ai/glove';

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => [i, ...Array<number>(n).fill(0)]);
  for (let j = 0; j <= n; j++) d[0][j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/**
 * A correction keeps the typed word's first letter: writers rarely get a word's first letter wrong
 * (Yannakoudakis & Fawthrop 1983; Kukich 1992, "Techniques for automatically correcting words in
 * text", ACM Computing Surveys 24(4), §2.1.2), and a word that starts differently from every
 * indexed word is more often a name the help center lacks. On every eval set's questions, the
 * only two corrections that changed the first letter were both wrong: "Pinterest" → interest
 * (answered from Avalara's "Connect Avalara") and "vape" → cape. "arive" is one edit from both
 * "arrive" and the more frequent "drive"; it meant the first.
 * @param word the typed word; @param candidate an indexed word. @returns true when both start
 *   with the same letter; pure.
 */
function keepsFirstLetter(word: string, candidate: string): boolean {
  return word[0] === candidate[0];
}

/** Max edits allowed for a word of this length: 1 up to 5 letters, else 2. */
function maxEdits(word: string): number {
  return word.length <= 5 ? 1 : 2;
}

/** English words shorter than this are never corrected (short words have too many real neighbours: clue/blue, scent/sent). */
const MIN_ENGLISH_CORRECTION_LENGTH = 7;
/** How many times more frequent in English the correction must be than the word typed. */
const ENGLISH_FREQUENCY_RATIO = 4;

/**
 * Whether a real English word absent from the index reads as a misspelling of an indexed word:
 * one edit apart (the caller keeps only candidates with the same first letter), 7+ letters, and the indexed word at least
 * ENGLISH_FREQUENCY_RATIO times more frequent in English (GloVe vocabulary rank, most frequent
 * first). "lightening" (rank ≈ 44k) → lightning (≈ 6k) passes; on the dev set's words no real
 * word passes that was not meant (candle → handle, closet → close, scent → sent are all stopped).
 * @param word the typed word; `rank` its English frequency rank.
 * @param candidateRank the indexed word's rank (undefined: not an English word).
 * @param dist their edit distance.
 * @returns true when the correction may be offered; pure, never throws.
 */
function englishMisspelling(word: string, rank: number, candidateRank: number | undefined, dist: number): boolean {
  return dist === 1 && word.length >= MIN_ENGLISH_CORRECTION_LENGTH && candidateRank !== undefined && candidateRank * ENGLISH_FREQUENCY_RATIO <= rank;
}

/** Unknown words corrected per query at most. */
const MAX_CORRECTIONS = 4;

export interface Correction {
  from: string;
  to: string;
}

/**
 * Corrects the words of a query that are not in the vocabulary.
 * @param words lower-cased, unaccented query words (see queryWords).
 * @returns the corrections made, each to an indexed word with the same first letter
 *   (keepsFirstLetter) within maxEdits (words with digits, words under 4 letters, known words and
 *   words with no such neighbour are kept as they are).
 */
export async function correctWords(db: Db, words: string[]): Promise<Correction[]> {
  const candidates = [...new Set(words.filter((w) => w.length >= 4 && /^[a-z]+$/.test(w)))];
  if (candidates.length === 0) return [];
  // Known: a surface word of the chunk texts, or a word whose stem is indexed (a word found only
  // in titles or summaries, or only joined from "next.js", is no typo either).
  const known = await rows<{ word: string }>(
    db,
    sql`select q.word from unnest(array[${sql.join(
      candidates.map((w) => sql`${w}`),
      sql`, `,
    )}]::text[]) as q(word)
        where exists (select 1 from search_words sw where sw.word = q.word and sw.df > 0)
           or exists (select 1 from search_terms st where st.lexeme = any(tsvector_to_array(to_tsvector('english', q.word))) and st.df > 0)`,
  );
  const knownSet = new Set(known.map((k) => k.word));
  const out: Correction[] = [];
  // At most MAX_CORRECTIONS unknown words, longest first (long rambling messages would cost a lookup per word).
  // A real English word that the articles happen not to use ("jacket", "closet") is rarely a typo:
  // it is corrected only on the strict terms of englishMisspelling ("lightening" → lightning).
  const english = loadWordVectors().index;
  // Words that are no English word come first: they are the likelier typos.
  const isEnglish = (w: string) => (english.has(w) ? 1 : 0);
  const unknown = candidates
    .filter((w) => !knownSet.has(w) && (!english.has(w) || w.length >= MIN_ENGLISH_CORRECTION_LENGTH))
    .sort((a, b) => isEnglish(a) - isEnglish(b) || b.length - a.length)
    .slice(0, MAX_CORRECTIONS);
  if (unknown.length === 0) return out;
  // One round trip for all unknown words: trigram candidates per word (GIN index), ranked in JS.
  const near = await rows<{ w: string; word: string; df: number }>(
    db,
    sql`select q.w, s.word, s.df
        from unnest(array[${sql.join(
          unknown.map((w) => sql`${w}`),
          sql`, `,
        )}]::text[]) as q(w)
        cross join lateral (
          select word, df from search_words where df > 0 and word % q.w
          order by similarity(word, q.w) desc, df desc limit 25
        ) s`,
  );
  for (const w of unknown) {
    const rank = english.get(w);
    let best: { word: string; dist: number; df: number } | null = null;
    for (const c of near) {
      if (c.w !== w) continue;
      const dist = editDistance(w, c.word);
      if (dist > maxEdits(w)) continue;
      if (!keepsFirstLetter(w, c.word)) continue;
      if (rank !== undefined && !englishMisspelling(w, rank, english.get(c.word), dist)) continue;
      // Ranked by distance, then by frequency.
      if (!best || dist < best.dist || (dist === best.dist && Number(c.df) > best.df)) best = { word: c.word, dist, df: Number(c.df) };
    }
    if (best) out.push({ from: w, to: best.word });
  }
  return out;
}

/**
 * The word a user is still typing, completed for display: the most frequent word of the chunk
 * texts that starts with it (the word itself when the texts use it).
 * @param word the last query word as typed, lower-cased (see queryWords).
 * @returns the completed word, or null when the texts have no word starting with it or it is not
 *   plain letters (2+). One query on `search_words` (its trigram index serves the prefix match).
 * @throws database errors.
 */
export async function completeWord(db: Db, word: string): Promise<string | null> {
  if (!/^[a-z]{2,}$/.test(word)) return null;
  const [best] = await rows<{ word: string }>(
    db,
    sql`select word from search_words where df > 0 and (word = ${word} or word like ${`${word}%`})
        order by (word = ${word}) desc, df desc, word limit 1`,
  );
  return best?.word ?? null;
}

/**
 * English words more frequent than this rank (GloVe vocabulary order) are the ones a typo is
 * read as: "yestrday" → yesterday (rank ≈ 2.7k), "warehous" → warehouse (≈ 7.7k); not "monero"
 * → monro (≈ 65k), a surname.
 */
const COMMON_ENGLISH_RANK = 30_000;

/** Common English words (COMMON_ENGLISH_RANK) by first letter, for `misspelledEnglish` (built once). */
let byInitial: Map<string, string[]> | undefined;

/**
 * Whether a word no article uses is a misspelling of a common English word rather than a word of
 * its own: not in the GloVe vocabulary (100k most frequent words), letters only, 4+ letters, and
 * one edit (insertion, deletion, substitution or adjacent swap) from a common vocabulary word
 * (COMMON_ENGLISH_RANK) with the same first letter: "yestrday" (→ yesterday), "warehous" (→ warehouse), "chnage" (→ change) are;
 * "paypal", "quickbooks", "zapier" are not (vocabulary words, or too far from any). Two edits
 * would make names of things the help center lacks read as typos: "ethereum" is two from
 * "ethereal", "monero" two from "money", and "Can I accept Ethereum?" was answered from a
 * Shopify page once its one topic word was dropped as a typo.
 * @param word a folded word (see words.ts). @returns true for a misspelling; pure apart from the
 *   one-time vocabulary load (~40 MB, shared with the offline embedding), never throws for a word.
 * @throws Error when the word-vector package is missing (as loadWordVectors).
 */
export function misspelledEnglish(word: string): boolean {
  if (word.length < 4 || !/^[a-z]+$/.test(word)) return false;
  const english = loadWordVectors().index;
  if (english.has(word)) return false;
  if (!byInitial) {
    byInitial = new Map();
    for (const [w, rank] of english) {
      if (rank >= COMMON_ENGLISH_RANK || !/^[a-z]+$/.test(w)) continue;
      const list = byInitial.get(w[0]) ?? [];
      list.push(w);
      byInitial.set(w[0], list);
    }
  }
  for (const w of byInitial.get(word[0]) ?? []) {
    if (Math.abs(w.length - word.length) > 1) continue;
    if (editDistance(word, w) <= 1) return true;
  }
  return false;
}
