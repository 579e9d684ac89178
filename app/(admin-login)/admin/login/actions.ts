'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getAppDb } from '@/lib/startup';
import { startSession } from '@/lib/auth/session';
import { PASSWORD_MAX, verifyLogin } from '@/lib/auth/users';
import { AppError } from '@/lib/errors';

const loginSchema = z.object({
  email: z.string('Enter your email.').trim().min(1, 'Enter your email.').max(254, 'Email or password is incorrect.'),
  password: z.string('Enter your password.').min(1, 'Enter your password.').max(PASSWORD_MAX, 'Email or password is incorrect.'),
});

export interface LoginState {
  error?: string;
  /** Echoed back so the field keeps what was typed. */
  email?: string;
}

/** Signs in with email + password; on success sets the session cookie and opens /admin. */
export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get('email') ?? '').slice(0, 254);
  const parsed = loginSchema.safeParse({ email: formData.get('email'), password: formData.get('password') });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Enter your email and password.', email };
  const h = await headers();
  const ip = h.get('x-forwarded-for')?.split(',')[0]?.trim() || h.get('x-real-ip') || 'unknown';
  try {
    const db = await getAppDb();
    const user = await verifyLogin(db, { ...parsed.data, ip });
    if (!user) return { error: 'Email or password is incorrect.', email };
    await startSession(db, { userId: user.id });
  } catch (err) {
    if (err instanceof AppError && err.kind === 'rate_limited') return { error: err.message, email };
    if (err instanceof AppError && err.kind === 'unavailable') {
      return { error: 'The database is not available right now. Try again shortly.', email };
    }
    console.error('[resolve] admin login failed', err);
    return { error: 'Something went wrong on our side. Try again.', email };
  }
  redirect('/admin');
}
