/**
 * Next's proxy (the file once called middleware), run before routing. Four jobs:
 * 1. A path with malformed percent-encoding ("/articles/%E0%A4") cannot be decoded into a route
 *    parameter, and Next answers it with a bare 500. API paths get a JSON 400 here; pages (also
 *    any page address with an escaped NUL) are rewritten to an address no route matches, so the
 *    visitor sees the help center's own 404 page.
 * 2. Security headers (lib/security-headers.ts), chosen per route: the static public pages (home,
 *    product, category, article: prerendered / ISR, one HTML for every visitor) get the policy
 *    without a nonce; every other page and API answer a per-request nonce policy (Next reads the
 *    nonce from the request's CSP header and puts it on its own scripts). `Cache-Control: no-store`
 *    on /admin. See README, "Security headers".
 * 3. An article, category or product address whose slug the help center does not have goes to a
 *    per-request copy of its page (`liveTarget`): a 404 that Next never stores on disk.
 * 4. While this process's first start-up still runs (migrate, sample, embeddings), a static page
 *    is not rendered at all (its result would be kept as the page's ISR copy): after waiting up to
 *    PREPARING_AFTER_MS it is rewritten to the dynamic, uncached preparing page.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { ADMIN_PATH_HEADER } from '@/lib/auth/return-to';
import { slugParam } from '@/lib/route-params';
import { contentSecurityPolicy, isStaticPage, makeNonce, NONCE_HEADER, SECURITY_HEADERS, staticContentSecurityPolicy } from '@/lib/security-headers';

/** Where an undecodable page address is sent: no route matches it, so app/not-found.tsx renders (404). */
const MALFORMED_PAGE = '/_resolve/malformed-address';
/**
 * An escaped NUL anywhere in a page's address ("/admin?q=%00", "/admin/conversations/%00"): no
 * page parameter can hold one (PostgreSQL refuses NUL in text, a 500 before), so the page is the
 * 404 of a malformed address. API routes validate their own parameters (JSON 400s).
 */
const NUL = /%00/;
/** The preparing page (app/%5Fresolve/preparing), rendered per request and never cached. */
const PREPARING_PAGE = '/_resolve/preparing';
/** How long a static page's request waits for the start-up before the preparing page, in ms (as components/help/HelpShell.tsx). */
const PREPARING_AFTER_MS = 250;

/**
 * @param request the incoming request.
 * @returns `NextResponse.next()` with the security headers (request and response), a rewrite to the
 *   404 page for an undecodable page path, or a JSON 400 for an undecodable API path.
 */
export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const dev = process.env.NODE_ENV === 'development';
  const admin = pathname === '/admin' || pathname.startsWith('/admin/');
  // A segment no slug can be (NUL, control characters, over 200 characters) is a 404 rendered per
  // request: never an ISR entry (Next could not even name its cache file, and it would only fill the disk).
  const decodable = isDecodable(pathname) && !badStaticSegment(pathname) && !(NUL.test(pathname + request.nextUrl.search) && !pathname.startsWith('/api/'));
  const live = decodable ? liveTarget(pathname) : null;
  const staticPage = decodable && live === null && isStaticPage(pathname);
  const preparing = staticPage && !(await startupSettled());
  const nonce = staticPage && !preparing ? null : makeNonce();
  const csp = nonce === null ? staticContentSecurityPolicy(dev) : contentSecurityPolicy(nonce, dev);

  let response: NextResponse;
  if (!decodable && pathname.startsWith('/api/')) {
    const message = 'This address has malformed percent-encoding (a % not followed by a valid UTF-8 sequence).';
    response = NextResponse.json({ error: { code: 'bad_request:path', message } }, { status: 400 });
  } else {
    const requestHeaders = new Headers(request.headers);
    if (nonce !== null) requestHeaders.set(NONCE_HEADER, nonce);
    else requestHeaders.delete(NONCE_HEADER);
    requestHeaders.set('content-security-policy', csp);
    // The admin page asked for, so a sign-in can return to it (lib/auth/session.ts `requireRole`).
    if (admin) requestHeaders.set(ADMIN_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
    else requestHeaders.delete(ADMIN_PATH_HEADER);
    const target = !decodable ? MALFORMED_PAGE : (live ?? (preparing ? PREPARING_PAGE : null));
    response = target ? NextResponse.rewrite(new URL(target, request.url), { request: { headers: requestHeaders } }) : NextResponse.next({ request: { headers: requestHeaders } });
  }
  // /media answers carry their own, stricter policy (a script-free SVG sandbox; app/media).
  if (!pathname.startsWith('/media/')) response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  // Admin pages show drafts, feedback and handoffs: never kept by a browser or a shared cache.
  if (admin || preparing) response.headers.set('cache-control', 'no-store');
  return response;
}

/** What lib/startup.ts keeps on globalThis; the proxy runs in the same Node process (Next 16's proxy runtime is nodejs). */
type StartupGlobals = { __resolveStartupState?: { phase: string }; __resolveStartup?: { ready: Promise<unknown> } };

/**
 * Whether this process's start-up work has finished (or failed: the page then shows its error,
 * which is never cached), waiting up to PREPARING_AFTER_MS for a run in progress. Reads only
 * globalThis, never the database (the proxy must not import it). When the state is not visible
 * (a test calling the proxy directly), true.
 */
async function startupSettled(): Promise<boolean> {
  const g = globalThis as unknown as StartupGlobals;
  const settled = () => {
    const phase = g.__resolveStartupState?.phase;
    return phase === undefined || phase === 'ready' || phase === 'failed';
  };
  if (settled()) return true;
  const running = g.__resolveStartup?.ready;
  if (running) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([running.catch(() => {}), new Promise((r) => (timer = setTimeout(r, PREPARING_AFTER_MS)))]);
    clearTimeout(timer);
  }
  return settled();
}

/**
 * For /articles|categories|products/<slug> whose slug the help center does not have (the sets
 * lib/public-slugs.ts keeps on globalThis), the per-request copy of that page
 * (`/_resolve/live/<kind>/<slug>`): a made-up address renders its 404 without Next storing it as
 * an ISR file on disk. Null for every other path, and for all of them while the sets are not
 * loaded (start-up, a test calling the proxy directly).
 */
function liveTarget(pathname: string): string | null {
  const sets = (globalThis as unknown as { __resolvePublicSlugs?: Record<'articles' | 'categories' | 'products', Set<string>> }).__resolvePublicSlugs;
  if (!sets) return null;
  const m = /^\/(products|categories|articles)\/([^/]+)\/?$/.exec(pathname);
  if (!m) return null;
  const slug = slugParam(m[2]);
  if (slug === null || sets[m[1] as 'articles' | 'categories' | 'products'].has(slug)) return null;
  return `/_resolve/live/${m[1]}/${m[2]}`;
}

/** True for /articles|categories|products/<segment> whose segment lib/route-params.ts rejects. */
function badStaticSegment(pathname: string): boolean {
  const m = /^\/(?:products|categories|articles)\/([^/]+)\/?$/.exec(pathname);
  return m !== null && isDecodable(pathname) && slugParam(m[1]) === null;
}

function isDecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}

export const config = {
  // Static build output carries no user-typed path and no HTML (next.config.ts still sends it the
  // non-CSP headers). Prefetches are left in: they render pages, which need the nonce.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
};
