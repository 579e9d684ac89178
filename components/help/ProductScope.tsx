'use client';

import { useEffect, useLayoutEffect } from 'react';
import { scopeStore, type ProductRef } from './scope-store';

// useLayoutEffect warns during server rendering; these components only matter in the browser.
const useIsoLayoutEffect = typeof window === 'undefined' ? useEffect : useLayoutEffect;

/** Hands the product list (from the server) to the client scope store; rendered once by the help layout. */
export function ProductsProvider({ products }: { products: ProductRef[] }) {
  useIsoLayoutEffect(() => scopeStore.setProducts(products), [products]);
  return null;
}

/**
 * Marks the page as belonging to a product: while it is mounted, the header search, the ⌘K
 * palette and the assistant are scoped to that product (with an "All products" switch).
 * Only shown when the help center has more than one product.
 */
export function ProductScope({ product }: { product: ProductRef }) {
  useIsoLayoutEffect(() => {
    scopeStore.setPage(product);
    return () => scopeStore.setPage(null);
  }, [product.slug, product.title]);
  return null;
}
