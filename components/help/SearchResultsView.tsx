'use client';

import { ArrowRight, FileText, Loader2, Search, SearchX, X } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import { ArticleList, type ArticleListItem } from './ArticleList';
import { AskAssistantButton } from './AskAssistantButton';
import { Highlight } from './Highlight';
import { echoQuery, searchedPart } from './format';
import { MAX_QUERY_CHARS } from '@/lib/search/limits';
import { productTitle, useScope } from './scope-store';
import { type InitialSearch, useSearch } from './useSearch';

/**
 * The /search page body: a big search box that searches as you type (the URL follows the text
 * via history.replaceState, so results are shareable), results with highlighted snippets and,
 * when nothing matches, suggestions plus "Ask the assistant" pre-filled with the query.
 * `initialResults` are the first 20 results the server rendered for `initialQuery`, so a search
 * page opened from a link shows them in its HTML instead of after a fetch. `popular` is listed with
 * no query and under a miss, headed `popularLabel` ("Start here" before readers have ranked any).
 * A text longer than MAX_QUERY_CHARS (a pasted log) is searched, and put in the address, by its
 * first ones cut after a whole word, and the page says so; `initialShortened` says the page's
 * `initialQuery` was cut so. A 20 KB paste had been sent whole: the address and the search request
 * went over Node's 16 KB header limit, and the box said "Search is unavailable right now".
 */
