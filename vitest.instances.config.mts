/**
 * `npm run test:instances`: the two-instance test (tests/instances), apart from `npm test` because it
 * needs `npm run build` first and a Postgres server in DATABASE_URL (without one it reports itself
 * as not applicable). Same aliases as vitest.config.mts.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^server-only$/, replacement: fileURLToPath(new URL('./tests/helpers/empty.ts', import.meta.url)) },
      { find: '@', replacement: fileURLToPath(new URL('./', import.meta.url)) },
    ],
  },
  test: {
    environment: 'node',
    include: ['tests/instances/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 200_000,
  },
});
