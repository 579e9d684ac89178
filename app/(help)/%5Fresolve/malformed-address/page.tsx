import type { Metadata } from 'next';
import { notFound } from 'next/navigation';

export const metadata: Metadata = { title: 'Not found' };

/** Per request, like every 404 (never cached). */
export const dynamic = 'force-dynamic';

/**
 * `/_resolve/malformed-address` (the folder's `%5F` is an escaped underscore): where proxy.ts
 * rewrites a page address with malformed percent-encoding. A route of its own, with no dynamic
 * segment: rewritten onto the catch-all `[...missing]`, Next tried to decode the original
 * address's bytes as its parameters and answered 500 ("failed to decode param") when the server
 * listens on every interface (`next start` without `-H`, as `npm run start` runs it).
 */
export default function MalformedAddressPage(): never {
  notFound();
}
