import type { Metadata } from 'next';
import { listApiTokens } from '@/db/queries/api-tokens';
import { ActionForm } from '@/components/admin/ActionForm';
import { TokenCreateForm } from '@/components/admin/TokenCreateForm';
import { hasRole } from '@/lib/auth/roles';
import { requireRole } from '@/lib/auth/session';
import { getAppDb } from '@/lib/startup';
import { createApiTokenAction, revokeApiTokenAction } from './actions';

export const metadata: Metadata = { title: 'API tokens' };
export const dynamic = 'force-dynamic';

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'never');

/** Personal API tokens for the content API: create (shown once), list, revoke. Editors see and revoke their own tokens, admins every token. */
export default async function TokensPage() {
  const me = await requireRole('editor');
  const isAdmin = hasRole(me.role, 'admin');
  const tokens = await listApiTokens(await getAppDb(), { userId: isAdmin ? undefined : me.userId });
  return (
    <main className="mx-auto max-w-3xl px-3 py-6 sm:px-6 sm:py-8">
      <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
        Integrations read and write articles through the content API with a token: <code className="font-mono text-xs">Authorization: Bearer rsv_…</code>. The API is described in{' '}
        <a href="/api/openapi.json" className="font-medium text-indigo-700 underline underline-offset-2 dark:text-indigo-300">
          openapi.json
        </a>
        . A token acts with the role its owner has at the time: a viewer’s token can only read.
      </p>
      <div className="mt-6">
        <TokenCreateForm action={createApiTokenAction} />
      </div>
      <h2 className="mt-8 font-semibold">{isAdmin ? 'Every token' : 'Your tokens'}</h2>
      {tokens.length === 0 ? (
        <p className="mt-3 rounded-xl border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">No tokens yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900" data-testid="token-list">
          {tokens.map((t) => (
            <li key={t.id} className="flex flex-wrap items-start justify-between gap-3 p-4">
              <div className="min-w-0">
                <p className="font-medium break-words">
                  {t.name} {t.revokedAt ? <span className="ml-1 rounded bg-slate-200 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-700 dark:text-slate-200">revoked</span> : null}
                </p>
                <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                  <span className="font-mono">{t.prefix}</span> · {t.userEmail} · created {when(t.createdAt)} · last used {when(t.lastUsedAt)}
                </p>
              </div>
              {t.revokedAt ? null : (
                <ActionForm action={revokeApiTokenAction} submitLabel="Revoke" pendingLabel="Revoking…" variant="danger" label={`Revoke ${t.name}`} className="shrink-0">
                  <input type="hidden" name="id" value={t.id} />
                </ActionForm>
              )}
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
