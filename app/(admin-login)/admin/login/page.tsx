import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/admin/LoginForm';
import { LogoMark } from '@/components/help/Logo';
import { getCurrentUser } from '@/lib/auth/session';
import { safeAdminReturn } from '@/lib/auth/return-to';
import { loginAction } from './actions';

export const metadata: Metadata = { title: 'Sign in · Admin', robots: { index: false, follow: false } };

/** Per request (the session cookie); never prerendered by `next build`, which has no database. */
export const dynamic = 'force-dynamic';

/** Admin sign-in. Lives outside the (admin) route group, so the guard layout never wraps it. */
export default async function AdminLoginPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const returnTo = safeAdminReturn(Array.isArray(next) ? next[0] : next);
  if (await getCurrentUser().catch(() => null)) redirect(returnTo);
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 py-12 dark:bg-slate-950">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center gap-3 text-center">
          <LogoMark className="size-10" />
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">Sign in to Resolve Admin</h1>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">For the content team. Readers don’t need an account.</p>
          </div>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <LoginForm action={loginAction} next={returnTo} />
        </div>
        <p className="mt-6 text-center text-sm text-slate-600 dark:text-slate-400">
          <Link href="/" className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
            ← Back to the help center
          </Link>
        </p>
      </div>
    </main>
  );
}
