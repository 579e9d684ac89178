/**
 * The query parser: user text → words. Only letter/digit runs survive, so no character a user
 * types can reach tsquery syntax; the keyword leg (lib/search/hybrid.ts) stems these words with
 * the index's own configuration and quotes each lexeme.
 */

/** Max words taken from a query; the rest is ignored. */
export const MAX_QUERY_WORDS = 250;

/** Lower-cased letter/digit runs of `text`, accents removed (NFKD), at most MAX_QUERY_WORDS. */
export function queryWords(text: string): string[] {
  const words = text
    // Modifier-letter apostrophes (ʼ ʻ ʹ ʽ) are letters to Unicode but apostrophes to a reader.
    .replace(/[\u02b9\u02bb\u02bc\u02bd]/g, ' ')
    // Zero-width and soft-hyphen characters (pasted text) do not split a word: "re\u200bfund" is "refund".
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  return (words ?? []).map((w) => w.slice(0, 64)).slice(0, MAX_QUERY_WORDS);
}
