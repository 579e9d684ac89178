/**
 * Dynamic route segments read safely. Next decodes a segment once before a page sees it and the
 * proxy (proxy.ts) turns an undecodable path into the 404 page; what is left here is a segment
 * that decodes to something no slug can be: NUL or other control characters (PostgreSQL rejects
 * NUL in text, which was a 500), a lone surrogate, a leftover escape ("%E0" after one decoding)
 * or an absurd length. Pages answer those with notFound(), never with an exception.
 */

/** Longest slug segment accepted (slugs are made from titles, far shorter). */
const MAX_SLUG_CHARS = 200;

/**
 * A slug from a route parameter, or null when it cannot name anything.
 * @param raw the segment as Next passes it (already percent-decoded once); `undefined`/arrays
 *   (a catch-all) are refused too.
 * @returns the slug (a percent-encoded leftover such as `Spree%20Commerce` is decoded once more
 *   when that decodes cleanly), or null for: empty, over MAX_SLUG_CHARS UTF-16 units, control
 *   characters (U+0000–U+001F, U+007F–U+009F), lone surrogates, or a `%` escape that is not valid
 *   UTF-8. Never throws.
 */
export function slugParam(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_SLUG_CHARS * 3) return null;
  let value = raw;
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  if (value.length === 0 || value.length > MAX_SLUG_CHARS) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is refused
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return null;
  if (!isWellFormed(value)) return null;
  return value;
}

/** True when `s` has no lone surrogate (String.prototype.isWellFormed, Node ≥ 20). */
function isWellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}
