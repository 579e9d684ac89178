import type { Metadata } from 'next';
import { HelpShell } from '@/components/help/HelpShell';
import { NotFoundContent } from '@/components/help/NotFoundContent';

export const metadata: Metadata = { title: 'Not found' };

/**
 * `notFound()` outside the help center (an admin page for an unknown id): the 404 in the full
 * help-center frame. Reads no request API: Next renders this boundary into every page under the
 * root layout, static ones included. Addresses no route matches are caught by
 * app/(help)/[...missing] (rendered per request), so the copy `next build` makes of this page
 * (HelpShell shows the preparing state then: no database at build) is never served.
 */
export default function NotFound() {
  return (
    <HelpShell>
      <NotFoundContent />
    </HelpShell>
  );
}
