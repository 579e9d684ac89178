/**
 * Database handles. Default: embedded PGlite (Postgres 18 in wasm, with pgvector, pg_trgm and
 * unaccent) in `<data dir>/pglite`. With `DATABASE_URL`: a Postgres server through node-postgres.
 * Same schema, same migrations, same queries.
 */
import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import type { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import { templateFor } from './template';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
  /**
   * Embedded only: the whole data folder as a gzipped tar (PGlite's `dumpDataDir`, the format
   * `openDatabase({ loadDataDir })` reads back; https://pglite.dev/docs/api#dumpdatadir).
   */
  dumpDataDir?: () => Promise<Blob>;
}

/**
 * The notification channels the app listens to. `resolve_search_generation`: the search
 * generation's bump trigger notifies it when a write that changes what a search finds commits
 * (migration 0021; lib/search/generation.ts).
 */
export const SEARCH_GENERATION_CHANNEL = 'resolve_search_generation';
export const NOTIFICATION_CHANNELS = [SEARCH_GENERATION_CHANNEL] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * Subscribes to a notification channel.
 * @param channel one of NOTIFICATION_CHANNELS.
 * @param handlers `onNotify` runs for each notification after the notifying transaction commits
 *   (Postgres sends one per transaction for equal payloads, none on rollback; it may run more than
 *   once for one commit). A commit made through this handle runs it before the writing query's
 *   promise resolves: the embedded database has one connection, and on the server every pooled
 *   connection listens to NOTIFICATION_CHANNELS, so it receives its own commit's notification.
 *   Commits of other processes arrive through a connection of the subscription's own.
 *   `onLost` runs at most once, when that connection closes or fails (never on the embedded
 *   database). Neither runs after the returned function or the handle's `close()` was called.
 * @returns once the subscription is in effect, a function that ends it.
 * @throws the driver's error when the connection or the LISTEN fails; Error when the handle is closed.
 */
export type Listen = (channel: NotificationChannel, handlers: { onNotify: () => void; onLost: (err: Error) => void }) => Promise<() => Promise<void>>;

/**
 * The subscribe function of each open database, for code that only holds the drizzle instance. On
 * globalThis: Next's build has several copies of this module (one per server chunk that imports
 * it), and the copy that opened the shared database is not the one a route handler reads from.
 */
const globalListeners = globalThis as unknown as { __resolveListeners?: WeakMap<Db, Listen> };
globalListeners.__resolveListeners ??= new WeakMap<Db, Listen>();
const listeners = globalListeners.__resolveListeners;

/**
 * How to subscribe to notifications on a database opened by `openDatabase`.
 * @returns its `Listen`, or null for a drizzle instance opened some other way.
 */
export function listenerOf(db: Db): Listen | null {
  return listeners.get(db) ?? null;
}

/** Notification handlers of one handle, per channel. */
class Dispatcher {
  private readonly handlers = new Map<string, Set<() => void>>();
  add(channel: string, fn: () => void): () => void {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }
  dispatch(channel: string): void {
    for (const fn of this.handlers.get(channel) ?? []) fn();
  }
}

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/**
 * Session settings: trigram candidates for typo correction from similarity 0.2; for the semantic
 * leg an HNSW candidate list of RESOLVE_HNSW_EF_SEARCH (default 400: recall@10 0.91 at 100, 0.94
 * at 200, 1.00 at 400 on the 10k-chunk bench, whose topical 100-d vectors crowd closer than
 * FINDINGS' 384-d ones) and iterative index scans (pgvector ≥ 0.8), so a filtered search
 * (published, collection) still returns k rows instead of the few that survive the filter.
 */
function searchSettings(): [string, string][] {
  return [
    ['pg_trgm.similarity_threshold', '0.2'],
    ['hnsw.ef_search', String(env().RESOLVE_HNSW_EF_SEARCH)],
    ['hnsw.iterative_scan', 'relaxed_order'],
  ];
}

