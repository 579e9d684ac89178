'use server';

import { revalidatePath } from 'next/cache';
import { getAppDb } from '@/lib/startup';
import { releaseHandoff } from '@/db/queries/handoffs';
import { requireAdmin } from '@/lib/auth/session';
import { runAction } from '@/lib/route';

/** Releases a handoff (form field `id`): the assistant answers in that conversation again. Rate-limited with the admin limits. */
export async function releaseHandoffAction(formData: FormData): Promise<void> {
  await runAction({ name: 'admin.releaseHandoff', rateLimit: 'admin' }, async () => {
    const admin = await requireAdmin();
    const id = Number(formData.get('id'));
    if (!Number.isInteger(id) || id <= 0) return;
    await releaseHandoff(await getAppDb(), { id, releasedBy: admin.email });
    revalidatePath('/admin/handoffs');
  });
}
