import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getAppDb } from '@/lib/startup';
import { getCategoryBySlug } from '@/db/queries/articles';
import { ArticleList } from '@/components/help/ArticleList';
import { AskAssistantButton } from '@/components/help/AskAssistantButton';
import { Breadcrumbs } from '@/components/help/Breadcrumbs';
import { CategoryIcon } from '@/components/help/CategoryIcon';
import { plural } from '@/components/help/format';
import { ProductScope } from '@/components/help/ProductScope';
import { getProducts } from '@/lib/products';
import { slugParam } from '@/lib/route-params';

/** Static (ISR): each page is rendered on its first request, then revalidated on every content write (lib/page-cache.ts), at the latest after 300 s. */
export const revalidate = 300;

/** None at build time (the build has no database): every page is made on its first request. */
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

/**
 * The category with its articles, or null (also for a segment no slug can be: see
 * lib/route-params.ts, and for a category of a product with no published article: the bundled
 * sample's once an import archived it, which answered 200 with "0 articles").
 */
const load = cache(async (raw: string) => {
  const slug = slugParam(raw);
  const found = slug === null ? null : await getCategoryBySlug(await getAppDb(), { slug });
  if (!found || !(await getProducts()).some((p) => p.slug === found.category.collection)) return null;
  return found;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const found = await load(slug);
  return found ? { title: found.category.name, description: found.category.description || undefined } : { title: 'Not found' };
}

export default async function CategoryPage({ params }: Props) {
  const { slug } = await params;
  const found = await load(slug);
  if (!found) notFound();
  const { category, articles } = found;
  const products = await getProducts();
  const product = products.find((p) => p.slug === category.collection);

  return (
    <div className="mx-auto max-w-4xl px-4 pt-8 sm:px-6 sm:pt-10 lg:px-8">
      {product && <ProductScope product={{ slug: product.slug, title: product.title }} />}
      <Breadcrumbs
        items={[{ label: 'Home', href: '/' }, ...(products.length > 1 && product ? [{ label: product.title, href: `/products/${encodeURIComponent(product.slug)}` }] : []), { label: category.name }]}
      />
      <header className="mt-6 flex items-start gap-4">
        <span className="inline-flex size-12 shrink-0 items-center justify-center rounded-2xl bg-brand-soft text-brand-soft-fg">
          <CategoryIcon slug={category.slug} name={category.name} className="size-6" />
        </span>
        <div>
          <h1 className="text-3xl font-semibold tracking-tight text-fg [overflow-wrap:anywhere] sm:text-4xl">{category.name}</h1>
          {category.description && <p className="mt-2 max-w-2xl text-base text-muted [overflow-wrap:anywhere] sm:text-lg">{category.description}</p>}
          <p className="mt-2 text-sm text-subtle">{plural(category.articleCount, 'article')}</p>
        </div>
      </header>

      <section aria-label={`Articles in ${category.name}`} className="mt-8" data-collection={category.collection}>
        {articles.length > 0 ? (
          <ArticleList articles={articles} />
        ) : (
          <p className="rounded-2xl border border-dashed border-line-strong p-10 text-center text-muted">No articles in this category yet.</p>
        )}
      </section>

      <div className="mt-10 flex flex-col items-start gap-4 rounded-2xl border border-line bg-surface p-6 sm:flex-row sm:items-center sm:justify-between">
        <div>
          <h2 className="font-semibold text-fg">Didn’t find what you were looking for?</h2>
          <p className="mt-1 text-sm text-muted">The assistant can search every article and answer with sources.</p>
        </div>
        <AskAssistantButton />
      </div>
    </div>
  );
}
