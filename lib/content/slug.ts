/** Slugs for new articles, readable in any script (server side: it loads emoji and transliteration tables). */
import * as emoji from 'node-emoji';
import { slugify as transliterateSlug } from 'transliteration';
import { stripInlineHtml } from '@/lib/search/tokens';

/**
 * Turns a title into a URL slug of lowercase ASCII letters, digits and single hyphens, at most 80
 * characters: emoji become their names and other scripts are transliterated (`transliteration`),
 * so `How do I refund?` → `how-do-i-refund`, `🚀 Launch day` → `rocket-launch-day`, `Привет мир`
 * → `privet-mir`, `如何退款` → `ru-he-tui-kuan`. Inline HTML tags in a title are not words of it
 * (`<b>Refunds</b>` → `refunds`; tags as the search index drops them, `stripInlineHtml`), and a
 * long title is cut after its last whole word that fits.
 * @returns the slug (≤ SLUG_MAX characters), or `article` when the title yields no letter or digit at all.
 */
export function slugify(text: string): string {
  const untagged = stripInlineHtml(text);
  const named = emoji.unemojify(untagged).replace(/:([a-z0-9_+-]+):/g, ' $1 ');
  const full = transliterateSlug(named, { lowercase: true, separator: '-' })
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (full.length <= SLUG_MAX) return full || 'article';
  // A word that runs past the limit is left out whole; a single word longer than it is cut.
  const cut = full.slice(0, SLUG_MAX + 1);
  const lastBreak = cut.lastIndexOf('-');
  return (lastBreak > 0 ? cut.slice(0, lastBreak) : full.slice(0, SLUG_MAX)).replace(/-+$/g, '');
}

/** Longest slug slugify makes, in characters. */
const SLUG_MAX = 80;
