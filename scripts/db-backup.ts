/**
 * Backs up the app's database to one file.
 *
 *   npm run db:backup [-- --out <file>] [--force]
 *
 * Embedded database (default): a gzipped tar of the data folder (PGlite `dumpDataDir`); with
 * DATABASE_URL: a `pg_dump --format=custom` archive (needs the PostgreSQL client tools). Default
 * file: `<RESOLVE_DATA_DIR>/backups/resolve-<engine>-<UTC time>.<tar.gz|dump>`. Restore with
 * `npm run db:restore`. An existing file is never replaced unless `--force` is given.
 * Exit codes: 0 written; 1 the file exists (without --force), the database or pg_dump failed
 * (message printed); 2 bad arguments.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupEmbedded, backupServer, checkBackupTarget } from '@/db/backup';
import { getDbHandle } from '@/db/client';
import { cliArgs } from '@/lib/cli/context';
import { closeCliDb, runCli } from '@/lib/cli/forward';
import { env } from '@/lib/env';

/** A path as typed relative to here when it is below here, else absolute. */
function shown(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : path.resolve(p);
}

const USAGE = 'Usage: npm run db:backup [-- --out <file>] [--force]';

/** The command: exit code 0, 1 or 2 (see above). */
export async function main(): Promise<number> {
  let values: { out?: string; force?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: cliArgs(), options: { out: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.out !== undefined && !values.out.trim()) {
    console.error(`--out needs a file name\n${USAGE}`);
    return 2;
  }
  const e = env();
  const kind = e.DATABASE_URL ? 'postgres' : 'pglite';
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = values.out ?? path.join(e.dataDir, 'backups', `resolve-${kind}-${stamp}.${kind === 'pglite' ? 'tar.gz' : 'dump'}`);
  try {
    // Checked before the database is opened or dumped: a typo in --out must not cost the old file.
    checkBackupTarget(file, values.force);
    const report = e.DATABASE_URL ? await backupServer(e.DATABASE_URL, file, { overwrite: values.force }) : await backupEmbedded(await getDbHandle(), file, { overwrite: values.force });
    console.log(`Backup written: ${shown(report.file)} (${(report.bytes / 1024 / 1024).toFixed(1)} MB, ${(report.ms / 1000).toFixed(1)} s)`);
    return 0;
  } catch (err) {
    console.error(`Backup not written: ${(err as Error)?.message ?? err}`);
    return 1;
  } finally {
    await closeCliDb().catch(() => {});
  }
}

runCli('db:backup', main);
