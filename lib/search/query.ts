/**
 * The query parser: user text → words. Only letter/digit runs survive, so no character a user
 * types can reach tsquery syntax; the keyword leg (lib/search/hybrid.ts) stems these words with
 * the index's own configuration and quotes each lexeme. CJK runs are cut into words and compounds
 * ("next.js", "ERR-4012") also give their joined form, as the index does (lib/search/tokens.ts).
 */
import { compoundWords, segmentCjk } from './tokens';

/** Max words taken from a query; the rest is ignored. */
const MAX_QUERY_WORDS = 250;

/** Lower-case, accents removed (NFKD, then recomposed so Hangul and kana stay whole). */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase();
}

/**
 * Lower-cased letter/digit runs of `text`, accents removed, CJK runs cut into words.
 * @param text any user text.
 * @returns at most MAX_QUERY_WORDS words of at most 64 characters, in order ("next.js" → next, js).
 */
export function queryWords(text: string): string[] {
  const words = fold(
    segmentCjk(
      text
        // Modifier-letter apostrophes (ʼ ʻ ʹ ʽ) are letters to Unicode but apostrophes to a reader.
        .replace(/[\u02b9\u02bb\u02bc\u02bd]/g, ' ')
        // Zero-width and soft-hyphen characters (pasted text) do not split a word: "re\u200bfund" is "refund".
        .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, ''),
    ),
  ).match(/[\p{L}\p{M}\p{N}]+/gu);
  return (words ?? []).map((w) => w.slice(0, 64)).slice(0, MAX_QUERY_WORDS);
}

/**
 * Joined forms of the query's compounds, folded like queryWords: "Next.js" → nextjs,
 * "INV-2024-0042" → inv20240042 (see compoundWords in tokens.ts).
 * @returns distinct joined forms, at most MAX_QUERY_WORDS.
 */
export function queryCompounds(text: string): string[] {
  return [...new Set(compoundWords(text.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')).map(fold))].slice(0, MAX_QUERY_WORDS);
}
