import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      // Tests run server modules directly; `server-only` throws outside the react-server condition.
      { find: /^server-only$/, replacement: fileURLToPath(new URL('./tests/helpers/empty.ts', import.meta.url)) },
      { find: '@', replacement: fileURLToPath(new URL('./', import.meta.url)) },
    ],
  },
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    // Needs a build and a Postgres server: `npm run test:instances` (vitest.instances.config.mts).
    exclude: ['tests/instances/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
    // Fails fast, with how to fix it, when the corpora the integration tests import are not there.
    globalSetup: ['tests/helpers/corpus-check.ts'],
  },
});
