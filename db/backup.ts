/**
 * Backup and restore of the whole database, for either engine.
 *
 * - Embedded (PGlite): the data folder as a gzipped tar, from PGlite's `dumpDataDir('gzip')`, and
 *   restored with its `loadDataDir` option into a new, empty data folder
 *   (https://pglite.dev/docs/api#dumpdatadir). A physical copy: it restores into the same PGlite
 *   major version; migrations run on open as usual.
 * - Server (`DATABASE_URL`): `pg_dump --format=custom` and `pg_restore` (the PostgreSQL client
 *   tools on PATH, of the server's major version or newer;
 *   https://www.postgresql.org/docs/15/app-pgdump.html), restored into an empty database.
 *
 * The file says what it is: a gzip stream (bytes 1f 8b) is an embedded backup, `PGDMP` a server
 * one; restoring one kind into the other engine is refused with a message.
 */
import 'server-only';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DbHandle } from './client';
import { AppError } from '@/lib/errors';

export type BackupKind = 'pglite' | 'postgres';

/** What a backup or restore did: the file, its size in bytes, and the wall time in ms. */
export interface BackupReport {
  kind: BackupKind;
  file: string;
  bytes: number;
  ms: number;
}

/**
 * The kind of a backup file, read from its first bytes.
 * @param file path of the backup.
 * @returns `pglite` for a gzip stream, `postgres` for a pg_dump custom-format archive.
 * @throws AppError `bad_request:backup` when the file is missing, empty or neither kind.
 */
export function backupKindOf(file: string): BackupKind {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      head = Buffer.alloc(5);
      const n = fs.readSync(fd, head, 0, 5, 0);
      head = head.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new AppError('bad_request:backup', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  throw new AppError('bad_request:backup', `${file} is not a Resolve backup (neither an embedded-database tarball nor a pg_dump archive)`);
}

/**
 * Writes an embedded database's data folder to a file.
 * @param handle an open embedded database (its `dumpDataDir`).
 * @param file where to write the gzipped tar (parent folders are created; an existing file is replaced).
 * @returns the report (bytes written, ms taken).
 * @throws AppError `bad_request:backup` when the handle is not an embedded database.
 */
export async function backupEmbedded(handle: DbHandle, file: string): Promise<BackupReport> {
  const start = performance.now();
  if (!handle.dumpDataDir) throw new AppError('bad_request:backup', 'this database is not the embedded one; back up a server with pg_dump (backupServer)');
  const blob = await handle.dumpDataDir();
  const bytes = new Uint8Array(await blob.arrayBuffer());
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // Written next to the target and renamed, so an interrupted backup never leaves a truncated file under the final name.
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, bytes);
  fs.renameSync(partial, file);
  return { kind: 'pglite', file, bytes: bytes.length, ms: performance.now() - start };
}

/**
 * Restores an embedded backup into a new data folder, then opens it once (migrating it to this
 * version's schema) and closes it.
 * @param file a backup written by `backupEmbedded`.
 * @param dataDir the data folder to create; it must not exist or be empty.
 * @returns the report (bytes read, ms taken).
 * @throws AppError `bad_request:backup` when the file is not an embedded backup or `dataDir`
 *   already holds files; `unavailable:database` as `openDatabase`.
 */
export async function restoreEmbedded(file: string, dataDir: string): Promise<BackupReport> {
  const start = performance.now();
  const kind = backupKindOf(file);
  if (kind !== 'pglite') throw new AppError('bad_request:backup', `${file} is a server backup (pg_dump); restore it with DATABASE_URL set`);
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new AppError('bad_request:backup', `${dataDir} is not empty; restore into a new data folder (or move this one away first)`);
  }
  const bytes = fs.readFileSync(file);
  const handle = await openDatabase({ dataDir, loadDataDir: new Blob([bytes]) });
  await handle.close();
  return { kind: 'pglite', file, bytes: bytes.length, ms: performance.now() - start };
}

function runTool(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 8192) stderr += d.toString('utf8');
    });
    child.on('error', (err: NodeJS.ErrnoException) =>
      reject(new AppError('unavailable:backup', err.code === 'ENOENT' ? `${cmd} is not installed (PostgreSQL client tools are needed to back up a server)` : err.message)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new AppError('unavailable:backup', `${cmd} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/**
 * Backs up a server database with `pg_dump --format=custom` (schema, data, extensions, the
 * migrations table), without owners or privileges so it restores under another role.
 * @param url the database's URL.
 * @param file the archive to write (parent folders created; replaced if present).
 * @returns the report (archive bytes, ms taken).
 * @throws AppError `unavailable:backup` when pg_dump is missing or fails (its message included).
 */
export async function backupServer(url: string, file: string): Promise<BackupReport> {
  const start = performance.now();
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${url}`]);
  fs.renameSync(partial, file);
  return { kind: 'postgres', file, bytes: fs.statSync(file).size, ms: performance.now() - start };
}

/**
 * Restores a server backup into an empty database with `pg_restore` (stops at the first error).
 * @param file an archive written by `backupServer`.
 * @param url the target database, which must exist and hold no table in `public` (create it
 *   with `createdb`, or `CREATE DATABASE`).
 * @returns the report (archive bytes, ms taken).
 * @throws AppError `bad_request:backup` when the file is an embedded backup or the target holds
 *   tables; `unavailable:backup` when pg_restore is missing or fails.
 */
export async function restoreServer(file: string, url: string): Promise<BackupReport> {
  const start = performance.now();
  const kind = backupKindOf(file);
  if (kind !== 'postgres') throw new AppError('bad_request:backup', `${file} is an embedded-database backup; restore it without DATABASE_URL`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    if (rows[0].n > 0) throw new AppError('bad_request:backup', `the target database holds ${rows[0].n} tables; restore into an empty database`);
  } finally {
    await client.end();
  }
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${url}`, file]);
  return { kind: 'postgres', file, bytes: fs.statSync(file).size, ms: performance.now() - start };
}
