import type { Metadata } from 'next';
import { connection } from 'next/server';
import { Preparing } from '@/components/help/Preparing';
import { getStartupState } from '@/lib/startup-state';

export const metadata: Metadata = { title: 'Preparing', robots: { index: false } };

/**
 * `/_resolve/preparing` (the folder's `%5F` is an escaped underscore): where proxy.ts rewrites a
 * static page's request while the first start-up still runs, so a half-prepared help center is
 * never rendered into a page's ISR copy. Rendered per request; the proxy marks it `no-store`.
 * The address stays the page the visitor asked for, and the preparing page reloads itself every
 * 2 s, so it turns into that page once the start-up is done (also when it finished while this
 * render waited: never a redirect elsewhere).
 */
export default async function PreparingPage() {
  await connection();
  // Nothing started or scheduled it (a request that arrived before instrumentation.ts ran): start
  // it now. While it is only scheduled, answer first: the start-up blocks this thread for seconds.
  if (getStartupState().phase === 'idle') {
    const { prepareApp } = await import('@/lib/startup');
    prepareApp().catch(() => {});
  }
  return <Preparing state={getStartupState()} />;
}
