/**
 * Offline retrieval evaluation: every case is searched with each leg alone and with the fused
 * hybrid, and scored against its gold articles (slugs or source ids). Multi-turn cases search the
 * contextual query of their turns, as the assistant does. Unanswerable cases (no gold) are left
 * out of the retrieval metrics and counted apart.
 */
import 'server-only';
import type { Db } from '@/db/client';
import { contextualQuery } from '@/lib/assistant/context';
import { searchArticles, type LegName } from '@/lib/search/hybrid';
import type { EvalCase } from './dataset';
import { hitAt, mean, ndcgAt, percentile, recallAt, reciprocalRankAt } from './metrics';

const evalConfigs: Record<string, LegName[]> = {
  keyword: ['keyword'],
  typo: ['typo'],
  semantic: ['semantic'],
  hybrid: ['keyword', 'typo', 'semantic'],
};

export interface MetricSet {
  cases: number;
  'hit@1': number;
  'hit@5': number;
  'recall@10': number;
  'mrr@10': number;
  'ndcg@10': number;
  /** Search latency per case, ms. */
  p50_ms: number;
  p95_ms: number;
}

export interface CaseResult {
  id: string;
  kind: string;
  config: string;
  query: string;
  ranked: string[];
  gold: string[];
  ms: number;
}

export interface RetrievalReport {
  k: number;
  scoped: boolean;
  /** config → metrics over all answerable-type cases. */
  overall: Record<string, MetricSet>;
  /** kind → config → metrics. */
  byKind: Record<string, Record<string, MetricSet>>;
  unanswerable: number;
  results: CaseResult[];
}

function summarize(results: CaseResult[], k: number): MetricSet {
  const m = (fn: (r: CaseResult, g: Set<string>) => number) => mean(results.map((r) => fn(r, new Set(r.gold))));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    cases: results.length,
    'hit@1': round(m((r, g) => hitAt(r.ranked, g, 1))),
    'hit@5': round(m((r, g) => hitAt(r.ranked, g, 5))),
    'recall@10': round(m((r, g) => recallAt(r.ranked, g, Math.max(k, 10)))),
    'mrr@10': round(m((r, g) => reciprocalRankAt(r.ranked, g, 10))),
    'ndcg@10': round(m((r, g) => ndcgAt(r.ranked, g, 10))),
    p50_ms: round(
      percentile(
        results.map((r) => r.ms),
        50,
      ),
    ),
    p95_ms: round(
      percentile(
        results.map((r) => r.ms),
        95,
      ),
    ),
  };
}

/**
 * Runs the evaluation.
 * @param opts.k results fetched per query (≥ 10 for recall@10).
 * @param opts.scope search only the case's `collection` when it has one (default true).
 * @param opts.configs which configurations to run (default all of `evalConfigs`).
 * @returns metrics overall and per kind, and every ranked list.
 */
export async function runRetrievalEval(db: Db, cases: EvalCase[], opts: { k?: number; scope?: boolean; configs?: string[] } = {}): Promise<RetrievalReport> {
  const k = Math.max(opts.k ?? 10, 10);
  const scoped = opts.scope ?? true;
  const configs = opts.configs ?? Object.keys(evalConfigs);
  const results: CaseResult[] = [];
  const scored = cases.filter((c) => c.gold.length > 0);
  for (const c of scored) {
    const query = contextualQuery(c.turns);
    for (const config of configs) {
      const t0 = performance.now();
      const res = await searchArticles(db, { query, limit: k, legs: evalConfigs[config], collection: scoped ? c.collection : undefined });
      const ms = performance.now() - t0;
      // A gold entry may be a slug or a source id; rank by whichever the case uses.
      const ranked = res.results.map((r) => (c.gold.some((g) => g.includes('/')) ? (r.source.sourceId ?? r.slug) : r.slug));
      results.push({ id: c.id, kind: c.kind, config, query, ranked, gold: c.gold, ms });
    }
  }
  const overall: Record<string, MetricSet> = {};
  const byKind: Record<string, Record<string, MetricSet>> = {};
  for (const config of configs) {
    const rs = results.filter((r) => r.config === config);
    overall[config] = summarize(rs, k);
    for (const kind of [...new Set(rs.map((r) => r.kind))]) {
      byKind[kind] ??= {};
      byKind[kind][config] = summarize(
        rs.filter((r) => r.kind === kind),
        k,
      );
    }
  }
  return { k, scoped, overall, byKind, unanswerable: cases.length - scored.length, results };
}

/** The report as Markdown tables (overall, then per kind). */
export function formatReport(report: RetrievalReport): string {
  const cols = ['cases', 'hit@1', 'hit@5', 'recall@10', 'mrr@10', 'ndcg@10', 'p50_ms', 'p95_ms'] as const;
  const table = (title: string, rows: Record<string, MetricSet>) =>
    [
      `### ${title}`,
      '',
      `| config | ${cols.join(' | ')} |`,
      `|---|${cols.map(() => '---').join('|')}|`,
      ...Object.entries(rows).map(([config, m]) => `| ${config} | ${cols.map((c) => m[c]).join(' | ')} |`),
      '',
    ].join('\n');
  return [
    `Retrieval eval, k=${report.k}, ${report.scoped ? "scoped to each case's collection" : 'one pooled index'}; ${report.unanswerable} unanswerable case(s) not scored.`,
    '',
    table('overall', report.overall),
    ...Object.entries(report.byKind).map(([kind, rows]) => table(kind, rows)),
  ].join('\n');
}
