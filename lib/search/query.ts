/**
 * Turning user text into a Postgres tsquery that can never fail to parse: only letter/digit runs
 * survive, joined with OR (`|`) so long natural questions still match; ranking (cover density)
 * prefers chunks that match more of the words. The last word may be a prefix while the user types.
 */

/** Max words taken from a query; the rest is ignored. */
export const MAX_QUERY_WORDS = 24;

/** Lower-cased letter/digit runs of `text`, accents removed (NFKD), at most MAX_QUERY_WORDS. */
export function queryWords(text: string): string[] {
  const words = text
    // Modifier-letter apostrophes (ʼ ʻ ʹ ʽ) are letters to Unicode but apostrophes to a reader.
    .replace(/[\u02b9\u02bb\u02bc\u02bd]/g, ' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  return (words ?? []).map((w) => w.slice(0, 64)).slice(0, MAX_QUERY_WORDS);
}

/**
 * Builds the text for `to_tsquery('english', …)`.
 * @param text raw user text (any characters: quotes, `&|!():*<>`, `-`, NUL are all safe).
 * @param opts.prefix make the last word a prefix match (`word:*`) when it has 2+ characters.
 * @returns e.g. `refund | order:*`, or null when no word is left.
 */
export function buildTsQuery(text: string, opts: { prefix?: boolean } = {}): string | null {
  const words = queryWords(text);
  if (words.length === 0) return null;
  const parts = words.map((w, i) => (opts.prefix && i === words.length - 1 && w.length >= 2 ? `${w}:*` : w));
  return parts.join(' | ');
}
