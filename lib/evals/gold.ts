/**
 * Gold ids against the index: every gold id of a dataset must name an indexed (published) article,
 * by source id (`polar-docs/docs/features/refunds.mdx`) or by slug; both are accepted. The runner
 * checks this before it scores anything, so a typo in a gold path fails the run instead of
 * silently counting as a miss.
 */
import 'server-only';
import type { Db } from '@/db/client';
import { listIndexedArticleIds } from '@/db/queries/evals';
import type { EvalCase, ParsedDataset } from './dataset';

/** A gold id no indexed article answers to, with the case and the file line it is on. */
export interface UnknownGold {
  line: number;
  caseId: string;
  gold: string;
}

/**
 * How an eval file may name an article — its source id or its slug — mapped to the id scoring
 * compares: the source id, or the slug when the article has none. A source id wins over a slug
 * that happens to spell the same text.
 * @param indexed the indexed articles' ids (`listIndexedArticleIds`).
 * @returns name → canonical id.
 */
export function canonicalArticleIds(indexed: { slug: string; sourceId: string | null }[]): Map<string, string> {
  const canonical = new Map<string, string>();
  for (const a of indexed) canonical.set(a.slug, a.sourceId ?? a.slug);
  for (const a of indexed) if (a.sourceId) canonical.set(a.sourceId, a.sourceId);
  return canonical;
}

/**
 * Resolves gold ids to the articles' canonical ids (source id, or slug when the article has none),
 * so a case may name an article either way and scoring compares like with like.
 * @param dataset the parsed dataset (cases and their lines).
 * @param indexed the indexed articles' ids (`listIndexedArticleIds`).
 * @returns the cases with canonical gold ids (unknown ones left as written), and every unknown gold
 *   id with its line, in file order.
 */
export function resolveGoldIds(dataset: Pick<ParsedDataset, 'cases' | 'lines'>, indexed: { slug: string; sourceId: string | null }[]): { cases: EvalCase[]; unknown: UnknownGold[] } {
  const canonical = canonicalArticleIds(indexed);
  const unknown: UnknownGold[] = [];
  const cases = dataset.cases.map((c) => {
    const gold = c.gold.map((g) => {
      const id = canonical.get(g);
      if (id === undefined) unknown.push({ line: dataset.lines.get(c.id) ?? 0, caseId: c.id, gold: g });
      return id ?? g;
    });
    return { ...c, gold: [...new Set(gold)] };
  });
  return { cases, unknown };
}

/**
 * `resolveGoldIds` against a database's published articles.
 * @throws database errors.
 */
export async function resolveGold(db: Db, dataset: Pick<ParsedDataset, 'cases' | 'lines'>): Promise<{ cases: EvalCase[]; unknown: UnknownGold[] }> {
  return resolveGoldIds(dataset, await listIndexedArticleIds(db));
}

/** The unknown gold ids as lines for a terminal: a count, then `line N (case id): gold id` each. */
export function formatUnknownGold(unknown: UnknownGold[]): string {
  return [`${unknown.length} gold id(s) name no indexed article (a gold id is an article's source id or slug):`, ...unknown.map((u) => `  line ${u.line} (${u.caseId}): ${u.gold}`)].join('\n');
}
