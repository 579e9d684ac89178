import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getAppDb } from '@/lib/startup';
import { listCategories, listPopularArticles } from '@/db/queries/articles';
import { getProducts } from '@/lib/products';
import { findProduct } from '@/db/queries/collections';
import { slugParam } from '@/lib/route-params';
import { ArticleList } from '@/components/help/ArticleList';
import { AskAssistantButton } from '@/components/help/AskAssistantButton';
import { Breadcrumbs } from '@/components/help/Breadcrumbs';
import { CategoryCard } from '@/components/help/CategoryCard';
import { plural } from '@/components/help/format';
import { ProductIcon } from '@/components/help/ProductIcon';
import { ProductScope } from '@/components/help/ProductScope';
import { SearchBox } from '@/components/help/SearchBox';

/** Static (ISR): each page is rendered on its first request, then revalidated on every content write (lib/page-cache.ts), at the latest after 300 s. */
export const revalidate = 300;

/** None at build time (the build has no database): every page is made on its first request. */
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

/**
 * The product by slug, case-insensitively (a link typed in capitals still works); a title with an
 * escape left in it ("Spree%20Commerce") is decoded once more, and a segment that decodes to
 * nothing valid (lib/route-params.ts) is null, never an exception.
 */
const load = cache(async (raw: string) => {
  const slug = slugParam(raw);
  if (slug === null) return null;
  const key = slug.toLowerCase();
  return (await getProducts()).find((p) => p.slug.toLowerCase() === key) ?? null;
});

/** The product a short name or title in the address means ("/products/btcpay"), for a redirect. */
const byName = cache(async (raw: string) => {
  const slug = slugParam(raw);
  return slug === null ? null : (findProduct(await getProducts(), slug) ?? null);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await load((await params).slug);
  return product ? { title: `${product.title} help`, description: product.description || undefined } : { title: 'Not found' };
}

/** A product's landing page: its search (scoped), popular articles and categories. */
export default async function ProductPage({ params }: Props) {
  const { slug } = await params;
  const product = await load(slug);
  if (!product) {
    // "/products/btcpay" or "/products/Spree Commerce": the product's own address.
    const named = await byName(slug);
    if (named) redirect(`/products/${named.slug}`);
    notFound();
  }
  const db = await getAppDb();
  const [categories, { articles: popular, byReaders: ranked }] = await Promise.all([listCategories(db, { collection: product.slug }), listPopularArticles(db, { limit: 6, collection: product.slug })]);
  return (
    <div data-collection={product.slug} lang={product.locale}>
      <ProductScope product={{ slug: product.slug, title: product.title }} />
      <section className="hero-bg border-b border-line">
        <div className="mx-auto max-w-4xl px-4 pb-10 pt-8 sm:px-6 sm:pb-14 sm:pt-10">
          <Breadcrumbs items={[{ label: 'Home', href: '/' }, { label: product.title }]} />
          <div className="mt-6 flex items-center gap-4">
            <ProductIcon title={product.title} color={product.color} className="size-12 text-xl" />
            <div className="min-w-0">
              <h1 className="text-3xl font-semibold tracking-tight text-fg [overflow-wrap:anywhere] sm:text-4xl">{product.title}</h1>
              <p className="mt-1 text-sm text-subtle">
                {plural(categories.length, 'topic')} · {plural(product.articles, 'article')}
              </p>
            </div>
          </div>
          {product.description && <p className="mt-4 max-w-2xl text-pretty text-base text-muted [overflow-wrap:anywhere] sm:text-lg">{product.description}</p>}
          <div className="mt-6 max-w-2xl">
            <SearchBox variant="hero" placeholder={`Search ${product.title}…`} />
          </div>
          <p className="mt-3 text-sm text-muted">
            Using something else?{' '}
            <Link href="/" className="font-semibold text-brand underline-offset-4 hover:underline">
              All products
            </Link>
          </p>
        </div>
      </section>
      <div className="mx-auto max-w-7xl px-4 sm:px-6 lg:px-8">
        {popular.length > 0 && (
          <section aria-labelledby="popular-heading" className="mt-10">
            <h2 id="popular-heading" className="mb-4 text-xl font-semibold tracking-tight text-fg sm:text-2xl">
              {ranked ? `Popular in ${product.title}` : `Start here with ${product.title}`}
            </h2>
            <ArticleList articles={popular} showCategory showSummary={false} />
          </section>
        )}
        {/* A product whose articles have no category (written in the admin without one) has no topics to browse. */}
        {categories.length > 0 && (
          <section aria-labelledby="topics-heading" className="mt-12">
            <h2 id="topics-heading" className="mb-5 text-xl font-semibold tracking-tight text-fg sm:text-2xl">
              Browse by topic
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {categories.map((c) => (
                <li key={c.slug}>
                  <CategoryCard slug={c.slug} name={c.name} description={c.description} articleCount={c.articleCount} />
                </li>
              ))}
            </ul>
          </section>
        )}
        <div className="mt-12 flex flex-col items-start gap-4 rounded-2xl border border-line bg-surface p-6 sm:flex-row sm:items-center sm:justify-between">
          <div>
            <h2 className="font-semibold text-fg">Can’t find it?</h2>
            <p className="mt-1 text-sm text-muted">The assistant answers from the {product.title} articles and links every source.</p>
          </div>
          <AskAssistantButton />
        </div>
      </div>
    </div>
  );
}
