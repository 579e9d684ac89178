/**
 * Start-up work, in one place: open and migrate the database, rebuild the search index of chunks
 * an older text analysis indexed, seed the bundled sample into an empty one (RESOLVE_SEED=1),
 * then embed chunks that lack a vector of the active embedding model, and (in a Next server)
 * revalidate the static pages cached before this start.
 * Next starts it from instrumentation.ts; scripts and tests call `prepareApp()` themselves; pages
 * and route handlers read through `getAppDb()`, so none of them sees the database half prepared.
 */
import 'server-only';
import type { Db, DbHandle } from '@/db/client';
import { getDbHandle } from '@/db/client';
import { seedIfEmpty } from '@/lib/content/sample';
import { env } from '@/lib/env';
import { embedMissingChunks } from '@/lib/search/reembed';
import { ANALYZER_VERSION, reindexStaleChunks } from '@/lib/search/indexing';
import { publishDueArticlesIfAny, SCHEDULE_INTERVAL_MS } from '@/lib/content/editor';
import { revalidateOverLoopback } from '@/lib/page-cache';
import { setStartupState } from '@/lib/startup-state';
import { startPublicSlugs } from './public-slugs';

interface StartupMemo {
  /** The `getDbHandle()` promise this run prepared; a new one (after `closeDb()`) means run again. */
  handle: Promise<DbHandle>;
  ready: Promise<DbHandle>;
}

// On globalThis like the db handle: instrumentation.ts and the route bundles load this module
// separately, and Next's dev reloads load it again, but they must share one run.
const globalForStartup = globalThis as unknown as { __resolveStartup?: StartupMemo; __resolveScheduleTimer?: ReturnType<typeof setInterval> };

const setState = setStartupState;

/**
 * Prepares the app's shared database: open + migrate, seed the sample when RESOLVE_SEED=1 and the
 * database has no article, embed chunks missing a vector of the active model (progress logged every
 * 2,048 chunks). Idempotent: every call returns the same promise until a run fails or `closeDb()`
 * closes the database, then the next call starts again.
 * @returns the handle, once all of that has finished. A failing re-embedding (a hosted embedding
 *   model that is down) is logged, not thrown: search still has its keyword and typo legs.
 * @throws AppError `unavailable:database` when the database cannot be opened or migrated; the
 *   driver's or reader's error when seeding fails. The phase is then `failed`.
 */
export function prepareApp(): Promise<DbHandle> {
  // `next build` must never open the data folder: a page that reaches here while prerendering is
  // a bug (it must read the request, or be guarded by isBuildPhase()).
  if (isBuildPhase()) return Promise.reject(new Error('prepareApp() was called during next build; the build must not open the database'));
  let handle: Promise<DbHandle>;
  try {
    handle = getDbHandle();
  } catch (err) {
    // env() throws synchronously on invalid settings; callers expect a rejected promise.
    setState({ phase: 'failed', done: 0, total: 0, error: (err as Error).message });
    return Promise.reject(err);
  }
  const memo = globalForStartup.__resolveStartup;
  if (memo && memo.handle === handle) return memo.ready;
  const ready = run(handle);
  globalForStartup.__resolveStartup = { handle, ready };
  ready.catch(() => {
    if (globalForStartup.__resolveStartup?.ready === ready) globalForStartup.__resolveStartup = undefined;
  });
  return ready;
}

/**
 * True while `next build` runs this code (it prerenders the home page): no database may be opened
 * then, so the help-center frame renders the preparing page, which start-up revalidates away.
 */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === 'phase-production-build';
}

/**
 * The app's database for pages, route handlers and server actions, after `prepareApp()`.
 * @throws as `prepareApp()`.
 */
export async function getAppDb(): Promise<Db> {
  return (await prepareApp()).db;
}

/**
 * Chunks indexed by an older text analysis get the current one (lib/search/indexing.ts). A failure
 * is logged, not thrown: search still works on the old index, only without the newer analysis.
 */
async function reindexOldChunks(db: Db): Promise<void> {
  setState({ phase: 'indexing', done: 0, total: 0 });
  try {
    const rebuilt = await reindexStaleChunks(db, { onProgress: (done) => setState({ phase: 'indexing', done, total: 0 }) });
    if (rebuilt > 0) console.log(`[resolve] rebuilt the search index of ${rebuilt} chunks (text analysis version ${ANALYZER_VERSION})`);
  } catch (err) {
    console.error('[resolve] rebuilding the search index failed; search uses the older index until it succeeds', err);
  }
}

async function run(opening: Promise<DbHandle>): Promise<DbHandle> {
  setState({ phase: 'migrating', done: 0, total: 0 });
  let handle: DbHandle;
  try {
    handle = await opening;
    await reindexOldChunks(handle.db);
    if (env().RESOLVE_SEED === '1') {
      await seedIfEmpty(handle.db, { onProgress: (done, total) => setState({ phase: 'seeding', done, total }) });
    }
  } catch (err) {
    setState({ phase: 'failed', done: 0, total: 0, error: (err as Error)?.message ?? String(err) });
    throw err;
  }
  // After an embedding-model switch, bring the active model's vectors up to date.
  // A hosted model that is down must not take the help center with it: search still has two legs.
  setState({ phase: 'embedding', done: 0, total: 0 });
  try {
    const embedded = await embedMissingChunks(handle.db, {
      onProgress: (done, total) => {
        setState({ phase: 'embedding', done, total });
        if (done === total || done % 2048 === 0) console.log(`[resolve] embedding chunks for the active model: ${done}/${total}`);
      },
    });
    if (embedded > 0) console.log(`[resolve] embedded ${embedded} chunks`);
  } catch (err) {
    console.error('[resolve] re-embedding failed; the semantic leg has fewer candidates until it succeeds', err);
  }
  // Pages kept in Next's cache from before this start (ISR copies survive restarts on disk) may
  // show content changed since, by a script or another server: render them afresh. Until then
  // proxy.ts keeps static pages on the preparing page.
  await revalidateOverLoopback({ attempts: 40 }).catch((err) => console.error('[resolve] could not revalidate the cached help-center pages at start-up; they expire within 5 minutes', err));
  await startPublicSlugs(opening, handle.db);
  setState({ phase: 'ready', done: 0, total: 0 });
  startScheduledPublishing(opening, handle.db);
  return handle;
}

/**
 * Scheduled publishing (lib/content/editor.ts): every 30 s this process publishes the articles
 * whose `publish_at` has come (each publish revalidates the static pages). One timer per process
 * (kept on globalThis across dev reloads), unref'd so scripts and tests still exit; the admin list
 * checks too. The article page does not: it is static, and its render must not write.
 */
function startScheduledPublishing(opening: Promise<DbHandle>, db: Db): void {
  if (globalForStartup.__resolveScheduleTimer) clearInterval(globalForStartup.__resolveScheduleTimer);
  const tick = () => {
    // The database was closed (or reopened by a newer run): this timer is done.
    // (`__resolveDb` is db/client.ts's handle; reading it never opens a database.)
    if ((globalThis as { __resolveDb?: Promise<DbHandle> }).__resolveDb !== opening) {
      clearInterval(timer);
      return;
    }
    publishDueArticlesIfAny(db)
      .then((n) => (n > 0 ? console.log(`[resolve] published ${n} scheduled article(s)`) : undefined))
      .catch((err) => console.error('[resolve] scheduled publishing failed; trying again shortly', err));
  };
  const timer = setInterval(tick, SCHEDULE_INTERVAL_MS);
  setTimeout(tick, 0).unref?.();
  timer.unref?.();
  globalForStartup.__resolveScheduleTimer = timer;
}
