'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getAppDb } from '@/lib/startup';
import { PASSWORD_MAX } from '@/lib/auth/auth';
import { startSession } from '@/lib/auth/session';
import { runAction } from '@/lib/route';
import { safeAdminReturn } from '@/lib/auth/return-to';

const loginSchema = z.object({
  email: z.string('Enter your email.').trim().min(1, 'Enter your email.').max(254, 'Email or password is incorrect.'),
  password: z.string('Enter your password.').min(1, 'Enter your password.').max(PASSWORD_MAX, 'Email or password is incorrect.'),
});

export interface LoginState {
  error?: string;
  /** Echoed back so the field keeps what was typed. */
  email?: string;
}

/**
 * Signs in with email + password (better-auth, behind our throttle); on success sets the session
 * cookie and opens the admin page the visitor was sent away from (the form's `next`, checked by
 * `safeAdminReturn`), else /admin. Counted per address (30 attempts a minute) and throttled per account
 * and address (lib/auth/login-throttle.ts); every failure, a disabled account included, is a
 * message in the form, never an exception. Cross-site posts are refused by Next's Origin check
 * for server actions before this runs.
 */
export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get('email') ?? '').slice(0, 254);
  const parsed = loginSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Enter your email and password.', email };
  const state = await runAction<LoginState | null>(
    {
      name: 'admin.login',
      rateLimit: 'login',
      onError: (err) => {
        if (err?.kind === 'rate_limited' || err?.code === 'forbidden:account_disabled') return { error: err.message, email };
        if (err?.kind === 'unavailable') return { error: 'The database is not available right now. Try again shortly.', email };
        return { error: 'Something went wrong on our side. Try again.', email };
      },
    },
    async ({ address }) => {
      const db = await getAppDb();
      const user = await startSession(db, { ...parsed.data, ip: address });
      return user ? null : { error: 'Email or password is incorrect.', email };
    },
  );
  if (state) return state;
  redirect(safeAdminReturn(String(formData.get('next') ?? '')));
}
