'use client';

import { ArrowRight, CornerDownLeft, FileText, Loader2, Search, Sparkles, X } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { askAssistant } from '@/components/assistant/ask';
import { searchedPart } from './format';
import { Highlight } from './Highlight';
import { productTitle, useScope } from './scope-store';
import { shortcutText, useModifierKey } from './shortcut';
import { useSearch } from './useSearch';

/**
 * Most characters (code points) of a search sent to the results page: the page searches the first
 * 500 and says so (MAX_QUERY_CHARS), and a pasted log of 20 KB in the address got the server's 431
 * with an empty page. 1,000 characters stay under 12 KB percent-encoded (an emoji is 12 bytes).
 */
const MAX_SUBMITTED_CHARS = 1000;

export type SearchBoxVariant = 'header' | 'hero' | 'palette';

interface SearchBoxProps {
  variant?: SearchBoxVariant;
  initialQuery?: string;
  autoFocus?: boolean;
  /** Called after the box navigates or hands off (the palette closes itself with it). */
  onDone?: () => void;
  /** Escape in the palette (it closes the palette). */
  onEscape?: () => void;
  placeholder?: string;
}

/**
 * Search as you type: an ARIA 1.2 combobox whose listbox shows the top hits with highlighted
 * snippets. ↑/↓ move, Enter opens the active hit (or the full results page when none is active),
 * Escape closes the list, then clears the text; in the palette it closes the palette.
 */
