/**
 * The query parser: user text → words. Only letter/digit runs survive, so no character a user
 * types can reach tsquery syntax; the keyword leg (lib/search/hybrid.ts) stems these words with
 * the index's own configuration and quotes each lexeme. CJK runs are cut into words and compounds
 * ("next.js", "ERR-4012") also give their joined form, as the index does (lib/search/tokens.ts).
 */
import { compoundWords } from './tokens';
import { foldText, words } from './words';

/** Max words taken from a query; the rest is ignored. */
const MAX_QUERY_WORDS = 250;

/**
 * The query's words: `words(text)` (the one tokenizer, lib/search/words.ts), at most
 * MAX_QUERY_WORDS of them.
 * @param text any user text.
 * @returns at most MAX_QUERY_WORDS words of at most 64 characters, in order ("next.js" → next, js).
 */
export function queryWords(text: string): string[] {
  return words(text).slice(0, MAX_QUERY_WORDS);
}

/**
 * Joined forms of the query's compounds, folded like queryWords: "Next.js" → nextjs,
 * "INV-2024-0042" → inv20240042 (see compoundWords in tokens.ts).
 * @returns distinct joined forms, at most MAX_QUERY_WORDS.
 */
export function queryCompounds(text: string): string[] {
  return [...new Set(compoundWords(text.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')).map(foldText))].slice(0, MAX_QUERY_WORDS);
}
