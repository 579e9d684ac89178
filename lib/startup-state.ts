/**
 * The start-up's progress as plain data on `globalThis`, readable without loading the start-up
 * itself (lib/startup.ts pulls in the database, the content pipeline and the embedding model: about
 * half a second of module loading that a "preparing" page must not wait for). instrumentation.ts,
 * proxy.ts, the preparing page and the help-center frame read and write it here.
 */

/**
 * `idle` until anything starts it; `scheduled` between the server's start and the start-up work
 * (instrumentation.ts lets the first requests be answered first); `failed` when opening, migrating
 * or seeding threw.
 */
export type StartupPhase = 'idle' | 'scheduled' | 'migrating' | 'indexing' | 'seeding' | 'embedding' | 'ready' | 'failed';

export interface StartupState {
  phase: StartupPhase;
  /** Chunks re-indexed while `indexing`, articles saved while `seeding`, chunks embedded while `embedding`; 0 in other phases. */
  done: number;
  /** Articles in the sample while `seeding`, chunks missing a vector while `embedding`; 0 in other phases. */
  total: number;
  /** The error message when `failed`. */
  error?: string;
}

const globalForState = globalThis as unknown as { __resolveStartupState?: StartupState };

/** Sets the start-up's progress (lib/startup.ts, and instrumentation.ts for `scheduled`). */
export function setStartupState(state: StartupState): void {
  globalForState.__resolveStartupState = state;
}

/**
 * Progress of the start-up work in this process, for a "preparing" page.
 * @returns a copy of `{ phase, done, total, error? }` (`idle` when nothing set it).
 */
export function getStartupState(): StartupState {
  return { ...(globalForState.__resolveStartupState ?? { phase: 'idle', done: 0, total: 0 }) };
}
