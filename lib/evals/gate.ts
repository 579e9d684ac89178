/**
 * The CI gate: a run's metrics against thresholds kept in the repo (evals/thresholds.json).
 * Retrieval thresholds apply to the fused hybrid's overall metrics (lib/evals/retrieval.ts
 * `MetricSet`), answer thresholds to the answer report's overall metrics (lib/evals/answers.ts
 * `AnswerMetrics`). A bound is `{ "min": x }` (the metric must be ≥ x) or `{ "max": x }` (≤ x).
 */
import { z } from 'zod';

const bound = z
  .object({ min: z.number().optional(), max: z.number().optional() })
  .strict()
  .refine((b) => b.min !== undefined || b.max !== undefined, 'a bound needs "min" or "max"');

export const thresholdsSchema = z
  .object({
    $comment: z.string().optional(),
    retrieval: z.record(z.string(), bound).optional(),
    answers: z.record(z.string(), bound).optional(),
  })
  .strict();

export type Thresholds = z.infer<typeof thresholdsSchema>;

/**
 * Parses a thresholds file.
 * @throws Error naming the offending field when the JSON or its shape is invalid.
 */
export function parseThresholds(text: string): Thresholds {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`not JSON: ${(err as Error).message}`);
  }
  const parsed = thresholdsSchema.safeParse(json);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; '));
  return parsed.data;
}

export interface GateCheck {
  group: 'retrieval' | 'answers';
  metric: string;
  /** The measured value; null when the run did not produce the metric. */
  value: number | null;
  op: 'min' | 'max';
  bound: number;
  pass: boolean;
}

export interface GateResult {
  pass: boolean;
  checks: GateCheck[];
  /** Threshold groups not checked because the run did not measure them (answers without --answers). */
  skipped: ('retrieval' | 'answers')[];
}

/**
 * Checks measured metrics against thresholds.
 * @param measured.retrieval the hybrid's overall metrics (numbers keyed by metric name), or null
 *   when retrieval was not run; measured.answers likewise for the answer metrics.
 * @returns every check (a missing or non-finite value fails its check) and the skipped groups;
 *   `pass` is true when every check passed.
 */
export function checkGate(thresholds: Thresholds, measured: { retrieval: Record<string, unknown> | null; answers: Record<string, unknown> | null }): GateResult {
  const checks: GateCheck[] = [];
  const skipped: GateResult['skipped'] = [];
  for (const group of ['retrieval', 'answers'] as const) {
    const bounds = thresholds[group];
    if (!bounds) continue;
    const values = measured[group];
    if (!values) {
      skipped.push(group);
      continue;
    }
    for (const [metric, b] of Object.entries(bounds)) {
      const raw = values[metric];
      const value = typeof raw === 'number' && Number.isFinite(raw) ? raw : null;
      // Compare at the printed precision, so 0.8 measured is not "below" a 0.8 bound by a rounding bit.
      const v = value === null ? null : Math.round(value * 1e6) / 1e6;
      if (b.min !== undefined) checks.push({ group, metric, value, op: 'min', bound: b.min, pass: v !== null && v >= b.min });
      if (b.max !== undefined) checks.push({ group, metric, value, op: 'max', bound: b.max, pass: v !== null && v <= b.max });
    }
  }
  return { pass: checks.every((c) => c.pass), checks, skipped };
}

/** The gate's verdict as text: one line per check, failing ones marked, then the skipped groups. */
export function formatGate(result: GateResult): string {
  const f = (x: number | null) => (x === null ? 'not measured' : x.toFixed(3));
  const lines = result.checks.map(
    (c) =>
      `${c.pass ? 'ok  ' : 'FAIL'} ${c.group} ${c.metric} ${f(c.value)} ${c.op === 'min' ? '≥' : '≤'} ${c.bound}${c.pass ? '' : c.op === 'min' ? ' (below its threshold)' : ' (above its maximum)'}`,
  );
  for (const g of result.skipped) lines.push(`skip ${g}: not measured in this run${g === 'answers' ? ' (add --answers)' : ''}`);
  const failed = result.checks.filter((c) => !c.pass);
  lines.push(result.pass ? `gate passed (${result.checks.length} checks)` : `gate FAILED: ${failed.map((c) => `${c.group} ${c.metric}`).join(', ')}`);
  return lines.join('\n');
}