/**
 * Opens a database and applies pending migrations.
 * @param opts.url Postgres URL; when absent, PGlite is used.
 * @param opts.dataDir PGlite folder; `undefined` with no url means in-memory (tests).
 * @param opts.loadDataDir embedded only: a `dumpDataDir()` tarball to start a new, empty data
 *   folder from (restore); PGlite refuses it for a folder that already holds a database.
 * @returns a handle with a drizzle instance and `close()`.
 * @throws AppError `unavailable:database` when the embedded database is held by another process
 *   or a migration fails.
 */
export async function openDatabase(opts: { url?: string; dataDir?: string; loadDataDir?: Blob }): Promise<DbHandle> {
  if (opts.url) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    let closed = false;
    const dispatcher = new Dispatcher();
    // Session settings travel in the startup packet, so every pooled connection has them before its first query.
    const pool = new pg.Pool({
      // Every pooled connection listens before its first query, so a commit made through the pool
      // delivers its notification to its own connection before the query resolves.
      onConnect: async (client) => {
        client.on('notification', (m) => {
          if (!closed) dispatcher.dispatch(m.channel);
        });
        for (const channel of NOTIFICATION_CHANNELS) await client.query(`LISTEN ${channel}`);
      },
      connectionString: opts.url,
      max: 10,
      options: searchSettings()
        .map(([k, v]) => `-c ${k}=${v}`)
        .join(' '),
    });
    // An idle pooled connection the server closes (restart, admin termination) emits 'error' on the
    // pool; unhandled, that event would end the process. The pool drops that client and opens a new one.
    pool.on('error', (err) => console.error('[resolve] idle database connection lost:', err.message));
    const db = drizzle(pool, { schema }) as unknown as Db;
    try {
      await migrate(drizzle(pool), { migrationsFolder });
    } catch (err) {
      await pool.end();
      throw migrationError(err);
    }
    // Other processes' commits: a connection of its own per subscription (pooled ones come and go).
    const subscribers = new Set<InstanceType<typeof pg.Client>>();
    listeners.set(db, async (channel, { onNotify, onLost }) => {
      if (!NOTIFICATION_CHANNELS.includes(channel)) throw new Error(`not a notification channel: ${channel}`);
      if (closed) throw new Error('the database is closed');
      const client = new pg.Client({ connectionString: opts.url, keepAlive: true });
      let ended = false;
      const notify = () => {
        if (!ended && !closed) onNotify();
      };
      const remove = dispatcher.add(channel, notify);
      const end = async () => {
        ended = true;
        remove();
        subscribers.delete(client);
        await client.end().catch(() => {});
      };
      const lost = (err: Error) => {
        if (ended) return;
        void end();
        if (!closed) onLost(err);
      };
      client.on('error', lost);
      client.on('end', () => lost(new Error('the notification connection ended')));
      client.on('notification', (m) => {
        if (m.channel === channel) notify();
      });
      subscribers.add(client);
      try {
        await client.connect();
        await client.query(`LISTEN ${channel}`);
      } catch (err) {
        await end();
        throw err;
      }
      // Closed while connecting: nothing may keep the process alive after close().
      if (closed) {
        await end();
        throw new Error('the database is closed');
      }
      return end;
    });
    const close = async () => {
      closed = true;
      await Promise.all([...subscribers].map((c) => c.end().catch(() => {})));
      subscribers.clear();
      await pool.end();
    };
    return { db, kind: 'postgres', close };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { vector } = await import('@electric-sql/pglite-pgvector');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  let release = () => {};
  if (opts.dataDir) {
    fs.mkdirSync(path.dirname(opts.dataDir), { recursive: true });
    release = takeLock(opts.dataDir);
  }
  // A new data folder starts from the build's prepared template when there is one (db/template.ts).
  const loadDataDir = opts.loadDataDir ?? (opts.dataDir && process.env.RESOLVE_DATA_TEMPLATE !== '0' ? (templateFor(opts.dataDir, migrationsFolder) ?? undefined) : undefined);
  let client;
  try {
    client = await PGlite.create(opts.dataDir, { extensions: { vector, pg_trgm, unaccent }, loadDataDir });
  } catch (err) {
    release();
    throw err;
  }
  const db = drizzle({ client, schema }) as unknown as Db;
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
    await client.exec(
      searchSettings()
        .map(([k, v]) => `SET ${k} = ${v};`)
        .join(' '),
    );
  } catch (err) {
    await client.close();
    release();
    throw migrationError(err);
  }
  // One connection: a notification arrives with the result of the statement whose commit sent it.
  let closed = false;
  const pglite = client;
  listeners.set(db, async (channel, { onNotify }) => {
    if (!NOTIFICATION_CHANNELS.includes(channel)) throw new Error(`not a notification channel: ${channel}`);
    if (closed) throw new Error('the database is closed');
    let ended = false;
    const unlisten = await pglite.listen(channel, () => {
      if (!ended && !closed) onNotify();
    });
    return async () => {
      if (ended) return;
      ended = true;
      if (!closed) await unlisten().catch(() => {});
    };
  });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      closed = true;
      await client.close();
      release();
    },
    dumpDataDir: () => client.dumpDataDir('gzip'),
  };
}

