/** Turns sparse per-bucket counts into full chart series (every bucket present, shares 0–1 or null). */

/** One point of a rate series. */
export interface RatePoint {
  /** Bucket label, `YYYY-MM-DD` (first day of the bucket). */
  bucket: string;
  /** Numerator and denominator; `rate` = hits / total, null when total is 0. */
  hits: number;
  total: number;
  rate: number | null;
}

/**
 * A rate per bucket over every bucket of the window.
 * @param buckets all labels, oldest first (lib/insights/range.ts `InsightsWindow.buckets`).
 * @param rows sparse `{ bucket, hits, total }` rows; labels not in `buckets` are ignored.
 * @returns one point per bucket, zeros (rate null) where rows had none.
 */
export function rateSeries(buckets: string[], rows: { bucket: string; hits: number; total: number }[]): RatePoint[] {
  const by = new Map(rows.map((r) => [r.bucket, r]));
  return buckets.map((bucket) => {
    const r = by.get(bucket);
    const hits = r?.hits ?? 0;
    const total = r?.total ?? 0;
    return { bucket, hits, total, rate: total > 0 ? hits / total : null };
  });
}

/** Sum of hits and totals of a series, with the overall rate (null when there is no total). */
export function overallRate(points: { hits: number; total: number }[]): { hits: number; total: number; rate: number | null } {
  const hits = points.reduce((s, p) => s + p.hits, 0);
  const total = points.reduce((s, p) => s + p.total, 0);
  return { hits, total, rate: total > 0 ? hits / total : null };
}
