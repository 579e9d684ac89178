import { ChevronRight, FileText } from 'lucide-react';
import Link from 'next/link';

export interface ArticleListItem {
  slug: string;
  title: string;
  summary?: string;
  categoryName?: string | null;
}

/**
 * A bordered list of article links.
 * @param showCategory show each article's category under its title (mixed lists like "Popular").
 */
export function ArticleList({ articles, showCategory = false, showSummary = true, label }: { articles: ArticleListItem[]; showCategory?: boolean; showSummary?: boolean; label?: string }) {
  if (articles.length === 0) return null;
  return (
    <ul aria-label={label} className="divide-y divide-line overflow-hidden rounded-2xl border border-line bg-elevated">
      {articles.map((a) => (
        <li key={a.slug}>
          <Link href={`/articles/${encodeURIComponent(a.slug)}`} className="group flex items-start gap-3 px-4 py-3.5 transition hover:bg-surface focus-visible:-outline-offset-2 sm:px-5">
            <FileText className="mt-0.5 size-4 shrink-0 text-subtle group-hover:text-brand" aria-hidden="true" />
            <span className="min-w-0 flex-1 [overflow-wrap:anywhere]">
              <span className="block font-medium text-fg group-hover:text-brand">{a.title}</span>
              {showSummary && a.summary && <span className="line-clamp-2 mt-0.5 text-sm leading-relaxed text-muted">{a.summary}</span>}
              {showCategory && a.categoryName && <span className="mt-1 block text-xs font-medium text-subtle">{a.categoryName}</span>}
            </span>
            <ChevronRight className="mt-0.5 size-4 shrink-0 text-subtle transition group-hover:translate-x-0.5 group-hover:text-brand" aria-hidden="true" />
          </Link>
        </li>
      ))}
    </ul>
  );
}
