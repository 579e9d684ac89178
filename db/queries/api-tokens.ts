/**
 * Stored API tokens (db/schema.ts `apiTokens`): only hashes; lib/auth/api-tokens.ts makes and checks tokens.
 */
import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { adminUsers, apiTokens, type StaffRole } from '../schema';

/** A token as listed in the admin (never the token itself). */
export interface ApiTokenRow {
  id: number;
  name: string;
  prefix: string;
  userId: number;
  userEmail: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Stores a new token's hash.
 * @returns the new row's id.
 */
export async function insertApiToken(db: Db, args: { userId: number; name: string; tokenHash: string; prefix: string }): Promise<number> {
  const [row] = await db.insert(apiTokens).values(args).returning({ id: apiTokens.id });
  return row.id;
}

/**
 * The live (not revoked) token with this hash and its owner, marking it used now. A disabled
 * (banned) owner's tokens are not live.
 * @returns `{ tokenId, userId, email, role }` (the owner's role now), or null for an unknown or
 *   revoked token or a disabled owner.
 */
export async function useApiToken(db: Db, args: { tokenHash: string }): Promise<{ tokenId: number; userId: number; email: string; role: StaffRole } | null> {
  const [row] = await db
    .select({ tokenId: apiTokens.id, userId: apiTokens.userId, email: adminUsers.email, role: adminUsers.role })
    .from(apiTokens)
    .innerJoin(adminUsers, eq(adminUsers.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, args.tokenHash), isNull(apiTokens.revokedAt), eq(adminUsers.banned, false)))
    .limit(1);
  if (!row) return null;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  return row;
}

/**
 * Tokens, newest first, with their owner's email.
 * @param args.userId only this user's tokens; absent: every token.
 */
export async function listApiTokens(db: Db, args: { userId?: number } = {}): Promise<ApiTokenRow[]> {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      userId: apiTokens.userId,
      userEmail: adminUsers.email,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(adminUsers, eq(adminUsers.id, apiTokens.userId))
    .where(args.userId === undefined ? undefined : eq(apiTokens.userId, args.userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/**
 * Revokes a token (kept, for the record, with its revocation time).
 * @param args.ownerId only when the token is this user's; absent: any token.
 * @returns true when a live token was revoked, false when it was unknown, someone else's or
 *   already revoked.
 */
export async function revokeApiToken(db: Db, args: { id: number; ownerId?: number }): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, args.id), isNull(apiTokens.revokedAt), args.ownerId === undefined ? undefined : eq(apiTokens.userId, args.ownerId)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
