import { Home, SearchX } from 'lucide-react';
import Link from 'next/link';

/** Body of the 404 page (used by app/not-found.tsx and the help-center one). */
export function NotFoundContent() {
  return (
    <div className="mx-auto flex max-w-xl flex-col items-center px-4 py-24 text-center">
      <span className="mb-6 inline-flex size-14 items-center justify-center rounded-2xl bg-brand-soft text-brand-soft-fg">
        <SearchX className="size-7" aria-hidden="true" />
      </span>
      <p className="text-sm font-semibold uppercase tracking-wider text-brand">404</p>
      <h1 className="mt-2 text-3xl font-semibold tracking-tight text-fg sm:text-4xl">We couldn’t find that page</h1>
      <p className="mt-3 text-muted">The article may have moved or been unpublished. Try searching, or start from the help center home.</p>
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
