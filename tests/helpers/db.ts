/**
 * Test databases. Without DATABASE_URL: a fresh in-memory PGlite per call. With DATABASE_URL (a
 * Postgres server, as in CI): a fresh database `resolve_t_<random>` on that server, created with
 * the extensions (the URL's user must be a superuser for `CREATE EXTENSION vector`), dropped on close.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DbHandle } from '@/db/client';

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
  if (!serverUrl) {
    const handle = await openDatabase({});
    return { ...handle, label: 'pglite' };
  }
  const name = `resolve_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const setup = new pg.Client({ connectionString: url.toString() });
  await setup.connect();
  await setup.query('CREATE EXTENSION IF NOT EXISTS vector; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;');
  await setup.end();
  const handle = await openDatabase({ url: url.toString() });
  return {
    ...handle,
    label: 'postgres',
    close: async () => {
      await handle.close();
      const drop = new pg.Client({ connectionString: serverUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}
