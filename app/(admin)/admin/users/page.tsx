import type { Metadata } from 'next';
import { ActionForm } from '@/components/admin/ActionForm';
import { PasswordResetForm, UserCreateForm } from '@/components/admin/UserForms';
import { listUsers } from '@/db/queries/users';
import { ROLE_INFO, STAFF_ROLES } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { getAppDb } from '@/lib/startup';
import { createUserAction, removeUserAction, resetPasswordAction, setDisabledAction, setRoleAction } from './actions';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never');

const select =
  'block w-40 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';

/**
 * Staff accounts (admins only): create with a temporary or generated password, change role,
 * disable or enable, reset password, remove. The server refuses changes to your own account and
 * anything that would leave no enabled admin (db/queries/users.ts).
 */
export default async function UsersPage() {
  const me = await requireRole('admin');
  const users = await listUsers(await getAppDb());
  return (
    <main className="mx-auto max-w-3xl px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Who can sign in to the admin, and what their role lets them do.</p>
      <dl className="mt-4 grid gap-2 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:grid-cols-[7rem_1fr] dark:border-slate-800 dark:bg-slate-900" aria-label="Roles">
        {STAFF_ROLES.map((r) => (
          <div key={r} className="contents">
            <dt className="font-medium">{ROLE_INFO[r].label}</dt>
            <dd className="text-slate-600 dark:text-slate-400">{ROLE_INFO[r].may}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-6">
        <UserCreateForm action={createUserAction} />
      </div>
      <h2 className="mt-8 font-semibold">
        Users <span className="font-normal text-slate-500 dark:text-slate-400">({users.length})</span>
      </h2>
      <ul className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="user-list">
        {users.map((u) => {
          const self = u.id === me.userId;
          return (
            <li key={u.id} className="p-4" data-testid="user-row" data-email={u.email}>
              <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                <p className="min-w-0 font-medium break-all">{u.email}</p>
                <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200" data-testid="user-role">
                  {ROLE_INFO[u.role].label}
                </span>
                {u.banned ? <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800 dark:bg-red-950 dark:text-red-200">disabled</span> : null}
                {self ? <span className="rounded bg-slate-200 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-700 dark:text-slate-200">you</span> : null}
              </div>
              <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                {u.name ? `${u.name} · ` : ''}created {when(u.createdAt)} · last sign-in {when(u.lastSignInAt)}
              </p>
              {self ? (
                <p className="mt-2 text-xs text-slate-600 dark:text-slate-400">Your own role, status and account are changed by another admin, so nobody locks themselves out.</p>
              ) : (
                <div className="mt-3 grid gap-4 sm:grid-cols-2">
                  <ActionForm action={setRoleAction} submitLabel="Change role" pendingLabel="Changing…" variant="secondary" label={`Role of ${u.email}`} testId={`role-${u.id}`}>
                    <input type="hidden" name="id" value={u.id} />
                    <label htmlFor={`role-select-${u.id}`} className="block text-xs font-medium text-slate-700 dark:text-slate-300">
                      Role
                    </label>
                    <select id={`role-select-${u.id}`} name="role" defaultValue={u.role} className={`mt-1 ${select}`}>
                      {STAFF_ROLES.map((r) => (
                        <option key={r} value={r}>
                          {ROLE_INFO[r].label}
                        </option>
                      ))}
                    </select>
                  </ActionForm>
                  <PasswordResetForm action={resetPasswordAction} userId={u.id} email={u.email} />
                  <ActionForm
                    action={setDisabledAction}
                    submitLabel={u.banned ? 'Enable' : 'Disable'}
                    pendingLabel={u.banned ? 'Enabling…' : 'Disabling…'}
                    variant={u.banned ? 'secondary' : 'danger'}
                    label={`${u.banned ? 'Enable' : 'Disable'} ${u.email}`}
                    testId={`disable-${u.id}`}
                  >
                    <input type="hidden" name="id" value={u.id} />
                    <input type="hidden" name="disabled" value={u.banned ? '0' : '1'} />
                  </ActionForm>
                  <ActionForm action={removeUserAction} submitLabel="Remove" pendingLabel="Removing…" variant="danger" label={`Remove ${u.email}`} testId={`remove-${u.id}`}>
                    <input type="hidden" name="id" value={u.id} />
                  </ActionForm>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </main>
  );
}
