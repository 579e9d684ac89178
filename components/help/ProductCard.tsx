import { ArrowRight } from 'lucide-react';
import Link from 'next/link';
import { plural } from './format';
import { ProductIcon } from './ProductIcon';

export interface ProductCardProps {
  slug: string;
  title: string;
  description: string;
  color: string | null;
  articles: number;
  topCategories: { slug: string; name: string }[];
}

/** One product on the home page: icon, title, description, article count and its top categories. */
export function ProductCard({ slug, title, description, color, articles, topCategories }: ProductCardProps) {
  const href = `/products/${encodeURIComponent(slug)}`;
  return (
    <article data-testid="product-card" className="group relative flex h-full flex-col rounded-2xl border border-line bg-elevated p-5 transition hover:border-brand/40 hover:shadow-soft">
      <div className="flex items-start gap-4">
        <ProductIcon title={title} color={color} />
        <div className="min-w-0 flex-1">
          <h3 className="text-lg font-semibold text-fg [overflow-wrap:anywhere]">
            <Link
              href={href}
              className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-brand focus-visible:after:ring-offset-2 focus-visible:after:ring-offset-bg group-focus-within:underline"
            >
              {title}
            </Link>
          </h3>
          <p className="text-xs font-medium text-subtle">{plural(articles, 'article')}</p>
        </div>
        <ArrowRight className="mt-1 size-4 text-subtle transition group-hover:translate-x-0.5 group-hover:text-brand" aria-hidden="true" />
      </div>
      {description && <p className="mt-3 line-clamp-2 text-sm leading-relaxed text-muted [overflow-wrap:anywhere]">{description}</p>}
      {topCategories.length > 0 && (
        <ul className="relative z-10 mt-4 flex flex-wrap gap-1.5" aria-label={`Top topics in ${title}`}>
          {topCategories.map((c) => (
            <li key={c.slug}>
              <Link
                href={`/categories/${encodeURIComponent(c.slug)}`}
                className="inline-flex rounded-full border border-line bg-surface px-2.5 py-1 text-xs font-medium text-muted transition hover:border-brand/40 hover:text-fg"
              >
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
