/** Slugs for new articles, readable in any script (server side: it loads emoji and transliteration tables). */
import * as emoji from 'node-emoji';
import { slugify as transliterateSlug } from 'transliteration';

/**
 * Turns a title into a URL slug of lowercase ASCII letters, digits and single hyphens, at most 80
 * characters: emoji become their names and other scripts are transliterated (`transliteration`),
 * so `How do I refund?` → `how-do-i-refund`, `🚀 Launch day` → `rocket-launch-day`, `Привет мир`
 * → `privet-mir`, `如何退款` → `ru-he-tui-kuan`.
 * @returns the slug, or `article` when the title yields no letter or digit at all.
 */
export function slugify(text: string): string {
  const named = emoji.unemojify(text).replace(/:([a-z0-9_+-]+):/g, ' $1 ');
  return (
    transliterateSlug(named, { lowercase: true, separator: '-' })
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80)
      .replace(/-+$/g, '') || 'article'
  );
}
