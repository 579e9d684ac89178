import { defineConfig, devices } from '@playwright/test';

// System Chromium (Debian's /usr/bin/chromium); `npx playwright install` is never used (STACK.md G17).
const launchOptions = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

const PHONE_SPECS = '**/*.phone.spec.ts';
// E2E_PORT lets two checkouts on one machine run their suites at once (default 3100).
const PORT = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: './e2e',
  workers: 1,
  retries: 0,
  reporter: 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: PHONE_SPECS,
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
    {
      name: 'phone',
      testMatch: PHONE_SPECS,
      use: { ...devices['Pixel 7'], launchOptions },
    },
  ],
  // Run `npm run build` first. The script starts from a fresh data dir (.data/e2e), imports the
  // polar-docs corpus, creates the admin user and then execs `next start` on 127.0.0.1:$E2E_PORT (3100).
  webServer: {
    command: 'bash e2e/start-server.sh',
    // An API route waits for the start-up (pages answer with the preparing page meanwhile).
    url: `http://127.0.0.1:${PORT}/api/collections`,
    reuseExistingServer: !process.env.CI,
    timeout: 300_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
