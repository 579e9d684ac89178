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
import zlib from 'node:zlib';
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
 * Refuses to replace an existing backup file unless asked to.
 * @param file the backup about to be written; @param overwrite true to replace it.
 * @throws AppError `conflict:backup` when `file` exists and `overwrite` is not true.
 */
export function checkBackupTarget(file: string, overwrite: boolean | undefined): void {
  if (!overwrite && fs.existsSync(file)) {
    throw new AppError('conflict:backup', `${file} already exists; choose another --out file, or pass --force to overwrite it`);
  }
}

/**
 * Checks that a file is a whole embedded-database backup before anything is restored from it: a
 * complete gzip stream (a truncated one fails here) of a tar archive (ustar headers, every entry's
 * data present) that holds a PostgreSQL data folder (`PG_VERSION` and `global/pg_control`).
 * @param file the backup's path.
 * @returns the gzip bytes as read (to restore from without reading the file again) and the number
 *   of tar entries.
 * @throws AppError `bad_request:backup` naming what is wrong (not gzip, truncated or corrupt gzip,
 *   not a tar archive, truncated tar, no PostgreSQL data folder inside).
 */
export function verifyEmbeddedBackup(file: string): { bytes: Buffer; entries: number } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new AppError('bad_request:backup', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new AppError('bad_request:backup', `${file} is not a gzip file, so not an embedded-database backup`);
  let tar: Buffer;
  try {
    tar = zlib.gunzipSync(bytes);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR' ? 'it ends early (truncated: copy the whole file again)' : `it is corrupt (${(err as Error).message})`;
    throw new AppError('bad_request:backup', `${file} is not a usable backup: ${why}`);
  }
  const names = new Set<string>();
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break; // end-of-archive blocks
    if (header.subarray(257, 262).toString('latin1') !== 'ustar') {
      throw new AppError('bad_request:backup', `${file} is a gzip file but not a Resolve backup (no tar archive inside: it is not one of ours)`);
    }
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) throw new AppError('bad_request:backup', `${file} holds a damaged tar header at byte ${offset}`);
    const end = offset + 512 + Math.ceil(size / 512) * 512;
    if (offset + 512 + size > tar.length) throw new AppError('bad_request:backup', `${file} is not a usable backup: its archive ends inside ${name} (truncated)`);
    names.add((prefix ? `${prefix}/${name}` : name).replace(/^\/+/, ''));
    offset = end;
  }
  if (names.size === 0) throw new AppError('bad_request:backup', `${file} is a gzip file but not a Resolve backup (its archive is empty)`);
  for (const needed of ['PG_VERSION', 'global/pg_control']) {
    if (!names.has(needed)) throw new AppError('bad_request:backup', `${file} is a gzip file but not a Resolve backup (no ${needed} inside: not a database data folder)`);
  }
  return { bytes, entries: names.size };
}

/**
 * Writes an embedded database's data folder to a file.
 * @param handle an open embedded database (its `dumpDataDir`).
 * @param file where to write the gzipped tar (parent folders are created).
 * @param opts.overwrite replace an existing file (default false: refused).
 * @returns the report (bytes written, ms taken).
 * @throws AppError `bad_request:backup` when the handle is not an embedded database;
 *   `conflict:backup` when `file` exists and `overwrite` is not set.
 */
export async function backupEmbedded(handle: DbHandle, file: string, opts: { overwrite?: boolean } = {}): Promise<BackupReport> {
  const start = performance.now();
  if (!handle.dumpDataDir) throw new AppError('bad_request:backup', 'this database is not the embedded one; back up a server with pg_dump (backupServer)');
  checkBackupTarget(file, opts.overwrite);
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
 * version's schema) and closes it. The file is checked whole first (`verifyEmbeddedBackup`), and
 * a restore that fails anyway leaves the target as it found it: a folder it created is removed,
 * an empty one is emptied again.
 * @param file a backup written by `backupEmbedded`.
 * @param dataDir the data folder to create; it must not exist or be empty.
 * @returns the report (bytes read, ms taken).
 * @throws AppError `bad_request:backup` when the file is not a whole embedded backup (the message
 *   says what is wrong) or `dataDir` already holds files; `unavailable:database` as `openDatabase`.
 */
export async function restoreEmbedded(file: string, dataDir: string): Promise<BackupReport> {
  const start = performance.now();
  const kind = backupKindOf(file);
  if (kind !== 'pglite') throw new AppError('bad_request:backup', `${file} is a server backup (pg_dump); restore it with DATABASE_URL set`);
  const existed = fs.existsSync(dataDir);
  if (existed && fs.readdirSync(dataDir).length > 0) {
    throw new AppError('bad_request:backup', `${dataDir} is not empty; restore into a new data folder (or move this one away first)`);
  }
  const { bytes } = verifyEmbeddedBackup(file);
  try {
    const handle = await openDatabase({ dataDir, loadDataDir: new Blob([new Uint8Array(bytes)]) });
    await handle.close();
  } catch (err) {
    // No half-restored folder for the app to open later.
    if (existed) for (const entry of fs.readdirSync(dataDir)) fs.rmSync(path.join(dataDir, entry), { recursive: true, force: true });
    else fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
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
 * @param file the archive to write (parent folders created).
 * @param opts.overwrite replace an existing file (default false: refused).
 * @returns the report (archive bytes, ms taken).
 * @throws AppError `conflict:backup` when `file` exists and `overwrite` is not set;
 *   `unavailable:backup` when pg_dump is missing or fails (its message included).
 */
export async function backupServer(url: string, file: string, opts: { overwrite?: boolean } = {}): Promise<BackupReport> {
  const start = performance.now();
  checkBackupTarget(file, opts.overwrite);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${url}`]);
  fs.renameSync(partial, file);
  return { kind: 'postgres', file, bytes: fs.statSync(file).size, ms: performance.now() - start };
}

/**
 * Restores a server backup into an empty database with `pg_restore`, in one transaction
 * (`--single-transaction --exit-on-error`): a truncated or damaged archive fails as a whole and
 * leaves the target database empty.
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
  await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file]);
  return { kind: 'postgres', file, bytes: fs.statSync(file).size, ms: performance.now() - start };
}
