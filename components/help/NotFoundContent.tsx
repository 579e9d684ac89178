import { Home, SearchX } from 'lucide-react';
import Link from 'next/link';

/**
 * Body of the 404 page (used by app/not-found.tsx, the help-center one and the product one).
 * @param props.title heading (default "We couldn’t find that page"); props.text the line under it;
 *   props.links pages to offer instead (e.g. the products), shown as a list under the text.
 */
export function NotFoundContent({
  title = 'We couldn’t find that page',
  text = 'The article may have moved or been unpublished. Try searching, or start from the help center home.',
  links = [],
}: {
  title?: string;
  text?: string;
  links?: { href: string; label: string }[];
}) {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center">
      <span className="mb-6 inline-flex size-14 items-center justify-center rounded-2xl bg-brand-soft text-brand-soft-fg">
        <SearchX className="size-7" aria-hidden="true" />
      </span>
      <p className="text-sm font-semibold uppercase tracking-wider text-brand">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-fg sm:text-4xl">{title}</h1>
      <p className="mt-3 text-muted">{text}</p>
      {links.length > 0 && (
        <ul className="mt-6 flex flex-wrap justify-center gap-2">
          {links.map((l) => (
            <li key={l.href}>
              <Link href={l.href} className="inline-flex h-9 items-center rounded-full border border-line-strong px-4 text-sm font-medium text-fg transition hover:border-brand hover:text-brand">
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="mt-8 flex flex-wrap justify-center gap-3">
        <Link href="/" className="inline-flex h-10 items-center gap-2 rounded-xl bg-brand px-4 text-sm font-semibold text-brand-fg transition hover:bg-brand-strong">
          <Home className="size-4" aria-hidden="true" /> Help center home
        </Link>
        <Link href="/search" className="inline-flex h-10 items-center gap-2 rounded-xl border border-line-strong px-4 text-sm font-semibold text-fg transition hover:bg-surface">
          Search articles
        </Link>
      </div>
    </div>
  );
}
