import { ArrowRight, Sparkles } from 'lucide-react';
import Link from 'next/link';
import { getAppDb, isBuildPhase } from '@/lib/startup';
import { listCategories, listPopularArticles, type CategoryView } from '@/db/queries/articles';
import { topCategoriesByProduct } from '@/db/queries/collections';
import { getProducts } from '@/lib/products';
import { ProductCard } from '@/components/help/ProductCard';
import { ArticleList } from '@/components/help/ArticleList';
import { AskAssistantButton } from '@/components/help/AskAssistantButton';
import { CategoryCard } from '@/components/help/CategoryCard';
import { plural } from '@/components/help/format';
import { SearchBox } from '@/components/help/SearchBox';

/** Static (ISR): revalidated on every content write (lib/page-cache.ts), at the latest after 300 s. */
export const revalidate = 300;

/** The home page: search, products (or the one product's categories), popular articles. */
export default async function HomePage() {
  // `next build` prerenders this page and has no database (see HelpShell).
  if (isBuildPhase()) return null;
  const db = await getAppDb();
  const [categories, { articles: popular, byReaders: ranked }, products, topCategories] = await Promise.all([
    listCategories(db),
    listPopularArticles(db, { limit: 6 }),
    getProducts(),
    topCategoriesByProduct(db, 3),
  ]);
  // Several products: one card each (the categories live on each product's page). One: its categories.
  const multi = products.length > 1;
  const titleOf = new Map(products.map((p) => [p.slug, p.title]));

  // listCategories orders bundled content first, then collections by name.
  const groups = new Map<string, CategoryView[]>();
  for (const c of categories) groups.set(c.collection, [...(groups.get(c.collection) ?? []), c]);
  // Every published article, those without a category too (the product cards count the same).
  const totalArticles = products.reduce((n, p) => n + p.articles, 0);

  return (
    <>
      <section className="hero-bg border-b border-line">
        <div className="mx-auto max-w-3xl px-4 pb-16 pt-14 text-center sm:px-6 sm:pb-20 sm:pt-20">
          <p className="mb-4 inline-flex items-center gap-2 rounded-full border border-brand/20 bg-brand-soft px-3 py-1 text-xs font-semibold text-brand-soft-fg">Resolve Help Center</p>
          <h1 className="text-balance text-4xl font-semibold tracking-tight text-fg sm:text-5xl">How can we help?</h1>
          <p className="mx-auto mt-4 max-w-xl text-pretty text-base text-muted sm:text-lg">
            Search {totalArticles > 0 ? plural(totalArticles, 'article') : 'our articles'}, browse by topic, or ask the assistant for a cited answer.
          </p>
          <div className="mx-auto mt-8 max-w-2xl">
            <SearchBox variant="hero" placeholder="Search for answers…" />
          </div>
          {/* Before any reader has viewed or up-voted an article, the list is each product's introduction: no "Popular" chips then. */}
          {ranked && popular.length > 0 && (
            <div className="mt-5 flex flex-wrap items-center justify-center gap-2 text-sm">
              <span className="text-subtle">Popular:</span>
              {popular.slice(0, 3).map((a) => (
                <Link
                  key={a.slug}
                  href={`/articles/${encodeURIComponent(a.slug)}`}
                  className="rounded-full border border-line bg-elevated/70 px-3 py-1 text-muted transition hover:border-brand/40 hover:text-fg"
                >
                  {a.title}
                </Link>
              ))}
            </div>
          )}
        </div>
      </section>

      <div className="mx-auto max-w-7xl px-4 sm:px-6 lg:px-8">
        {multi && (
          <section aria-labelledby="products-heading" className="mt-10 sm:mt-14">
            <h2 id="products-heading" className="mb-5 text-xl font-semibold tracking-tight text-fg sm:text-2xl">
              Choose your product
            </h2>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
              {products.map((p) => (
                <li key={p.slug}>
                  <ProductCard slug={p.slug} title={p.title} description={p.description} color={p.color} articles={p.articles} topCategories={topCategories.filter((c) => c.collection === p.slug)} />
                </li>
              ))}
            </ul>
          </section>
        )}
        {!multi &&
          [...groups.entries()].map(([collection, cats]) => (
            <section key={collection} aria-labelledby={`collection-${collection}`} className="mt-14">
              <div className="mb-5 flex items-end justify-between gap-4">
                <div>
                  <h2 id={`collection-${collection}`} className="text-xl font-semibold tracking-tight text-fg sm:text-2xl">
                    {titleOf.get(collection) ?? collection}
                  </h2>
                  <p className="mt-1 text-sm text-muted">
                    {plural(cats.length, 'topic')} ·{' '}
                    {plural(
                      cats.reduce((n, c) => n + c.articleCount, 0),
                      'article',
                    )}
                  </p>
                </div>
              </div>
              <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {cats.map((c) => (
                  <li key={c.slug}>
                    <CategoryCard slug={c.slug} name={c.name} description={c.description} articleCount={c.articleCount} />
                  </li>
                ))}
              </ul>
            </section>
          ))}

        {groups.size === 0 && <p className="mt-14 rounded-2xl border border-dashed border-line-strong p-10 text-center text-muted">No articles are published yet.</p>}

        <div className={`${multi ? 'mt-12' : 'mt-16'} grid gap-8 lg:grid-cols-[minmax(0,1fr)_22rem]`}>
          {popular.length > 0 && (
            <section aria-labelledby="popular-heading">
              <h2 id="popular-heading" className="mb-5 text-xl font-semibold tracking-tight text-fg sm:text-2xl">
                {ranked ? 'Popular articles' : 'Start here'}
              </h2>
              <ArticleList articles={multi ? popular.map((a) => ({ ...a, categoryName: [titleOf.get(a.collection), a.categoryName].filter(Boolean).join(' · ') })) : popular} showCategory />
            </section>
          )}
          <aside aria-labelledby="ask-heading" className="self-start rounded-2xl border border-line bg-surface p-6 lg:mt-13">
            <span className="inline-flex size-10 items-center justify-center rounded-xl bg-brand text-brand-fg">
              <Sparkles className="size-5" aria-hidden="true" />
            </span>
            <h2 id="ask-heading" className="mt-4 text-lg font-semibold text-fg">
              Can’t find it? Ask the assistant
            </h2>
            <p className="mt-2 text-sm leading-relaxed text-muted">Describe your problem in your own words. The assistant answers from these articles and links every source it used.</p>
            <div className="mt-5 flex flex-wrap gap-3">
              <AskAssistantButton />
              <Link href="/assistant" className="inline-flex h-10 items-center gap-1 rounded-xl px-2 text-sm font-semibold text-brand hover:underline underline-offset-4">
                Full page <ArrowRight className="size-4" aria-hidden="true" />
              </Link>
            </div>
          </aside>
        </div>
      </div>
    </>
  );
}
