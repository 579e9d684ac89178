'use client';

import { useSyncExternalStore } from 'react';

/** A product as the client shows it. */
export interface ProductRef {
  slug: string;
  title: string;
}

interface ScopeState {
  /** Every product with published articles (home-page order). */
  products: ProductRef[];
  /** The product of the page the user is on (article, category, product page), or null. */
  page: ProductRef | null;
  /** The user switched to "All products" on this page. */
  all: boolean;
}

let state: ScopeState = { products: [], page: null, all: false };
const listeners = new Set<() => void>();

function set(next: Partial<ScopeState>) {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

const serverState: ScopeState = { products: [], page: null, all: false };

/**
 * The search scope as React state: `scope` is the product searches and the assistant are limited
 * to (the page's product unless the user chose "All products"), or null for all products.
 * @returns `{ products, page, scope, all, setAll(all) }`.
 */
export function useScope() {
  const s = useSyncExternalStore(
    subscribe,
    () => state,
    () => serverState,
  );
  return { products: s.products, page: s.page, all: s.all, scope: s.all ? null : s.page, setAll: (all: boolean) => set({ all }) };
}

/**
 * The collection searches and the assistant are limited to right now, read outside React (the
 * assistant's request body). @returns a collection slug, or undefined for all products.
 */
export function currentScope(): string | undefined {
  return state.all ? undefined : state.page?.slug;
}

/** Title of a collection for display (the product's title; the slug when unknown). */
export function productTitle(products: ProductRef[], slug: string): string {
  return products.find((p) => p.slug === slug)?.title ?? slug;
}

/** @internal for ScopeMarker / ProductsProvider. */
export const scopeStore = {
  setProducts: (products: ProductRef[]) => set({ products }),
  setPage: (page: ProductRef | null) => {
    if (page?.slug !== state.page?.slug) set({ page, all: false });
  },
};
