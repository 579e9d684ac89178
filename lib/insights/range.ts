/**
 * The insights page's date range: `?range=7|30|90` (days), validated with zod; anything else
 * (absent, repeated, junk) falls back to 30 days. Series over 7 and 30 days are per UTC day,
 * over 90 days per ISO week (Monday).
 */
import { z } from 'zod';

export const RANGE_DAYS = [7, 30, 90] as const;
export type RangeDays = (typeof RANGE_DAYS)[number];
const DEFAULT_RANGE: RangeDays = 30;

const rangeSchema = z.object({
  range: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? v[0] : v))
    .pipe(z.enum(['7', '30', '90']).optional().catch(undefined)),
});

/** A resolved range: the days, its half-open UTC window and the bucket of its series. */
export interface InsightsWindow {
  days: RangeDays;
  since: Date;
  until: Date;
  bucket: 'day' | 'week';
  /** Every bucket label (`YYYY-MM-DD`, first day of the bucket) from since to until, oldest first. */
  buckets: string[];
}

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** First day (UTC midnight) of the ISO week (Monday-based) that holds `d`. */
function weekStart(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(day.getTime() - dow * DAY_MS);
}

/**
 * Parses the page's search params.
 * @param params Next's `searchParams` object (values string, string[] or undefined).
 * @returns the range in days, 30 when `range` is missing or not 7, 30 or 90. Never throws.
 */
export function parseRangeParam(params: Record<string, string | string[] | undefined>): RangeDays {
  const r = rangeSchema.safeParse({ range: params.range });
  return r.success && r.data.range ? (Number(r.data.range) as RangeDays) : DEFAULT_RANGE;
}

/**
 * The window of the last `days` UTC days, today included: since = midnight `days − 1` days ago,
 * until = now.
 * @param now the current time (ms precision).
 */
export function insightsWindow(days: RangeDays, now: Date): InsightsWindow {
  const todayStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(todayStart - (days - 1) * DAY_MS);
  const until = new Date(now.getTime() + 1);
  const bucket: 'day' | 'week' = days > 30 ? 'week' : 'day';
  const buckets: string[] = [];
  if (bucket === 'day') {
    for (let t = since.getTime(); t <= todayStart; t += DAY_MS) buckets.push(isoDay(new Date(t)));
  } else {
    for (let t = weekStart(since).getTime(); t <= todayStart; t += 7 * DAY_MS) buckets.push(isoDay(new Date(t)));
  }
  return { days, since, until, bucket, buckets };
}
