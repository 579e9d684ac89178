import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

export const metadata: Metadata = { title: 'Not found' };

/** Per request: an address no other route matches is never cached or prerendered. */
export const dynamic = 'force-dynamic';

/**
 * Any address no other route matches: the help center's 404 (app/(help)/not-found.tsx in the help
 * frame), rendered per request. This route exists so the root app/not-found.tsx can stay free of
 * request APIs: Next renders every layout's not-found boundary into each page it renders, so a
 * `connection()` there would make the static pages dynamic.
 */
export default function MissingPage(): never {
  notFound();
}
