/**
 * Seeds the bundled sample content (content/sample) into the app's database when it has no
 * article, whatever RESOLVE_SEED says (the server seeds on its own only with RESOLVE_SEED=1).
 *
 *   npm run db:seed
 *
 * Exit codes: 0 seeded, or nothing to do because the database already has articles; 1 the
 * database is unavailable or the sample could not be written.
 */
import { getDb } from '@/db/client';
import { cliArgs } from '@/lib/cli/context';
import { closeCliDb, runCli } from '@/lib/cli/forward';
import { seedIfEmpty } from '@/lib/content/sample';

/** The command: exit code 0 or 1 (see above). */
export async function main(): Promise<number> {
  if (cliArgs().some((a) => a === '--help' || a === '-h')) {
    console.log('Usage: npm run db:seed');
    return 0;
  }
  try {
    const report = await seedIfEmpty(await getDb());
    if (!report) console.log('The database already has articles; nothing seeded.');
    else {
      console.log(`imported: ${report.imported}, failed: ${report.failed.length}`);
      for (const f of report.failed) console.log(`  ✗ ${f.sourceId}: ${f.reason}`);
    }
    return 0;
  } catch (err) {
    console.error(`Seeding failed: ${(err as Error)?.message ?? err}`);
    return 1;
  } finally {
    await closeCliDb().catch(() => {});
  }
}

runCli('db:seed', main);
