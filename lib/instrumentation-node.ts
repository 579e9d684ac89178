/**
 * The Node half of Next's start-up hook: instrumentation.ts imports it only in the Node.js runtime,
 * so the Edge build of the hook never compiles these Node-only modules. Called once per server
 * process, before it serves requests. Starts the start-up work
 * (lib/startup.ts: migrate, seed the sample, re-embed) without waiting for it, so the server is up
 * at once; pages and routes wait for the same run through `getAppDb()`.
 * @returns once the run has been started; never rejects (a failed run is logged, and the next
 *   request starts it again).
 */
export async function registerNode(): Promise<void> {
  // `next build` also loads instrumentation, and must not open .data.
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  // First: route handlers have no socket; this stamps each request with its peer address.
  const { installPeerAddressHook } = await import('./client-address');
  await installPeerAddressHook();
  // Then: requests Next cannot take (TRACE, CONNECT, a malformed router-state header) become
  // clean 4xx answers instead of 500s or dropped connections (lib/request-guard.ts).
  const { installRequestGuard } = await import('./request-guard');
  await installRequestGuard();
  // The start-up (lib/startup.ts: migrate, sample, re-embed) blocks this thread for seconds while
  // the embedded database boots, and loading its modules takes about half a second, so it begins
  // START_DELAY_MS after the server is up: the first visitors get the preparing page at once
  // instead of a blank tab. Until then the phase is `scheduled` (lib/startup-state.ts), which
  // proxy.ts and the help-center frame answer with the preparing page. A request that needs the
  // database sooner (an API call) starts it itself through `getAppDb()`.
  const { setStartupState, getStartupState } = await import('./startup-state');
  if (getStartupState().phase === 'idle') setStartupState({ phase: 'scheduled', done: 0, total: 0 });
  setTimeout(() => void start(), process.env.DATABASE_URL ? 0 : START_DELAY_MS);
}

/**
 * How long after the server is up the start-up work begins on the embedded database, in ms (see
 * `register`); with a Postgres server nothing blocks the thread, and it begins at once.
 */
const START_DELAY_MS = 1000;

/** The start-up work itself, then the CLI control server (see `register`). Never rejects. */
async function start(): Promise<void> {
  const { prepareApp } = await import('./startup');
  prepareApp().catch((err: unknown) => {
    console.error('[resolve] start-up failed; the next request tries again:', err);
  });
  // Once this process holds the embedded database: CLI commands (import, admin:create, eval --save,
  // db:backup …) run here on its behalf instead of asking to stop the server (lib/cli/forward.ts).
  const { getDbHandle } = await import('@/db/client');
  const { startControlServer } = await import('./cli/control-server');
  getDbHandle().then(
    () => startControlServer(),
    () => {},
  );
}
