/**
 * The security headers every response carries (proxy.ts for pages and API routes, next.config.ts
 * for static build output). Kept in one place so the e2e and unit tests read the same policy.
 */

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
 * The Content-Security-Policy of a page or API response.
 * Scripts: only those carrying this response's nonce (Next's own and the theme script) and what
 * they load ('strict-dynamic'); no inline event handlers (script-src-attr 'none'). Styles may be
 * inline: Shiki colours tokens with style attributes and React sets style props, and a nonce cannot
 * cover attributes. Images: same origin and data: URLs. Nothing may frame the help center.
 * @param nonce from {@link makeNonce}.
 * @param dev true under `next dev`, whose client needs eval (React's dev tooling, source maps).
 * @returns the header value, one line.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
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
