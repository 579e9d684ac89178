'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { FormResult } from '@/components/admin/ActionForm';
import { removeUser, setUserDisabled, setUserRole } from '@/db/queries/users';
import { STAFF_ROLES } from '@/lib/auth/roles';
import { createStaffUser, resetStaffPassword } from '@/lib/auth/users';
import type { AppError } from '@/lib/errors';
import { runAction } from '@/lib/route';
import { getAppDb } from '@/lib/startup';

/** What creating a user or resetting a password answers: the password once, or why not. */
export type PasswordResult = { ok: true; message: string; password?: string } | { ok: false; message: string; values?: Record<string, string> };

const idField = z.coerce.number().int().positive();

/** AppErrors (validation, conflicts, the last-admin guard, 401/403, rate limit) are for people; anything else is generic. */
function message(err: AppError | null, fallback: string): string {
  return err && err.kind !== 'unavailable' ? err.message : fallback;
}

function refresh() {
  revalidatePath('/admin/users');
}

/**
 * Creates a user (form fields `email`, `name`, `role`, `password`: empty makes one). Admins only.
 * The answer carries the password once. Never throws for user input.
 */
export async function createUserAction(_prev: PasswordResult | null, formData: FormData): Promise<PasswordResult> {
  const values = { email: String(formData.get('email') ?? '').slice(0, 254), name: String(formData.get('name') ?? '').slice(0, 100), role: String(formData.get('role') ?? '') };
  return runAction<PasswordResult>(
    { name: 'admin.createUser', rateLimit: 'admin', role: 'admin', onError: (err) => ({ ok: false, message: message(err, 'The user could not be created. Try again.'), values }) },
    async () => {
      const made = await createStaffUser(await getAppDb(), {
        email: values.email,
        name: values.name,
        role: values.role as (typeof STAFF_ROLES)[number],
        password: String(formData.get('password') ?? ''),
      });
      refresh();
      return {
        ok: true,
        message: `Created ${made.user.email} (${made.user.role}).${made.generated ? ' Copy the password now: it is not shown again.' : ''}`,
        password: made.generated ? made.password : undefined,
      };
    },
  );
}

/** Changes a user's role (fields `id`, `role`). Admins only; not your own; never the last admin. */
export async function setRoleAction(_prev: FormResult | null, formData: FormData): Promise<FormResult> {
  return runAction<FormResult>(
    { name: 'admin.setUserRole', rateLimit: 'admin', role: 'admin', onError: (err) => ({ ok: false, message: message(err, 'The role could not be changed. Try again.') }) },
    async ({ user }) => {
      const id = idField.safeParse(formData.get('id'));
      const role = z.enum(STAFF_ROLES).safeParse(formData.get('role'));
      if (!id.success || !role.success) return { ok: false, message: 'Pick a role: viewer, editor or admin.' };
      const { email, previous } = await setUserRole(await getAppDb(), { actorId: user.userId, id: id.data, role: role.data });
      refresh();
      return { ok: true, message: previous === role.data ? `${email} already is ${role.data}.` : `${email} is now ${role.data} (was ${previous}).` };
    },
  );
}

/** Disables or enables a user (fields `id`, `disabled` = `1` | `0`). Disabling signs them out everywhere. */
export async function setDisabledAction(_prev: FormResult | null, formData: FormData): Promise<FormResult> {
  return runAction<FormResult>(
    { name: 'admin.setUserDisabled', rateLimit: 'admin', role: 'admin', onError: (err) => ({ ok: false, message: message(err, 'That did not work. Try again.') }) },
    async ({ user }) => {
      const id = idField.safeParse(formData.get('id'));
      if (!id.success) return { ok: false, message: 'Unknown user. Reload the page.' };
      const disabled = formData.get('disabled') === '1';
      const { email } = await setUserDisabled(await getAppDb(), { actorId: user.userId, id: id.data, disabled });
      refresh();
      return { ok: true, message: disabled ? `Disabled ${email}: signed out everywhere, cannot sign in.` : `Enabled ${email}.` };
    },
  );
}

/** Removes a user (field `id`). Their sessions and API tokens go with them. */
export async function removeUserAction(_prev: FormResult | null, formData: FormData): Promise<FormResult> {
  return runAction<FormResult>(
    { name: 'admin.removeUser', rateLimit: 'admin', role: 'admin', onError: (err) => ({ ok: false, message: message(err, 'The user could not be removed. Try again.') }) },
    async ({ user }) => {
      const id = idField.safeParse(formData.get('id'));
      if (!id.success) return { ok: false, message: 'Unknown user. Reload the page.' };
      const { email } = await removeUser(await getAppDb(), { actorId: user.userId, id: id.data });
      refresh();
      return { ok: true, message: `Removed ${email}.` };
    },
  );
}

/** Sets a new password (fields `id`, `password`: empty makes one) and signs the user out everywhere; the answer carries it once. */
export async function resetPasswordAction(_prev: PasswordResult | null, formData: FormData): Promise<PasswordResult> {
  return runAction<PasswordResult>(
    { name: 'admin.resetPassword', rateLimit: 'admin', role: 'admin', onError: (err) => ({ ok: false, message: message(err, 'The password could not be reset. Try again.') }) },
    async () => {
      const id = idField.safeParse(formData.get('id'));
      if (!id.success) return { ok: false, message: 'Unknown user. Reload the page.' };
      const reset = await resetStaffPassword(await getAppDb(), { id: id.data, password: String(formData.get('password') ?? '') });
      refresh();
      return {
        ok: true,
        message: reset.generated ? 'Password reset; they are signed out everywhere. Copy the new password now: it is not shown again.' : 'Password set; they are signed out everywhere.',
        password: reset.generated ? reset.password : undefined,
      };
    },
  );
}
