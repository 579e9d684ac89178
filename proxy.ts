/**
 * Next's proxy (the file once called middleware), run before routing. Two jobs:
 * 1. A path with malformed percent-encoding ("/articles/%E0%A4") cannot be decoded into a route
 *    parameter, and Next answers it with a bare 500. API paths get a JSON 400 here; pages are
 *    rewritten to an address no route matches, so the visitor sees the help center's own 404 page.
 * 2. Security headers (lib/security-headers.ts): a per-request nonce Content-Security-Policy on
 *    every page and API answer, and `Cache-Control: no-store` on /admin. Next reads the nonce from
 *    the request's CSP header and puts it on its own scripts; the root layout puts it on the theme
 *    script. A nonce only works on pages rendered per request; every page here is (see README,
 *    "Security headers"): a page made static or ISR later needs a hash-based policy instead.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy, makeNonce, NONCE_HEADER, SECURITY_HEADERS } from '@/lib/security-headers';

/** Where an undecodable page address is sent: no route matches it, so app/not-found.tsx renders (404). */
const MALFORMED_PAGE = '/_resolve/malformed-address';

/**
 * @param request the incoming request.
 * @returns `NextResponse.next()` with the security headers (request and response), a rewrite to the
 *   404 page for an undecodable page path, or a JSON 400 for an undecodable API path.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  const nonce = makeNonce();
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const admin = pathname === '/admin' || pathname.startsWith('/admin/');
  const decodable = isDecodable(pathname);

  let response: NextResponse;
  if (!decodable && pathname.startsWith('/api/')) {
    const message = 'This address has malformed percent-encoding (a % not followed by a valid UTF-8 sequence).';
    response = NextResponse.json({ error: { code: 'bad_request:path', message } }, { status: 400 });
  } else {
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set(NONCE_HEADER, nonce);
    requestHeaders.set('content-security-policy', csp);
    response = decodable ? NextResponse.next({ request: { headers: requestHeaders } }) : NextResponse.rewrite(new URL(MALFORMED_PAGE, request.url), { request: { headers: requestHeaders } });
  }
  // /media answers carry their own, stricter policy (a script-free SVG sandbox; app/media).
  if (!pathname.startsWith('/media/')) response.headers.set('content-security-policy', csp);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  // Admin pages show drafts, feedback and handoffs: never kept by a browser or a shared cache.
  if (admin) response.headers.set('cache-control', 'no-store');
  return response;
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