function migrationError(err: unknown): AppError {
  const e = err as { cause?: { message?: string }; message?: string };
  console.error('[resolve] migration failed:', e.cause?.message ?? e.message);
  return new AppError('unavailable:database', `database migration failed: ${e.cause?.message ?? e.message}`);
}

/**
 * PGlite is single-process: two processes on one data folder corrupt it. A pid file guards it.
 * @returns a function that releases the lock.
 * @throws AppError `unavailable:database` when a live process other than this one holds it.
 */
function takeLock(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new AppError(
        'unavailable:database',
        `the embedded database in ${path.relative(process.cwd(), dataDir) || dataDir} is open in another process (pid ${pid}). ` +
          'Stop that process (for example `npm run dev`) and try again, or set DATABASE_URL to use a Postgres server.',
      );
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, 'utf8') === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  return release;
}

/**
 * The live process other than this one that holds an embedded data folder, if any.
 * @param dataDir the PGlite folder (`<RESOLVE_DATA_DIR>/pglite`).
 * @returns its pid, or null when the folder is free (no lock file, a stale one, or this process's).
 */
export function embeddedLockHolder(dataDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(`${dataDir}.lock`, 'utf8'));
    return pid && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const globalForDb = globalThis as unknown as { __resolveDb?: Promise<DbHandle> };

/**
 * The app's shared database (one per process, kept on globalThis so Next's dev reloads reuse it):
 * opened and migrated, nothing more. Seeding and re-embedding are start-up work (lib/startup.ts).
 * @returns the same promise on every call until it fails or `closeDb()` runs.
 * @throws AppError `unavailable:database` as `openDatabase` (the next call tries again).
 */
export function getDbHandle(): Promise<DbHandle> {
  if (!globalForDb.__resolveDb) {
    const e = env();
    const opening = openDatabase(e.DATABASE_URL ? { url: e.DATABASE_URL } : { dataDir: path.join(e.dataDir, 'pglite') });
    globalForDb.__resolveDb = opening;
    opening.catch(() => {
      if (globalForDb.__resolveDb === opening) globalForDb.__resolveDb = undefined;
    });
  }
  return globalForDb.__resolveDb;
}

/**
 * Shortcut for `(await getDbHandle()).db`: migrated, possibly empty. Readers of content use
 * `getAppDb()` from lib/startup.ts, which also waits for the sample seed and re-embedding.
 */
export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Closes the shared database if it was opened (CLI scripts call it before exiting). */
export async function closeDb(): Promise<void> {
  const p = globalForDb.__resolveDb;
  globalForDb.__resolveDb = undefined;
  if (p) await (await p).close();
}

/** Rows of a raw SQL query on either driver. */
export async function rows<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}
