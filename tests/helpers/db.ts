/**
 * Test databases: a fresh in-memory PGlite, or — when DATABASE_URL names a Postgres server, as in
 * CI — a fresh database on that server (db/scratch.ts), dropped on close.
 */
import type { DbHandle } from '@/db/client';
import { openScratchDatabase } from '@/db/scratch';

export interface TestDb extends DbHandle {
  /** `pglite` or `postgres`, for test names. */
  label: string;
}

/**
 * Opens an empty, migrated test database (no seed).
 * @throws when the server in DATABASE_URL is unreachable.
 */
export async function createTestDatabase(): Promise<TestDb> {
  const serverUrl = process.env.DATABASE_URL;
  const handle = await openScratchDatabase({ serverUrl, prefix: 'resolve_t' });
  return { ...handle, label: serverUrl ? 'postgres' : 'pglite' };
}
