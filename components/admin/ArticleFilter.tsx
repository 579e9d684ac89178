'use client';

import { Search } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';

/**
 * Search box of the admin list: filters as you type (debounced, updates `?q=`), and still works as
 * a plain GET form without JavaScript. Keeps the status and "needs review" filters.
 */
export function ArticleFilter({ q, status, review = false }: { q: string; status: string; review?: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const [value, setValue] = useState(q);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(timer.current), []);

  const go = (next: string) => {
    const params = new URLSearchParams();
    if (next.trim()) params.set('q', next.trim());
    if (status) params.set('status', status);
    if (review) params.set('review', '1');
    const qs = params.toString();
    startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with role=search is the search landmark in every browser; the search element is too new to rely on
    <form
      role="search"
      method="get"
      action={pathname}
      onSubmit={(e) => {
        e.preventDefault();
        clearTimeout(timer.current);
        go(value);
      }}
      className="relative w-full sm:max-w-xs"
    >
      <label htmlFor="admin-filter" className="sr-only">
        Filter articles by title or slug
      </label>
      <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-400" aria-hidden="true" />
      <input
        id="admin-filter"
        name="q"
        type="search"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          clearTimeout(timer.current);
          const next = e.target.value;
          timer.current = setTimeout(() => go(next), 250);
        }}
        placeholder="Filter by title or slug…"
        autoComplete="off"
        data-testid="admin-filter"
        aria-busy={pending || undefined}
        className="block w-full rounded-lg border border-slate-300 bg-white py-1.5 pr-3 pl-8 text-sm text-slate-900 shadow-xs placeholder:text-slate-500 focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400"
      />
      {status ? <input type="hidden" name="status" value={status} /> : null}
      {review ? <input type="hidden" name="review" value="1" /> : null}
    </form>
  );
}
