/**
 * Audit of admin actions: `runAction` (lib/route.ts) records every `admin.*` server action that
 * is not a read, with the signed-in admin and what the action answered; content API writes record
 * themselves with the token's owner and the token (name and id). A failure to write the log is logged, never shown: the
 * action itself has already happened.
 */
import 'server-only';
import { apiTokenLabel, insertAuditEntry } from '@/db/queries/audit';
import { getCurrentUser } from '@/lib/auth/session';
import { getAppDb } from '@/lib/startup';

/** Admin actions that change nothing (searches, sign-in and sign-out have their own records). */
const NOT_AUDITED = new Set(['admin.searchGold', 'admin.login', 'admin.signOut']);

/**
 * What an action's answer says for the log: `ok` unless it is `{ ok: false }`, and its `message`.
 * @param result whatever the action returned.
 * @returns `{ outcome, message }` (message '' when there is none).
 */
export function auditOutcome(result: unknown): { outcome: 'ok' | 'refused'; message: string } {
  const r = result as { ok?: unknown; message?: unknown } | null | undefined;
  const outcome = r && typeof r === 'object' && r.ok === false ? 'refused' : 'ok';
  const message = r && typeof r === 'object' && typeof r.message === 'string' ? r.message : '';
  return { outcome, message };
}

/**
 * Records an admin server action's result (called by `runAction` after the action's body).
 * @param name the action's name (`admin.saveArticle`); others than `admin.*` are ignored.
 */
export async function auditAdminAction(name: string, result: unknown): Promise<void> {
  if (!name.startsWith('admin.') || NOT_AUDITED.has(name)) return;
  try {
    const admin = await getCurrentUser();
    const { outcome, message } = auditOutcome(result);
    await insertAuditEntry(await getAppDb(), { actorId: admin?.userId ?? null, actorEmail: admin?.email ?? null, action: name, outcome, message, via: 'admin' });
  } catch (err) {
    console.error(`[resolve] audit of ${name} not written:`, (err as Error).message);
  }
}

/**
 * Records a content API write. The actor is the token's owner (`actorId`, `actorEmail`) and the
 * token itself, named by name and id at the start of the message (`token “ci” #3: article 12 …`);
 * the token's secret is never written.
 * @param args.user the token's owner and the token's id (as `authenticateBearer` returns them);
 *   `action` e.g. `api.patchArticle`; `message` the target.
 */
export async function auditApiWrite(args: { user: { userId: number; email: string; tokenId?: number }; action: string; message: string }): Promise<void> {
  try {
    const db = await getAppDb();
    const token = args.user.tokenId ? `${await apiTokenLabel(db, { id: args.user.tokenId })}: ` : '';
    await insertAuditEntry(db, { actorId: args.user.userId, actorEmail: args.user.email, action: args.action, outcome: 'ok', message: `${token}${args.message}`, via: 'api' });
  } catch (err) {
    console.error(`[resolve] audit of ${args.action} not written:`, (err as Error).message);
  }
}
