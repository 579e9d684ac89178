import type { Metadata } from 'next';
import Link from 'next/link';
import { LogOut } from 'lucide-react';
import { LogoMark } from '@/components/help/Logo';
import { ThemeToggle } from '@/components/help/ThemeToggle';
import { ViewOnlyProvider } from '@/components/admin/ViewOnly';
import { hasRole, ROLE_INFO, type StaffRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { signOutAction } from './actions';

/**
 * Every admin page is rendered per request (signed-in staff, drafts): never prerendered by
 * `next build`, which has no database, and never cached (proxy.ts sends `no-store`).
 */
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Admin', template: '%s · Resolve Admin' },
  robots: { index: false, follow: false },
};

/** The sections, each with the least role that may open it (the pages check the same). */
const NAV_LINKS: { href: string; label: string; role: StaffRole }[] = [
  { href: '/admin', label: 'Articles', role: 'viewer' },
  { href: '/admin/products', label: 'Products', role: 'viewer' },
  { href: '/admin/categories', label: 'Categories', role: 'viewer' },
  { href: '/admin/feedback', label: 'Feedback', role: 'viewer' },
  { href: '/admin/evals', label: 'Evaluation', role: 'viewer' },
  { href: '/admin/handoffs', label: 'Handoffs', role: 'viewer' },
  { href: '/admin/insights', label: 'Insights', role: 'viewer' },
  { href: '/admin/import', label: 'Import', role: 'editor' },
  { href: '/admin/tokens', label: 'API tokens', role: 'editor' },
  { href: '/admin/users', label: 'Users', role: 'admin' },
  { href: '/admin/audit', label: 'Audit log', role: 'admin' },
];

/** The admin section links the role may open (and the way back to the help center); `className` places them. */
function AdminNav({ className, role }: { className: string; role: StaffRole }) {
  return (
    <nav aria-label="Admin" className={className}>
      {NAV_LINKS.filter((l) => hasRole(role, l.role)).map((l) => (
        <Link
          key={l.href}
          href={l.href}
          className="shrink-0 rounded-md px-2.5 py-1.5 font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white"
        >
          {l.label}
        </Link>
      ))}
      <Link href="/" className="shrink-0 rounded-md px-2.5 py-1.5 text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white">
        Help center ↗
      </Link>
    </nav>
  );
}

/**
 * Guard and shell for every /admin page except /admin/login (which lives in the (admin-login)
 * group, outside this layout). Pages and actions check the session again: a layout is not re-run
 * on every navigation, so it cannot be the only check.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const admin = await requireRole();
  const viewOnly = !hasRole(admin.role, 'editor');
  return (
    <div className="min-h-dvh bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <a
        href="#admin-main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:shadow dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 border-b border-slate-200 bg-white/90 backdrop-blur supports-[backdrop-filter]:bg-white/75 dark:border-slate-800 dark:bg-slate-900/90 dark:supports-[backdrop-filter]:bg-slate-900/75">
        <div className="mx-auto flex h-14 max-w-[1400px] items-center gap-3 px-3 sm:px-6">
          <Link href="/admin" className="flex items-center gap-2 rounded-md" aria-label="Resolve Admin, articles">
            <LogoMark className="size-7" />
            <span className="text-sm font-semibold tracking-tight">Resolve</span>
            <span className="rounded-md bg-slate-100 px-1.5 py-0.5 text-[11px] font-semibold tracking-wide text-slate-600 uppercase dark:bg-slate-800 dark:text-slate-300">Admin</span>
          </Link>
          <AdminNav role={admin.role} className="ml-2 hidden items-center gap-1 text-sm 2xl:flex" />
          <div className="ml-auto flex items-center gap-1 sm:gap-2">
            <span className="hidden max-w-[16rem] truncate text-sm text-slate-600 md:inline dark:text-slate-400" title={admin.email} data-testid="admin-user">
              {admin.email}
            </span>
            <span className="rounded-md bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-200" title={ROLE_INFO[admin.role].may} data-testid="admin-role">
              {ROLE_INFO[admin.role].label}
            </span>
            <ThemeToggle />
            <form action={signOutAction}>
              <button
                type="submit"
                data-testid="admin-signout"
                className="inline-flex items-center gap-1.5 rounded-lg border border-slate-300 px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
              >
                <LogOut className="size-4" aria-hidden="true" />
                <span>Sign out</span>
              </button>
            </form>
          </div>
        </div>
        {/* Below 1536 px the sections do not fit beside the logo: the same links on a row of their own
            (wrapping from tablet width up, scrollable sideways on phones). */}
        <div className="border-t border-slate-200 2xl:hidden dark:border-slate-800">
          <AdminNav role={admin.role} className="mx-auto flex max-w-[1400px] items-center gap-1 overflow-x-auto px-2 py-1 text-sm sm:flex-wrap sm:overflow-visible sm:px-5" />
        </div>
      </header>
      <div id="admin-main">
        {viewOnly ? (
          <p
            role="note"
            data-testid="view-only"
            className="border-b border-amber-200 bg-amber-50 px-3 py-2 text-center text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            View only: your role (viewer) can read everything here but change nothing.
          </p>
        ) : null}
        <ViewOnlyProvider viewOnly={viewOnly}>{children}</ViewOnlyProvider>
      </div>
    </div>
  );
}
