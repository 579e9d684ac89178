import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { getAppDb } from '@/lib/startup';
import { listPopularArticles } from '@/db/queries/articles';
import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { CLIENT_COOKIE, validClientId } from '@/lib/http';
import { enforceRateLimit } from '@/lib/rate-limit';
import { publicSearchResponse, visitorSearch } from '@/lib/search/hybrid';
import type { InitialSearch } from '@/components/help/useSearch';
import { getProducts } from '@/lib/products';
import { findProduct } from '@/db/queries/collections';
import { ProductScope } from '@/components/help/ProductScope';
import { SearchResultsView } from '@/components/help/SearchResultsView';
import { cutAtWord } from '@/components/help/format';
import { MAX_QUERY_CHARS } from '@/lib/search/limits';

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
  const asked = (Array.isArray(q) ? q[0] : q) ?? '';
  // A longer search (a pasted error log, say) is searched by its first 500 characters (code
  // points, as /api/search counts them), cut after a whole word, and the page says so.
  const query = cutAtWord(asked, MAX_QUERY_CHARS);
  const shortened = query !== asked;
  const db = await getAppDb();
  // ?collection= scopes the search to a product, named by slug or title (case-insensitive, as
  // /api/search reads it); an unknown name searches everything and says so.
  const wanted = ((Array.isArray(collection) ? collection[0] : collection) ?? '').trim().slice(0, 100);
  const products = wanted ? await getProducts() : [];
  const product = wanted ? (findProduct(products, wanted) ?? null) : null;
  const [{ articles: popular, byReaders: ranked }, initialResults] = await Promise.all([
    listPopularArticles(db, { limit: 8, collection: product?.slug }),
    firstResults(db, query, product?.slug ?? null),
  ]);

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
        <SearchResultsView
          initialQuery={query}
          initialShortened={shortened}
          initialResults={initialResults}
          popular={popular.map((a) => ({ slug: a.slug, title: a.title, summary: a.summary, categoryName: a.categoryName }))}
          popularLabel={ranked ? 'Popular articles' : 'Start here'}
        />
      </div>
    </div>
  );
}

/** The first page of results the search box would fetch (20, as you type), for the page's HTML. */
const FIRST_RESULTS = 20;

/**
 * Runs the page's query on the server, exactly as the browser's first `/api/search?prefix=1`
 * would (same rate limit, same search log), so results are in the HTML: no fetch after hydration
 * before the largest paint.
 * @param query the searched part of the `q` parameter (at most 500 code points); blank → null.
 * @param collection the product the page is limited to, or null.
 * @returns the results with the key they answer, or null when the query is blank or too long, the
 *   client is over its rate limit, or the search failed (the browser then fetches and shows why).
 */
async function firstResults(db: Db, query: string, collection: string | null): Promise<InitialSearch | null> {
  const q = query.replaceAll('\u0000', '').trim();
  if (!q || [...q].length > MAX_QUERY_CHARS) return null;
  try {
    const clientId = validClientId((await cookies()).get(CLIENT_COOKIE)?.value);
    await enforceRateLimit({ headers: await headers() }, 'search', clientId);
    const res = await visitorSearch(db, { query: q, limit: FIRST_RESULTS, collection: collection ?? undefined, prefix: true, clientId });
    return { query: query.trim(), limit: FIRST_RESULTS, collection, response: publicSearchResponse(res) };
  } catch (err) {
    if (!(err instanceof AppError)) console.error('[resolve] search page: first results failed', err);
    return null;
  }
}
