/**
 * For tests of one migration on a database that already holds data from before it: a copy of the
 * migrations folder cut after the first `n` journal entries, and an empty database (in-memory
 * PGlite, or a fresh server database when DATABASE_URL is set) with a `migrate(folder)` verb.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { sql } from 'drizzle-orm';
import { createScratchServerDatabase } from '@/db/scratch';

export const MIGRATIONS_DIR = path.join(process.cwd(), 'db', 'migrations');

/**
 * A copy of the migrations folder (under `tmp`) with only the first `n` journal entries.
 * @returns the copy's path, to pass to `migrate`.
 */
export function migrationsUpTo(tmp: string, n: number): string {
  const dir = path.join(tmp, `upto-${n}`);
  fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
  const journalPath = path.join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, n);
  fs.writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

/** The journal index of the migration whose tag ends with `suffix` (e.g. `_handoff_workflow`), or -1. */
export function journalIndex(suffix: string): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.findIndex((e) => e.tag.endsWith(suffix));
}

export type Exec = (q: ReturnType<typeof sql>) => Promise<{ rows: Record<string, unknown>[] }>;

/**
 * An empty, unmigrated database with the extensions.
 * @param prefix the server database's name prefix (when DATABASE_URL is set).
 * @returns `migrate(folder)`, raw `exec`, and `close()` (which drops a server database).
 */
export async function openUnmigratedDatabase(prefix: string): Promise<{ migrate: (folder: string) => Promise<void>; exec: Exec; close: () => Promise<void> }> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    const scratch = await createScratchServerDatabase(serverUrl, prefix);
    const pool = new pg.Pool({ connectionString: scratch.url, max: 2 });
    const db = drizzle(pool);
    return {
      migrate: (folder) => migrate(db, { migrationsFolder: folder }),
      exec: (q) => db.execute(q) as never,
      close: async () => {
        await pool.end();
        await scratch.drop();
      },
    };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = await PGlite.create(undefined, { extensions: { vector, pg_trgm, unaccent } });
  const db = drizzle({ client });
  return { migrate: (folder) => migrate(db, { migrationsFolder: folder }), exec: (q) => db.execute(q) as never, close: () => client.close() };
}
