import type { Metadata } from 'next';
import { getAppDb } from '@/lib/startup';
import { listPopularArticles } from '@/db/queries/articles';
import { getProducts } from '@/lib/products';
import { ProductScope } from '@/components/help/ProductScope';
import { SearchResultsView } from '@/components/help/SearchResultsView';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<{ q?: string | string[]; collection?: string | string[] }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { q } = await searchParams;
  // Control characters dropped, and a long query shortened to 60 characters (code points) in the tab title.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: they are what is dropped
  const chars = [...((Array.isArray(q) ? q[0] : q) ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').trim()];
  const query = chars.length > 60 ? `${chars.slice(0, 60).join('').trimEnd()}…` : chars.join('');
  return { title: query ? `Search: ${query}` : 'Search' };
}

export default async function SearchPage({ searchParams }: Props) {
  const { q, collection } = await searchParams;
  const query = ((Array.isArray(q) ? q[0] : q) ?? '').slice(0, 500);
  const db = await getAppDb();
  // ?collection= scopes the search to a product (case-insensitive); an unknown name searches everything and says so.
  const wanted = ((Array.isArray(collection) ? collection[0] : collection) ?? '').trim().slice(0, 100);
  const products = wanted ? await getProducts() : [];
  const product = wanted ? (products.find((p) => p.slug.toLowerCase() === wanted.toLowerCase()) ?? null) : null;
  const popular = await listPopularArticles(db, { limit: 8, collection: product?.slug });

  return (
    <div className="mx-auto max-w-3xl px-4 pt-10 sm:px-6 sm:pt-14">
      <h1 className="text-3xl font-semibold tracking-tight text-fg sm:text-4xl">Search</h1>
      <p className="mt-2 text-muted">Results update as you type. Typos are fine.</p>
      {product && <ProductScope product={{ slug: product.slug, title: product.title }} />}
      {wanted && !product && (
        <p role="status" className="mt-3 rounded-xl border border-line bg-surface px-4 py-2.5 text-sm text-muted">
          There is no product named “{wanted}”; showing results from all products.
        </p>
      )}
      <div className="mt-6">
        <SearchResultsView initialQuery={query} popular={popular.map((a) => ({ slug: a.slug, title: a.title, summary: a.summary, categoryName: a.categoryName }))} />
      </div>
    </div>
  );
}
