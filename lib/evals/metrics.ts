/**
 * Retrieval metrics over one ranked list and a set of relevant (gold) ids, binary relevance.
 * Definitions: Manning, Raghavan, Schütze, "Introduction to Information Retrieval" (2008), ch. 8;
 * nDCG: Järvelin & Kekäläinen, "Cumulated gain-based evaluation of IR techniques", TOIS 2002,
 * with gain 1 and discount log2(rank + 1).
 */

/** 1 when any gold id is in the top k, else 0. */
export function hitAt(ranked: string[], gold: Set<string>, k: number): number {
  return ranked.slice(0, k).some((id) => gold.has(id)) ? 1 : 0;
}

/** Fraction of the gold ids found in the top k (0–1); 0 for an empty gold set. */
export function recallAt(ranked: string[], gold: Set<string>, k: number): number {
  if (gold.size === 0) return 0;
  const found = new Set(ranked.slice(0, k).filter((id) => gold.has(id)));
  return found.size / gold.size;
}

/** Reciprocal rank of the first gold id within the top k (0 when none). */
export function reciprocalRankAt(ranked: string[], gold: Set<string>, k: number): number {
  const i = ranked.slice(0, k).findIndex((id) => gold.has(id));
  return i < 0 ? 0 : 1 / (i + 1);
}

/** nDCG@k with binary gains; the ideal ranks all gold ids first. Duplicate ids count once. */
export function ndcgAt(ranked: string[], gold: Set<string>, k: number): number {
  if (gold.size === 0) return 0;
  const seen = new Set<string>();
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (gold.has(id) && !seen.has(id)) {
      seen.add(id);
      dcg += 1 / Math.log2(i + 2);
    }
  });
  let idcg = 0;
  for (let i = 0; i < Math.min(gold.size, k); i++) idcg += 1 / Math.log2(i + 2);
  return dcg / idcg;
}

/** Nearest-rank percentile (p in 0–100) of a list of numbers; NaN for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;
}

/**
 * A plain-text table's rows with their columns aligned: each cell padded to its column's widest,
 * cells two spaces apart, no trailing spaces.
 * @param rows cells per row (the header first, if any); every row has the same number of cells.
 * @returns one line per row.
 */
export function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i].length))) ?? [];
  return rows.map((r) =>
    r
      .map((x, i) => x.padEnd(widths[i]))
      .join('  ')
      .trimEnd(),
  );
}
