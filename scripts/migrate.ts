/**
 * Opens the app's database and applies pending migrations (db/migrations), nothing else.
 *
 *   npm run db:migrate
 *
 * Uses DATABASE_URL when set, else the embedded database in RESOLVE_DATA_DIR (default .data).
 * Exit codes: 0 migrated (or already current); 1 the database is unavailable or a migration failed.
 */
import { getDbHandle } from '@/db/client';
import { cliArgs } from '@/lib/cli/context';
import { closeCliDb, runCli } from '@/lib/cli/forward';

/** The command: exit code 0 or 1 (see above). */
export async function main(): Promise<number> {
  if (cliArgs().some((a) => a === '--help' || a === '-h')) {
    console.log('Usage: npm run db:migrate');
    return 0;
  }
  try {
    const { kind } = await getDbHandle();
    console.log(`Database migrated (${kind === 'pglite' ? 'embedded PGlite' : 'Postgres server'}).`);
    return 0;
  } catch (err) {
    console.error(`Migration failed: ${(err as Error)?.message ?? err}`);
    return 1;
  } finally {
    await closeCliDb().catch(() => {});
  }
}

runCli('db:migrate', main);
