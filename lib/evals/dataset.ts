/**
 * Eval datasets: JSON Lines, one case per line:
 * `{ "id", "turns": [user strings], "gold": [article slugs or source ids], "kind", "collection"?, "reference"? }`.
 */
import { z } from 'zod';

export const evalKinds = ['answerable', 'multiturn', 'unanswerable', 'adversarial', 'topic-switch'] as const;

export const evalCaseSchema = z.object({
  id: z.string().min(1),
  turns: z.array(z.string()).min(1),
  gold: z.array(z.string()),
  kind: z.enum(evalKinds),
  collection: z.string().min(1).optional(),
  /** A short reference answer (key facts) for key-fact recall; absent for unanswerable cases. */
  reference: z.string().min(1).optional(),
});

export type EvalCase = z.infer<typeof evalCaseSchema>;

/**
 * Parses a JSONL dataset.
 * @returns the cases in file order.
 * @throws Error naming the line number of the first invalid or duplicate case.
 */
export function parseDataset(text: string): EvalCase[] {
  const cases: EvalCase[] = [];
  const ids = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`line ${i + 1}: not JSON`);
    }
    const parsed = evalCaseSchema.safeParse(json);
    if (!parsed.success) throw new Error(`line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
    if (ids.has(parsed.data.id)) throw new Error(`line ${i + 1}: duplicate id ${parsed.data.id}`);
    ids.add(parsed.data.id);
    cases.push(parsed.data);
  });
  if (cases.length === 0) throw new Error('the dataset has no cases');
  return cases;
}

/** Corpus folder names a dataset refers to (from `collection` and the first segment of source ids). */
export function collectionsOf(cases: EvalCase[]): string[] {
  const out = new Set<string>();
  for (const c of cases) {
    if (c.collection) out.add(c.collection);
    for (const g of c.gold) if (g.includes('/')) out.add(g.split('/')[0]);
  }
  return [...out].sort();
}