export function SearchBox({ variant = 'header', initialQuery = '', autoFocus, onDone, onEscape, placeholder }: SearchBoxProps) {
  const router = useRouter();
  const id = useId();
  const listId = `${id}-list`;
  const inputRef = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState(initialQuery);
  const [focused, setFocused] = useState(false);
  const [dismissed, setDismissed] = useState(false);
  const [active, setActive] = useState(-1);
  const { products, page, scope, setAll } = useScope();
  const scoped = products.length > 1 && page !== null;
  // As you type, a pasted log is searched by its first MAX_QUERY_CHARS (the results page says so).
  const searched = searchedPart(q);
  const search = useSearch(searched, { limit: variant === 'palette' ? 8 : 6, collection: scope?.slug });
  const resultsHref = (text: string) => `/search?q=${encodeURIComponent([...text].slice(0, MAX_SUBMITTED_CHARS).join(''))}${scope ? `&collection=${encodeURIComponent(scope.slug)}` : ''}`;
  const inPalette = variant === 'palette';
  const modifier = useModifierKey();
  const testPrefix = inPalette ? 'palette' : 'search';

  const trimmed = q.trim();
  const open = (inPalette || (focused && !dismissed)) && trimmed.length > 0;
  const results = search.results;
  const stale = search.query !== searched;

  // biome-ignore lint/correctness/useExhaustiveDependencies: new results clear the highlighted option
  useEffect(() => setActive(-1), [search.query, search.results]);
  useEffect(() => {
    if (autoFocus) inputRef.current?.focus();
  }, [autoFocus]);

  const goTo = (href: string) => {
    setDismissed(true);
    inputRef.current?.blur();
    router.push(href);
    onDone?.();
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setDismissed(false);
        if (results.length) setActive((i) => (i + 1) % results.length);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setDismissed(false);
        if (results.length) setActive((i) => (i <= 0 ? results.length - 1 : i - 1));
        break;
      case 'Enter': {
        e.preventDefault();
        if (!trimmed) return;
        const hit = active >= 0 ? results[active] : undefined;
        goTo(hit ? `/articles/${encodeURIComponent(hit.slug)}` : resultsHref(trimmed));
        break;
      }
      case 'Escape':
        // In the palette Escape closes it, typed text or not (its footer says so, as command palettes do).
        if (inPalette && onEscape) {
          e.preventDefault();
          onEscape();
        } else if (open && !inPalette) {
          e.preventDefault();
          setDismissed(true);
          setActive(-1);
        } else if (q) {
          e.preventDefault();
          setQ('');
        } else if (onEscape) {
          e.preventDefault();
          onEscape();
        }
        break;
    }
  };

  const sizes = {
    header: 'h-10 rounded-xl pl-10 pr-16 text-[0.95rem]',
    hero: 'h-14 rounded-2xl pl-13 pr-12 text-base sm:text-lg shadow-pop',
    palette: 'h-14 rounded-none border-0 border-b pl-13 pr-12 text-base focus-visible:outline-none',
  }[variant];

  // "Did you mean …?": above the results, or under "No articles match"; choosing it searches the correction.
  const didYouMean = search.didYouMean ? (
    <>
      Did you mean{' '}
      <button type="button" className="font-medium text-brand underline underline-offset-2" onMouseDown={(e) => e.preventDefault()} onClick={() => setQ(search.didYouMean ?? '')}>
        {search.didYouMean}
      </button>
      ?
    </>
  ) : null;

  const list = (
    <div
      className={
        inPalette
          ? 'max-h-[min(60vh,28rem)] overflow-y-auto'
          : 'absolute left-0 right-0 top-full z-40 mt-2 max-h-[min(70vh,32rem)] overflow-y-auto rounded-2xl border border-line bg-elevated text-left shadow-pop'
      }
      hidden={!open}
    >
      {scoped && (
        <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line px-4 py-2 text-xs text-muted" data-testid={`${testPrefix}-scope`}>
          <span>
            {scope ? (
              <>
                Searching <span className="font-semibold text-fg">{scope.title}</span>
              </>
            ) : (
              'Searching all products'
            )}
          </span>
          <button
            type="button"
            className="rounded-md px-1.5 py-0.5 font-semibold text-brand underline-offset-2 hover:underline"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => setAll(scope !== null)}
          >
            {scope ? 'All products' : `Only ${page.title}`}
          </button>
        </div>
      )}
      {results.length > 0 && search.didYouMean && !stale && (
        <p className="border-b border-line px-4 py-2 text-sm text-muted" data-testid={`${testPrefix}-did-you-mean`}>
          {didYouMean}
        </p>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA combobox pattern: focus stays in the input, aria-activedescendant names the option */}
      <ul role="listbox" id={listId} aria-label="Suggested articles" className="p-1.5">
        {results.map((hit, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: combobox options are not focused; the input keeps focus (aria-activedescendant)
          <li
            key={hit.slug}
            id={`${id}-opt-${i}`}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of the combobox's listbox
            role="option"
            aria-selected={i === active}
            data-testid={`${testPrefix}-result`}
            onMouseEnter={() => setActive(i)}
            onMouseDown={(e) => e.preventDefault()}
            className={`rounded-xl ${i === active ? 'bg-brand-soft' : ''} ${stale ? 'opacity-70' : ''}`}
          >
            <Link
              href={`/articles/${encodeURIComponent(hit.slug)}`}
              tabIndex={-1}
              onClick={() => {
                setDismissed(true);
                onDone?.();
              }}
              className="flex gap-3 rounded-xl px-3 py-2.5 focus-visible:outline-none"
            >
              <FileText className="mt-0.5 size-4 shrink-0 text-subtle" aria-hidden="true" />
              <span className="min-w-0 flex-1">
                <span className="line-clamp-2 font-medium text-fg">{hit.title}</span>
                {hit.snippet && (
                  <span className="line-clamp-2 mt-0.5 text-sm leading-snug text-muted">
                    <Highlight text={hit.snippet} ranges={hit.highlights ?? []} />
                  </span>
                )}
                {(hit.category || (!scope && products.length > 1)) && (
                  <span className="mt-1 block text-xs font-medium text-subtle">
                    {[!scope && products.length > 1 ? productTitle(products, hit.source.collection) : null, hit.category?.name].filter(Boolean).join(' · ')}
                  </span>
                )}
              </span>
              {i === active && <CornerDownLeft className="mt-1 size-3.5 shrink-0 text-subtle" aria-hidden="true" />}
            </Link>
          </li>
        ))}
      </ul>
      {trimmed && !search.loading && !stale && results.length === 0 && (
        <div className="px-4 py-5 text-sm text-muted">
          {search.error ? (
            <p role="alert">{search.error}</p>
          ) : search.keywordEmpty ? (
            <p>Keep typing: add a word about what you need.</p>
          ) : (
            <p>
              No articles match <span className="font-medium text-fg">“{trimmed}”</span>.{search.didYouMean && <> {didYouMean}</>}
            </p>
          )}
        </div>
      )}
      {trimmed && (
        <div className="flex flex-col gap-0.5 border-t border-line p-1.5 text-sm sm:flex-row sm:items-center sm:justify-between">
          <Link
            href={resultsHref(trimmed)}
            tabIndex={-1}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setDismissed(true);
              onDone?.();
            }}
            className="flex items-center gap-2 rounded-lg px-3 py-2 font-medium text-brand hover:bg-surface-2"
          >
            <Search className="size-4" aria-hidden="true" />
            <span className="truncate">See all results</span>
            <ArrowRight className="size-3.5" aria-hidden="true" />
          </Link>
          <button
            type="button"
            tabIndex={-1}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              setDismissed(true);
              onDone?.();
              askAssistant(trimmed);
            }}
            className="flex items-center gap-2 rounded-lg px-3 py-2 text-left font-medium text-muted hover:bg-surface-2 hover:text-fg"
          >
            <Sparkles className="size-4 text-brand" aria-hidden="true" />
            <span className="truncate">Ask the assistant</span>
          </button>
        </div>
      )}
    </div>
  );

  return (
    <div className={inPalette ? 'flex flex-col' : 'relative w-full'}>
      {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the search landmark in every browser; the search element is too new to rely on */}
      <form
        role="search"
        action="/search"
        method="get"
        className="relative"
        onSubmit={(e) => {
          e.preventDefault();
          if (trimmed) goTo(resultsHref(trimmed));
        }}
      >
        <label htmlFor={`${id}-input`} className="sr-only">
          Search the help center
        </label>
        <Search className={`pointer-events-none absolute top-1/2 -translate-y-1/2 text-subtle ${variant === 'header' ? 'left-3.5 size-4' : 'left-5 size-5'}`} aria-hidden="true" />
        <input
          ref={inputRef}
          id={`${id}-input`}
          data-testid={`${testPrefix}-input`}
          name="q"
          type="search"
          role="combobox"
          aria-expanded={open && results.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${id}-opt-${active}` : undefined}
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="search"
          value={q}
          placeholder={placeholder ?? (scoped && scope ? `Search ${scope.title}…` : variant === 'header' ? 'Search articles…' : 'Search for answers…')}
          onChange={(e) => {
            setQ(e.target.value);
            setDismissed(false);
          }}
          onFocus={() => {
            setFocused(true);
            setDismissed(false);
          }}
          onBlur={() => setFocused(false)}
          onKeyDown={onKeyDown}
          className={`w-full appearance-none border border-line bg-elevated text-fg placeholder:text-subtle transition [&::-webkit-search-cancel-button]:hidden ${
            inPalette ? '' : 'hover:border-line-strong focus:border-brand focus:ring-4 focus:ring-brand/15 focus-visible:outline-none'
          } ${sizes}`}
        />
        <span className="absolute right-3 top-1/2 flex -translate-y-1/2 items-center gap-1.5">
          {search.loading && <Loader2 className="size-4 animate-spin text-subtle" aria-hidden="true" />}
          {q && !search.loading && variant !== 'header' && (
            <button
              type="button"
              aria-label="Clear search"
              onClick={() => {
                setQ('');
                inputRef.current?.focus();
              }}
              className="inline-flex size-7 items-center justify-center rounded-md text-subtle hover:bg-surface-2 hover:text-fg"
            >
              <X className="size-4" aria-hidden="true" />
            </button>
          )}
          {variant === 'header' && !q && modifier && (
            // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a <kbd> is not focusable; the hint repeats the shortcut the input announces
            <kbd className="kbd hidden sm:inline-flex" aria-hidden="true" data-testid="search-shortcut">
              {shortcutText(modifier, 'K')}
            </kbd>
          )}
        </span>
      </form>
      <p className="sr-only" role="status" aria-live="polite">
        {open && !search.loading && !stale ? (results.length ? `${results.length} suggestion${results.length === 1 ? '' : 's'}, use up and down arrows to choose` : 'No suggestions') : ''}
      </p>
      {list}
    </div>
  );
}
