/**
 * Comparing two eval runs, case by case. Cases are paired by id; a case that only one run has, or
 * whose gold (or turns, or kind) differs between the runs — a different dataset version edited it —
 * is listed apart and left out of the deltas, which say over how many cases they were computed.
 * Each metric's delta (B − A) comes with a paired bootstrap 95% interval: the paired cases are
 * resampled with replacement, the metric is recomputed on both runs for the same resample
 * (Σn/Σd, see lib/evals/runs.ts), and the 2.5th and 97.5th percentiles of the resampled deltas are
 * the interval (the percentile interval of Efron & Tibshirani, "An Introduction to the
 * Bootstrap", Chapman & Hall 1993, ch. 13; paired resampling as in their ch. 6 example of paired
 * data, and as Sakai, "Evaluating evaluation metrics based on the bootstrap", SIGIR 2006, applies it
 * to retrieval runs). An interval that excludes 0 is a change beyond resampling noise at ~95%.
 */
import { alignColumns } from './metrics';
import { RUN_METRICS, type CaseScores, type MetricDirection } from './runs';

/** What a comparison needs of a run. */
export interface ComparableRun {
  id: number;
  datasetName: string;
  datasetVersion: string;
  results: { caseId: string; kind: string; gold: string[]; turns: string[]; scores: CaseScores }[];
}

export interface MetricDelta {
  metric: string;
  better: MetricDirection;
  /** The metric on the paired cases (null when no paired case has it in that run). */
  a: number | null;
  b: number | null;
  /** b − a; null when either side is null. */
  delta: number | null;
  /** Paired bootstrap interval of the delta, [low, high]; null when the delta is null. */
  ci: [number, number] | null;
  /** Paired cases the metric applies to in both runs. */
  cases: number;
}

export interface CaseChange {
  caseId: string;
  kind: string;
  /** Metrics that got better in B / worse in B, with their per-case values. */
  wins: { metric: string; a: number; b: number }[];
  losses: { metric: string; a: number; b: number }[];
}

export interface RunComparison {
  a: { id: number; datasetName: string; datasetVersion: string; cases: number };
  b: { id: number; datasetName: string; datasetVersion: string; cases: number };
  sameDataset: boolean;
  sameVersion: boolean;
  /** Cases in both runs with the same gold, turns and kind: the deltas are computed over these. */
  paired: number;
  onlyInA: string[];
  onlyInB: string[];
  /** Cases in both runs whose gold, turns or kind differ; `what` names which. */
  changed: { caseId: string; what: ('gold' | 'turns' | 'kind')[]; goldA: string[]; goldB: string[] }[];
  metrics: MetricDelta[];
  /** Paired cases with at least one metric better or worse in B, in A's order. */
  caseChanges: CaseChange[];
  bootstrap: { resamples: number; seed: number; level: number };
}

/**
 * A small seeded generator (mulberry32, Tommy Ettinger's 32-bit mixer): the same seed gives the
 * same stream, so a comparison prints the same intervals every time.
 * @returns a function giving floats in [0, 1).
 */
