import type { Metadata } from 'next';
import { connection } from 'next/server';
import { HelpShell } from '@/components/help/HelpShell';
import { NotFoundContent } from '@/components/help/NotFoundContent';

export const metadata: Metadata = { title: 'Not found' };

/**
 * Any address no route matches (and `notFound()` outside the help center): the 404 in the full
 * help-center frame. Rendered per request (`connection()`), never at build time: the frame reads
 * the product list from the database, which a build must not open.
 */
export default async function NotFound() {
  await connection();
  return (
    <HelpShell>
      <NotFoundContent />
    </HelpShell>
  );
}
