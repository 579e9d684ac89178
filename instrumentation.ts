/** Next's start-up hook (instrumentation.ts at the repo root; stable since Next 15, no config flag). */

/**
 * Called by Next once per server process, in each runtime, before it serves requests. The work is
 * Node-only (PGlite, node:fs, diagnostics channels): it lives in lib/instrumentation-node.ts, imported
 * under a literal `NEXT_RUNTIME === 'nodejs'` test so the Edge build drops the import (the pattern
 * of Next's instrumentation guide); without it `next dev` logged an "Ecmascript file had an error"
 * trace for every Node API those modules use.
 * @returns once the start-up work has been started; never rejects.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { registerNode } = await import('./lib/instrumentation-node');
    await registerNode();
  }
}
