/** Small display helpers shared by help-center pages and components. */

import { MAX_QUERY_CHARS } from '@/lib/search/limits';

/**
 * Readable name of a content collection: `resolve` is the bundled help center, imported folders
 * are named after their folder (`polar-docs` → "Polar Docs").
 */
export function collectionLabel(collection: string): string {
  if (collection === 'resolve') return 'Help Center guides';
  const words = collection
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((w) => (w.length <= 3 && /^(api|sdk|ui|cli|faq)$/i.test(w) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)));
  return words.join(' ') || collection;
}

/** "Mar 4, 2025" in a fixed locale and UTC so server and client agree. */
export function formatDate(d: Date | string): string {
  const date = typeof d === 'string' ? new Date(d) : d;
  return date.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A text cut to at most `max` characters (code points, so never inside an emoji): after its last
 * whole word that fits, or at the bound when that word would leave less than half.
 * @param text any text. @param max the bound, in characters.
 * @returns `text` itself when it fits, else the cut text without trailing spaces.
 */
export function cutAtWord(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, max).join('');
  // The next character a space: the head already ends with a whole word.
  const cut = /\s/.test(chars[max]) ? head.length : head.search(/\s\S*$/);
  return (cut > head.length / 2 ? head.slice(0, cut) : head).trimEnd();
}

/**
 * A search query as a page repeats it back ("3 results for “…”"): at most `max` characters,
 * cut after a whole word ({@link cutAtWord}) with an ellipsis, so a pasted paragraph does not fill
 * the screen.
 * @param query the query as searched. @param max longest echo, in characters (default 80).
 * @returns the query itself when it fits, else its shortened form ending in "…".
 */
export function echoQuery(query: string, max = 80): string {
  const cut = cutAtWord(query, max);
  return cut === query ? query : `${cut}…`;
}

/**
 * The part of a typed search that is searched: trimmed, and a text longer than MAX_QUERY_CHARS (a
 * pasted log) cut to its first ones after a whole word ({@link cutAtWord}), as `/search` cuts its `q`.
 * @param typed the search box's text. @returns the text to search ('' for blank).
 */
export function searchedPart(typed: string): string {
  return cutAtWord(typed.trim(), MAX_QUERY_CHARS);
}
