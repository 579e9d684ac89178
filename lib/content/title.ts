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

/**
 * What the content API and the schedule say when an article would go live with nothing in its
 * body (a reader would open an empty page). The editor says it its own way (EMPTY_BODY_MESSAGE).
 */
export const EMPTY_PUBLISH_MESSAGE = 'The article body is empty. An article is published only with a body; write one first.';

/** Removes NUL characters (PostgreSQL text cannot hold them). */
export function stripNul(text: string): string {
  return text.replaceAll('\u0000', '');
}

/**
 * What the editor's address (slug) field keeps of what is typed: lowercase, with spaces and
 * underscores as hyphens, so `UPPER Case  spaces` becomes `upper-case-spaces` rather than a refused
 * `upper case  spaces`. While typing (`final` false) a trailing hyphen stays, so the next word can
 * follow; when the field is left (`final` true) repeated hyphens collapse and end hyphens go.
 * Other characters are left for the save to judge (it names what a slug may hold).
 * @param typed the field's text. @param final whether the field was just left (blur).
 * @returns the text to show in the field.
 */
export function slugFieldValue(typed: string, final = false): string {
  const s = typed.toLowerCase().replace(/[\s_]+/g, '-');
  return final ? s.replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '') : s.replace(/-{2,}/g, '-');
}
