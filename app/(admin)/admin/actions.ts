'use server';

import { redirect } from 'next/navigation';
import { endSession } from '@/lib/auth/session';
import { runAction } from '@/lib/route';

/** Signs out: deletes the session row and the cookie, then shows the sign-in page. Not rate-limited: signing out must always work. */
export async function signOutAction(): Promise<void> {
  await runAction({ name: 'admin.signOut' }, () => endSession());
  redirect('/admin/login');
}
