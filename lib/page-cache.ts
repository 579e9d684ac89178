/**
 * The static public pages' cache (home, product, category and article pages are ISR: rendered on
 * first request, kept in Next's cache and revalidated). Every content write calls
 * `revalidatePublicPages()`, which drops all of them at once (`revalidatePath('/', 'layout')`):
 * an article's title or status shows on the home page, its category, its product and other
 * articles' "related" lists, so one write can change any of them, and regenerating on demand is
 * cheap. Next only accepts `revalidatePath` inside a request (a route handler or server action);
 * writes made elsewhere in this server (the scheduled-publishing timer, a CLI import forwarded
 * through the control socket, an upload import still saving after its streamed answer began, a
 * page render) ask this same server over loopback: POST /api/internal/revalidate with a
 * per-process secret. A script in its own process (no running Next server) does nothing here; the
 * server revalidates everything when it starts (lib/startup.ts), and pages expire after
 * PAGE_REVALIDATE_SECONDS anyway (other instances sharing a Postgres server).
 */
import 'server-only';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { revalidatePath } from 'next/cache';

/** The header the loopback request carries the secret in. */
export const REVALIDATE_SECRET_HEADER = 'x-resolve-revalidate';

/** How long a loopback revalidation waits for more writes before it is sent, ms (an import saves many articles). */
const COALESCE_MS = 200;

const g = globalThis as unknown as { __resolvePageCache?: { secret: string; timer?: ReturnType<typeof setTimeout> } };
function state() {
  g.__resolvePageCache ??= { secret: randomBytes(24).toString('base64url') };
  return g.__resolvePageCache;
}

/**
 * Marks every static public page stale, so the next request renders it from the database.
 * Inside a route handler or server action this takes effect when that request ends; everywhere
 * else in a Next server it is sent over loopback (coalesced for COALESCE_MS). Outside a Next server
 * (scripts, tests) it does nothing.
 * @returns nothing; never throws (a failure is logged: the pages then expire on their own).
 */
export function revalidatePublicPages(): void {
  try {
    revalidatePath('/', 'layout');
  } catch {
    // Not in a request, or in a render (where Next forbids it): the loopback below covers it.
  }
  // Also over loopback when the call did succeed: a streamed answer (an upload import) may have
  // flushed its revalidations before this write, and then this one would be lost.
  const s = state();
  if (!selfOrigin() || s.timer) return;
  s.timer = setTimeout(() => {
    s.timer = undefined;
    revalidateOverLoopback().catch((err) => console.error('[resolve] revalidating the help-center pages failed; they expire on their own', err));
  }, COALESCE_MS);
  s.timer.unref?.();
}

/**
 * Asks this Next server to revalidate every static public page (POST /api/internal/revalidate).
 * @param opts.attempts how many tries, 250 ms apart (the server may not be listening yet at start-up).
 * @returns true when the server answered 204; false outside a Next server.
 * @throws the last network or HTTP error once every attempt failed.
 */
export async function revalidateOverLoopback(opts: { attempts?: number } = {}): Promise<boolean> {
  const attempts = opts.attempts ?? 3;
  for (let i = 1; ; i++) {
    const origin = selfOrigin();
    try {
      if (!origin) throw new Error('the server is not listening yet');
      const res = await fetch(`${origin}/api/internal/revalidate`, { method: 'POST', headers: { [REVALIDATE_SECRET_HEADER]: state().secret }, cache: 'no-store' });
      if (res.status !== 204) throw new Error(`POST /api/internal/revalidate answered ${res.status}`);
      return true;
    } catch (err) {
      if (!inNextServer()) return false;
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * Whether a loopback request carries this process's secret (the route's only check: the secret
 * never leaves the process, and the request changes nothing but cache freshness).
 * @param value the request's `x-resolve-revalidate` header.
 */
export function isRevalidateSecret(value: string | null): boolean {
  if (!value) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(state().secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function inNextServer(): boolean {
  return process.env.NEXT_RUNTIME === 'nodejs' && process.env.NEXT_PHASE !== 'phase-production-build';
}

/** This server's own address once it listens (Next sets these in `next start` / `next dev`), else null. */
function selfOrigin(): string | null {
  if (!inNextServer()) return null;
  const port = process.env.PORT;
  if (!port) return null;
  // Next's own origin names the host it bound (e.g. localhost); loopback by address is the safe default.
  return `http://127.0.0.1:${port}`;
}
