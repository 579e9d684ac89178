'use client';

import { useEffect, useRef, useState } from 'react';
import type { SearchHit, SearchResponse } from './search-types';

export interface SearchState {
  /** The query the current results answer (trimmed). */
  query: string;
  results: SearchHit[];
  didYouMean?: string;
  /** The query is only very common words ("how to"): nothing to search by yet. */
  keywordEmpty?: boolean;
  loading: boolean;
  error: string | null;
}

const empty: SearchState = { query: '', results: [], loading: false, error: null };

/** Results the server already rendered for a query, so the browser does not fetch them again. */
export interface InitialSearch {
  /** The trimmed query they answer. */
  query: string;
  limit: number;
  /** The collection they were limited to, or null for all products. */
  collection: string | null;
  response: SearchResponse;
}

function settledState(query: string, body: SearchResponse): SearchState {
  if (body.keywordEmpty && body.results.length === 0) return { query, results: [], keywordEmpty: true, loading: false, error: null };
  return { query, results: body.results, didYouMean: body.didYouMean ?? undefined, keywordEmpty: body.keywordEmpty, loading: false, error: null };
}

/**
 * Search as you type against `GET /api/search`: waits `debounceMs` after the last keystroke and
 * aborts the previous request, so a slow stale answer can never replace a newer one. A query with
 * nothing to search by yet (only very common words or a single letter) keeps the previous results.
 * @param q raw input text; blank clears the results without a request.
 * @param opts.collection limits the search to one product (null/undefined: all products).
 * @param opts.initial results the server rendered (the /search page): shown from the first paint,
 *   and not fetched again while the query, limit and collection are the ones they answer.
 */
export function useSearch(q: string, opts: { limit?: number; debounceMs?: number; collection?: string | null; initial?: InitialSearch | null } = {}): SearchState {
  const { limit = 8, debounceMs = 150, collection } = opts;
  const initialRef = useRef(opts.initial ?? null);
  const [state, setState] = useState<SearchState>(() => {
    const init = initialRef.current;
    return init && init.query === q.trim() ? settledState(init.query, init.response) : empty;
  });
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => {
    const query = q.trim();
    if (!query) {
      controllerRef.current?.abort();
      setState(empty);
      return;
    }
    const init = initialRef.current;
    if (init && init.query === query && init.limit === limit && init.collection === (collection ?? null)) {
      controllerRef.current?.abort();
      setState(settledState(query, init.response));
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    const timer = window.setTimeout(async () => {
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      try {
        const scope = collection ? `&collection=${encodeURIComponent(collection)}` : '';
        const res = await fetch(`/api/search?q=${encodeURIComponent(query)}&limit=${limit}&prefix=1${scope}`, {
          signal: controller.signal,
          headers: { accept: 'application/json' },
        });
        const body = (await res.json().catch(() => null)) as (SearchResponse & { error?: { message?: string } }) | null;
        if (controller.signal.aborted) return;
        if (!res.ok || !body || !Array.isArray(body.results)) {
          setState({ query, results: [], loading: false, error: body?.error?.message ?? 'Search is unavailable right now.' });
          return;
        }
        if (body.keywordEmpty && body.results.length === 0) {
          // Nothing to search by yet ("how do i c"): keep what the user already sees, if anything.
          setState((s) => (s.results.length ? { ...s, loading: false } : { query, results: [], keywordEmpty: true, loading: false, error: null }));
          return;
        }
        setState(settledState(query, body));
      } catch (err) {
        if ((err as Error).name === 'AbortError' || controller.signal.aborted) return;
        setState({ query, results: [], loading: false, error: 'Search is unavailable right now.' });
      }
    }, debounceMs);
    return () => window.clearTimeout(timer);
  }, [q, limit, debounceMs, collection]);

  useEffect(() => () => controllerRef.current?.abort(), []);

  return state;
}