function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Paired bootstrap interval of the difference of a ratio metric between two systems on the same
 * cases (Efron & Tibshirani 1993, percentile interval).
 * @param pairs one entry per case: its `{ n, d }` in A and in B, or null where the metric does not
 *   apply to the case in that run (it then adds nothing to that side's Σn/Σd).
 * @param opts.resamples number of resamples (default 2,000); opts.seed generator seed (default 1);
 *   opts.level coverage (default 0.95).
 * @returns `delta` = Σn_B/Σd_B − Σn_A/Σd_A on all cases and the interval `[low, high]`; resamples in
 *   which a side has Σd = 0 are skipped. Null when the delta itself is undefined.
 */
export function pairedBootstrap(
  pairs: { a: { n: number; d: number } | null; b: { n: number; d: number } | null }[],
  opts: { resamples?: number; seed?: number; level?: number } = {},
): { delta: number; ci: [number, number] } | null {
  const stat = (idx: ArrayLike<number>) => {
    let na = 0,
      da = 0,
      nb = 0,
      db = 0;
    for (let j = 0; j < idx.length; j++) {
      const p = pairs[idx[j]];
      if (p.a) {
        na += p.a.n;
        da += p.a.d;
      }
      if (p.b) {
        nb += p.b.n;
        db += p.b.d;
      }
    }
    return da > 0 && db > 0 ? nb / db - na / da : null;
  };
  const all = stat(pairs.map((_, i) => i));
  if (all === null) return null;
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const random = seededRandom(opts.seed ?? 1);
  const deltas: number[] = [];
  const idx = new Uint32Array(pairs.length);
  for (let r = 0; r < resamples; r++) {
    for (let j = 0; j < idx.length; j++) idx[j] = Math.floor(random() * pairs.length);
    const d = stat(idx);
    if (d !== null) deltas.push(d);
  }
  deltas.sort((x, y) => x - y);
  const at = (q: number) => deltas[Math.min(deltas.length - 1, Math.max(0, Math.floor(q * deltas.length)))];
  const tail = (1 - level) / 2;
  // Floating sums of identical inputs can differ in the last bit; round away that noise.
  const clean = (x: number) => Math.round(x * 1e12) / 1e12;
  return { delta: clean(all), ci: deltas.length ? [clean(at(tail)), clean(at(1 - tail))] : [clean(all), clean(all)] };
}

const sameList = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
const sortedSame = (x: string[], y: string[]) => sameList([...x].sort(), [...y].sort());

/**
 * Compares run B against run A (deltas are B − A).
 * @param opts bootstrap settings (`pairedBootstrap`): resamples (default 2,000), seed (default 1), level (default 0.95).
 * @returns pairing summary, the metric deltas with intervals over the paired cases, and the paired
 *   cases that won or lost a metric. Metrics absent from both runs (answer metrics of two
 *   retrieval-only runs) are left out.
 */
export function compareRuns(a: ComparableRun, b: ComparableRun, opts: { resamples?: number; seed?: number; level?: number } = {}): RunComparison {
  const bById = new Map(b.results.map((r) => [r.caseId, r]));
  const aIds = new Set(a.results.map((r) => r.caseId));
  const pairs: { a: ComparableRun['results'][number]; b: ComparableRun['results'][number] }[] = [];
  const changed: RunComparison['changed'] = [];
  for (const ra of a.results) {
    const rb = bById.get(ra.caseId);
    if (!rb) continue;
    const what: ('gold' | 'turns' | 'kind')[] = [];
    if (!sortedSame(ra.gold, rb.gold)) what.push('gold');
    if (!sameList(ra.turns, rb.turns)) what.push('turns');
    if (ra.kind !== rb.kind) what.push('kind');
    if (what.length) changed.push({ caseId: ra.caseId, what, goldA: ra.gold, goldB: rb.gold });
    else pairs.push({ a: ra, b: rb });
  }
  const resamples = opts.resamples ?? 2000;
  const seed = opts.seed ?? 1;
  const level = opts.level ?? 0.95;
  const metrics: MetricDelta[] = [];
  for (const m of RUN_METRICS) {
    const inA = a.results.some((r) => r.scores[m.name]);
    const inB = b.results.some((r) => r.scores[m.name]);
    if (!inA && !inB) continue;
    const ps = pairs.map((p) => ({ a: p.a.scores[m.name] ?? null, b: p.b.scores[m.name] ?? null }));
    const ratio = (side: 'a' | 'b') => {
      let n = 0,
        d = 0;
      for (const p of ps)
        if (p[side]) {
          n += p[side].n;
          d += p[side].d;
        }
      return d > 0 ? n / d : null;
    };
    const boot = pairedBootstrap(ps, { resamples, seed, level });
    metrics.push({
      metric: m.name,
      better: m.better,
      a: ratio('a'),
      b: ratio('b'),
      delta: boot ? boot.delta : null,
      ci: boot ? boot.ci : null,
      cases: ps.filter((p) => p.a && p.b).length,
    });
  }
  const caseChanges: CaseChange[] = [];
  for (const p of pairs) {
    const change: CaseChange = { caseId: p.a.caseId, kind: p.a.kind, wins: [], losses: [] };
    for (const m of RUN_METRICS) {
      const sa = p.a.scores[m.name];
      const sb = p.b.scores[m.name];
      if (!sa || !sb || sa.d === 0 || sb.d === 0) continue;
      const va = sa.n / sa.d;
      const vb = sb.n / sb.d;
      if (Math.abs(vb - va) < 1e-9) continue;
      const up = vb > va === (m.better === 'higher');
      (up ? change.wins : change.losses).push({ metric: m.name, a: va, b: vb });
    }
    if (change.wins.length || change.losses.length) caseChanges.push(change);
  }
  return {
    a: { id: a.id, datasetName: a.datasetName, datasetVersion: a.datasetVersion, cases: a.results.length },
    b: { id: b.id, datasetName: b.datasetName, datasetVersion: b.datasetVersion, cases: b.results.length },
    sameDataset: a.datasetName === b.datasetName,
    sameVersion: a.datasetVersion === b.datasetVersion,
    paired: pairs.length,
    onlyInA: a.results.filter((r) => !bById.has(r.caseId)).map((r) => r.caseId),
    onlyInB: b.results.filter((r) => !aIds.has(r.caseId)).map((r) => r.caseId),
    changed,
    metrics,
    caseChanges,
    bootstrap: { resamples, seed, level },
  };
}

/**
 * The comparison as text: header (datasets, versions, pairing), a metric table (A, B, Δ, interval,
 * and `*` where the interval excludes 0), cases left out, then wins and losses per case.
 */
export function formatComparison(c: RunComparison): string {
  const f = (x: number | null) => (x === null ? '—' : x.toFixed(3));
  const s = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);
  const left = c.onlyInA.length + c.onlyInB.length + c.changed.length;
  const lines = [
    `run ${c.a.id} (A): ${c.a.datasetName} @ ${c.a.datasetVersion.slice(0, 12)}, ${c.a.cases} cases`,
    `run ${c.b.id} (B): ${c.b.datasetName} @ ${c.b.datasetVersion.slice(0, 12)}, ${c.b.cases} cases`,
  ];
  if (!c.sameDataset) lines.push('note: the runs are of different datasets; cases are paired by id only.');
  else if (!c.sameVersion) lines.push('note: the runs are of different versions of the dataset.');
  lines.push(
    `deltas are B − A over ${c.paired} paired case(s)${left ? `; ${left} case(s) left out (${c.onlyInA.length} only in A, ${c.onlyInB.length} only in B, ${c.changed.length} changed)` : ''}.`,
    `${Math.round(c.bootstrap.level * 100)}% intervals: paired bootstrap over cases, ${c.bootstrap.resamples} resamples, seed ${c.bootstrap.seed}; * = interval excludes 0.`,
    '',
  );
  const head = ['metric', 'cases', 'A', 'B', 'Δ (B − A)', `${Math.round(c.bootstrap.level * 100)}% interval`, ''];
  const rows = c.metrics.map((m) => [
    `${m.metric}${m.better === 'lower' ? ' (lower is better)' : ''}`,
    String(m.cases),
    f(m.a),
    f(m.b),
    s(m.delta),
    m.ci ? `[${s(m.ci[0])}, ${s(m.ci[1])}]` : '—',
    m.ci && (m.ci[0] > 0 || m.ci[1] < 0) ? '*' : '',
  ]);
  lines.push(...alignColumns([head, ...rows]));
  if (c.onlyInA.length) lines.push('', `only in A (${c.onlyInA.length}, not in the deltas): ${c.onlyInA.join(', ')}`);
  if (c.onlyInB.length) lines.push('', `only in B (${c.onlyInB.length}, not in the deltas): ${c.onlyInB.join(', ')}`);
  if (c.changed.length) {
    lines.push('', `changed between the runs (${c.changed.length}, not in the deltas):`);
    for (const x of c.changed) lines.push(`  ${x.caseId}: ${x.what.join(', ')} changed${x.what.includes('gold') ? ` (gold ${x.goldA.join(' ') || '[]'} → ${x.goldB.join(' ') || '[]'})` : ''}`);
  }
  const v = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
  const describe = (xs: CaseChange['wins']) => xs.map((x) => `${x.metric} ${v(x.a)}→${v(x.b)}`).join(', ');
  const wins = c.caseChanges.filter((x) => x.wins.length && !x.losses.length);
  const losses = c.caseChanges.filter((x) => x.losses.length && !x.wins.length);
  const mixed = c.caseChanges.filter((x) => x.wins.length && x.losses.length);
  lines.push('', `per case: ${wins.length} better in B, ${losses.length} worse, ${mixed.length} mixed, ${c.paired - c.caseChanges.length} unchanged`);
  for (const [title, xs] of [
    ['better in B', wins],
    ['worse in B', losses],
    ['mixed', mixed],
  ] as const) {
    if (!xs.length) continue;
    lines.push(`${title}:`);
    for (const x of xs) lines.push(`  ${x.caseId} (${x.kind}): ${[x.wins.length ? `+ ${describe(x.wins)}` : '', x.losses.length ? `− ${describe(x.losses)}` : ''].filter(Boolean).join('; ')}`);
  }
  return lines.join('\n');
}
