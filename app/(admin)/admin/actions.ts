'use server';

import { redirect } from 'next/navigation';
import { endSession } from '@/lib/auth/session';

/** Signs out: deletes the session row and the cookie, then shows the sign-in page. */
export async function signOutAction(): Promise<void> {
  await endSession();
  redirect('/admin/login');
}
