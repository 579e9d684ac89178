import { Clock, ExternalLink, Scale } from 'lucide-react';
import type { Metadata } from 'next';
import { notFound, permanentRedirect } from 'next/navigation';
import { cache } from 'react';
import { getAppDb } from '@/lib/startup';
import { getArticleBySlug, listRelatedArticles } from '@/db/queries/articles';
import { findSlugRedirect } from '@/db/queries/revisions';
import { relatedArticles } from '@/lib/search/related';
import { renderArticle } from '@/lib/content/highlight';
import { ArticleList } from '@/components/help/ArticleList';
import { AskAssistantButton } from '@/components/help/AskAssistantButton';
import { Breadcrumbs, type Crumb } from '@/components/help/Breadcrumbs';
import { formatDate } from '@/components/help/format';
import { ProductScope } from '@/components/help/ProductScope';
import { ProseHtml } from '@/components/help/ProseHtml';
import { getProducts } from '@/lib/products';
import { slugParam } from '@/lib/route-params';
import { ArticleFeedback } from '@/components/help/Thumbs';
import { ArticleViewBeacon } from '@/components/help/ArticleViewBeacon';
import { Toc } from '@/components/help/Toc';

/**
 * Static (ISR): each article is rendered on its first request and kept; every content write
 * (publish, edit, unpublish, delete, import, scheduled publish) revalidates it (lib/page-cache.ts),
 * and it is rendered again after 300 s at the latest. The render only reads: views are counted by
 * the page's beacon (ArticleViewBeacon → POST /api/article-views), scheduled articles are published
 * by the start-up interval (lib/startup.ts).
 */
export const revalidate = 300;

/** None at build time (the build has no database): every article is made on its first request. */
export function generateStaticParams(): { slug: string }[] {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

/**
 * The published article, or null (also for a segment no slug can be: see lib/route-params.ts).
 * Not found: an old slug of a renamed article answers 308 to its current address.
 */
const load = cache(async (raw: string) => {
  const slug = slugParam(raw);
  if (slug === null) return null;
  const db = await getAppDb();
  const article = await getArticleBySlug(db, { slug });
  if (article) return article;
  const moved = await findSlugRedirect(db, { slug, publishedOnly: true });
  if (moved) permanentRedirect(`/articles/${encodeURIComponent(moved)}`);
  return null;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const article = await load(slug);
  return article ? { title: article.title, description: article.summary || undefined } : { title: 'Not found' };
}

function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export default async function ArticlePage({ params }: Props) {
  const { slug } = await params;
  const article = await load(slug);
  if (!article) notFound();

  const db = await getAppDb();
  const [related, products] = await Promise.all([
    // By similarity; the rest of the category when the search finds nothing else (or fails).
    relatedArticles(db, article, 5)
      .catch(() => [])
      .then(async (r) => (r.length ? r : listRelatedArticles(db, { articleId: article.id, categoryId: article.categoryId, limit: 5 }))),
    getProducts(),
  ]);
  const product = products.find((p) => p.slug === article.collection);
  const productName = product?.title ?? article.collection;
  const { html, toc } = renderArticle(article.body);

  // Where the text came from, for imported articles only: one written in the admin has no source
  // (it showed "Source: Polar", as if copied from the product's docs).
  const imported = article.collection !== 'resolve' && (article.sourceId !== null || !!article.sourceUrl || !!article.license || !!article.attribution);
  const sourceUrl = safeHttpUrl(article.sourceUrl);
  const crumbs: Crumb[] = [{ label: 'Home', href: '/' }];
  if (products.length > 1) crumbs.push({ label: productName, href: `/products/${encodeURIComponent(article.collection)}` });
  if (article.categorySlug && article.categoryName) crumbs.push({ label: article.categoryName, href: `/categories/${encodeURIComponent(article.categorySlug)}` });
  crumbs.push({ label: article.title });

  return (
    <div className="mx-auto max-w-6xl px-4 pt-8 sm:px-6 sm:pt-10 lg:px-8">
      <div className="grid gap-10 lg:grid-cols-[minmax(0,48rem)_14rem] lg:justify-between">
        <article className="min-w-0" aria-labelledby="article-title" data-collection={article.collection} lang={product?.locale}>
          {product && <ProductScope product={{ slug: product.slug, title: product.title }} />}
          <Breadcrumbs items={crumbs} />
          <header className="mt-6 border-b border-line pb-6">
            <h1 id="article-title" data-testid="article-title" className="text-balance text-3xl font-semibold tracking-tight text-fg [overflow-wrap:anywhere] sm:text-4xl">
              {article.title}
            </h1>
            {article.summary && <p className="mt-3 text-pretty text-lg leading-relaxed text-muted [overflow-wrap:anywhere]">{article.summary}</p>}
            <p className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-subtle">
              <span className="inline-flex items-center gap-1.5">
                <Clock className="size-3.5" aria-hidden="true" />
                Updated <time dateTime={new Date(article.updatedAt).toISOString()}>{formatDate(article.updatedAt)}</time>
              </span>
              {products.length > 1 && <span>{productName}</span>}
            </p>
          </header>

          {toc.length > 0 && (
            <div className="mt-6 lg:hidden">
              <Toc items={toc} variant="collapsible" />
            </div>
          )}

          {/* Sanitized by renderMarkdown (rehype-sanitize); see lib/content/render.ts. */}
          <ProseHtml data-testid="article-body" className="prose mt-8" html={html} />

          {imported && (
            <aside data-testid="article-source" aria-label="Source and license" className="mt-10 rounded-2xl border border-line bg-surface p-5 text-sm">
              <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-fg">
                <ExternalLink className="size-4 text-subtle" aria-hidden="true" />
                <span className="font-medium">Source:</span>
                {sourceUrl ? (
                  <a href={sourceUrl} target="_blank" rel="noopener noreferrer nofollow" className="break-all text-brand underline underline-offset-4">
                    {sourceUrl}
                  </a>
                ) : (
                  <span className="break-all text-muted">{article.sourceId ?? productName}</span>
                )}
              </p>
              {(article.license || article.attribution) && (
                <p className="mt-2 flex flex-wrap items-start gap-x-2 gap-y-1 text-muted">
                  <Scale className="mt-0.5 size-4 text-subtle" aria-hidden="true" />
                  {article.license && (
                    <span>
                      <span className="font-medium text-fg">License:</span> {article.license}
                    </span>
                  )}
                  {article.license && article.attribution && <span aria-hidden="true">·</span>}
                  {article.attribution && <span>{article.attribution}</span>}
                </p>
              )}
            </aside>
          )}

          <ArticleViewBeacon articleId={article.id} />
          <div className="mt-10">
            <ArticleFeedback articleId={article.id} />
          </div>

          <div className="mt-6 flex flex-col items-start gap-3 rounded-2xl border border-line p-5 sm:flex-row sm:items-center sm:justify-between">
            <p className="text-sm text-muted">
              <span className="font-semibold text-fg">Still have a question?</span>{' '}
              {products.length > 1 ? `The assistant answers from our ${productName} articles.` : 'The assistant answers from all our articles.'}
            </p>
            <AskAssistantButton variant="secondary" />
          </div>

          {related.length > 0 && (
            <section aria-labelledby="related-heading" className="mt-12">
              <h2 id="related-heading" className="mb-4 text-lg font-semibold text-fg">
                Related articles
              </h2>
              <ArticleList articles={related} />
            </section>
          )}
        </article>

        <aside className="hidden lg:block" aria-label="Table of contents">
          {toc.length > 0 && <Toc items={toc} variant="sidebar" />}
        </aside>
      </div>
    </div>
  );
}
