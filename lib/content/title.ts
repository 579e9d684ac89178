/**
 * Title rules shared by the editor form (client and server) and the save pipeline: a title needs
 * at least one visible character. No dependencies, so the editor's client bundle can use it;
 * slugs are in ./slug.ts.
 */

/** Whitespace and the zero-width characters U+200B–U+200D, U+2060 and U+FEFF. */
const INVISIBLE = /^[\s\u200B-\u200D\u2060\uFEFF]*$/u;

/** What the editor and the import say about a title with nothing visible in it. */
export const INVISIBLE_TITLE_MESSAGE = 'The title has no visible characters (only spaces or zero-width characters). Type a title.';

/**
 * Whether a title shows something: false for '' and for a title made only of whitespace and
 * zero-width characters (U+200B–U+200D, U+2060, U+FEFF).
 */
export function hasVisibleText(title: string): boolean {
  return !INVISIBLE.test(title);
}

/** Removes NUL characters (PostgreSQL text cannot hold them). */
export function stripNul(text: string): string {
  return text.replaceAll('\u0000', '');
}
