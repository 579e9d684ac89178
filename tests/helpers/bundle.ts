/**
 * A small import bundle for tests: one collection with one category holding the given articles
 * (slug, title, Markdown body), in order.
 */
import type { ImportBundle } from '@/lib/content/types';

/**
 * @param collection the collection (product) name; its category is `<collection>-cat`.
 * @param articles articles in order; source ids are `<collection>/<slug>.md`.
 * @returns an ImportBundle for `importBundle`.
 */
export function oneCategoryBundle(collection: string, articles: { slug: string; title: string; body: string }[]): ImportBundle {
  return {
    collection,
    license: null,
    attribution: null,
    categories: [{ slug: `${collection}-cat`, name: collection, description: '', position: 0 }],
    articles: articles.map((a, i) => ({
      sourceId: `${collection}/${a.slug}.md`,
      slug: a.slug,
      title: a.title,
      summary: '',
      body: a.body,
      categorySlug: `${collection}-cat`,
      sourceUrl: null,
      position: i,
    })),
    failures: [],
  };
}
