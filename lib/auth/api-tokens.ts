/**
 * Personal API tokens for the content API: `rsv_` + 32 random bytes in base64url (256 bits), sent
 * as `Authorization: Bearer <token>` (RFC 6750). Only the token's sha256 is stored, so a database
 * leak gives no usable token; a high-entropy random token needs no slow hash (unlike a password).
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { insertApiToken, useApiToken } from '@/db/queries/api-tokens';
import type { StaffRole } from '@/db/schema';
import { AppError } from '@/lib/errors';

const API_TOKEN_PREFIX = 'rsv_';

export const apiTokenNameSchema = z.string().trim().min(1, 'Give the token a name (what uses it)').max(100, 'The name is at most 100 characters');

/** sha256 hex of a token. */
function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates a token for a staff member (it acts with the owner's role at the time of each request).
 * @param args.userId the owner; `name` says what uses it (1–100 characters).
 * @returns the token (shown once, never stored), its id and display prefix.
 * @throws AppError `bad_request:token` for an empty or too long name.
 */
export async function createApiToken(db: Db, args: { userId: number; name: string }): Promise<{ id: number; token: string; prefix: string }> {
  const name = apiTokenNameSchema.safeParse(args.name);
  if (!name.success) throw new AppError('bad_request:token', name.error.issues[0].message);
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const prefix = `${token.slice(0, 10)}…`;
  const id = await insertApiToken(db, { userId: args.userId, name: name.data, tokenHash: hashApiToken(token), prefix });
  return { id, token, prefix };
}

/**
 * The staff member a request's bearer token belongs to, with their role now (a token of a user
 * demoted to viewer can only read from then on).
 * @param authorization the request's `Authorization` header (or null).
 * @returns `{ userId, email, role, tokenId }`.
 * @throws AppError `unauthorized:token` when the header is missing, not `Bearer`, or the token is
 *   unknown or revoked, or its owner disabled (one message, so a caller learns nothing about which).
 */
export async function authenticateBearer(db: Db, authorization: string | null): Promise<{ userId: number; email: string; role: StaffRole; tokenId: number }> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m?.[1].startsWith(API_TOKEN_PREFIX) || m[1].length > 200) {
    throw new AppError('unauthorized:token', 'Send an API token as "Authorization: Bearer rsv_…" (create one in the admin under API tokens).');
  }
  // biome-ignore lint/correctness/useHookAtTopLevel: not a React hook: the query verb that records a token's use
  const row = await useApiToken(db, { tokenHash: hashApiToken(m[1]) });
  if (!row) throw new AppError('unauthorized:token', 'This API token is not valid (unknown or revoked).');
  return row;
}
