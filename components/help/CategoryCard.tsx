import { ArrowRight } from 'lucide-react';
import Link from 'next/link';
import { CategoryIcon } from './CategoryIcon';
import { plural } from './format';

export interface CategoryCardProps {
  slug: string;
  name: string;
  description: string;
  articleCount: number;
}

/** A category tile: icon, name, description and article count; the whole card is the link. */
export function CategoryCard({ slug, name, description, articleCount }: CategoryCardProps) {
  return (
    <Link
      href={`/categories/${encodeURIComponent(slug)}`}
      data-testid="category-card"
      className="group relative flex h-full gap-4 rounded-2xl border border-line bg-elevated p-4 transition sm:flex-col sm:gap-0 sm:p-5 hover:-translate-y-0.5 hover:border-brand/40 hover:shadow-soft focus-visible:outline-offset-4"
    >
      <span className="inline-flex size-10 shrink-0 items-center justify-center rounded-xl bg-brand-soft text-brand-soft-fg transition group-hover:bg-brand group-hover:text-brand-fg">
        <CategoryIcon slug={slug} name={name} className="size-5" />
      </span>
      <span className="flex min-w-0 flex-1 flex-col sm:mt-4">
        <span className="flex items-center gap-1.5 text-base font-semibold text-fg">
          {name}
          <ArrowRight className="size-4 -translate-x-1 opacity-0 transition group-hover:translate-x-0 group-hover:opacity-100" aria-hidden="true" />
        </span>
        {description && <span className="line-clamp-2 mt-1 text-sm leading-relaxed text-muted [overflow-wrap:anywhere] sm:mt-1.5">{description}</span>}
        <span className="mt-auto pt-2 text-xs font-medium text-subtle sm:pt-4">{plural(articleCount, 'article')}</span>
      </span>
    </Link>
  );
}
