'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { revokeApiToken } from '@/db/queries/api-tokens';
import type { FormResult } from '@/components/admin/ActionForm';
import { apiTokenNameSchema, createApiToken } from '@/lib/auth/api-tokens';
import { hasRole } from '@/lib/auth/roles';
import { runAction } from '@/lib/route';
import { getAppDb } from '@/lib/startup';

/** What creating a token answers: the token itself once, or why not. */
export type CreateTokenResult = { ok: true; message: string; token: string } | { ok: false; message: string; name?: string };

/**
 * Creates a personal API token for the signed-in editor or admin (form field `name`). The answer
 * carries the token once; only its hash is stored. Never throws for user input.
 */
export async function createApiTokenAction(_prev: CreateTokenResult | null, formData: FormData): Promise<CreateTokenResult> {
  return runAction<CreateTokenResult>(
    {
      name: 'admin.createApiToken',
      rateLimit: 'admin',
      role: 'editor',
      onError: (err) => ({ ok: false, message: err && ['rate_limited', 'forbidden', 'unauthorized'].includes(err.kind) ? err.message : 'The token could not be created. Try again.' }),
    },
    async ({ user: admin }) => {
      const raw = String(formData.get('name') ?? '');
      const name = apiTokenNameSchema.safeParse(raw);
      if (!name.success) return { ok: false, message: name.error.issues[0].message, name: raw };
      const created = await createApiToken(await getAppDb(), { userId: admin.userId, name: name.data });
      revalidatePath('/admin/tokens');
      return { ok: true, message: `Created “${name.data}”. Copy the token now: it is not shown again.`, token: created.token };
    },
  );
}

/**
 * Revokes a token (form field `id`); requests with it get 401 from then on. Editors revoke their
 * own tokens, admins anyone's.
 */
export async function revokeApiTokenAction(_prev: FormResult | null, formData: FormData): Promise<FormResult> {
  return runAction<FormResult>(
    {
      name: 'admin.revokeApiToken',
      rateLimit: 'admin',
      role: 'editor',
      onError: (err) => ({ ok: false, message: err && ['rate_limited', 'forbidden', 'unauthorized'].includes(err.kind) ? err.message : 'The token could not be revoked. Try again.' }),
    },
    async ({ user }) => {
      const id = z.coerce.number().int().positive().safeParse(formData.get('id'));
      if (!id.success) return { ok: false, message: 'Unknown token.' };
      const revoked = await revokeApiToken(await getAppDb(), { id: id.data, ownerId: hasRole(user.role, 'admin') ? undefined : user.userId });
      revalidatePath('/admin/tokens');
      return revoked ? { ok: true, message: 'Revoked.' } : { ok: false, message: 'This token was already revoked, or is not yours.' };
    },
  );
}
