/**
 * Restores a backup written by `npm run db:backup` into a fresh database.
 *
 *   npm run db:restore -- <file> [--data-dir <folder>]
 *
 * An embedded backup restores into a new data folder: `--data-dir`, or the app's own
 * (`<RESOLVE_DATA_DIR>/pglite`) when that does not exist yet; a folder that holds files is never
 * overwritten. A server backup (pg_dump archive) restores into DATABASE_URL, which must name an
 * existing, empty database (`createdb <name>`). The file's first bytes tell which kind it is; an
 * embedded backup is checked whole (gzip, tar, a data folder inside) before anything is written,
 * and a failed restore leaves no partial folder or tables behind.
 * Exit codes: 0 restored; 1 the file, the target or the tool refused (message printed); 2 bad arguments.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupKindOf, restoreEmbedded, restoreServer, verifyEmbeddedBackup } from '@/db/backup';
import { env } from '@/lib/env';

/** A path as typed relative to here when it is below here, else absolute. */
function shown(p: string): string {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : path.resolve(p);
}

const USAGE = 'Usage: npm run db:restore -- <file> [--data-dir <new folder>]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: true });
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const file = positionals[0];
  const e = env();
  try {
    const kind = backupKindOf(file);
    if (kind === 'postgres') {
      if (!e.DATABASE_URL) throw new Error(`${file} is a server backup (pg_dump); set DATABASE_URL to an empty database to restore it`);
      const report = await restoreServer(file, e.DATABASE_URL);
      console.log(`Restored ${file} into the server database (${(report.ms / 1000).toFixed(1)} s).`);
    } else {
      // A gzip that is not one of ours, or a truncated one, is named before any target is touched.
      verifyEmbeddedBackup(file);
      if (e.DATABASE_URL && !values['data-dir']) throw new Error(`${file} is an embedded-database backup; unset DATABASE_URL or pass --data-dir <new folder>`);
      const dataDir = path.resolve(values['data-dir'] ?? path.join(e.dataDir, 'pglite'));
      const report = await restoreEmbedded(file, dataDir);
      console.log(`Restored ${file} into ${shown(dataDir)} (${(report.ms / 1000).toFixed(1)} s).`);
      if (values['data-dir']) {
        // The app opens `<RESOLVE_DATA_DIR>/pglite`.
        console.log(
          path.basename(dataDir) === 'pglite'
            ? `Start the app on it with RESOLVE_DATA_DIR=${shown(path.dirname(dataDir))}, or move it to ${path.join(e.RESOLVE_DATA_DIR, 'pglite')}.`
            : `The app opens <RESOLVE_DATA_DIR>/pglite: move this folder to ${path.join(e.RESOLVE_DATA_DIR, 'pglite')}, or to a folder named pglite and set RESOLVE_DATA_DIR to its parent.`,
        );
      }
    }
    return 0;
  } catch (err) {
    console.error(`Restore failed: ${(err as Error)?.message ?? err}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
