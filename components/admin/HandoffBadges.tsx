/** Handoff pills (server or client): workflow status and whether the assistant is paused. Colors pass WCAG AA in light and dark. */
import type { HandoffWorkflow } from '@/db/schema';

const styles: Record<HandoffWorkflow, string> = {
  new: 'bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-400/10 dark:text-sky-300 dark:ring-sky-400/25',
  in_progress: 'bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25',
  resolved: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/25',
};
const dots: Record<HandoffWorkflow, string> = { new: 'bg-sky-500', in_progress: 'bg-amber-500', resolved: 'bg-emerald-500' };

/** Display names of the workflow statuses. */
export const WORKFLOW_LABELS: Record<HandoffWorkflow, string> = { new: 'New', in_progress: 'In progress', resolved: 'Resolved' };

/** The workflow status pill ("New", "In progress", "Resolved"). */
export function WorkflowBadge({ status, testId }: { status: HandoffWorkflow; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${styles[status]}`}
    >
      <span className={`size-1.5 rounded-full ${dots[status]}`} aria-hidden="true" />
      {WORKFLOW_LABELS[status]}
    </span>
  );
}

/** "Assistant paused" / "Assistant answers": whether the handoff was released to the assistant. */
export function PauseBadge({ released, testId }: { released: boolean; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-released={released ? 'true' : 'false'}
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${
        released
          ? 'bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-400/10 dark:text-slate-300 dark:ring-slate-400/25'
          : 'bg-violet-50 text-violet-800 ring-violet-600/20 dark:bg-violet-400/10 dark:text-violet-300 dark:ring-violet-400/25'
      }`}
    >
      {released ? 'Assistant answers' : 'Assistant paused'}
    </span>
  );
}

/** "5 min ago", "3 h ago", "2 d ago", else "Mar 4, 2025" (UTC); `now` in ms since the epoch. */
export function relativeAge(d: Date, now: number): string {
  const s = Math.max(0, Math.round((now - d.getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  if (s < 30 * 86_400) return `${Math.floor(s / 86_400)} d ago`;
  return d.toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** A timestamp as "2025-03-04 14:05 UTC". */
export function utcMinute(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