export function SearchResultsView({
  initialQuery,
  initialShortened = false,
  initialResults,
  popular,
  popularLabel = 'Popular articles',
}: {
  initialQuery: string;
  initialShortened?: boolean;
  initialResults?: InitialSearch | null;
  popular: ArticleListItem[];
  popularLabel?: string;
}) {
  const id = useId();
  const [q, setQ] = useState(initialQuery);
  const inputRef = useRef<HTMLInputElement>(null);
  const { products, page, scope, setAll } = useScope();
  const [limit, setLimit] = useState(20);
  const trimmed = searchedPart(q);
  const shortened = trimmed !== q.trim() || (initialShortened && q === initialQuery);
  const search = useSearch(trimmed, { limit, debounceMs: 150, collection: scope?.slug, initial: initialResults });
  const multi = products.length > 1;
  const settled = !search.loading && search.query === trimmed;

  useEffect(() => {
    const url = new URL(window.location.href);
    if (trimmed) url.searchParams.set('q', trimmed);
    else url.searchParams.delete('q');
    if (scope) url.searchParams.set('collection', scope.slug);
    else url.searchParams.delete('collection');
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, '', url);
  }, [trimmed, scope]);
  // A new query starts again at the first 20 results.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query or scope resets the limit
  useEffect(() => setLimit(20), [trimmed, scope]);

  useEffect(() => {
    if (!initialQuery) inputRef.current?.focus();
  }, [initialQuery]);

  return (
    <div>
      {shortened && (
        <p role="status" data-testid="search-shortened" className="mb-4 rounded-xl border border-line bg-surface px-4 py-2.5 text-sm text-muted">
          Your search was longer than {MAX_QUERY_CHARS} characters, so only its first {[...trimmed].length} are searched.
        </p>
      )}
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the search landmark in every browser; the search element is too new to rely on */}
      <form
        role="search"
        action="/search"
        method="get"
        className="relative"
        onSubmit={(e) => {
          e.preventDefault();
          inputRef.current?.blur();
        }}
      >
        <label htmlFor={`${id}-q`} className="sr-only">
          Search the help center
        </label>
        <Search className="pointer-events-none absolute left-5 top-1/2 size-5 -translate-y-1/2 text-subtle" aria-hidden="true" />
        <input
          ref={inputRef}
          id={`${id}-q`}
          data-testid="search-input"
          name="q"
          type="search"
          value={q}
          autoComplete="off"
          spellCheck={false}
          enterKeyHint="search"
          placeholder="Search for answers…"
          onChange={(e) => setQ(e.target.value)}
          className="h-14 w-full appearance-none rounded-2xl border border-line-strong bg-elevated pl-13 pr-12 text-base text-fg shadow-soft placeholder:text-subtle hover:border-brand/40 focus:border-brand focus:ring-4 focus:ring-brand/15 focus-visible:outline-none sm:text-lg [&::-webkit-search-cancel-button]:hidden"
        />
        <span className="absolute right-3 top-1/2 flex -translate-y-1/2 items-center">
          {search.loading ? (
            <Loader2 className="mr-1 size-5 animate-spin text-subtle" aria-label="Searching" />
          ) : q ? (
            <button
              type="button"
              aria-label="Clear search"
              onClick={() => {
                setQ('');
                inputRef.current?.focus();
              }}
              className="inline-flex size-8 items-center justify-center rounded-lg text-subtle hover:bg-surface-2 hover:text-fg"
            >
              <X className="size-4" aria-hidden="true" />
            </button>
          ) : null}
        </span>
      </form>

      {multi && page && (
        <p data-testid="search-scope" className="mt-3 flex flex-wrap items-center gap-x-2 text-sm text-muted">
          <span>
            {scope ? (
              <>
                Searching <span className="font-semibold text-fg">{scope.title}</span>
              </>
            ) : (
              'Searching all products'
            )}
          </span>
          <button type="button" onClick={() => setAll(scope !== null)} className="font-semibold text-brand underline-offset-4 hover:underline">
            {scope ? 'Search all products' : `Only ${page.title}`}
          </button>
        </p>
      )}

      <div className="mt-8" aria-busy={search.loading}>
        <p role="status" aria-live="polite" className="mb-4 text-sm text-muted">
          {trimmed && settled && !search.error
            ? search.results.length
              ? `${search.results.length === limit && limit < 50 ? 'Top ' : ''}${search.results.length} result${search.results.length === 1 ? '' : 's'} for “${echoQuery(search.query)}”`
              : ''
            : ''}
        </p>

        {search.didYouMean && settled && (
          <p className="mb-5 text-sm text-muted">
            Did you mean{' '}
            <button type="button" onClick={() => setQ(search.didYouMean ?? '')} className="font-semibold text-brand underline underline-offset-4">
              {search.didYouMean}
            </button>
            ?
          </p>
        )}

        {search.error && settled && (
          <p role="alert" className="rounded-xl border border-danger/30 bg-danger/5 px-4 py-3 text-sm text-fg">
            {search.error}
          </p>
        )}

        {!trimmed && (
          <section aria-labelledby={`${id}-pop`}>
            <h2 id={`${id}-pop`} className="mb-3 text-sm font-semibold uppercase tracking-wider text-subtle">
              {popularLabel}
            </h2>
            <ArticleList articles={popular} showCategory />
          </section>
        )}

        {trimmed && !settled && search.results.length === 0 && <ResultsSkeleton />}

        {search.results.length > 0 && (
          <ul className={`grid gap-3 transition-opacity ${settled ? '' : 'opacity-60'}`} aria-label="Search results">
            {search.results.map((hit) => (
              <li key={hit.slug} data-testid="search-result">
                <Link
                  href={`/articles/${encodeURIComponent(hit.slug)}`}
                  className="group block rounded-2xl border border-line bg-elevated p-4 transition hover:border-brand/40 hover:shadow-soft sm:p-5"
                >
                  <span className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs font-medium text-subtle">
                    <FileText className="size-3.5" aria-hidden="true" />
                    {hit.category ? <span>{hit.category.name}</span> : null}
                    {multi && !scope && (
                      <>
                        {hit.category && <span aria-hidden="true">·</span>}
                        <span data-testid="search-result-product">{productTitle(products, hit.source.collection)}</span>
                      </>
                    )}
                  </span>
                  <span className="mt-1.5 flex min-w-0 items-center gap-1.5 text-lg font-semibold text-fg [overflow-wrap:anywhere] group-hover:text-brand">
                    {hit.title}
                    <ArrowRight className="size-4 opacity-0 transition group-hover:opacity-100" aria-hidden="true" />
                  </span>
                  {hit.snippet && (
                    <span className="mt-1 block text-[0.95rem] leading-relaxed text-muted [overflow-wrap:anywhere]">
                      <Highlight text={hit.snippet} ranges={hit.highlights ?? []} />
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        )}

        {settled && search.results.length === limit && limit < 50 && (
          <div className="mt-6 flex justify-center">
            <button
              type="button"
              data-testid="search-more"
              onClick={() => setLimit(50)}
              className="inline-flex h-10 items-center rounded-xl border border-line-strong bg-elevated px-4 text-sm font-semibold text-fg hover:border-brand/40"
            >
              Show more results
            </button>
          </div>
        )}

        {trimmed && settled && !search.error && search.results.length === 0 && (
          <section data-testid="search-empty" aria-labelledby={`${id}-none`} className="rounded-2xl border border-dashed border-line-strong px-5 py-10 text-center sm:px-10">
            <span className="mx-auto mb-4 inline-flex size-12 items-center justify-center rounded-2xl bg-surface-2 text-subtle">
              <SearchX className="size-6" aria-hidden="true" />
            </span>
            <h2 id={`${id}-none`} className="text-lg font-semibold text-fg [overflow-wrap:anywhere]">
              {search.keywordEmpty ? 'Add a word about what you need' : `No articles match “${echoQuery(search.query)}”`}
            </h2>
            <p className="mx-auto mt-2 max-w-md text-sm text-muted">
              {search.keywordEmpty
                ? /[\p{L}\p{N}]/u.test(search.query)
                  ? `“${echoQuery(search.query)}” has no word to search by yet: very common words and single letters are skipped. Try one like “refund” or “payout”, or ask the assistant: it searches every article for you.`
                  : `“${echoQuery(search.query)}” has no letters or numbers to search by. Try a word like “refund” or “payout”, or ask the assistant: it searches every article for you.`
                : 'Try other words or fewer of them, check the spelling, or ask the assistant: it searches every article for you.'}
            </p>
            <div className="mt-6 flex justify-center">
              <AskAssistantButton question={search.query} testId="search-ask-assistant" />
            </div>
            {popular.length > 0 && (
              <div className="mx-auto mt-10 max-w-2xl text-left">
                <h3 className="mb-3 text-sm font-semibold uppercase tracking-wider text-subtle">{popularLabel}</h3>
                <ArticleList articles={popular.slice(0, 5)} showCategory showSummary={false} />
              </div>
            )}
          </section>
        )}
      </div>
    </div>
  );
}

function ResultsSkeleton() {
  return (
    <div className="grid gap-3" aria-hidden="true">
      {[0, 1, 2].map((i) => (
        <div key={i} className="animate-pulse rounded-2xl border border-line bg-elevated p-5">
          <div className="h-3 w-24 rounded bg-surface-2" />
          <div className="mt-3 h-4 w-2/3 rounded bg-surface-2" />
          <div className="mt-3 h-3 w-full rounded bg-surface-2" />
          <div className="mt-2 h-3 w-5/6 rounded bg-surface-2" />
        </div>
      ))}
    </div>
  );
}
