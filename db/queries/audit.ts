/**
 * The audit log (db/schema.ts `auditLog`): append and read, newest first.
 */
import 'server-only';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { apiTokens, auditLog } from '../schema';

export type AuditRow = typeof auditLog.$inferSelect;

/** Appends one entry (message cut to 500 characters). */
export async function insertAuditEntry(
  db: Db,
  args: { actorId: number | null; actorEmail: string | null; action: string; outcome: 'ok' | 'refused'; message: string; via: 'admin' | 'api' },
): Promise<void> {
  await db.insert(auditLog).values({ ...args, message: args.message.slice(0, 500) });
}

/**
 * Entries newest first.
 * @param args.limit at most this many (1–500); `before` an entry id to page back from; `action` one action only.
 */
export async function listAuditEntries(db: Db, args: { limit: number; before?: number; action?: string }): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (args.before) where.push(lt(auditLog.id, args.before));
  if (args.action) where.push(eq(auditLog.action, args.action));
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(Math.min(500, Math.max(1, args.limit)));
}

/** The distinct actions in the log, for the admin's filter. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}

/**
 * How the audit log names an API token: its name and id, never the secret nor its hash.
 * @param args.id the token's id.
 * @returns `token “<name>” #<id>`, or `token #<id>` when the row is gone.
 */
export async function apiTokenLabel(db: Db, args: { id: number }): Promise<string> {
  const [row] = await db.select({ name: apiTokens.name }).from(apiTokens).where(eq(apiTokens.id, args.id)).limit(1);
  return row ? `token “${row.name}” #${args.id}` : `token #${args.id}`;
}
