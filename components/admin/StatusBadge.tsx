/** Article status pill (server or client). Colors pass WCAG AA in light and dark. */
const styles: Record<string, string> = {
  published: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/25',
  draft: 'bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-400/10 dark:text-amber-300 dark:ring-amber-400/25',
  archived: 'bg-slate-100 text-slate-700 ring-slate-500/20 dark:bg-slate-400/10 dark:text-slate-300 dark:ring-slate-400/25',
};
const dots: Record<string, string> = {
  published: 'bg-emerald-500',
  draft: 'bg-amber-500',
  archived: 'bg-slate-400',
};
const labels: Record<string, string> = { published: 'Published', draft: 'Draft', archived: 'Archived' };

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex shrink-0 items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${styles[status] ?? styles.archived}`}
    >
      <span className={`size-1.5 rounded-full ${dots[status] ?? dots.archived}`} aria-hidden="true" />
      {labels[status] ?? status}
    </span>
  );
}
