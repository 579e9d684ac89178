import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Not allowed', robots: { index: false, follow: false } };

/**
 * 403: an admin page the signed-in role may not open (`requireRole` calls Next's `forbidden()`).
 * What each role may do is in the README's roles table and lib/auth/roles.ts.
 */
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-xl px-4 py-16 text-center" data-testid="forbidden">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">Your role cannot open this page</h1>
      <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
        Ask an admin for a role that includes it. Users and the audit log are for admins; imports and API tokens for editors and admins.
      </p>
      <Link
        href="/admin"
        className="mt-6 inline-block rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
      >
        Back to the admin
      </Link>
    </main>
  );
}
