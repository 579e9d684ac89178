/**
 * The security headers every response carries (proxy.ts for pages and API routes, next.config.ts
 * for static build output). Kept in one place so the e2e and unit tests read the same policy.
 *
 * Two script policies, chosen per route by proxy.ts (`isStaticPage`):
 * - **Nonce policy** (`contentSecurityPolicy`): admin, search, the assistant page, API answers and
 *   every other page rendered per request. `'nonce-…' 'strict-dynamic'` plus the theme script's hash.
 * - **Static policy** (`staticContentSecurityPolicy`): the prerendered / ISR public pages (home,
 *   product, category, article). Their HTML is made once and served to many visitors, so it cannot
 *   carry a per-request nonce. A hash-only policy is not possible either: Next 16 streams the page's
 *   React payload as inline `self.__next_f.push(…)` scripts whose text differs per page and per
 *   render (Next's `experimental.sri` hashes only its external chunks). So these pages allow
 *   `'self' 'unsafe-inline'` scripts and keep everything else strict: no inline event handlers
 *   (`script-src-attr 'none'`), no plugins, no `<base>` or foreign form targets, no framing. Those
 *   pages show only our own sanitized Markdown (rehype-sanitize drops every script and handler), and
 *   take no request input into their HTML (search, which echoes a query, stays on the nonce policy).
 */
import { THEME_SCRIPT_HASH } from './theme-script';

/** Request header the proxy passes the per-request nonce in (read by app/layout.tsx). */
export const NONCE_HEADER = 'x-nonce';

/** Headers that do not depend on the request. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  // For browsers without CSP frame-ancestors; the embeddable widget will need its own rule.
  'x-frame-options': 'DENY',
};

/**
 * A fresh nonce for one response: 16 random bytes, base64 (24 characters).
 * @returns the nonce; never reused across requests.
 */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The Content-Security-Policy of a page rendered per request, or of an API response.
 * Scripts: only those carrying this response's nonce (Next's own), the theme script (by its hash:
 * the root layout reads no nonce, so the same layout can be static) and what they load
 * ('strict-dynamic'); no inline event handlers (script-src-attr 'none'). Styles may be inline:
 * Shiki colours tokens with style attributes and React sets style props, and a nonce cannot cover
 * attributes. Images: same origin and data: URLs. Nothing may frame the help center.
 * @param nonce from {@link makeNonce}.
 * @param dev true under `next dev`, whose client needs eval (React's dev tooling, source maps).
 * @returns the header value, one line.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return policy(`script-src 'self' 'nonce-${nonce}' ${THEME_SCRIPT_HASH} 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`);
}

/**
 * The Content-Security-Policy of a static (prerendered or ISR) public page: no nonce, since the
 * same HTML is served to every visitor; inline scripts allowed because Next's inline React payload
 * scripts differ per page (see the module comment). Every other directive as the nonce policy.
 * @param dev true under `next dev` (adds 'unsafe-eval').
 * @returns the header value, one line; the same for every request.
 */
export function staticContentSecurityPolicy(dev = false): string {
  return policy(`script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ''}`);
}

/**
 * Whether a path is one of the static public pages that get {@link staticContentSecurityPolicy}:
 * the home page, `/products/<slug>`, `/categories/<slug>` and `/articles/<slug>` (one segment, an
 * optional trailing slash). Search, the assistant, admin and API paths are not.
 * @param pathname the request's path, still percent-encoded.
 * @returns true for those four page kinds.
 */
export function isStaticPage(pathname: string): boolean {
  return pathname === '/' || /^\/(?:products|categories|articles)\/[^/]+\/?$/.test(pathname);
}

function policy(scriptSrc: string): string {
  return [
    "default-src 'self'",
    scriptSrc,
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}
