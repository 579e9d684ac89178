/** Small display helpers shared by help-center pages and components. */

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
