/**
 * Throw-away databases for tests and benchmarks. Without a server URL: a fresh in-memory PGlite.
 * With one: a fresh database `<prefix>_<random>` on that server, created with the extensions (the
 * URL's user must be a superuser for `CREATE EXTENSION vector`), dropped again by `close()`.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DbHandle } from './client';

async function onServer(url: string, statements: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statements);
  } finally {
    await client.end();
  }
}

/**
 * Opens an empty, migrated database (no seed).
 * @param opts.serverUrl Postgres server to create it on; absent → in-memory PGlite.
 * @param opts.prefix database name prefix on the server (default `resolve_tmp`).
 * @throws when the server is unreachable or the user may not create databases.
 */
export async function openScratchDatabase(opts: { serverUrl?: string; prefix?: string } = {}): Promise<DbHandle> {
  if (!opts.serverUrl) return openDatabase({});
  const scratch = await createScratchServerDatabase(opts.serverUrl, opts.prefix);
  const handle = await openDatabase({ url: scratch.url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await scratch.drop();
    },
  };
}

/**
 * Creates an empty database `<prefix>_<random>` on a server, with the extensions, for code that
 * opens its own connection from a URL (the app's shared database in route-handler tests).
 * @returns its URL and `drop()` (which ends other connections to it first).
 * @throws when the server is unreachable or the user may not create databases.
 */
export async function createScratchServerDatabase(serverUrl: string, prefix = 'resolve_tmp'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await onServer(url.toString(), 'CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;');
  return { url: url.toString(), drop: () => onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
