/**
 * The slugs the static public pages (article, category, product) can answer for, kept in memory
 * for proxy.ts. Those pages are ISR: Next keeps every rendered answer, a 404 included, as files on
 * disk (`.next/server/…`, ~67 KB per address), so a crawler asking for a million made-up article
 * addresses would fill the disk. proxy.ts sends an address whose slug is not in these sets to a
 * per-request copy of the page instead (app/(help)/%5Fresolve/live): a made-up slug is a 404 that
 * is never stored, and an article published a moment ago by another server (not in the sets yet)
 * is rendered per request until the next refresh. Refreshed every REFRESH_MS when the slugs'
 * fingerprint changed (one small query), and fully every FULL_REFRESH_MS.
 */
import 'server-only';
import type { Db, DbHandle } from '@/db/client';
import { listPublicSlugs, publicSlugsVersion } from '@/db/queries/collections';

/** How often the fingerprint is checked, ms. */
const REFRESH_MS = 5_000;
/** How often the sets are reloaded whatever the fingerprint says, ms. */
const FULL_REFRESH_MS = 60_000;

/** What proxy.ts reads from globalThis (it must not import the database). */
export interface PublicSlugs {
  articles: Set<string>;
  categories: Set<string>;
  products: Set<string>;
}

const g = globalThis as unknown as { __resolvePublicSlugs?: PublicSlugs; __resolvePublicSlugsTimer?: ReturnType<typeof setInterval> };

/**
 * Loads the sets now and keeps them fresh while `opening` is this process's database.
 * @param opening the database handle's promise (the refresh stops when db/client.ts holds another).
 * @param db its database.
 * @returns once the sets are loaded; a failed load leaves proxy.ts without sets (every page then
 *   goes through Next as before) and is logged, never thrown.
 */
export async function startPublicSlugs(opening: Promise<DbHandle>, db: Db): Promise<void> {
  if (g.__resolvePublicSlugsTimer) clearInterval(g.__resolvePublicSlugsTimer);
  let version = '';
  let loadedAt = 0;
  const load = async () => {
    const v = await publicSlugsVersion(db);
    if (v === version && Date.now() - loadedAt < FULL_REFRESH_MS) return;
    const s = await listPublicSlugs(db);
    g.__resolvePublicSlugs = { articles: new Set(s.articles), categories: new Set(s.categories), products: new Set(s.products) };
    version = v;
    loadedAt = Date.now();
  };
  await load().catch((err) => console.error('[resolve] loading the public slugs failed; static pages are served without them', err));
  const timer = setInterval(() => {
    if ((globalThis as { __resolveDb?: Promise<DbHandle> }).__resolveDb !== opening) {
      clearInterval(timer);
      g.__resolvePublicSlugs = undefined;
      return;
    }
    load().catch((err) => console.error('[resolve] refreshing the public slugs failed; trying again shortly', err));
  }, REFRESH_MS);
  timer.unref?.();
  g.__resolvePublicSlugsTimer = timer;
}

/**
 * A product slug as the in-memory sets know it: the fast path of a search scoped by the slug the
 * panel and the pages send, without listing the products per request (an aggregate over the
 * published articles; on the embedded database it runs on the server's only thread).
 * @param name a product name as a client sent it.
 * @returns the name when it is exactly a published product's slug as of the last refresh (at most
 *   REFRESH_MS old), else undefined (resolve it with `resolveProduct`).
 */
export function knownProductSlug(name: string): string | undefined {
  return g.__resolvePublicSlugs?.products.has(name) ? name : undefined;
}
