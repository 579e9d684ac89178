import type { StartupState } from '@/lib/startup-state';

/**
 * What the start-up is doing, in words a visitor understands.
 * @returns e.g. "Adding the sample articles (12 of 34)…"; the phase name for unknown phases.
 */
export function preparingMessage(state: StartupState): string {
  const progress = state.total > 0 ? ` (${state.done.toLocaleString('en-US')} of ${state.total.toLocaleString('en-US')})` : '';
  switch (state.phase) {
    case 'idle':
    case 'scheduled':
    case 'migrating':
      return 'Setting up the database…';
    case 'indexing':
      return `Updating the search index${progress}…`;
    case 'seeding':
      return `Adding the sample articles${progress}…`;
    case 'embedding':
      return `Preparing search by meaning${progress}…`;
    default:
      return 'Starting…';
  }
}

/**
 * Shown instead of a page while the first start-up runs (migrations, sample content, embeddings):
 * a status line that reloads itself every 2 s until the help center is ready.
 */
export function Preparing({ state }: { state: StartupState }) {
  return (
    <div className="flex min-h-dvh items-center justify-center bg-bg px-6 text-center">
      <meta httpEquiv="refresh" content="2" />
      <div role="status" aria-live="polite" className="max-w-sm">
        <span className="mx-auto mb-5 block size-10 animate-spin rounded-full border-4 border-brand/25 border-t-brand" aria-hidden="true" />
        <h1 className="text-xl font-semibold text-fg">Preparing the help center</h1>
        <p className="mt-2 text-muted" data-testid="preparing-message">
          {preparingMessage(state)}
        </p>
        <p className="mt-4 text-sm text-subtle">This happens once, on the first start. The page reloads by itself.</p>
      </div>
    </div>
  );
}
