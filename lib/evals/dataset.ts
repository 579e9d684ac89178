/**
 * Eval datasets: JSON Lines, one case per line:
 * `{ "id", "turns": [user strings], "gold": [article slugs or source ids], "kind", "collection"?, "reference"? }`.
 * A leading byte-order mark and CRLF line ends read exactly like plain UTF-8 with LF.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const evalKinds = ['answerable', 'multiturn', 'unanswerable', 'adversarial', 'topic-switch'] as const;

export const evalCaseSchema = z.object({
  id: z.string().min(1),
  turns: z.array(z.string()).min(1),
  gold: z.array(z.string().min(1)),
  kind: z.enum(evalKinds),
  collection: z.string().min(1).optional(),
  /** A short reference answer (key facts) for key-fact recall; absent for unanswerable cases. */
  reference: z.string().min(1).optional(),
});

export type EvalCase = z.infer<typeof evalCaseSchema>;

/** One problem of a dataset file: its 1-based line and what is wrong there. */
export interface DatasetProblem {
  line: number;
  message: string;
}

/** A dataset that did not validate; `problems` lists every bad line, in file order. */
export class DatasetError extends Error {
  constructor(readonly problems: DatasetProblem[]) {
    super(problems.map((p) => (p.line > 0 ? `line ${p.line}: ${p.message}` : p.message)).join('\n'));
    this.name = 'DatasetError';
  }
}

/** A parsed dataset: the cases in file order, each case's 1-based line, and a version hash. */
export interface ParsedDataset {
  cases: EvalCase[];
  /** case id → line number in the file. */
  lines: Map<string, number>;
  /** `datasetVersion(cases)`: the same cases give the same version whatever the line ends or BOM. */
  version: string;
}

/**
 * The file's text as plain LF text: a leading byte-order mark (U+FEFF) dropped, CRLF and lone CR
 * turned into LF.
 */
function normalizeDatasetText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * The lines of a JSON Lines text read against a schema: a leading BOM and CRLF read as plain LF
 * text, blank lines skipped.
 * @param text the file's content. @param schema the zod schema of one line.
 * @returns each valid line's value with its 1-based line number, in file order, and a problem for
 *   each line that is not JSON ("not JSON") or does not fit the schema (the issues, "path: message").
 */
export function parseJsonLines<T>(text: string, schema: z.ZodType<T>): { rows: { line: number; value: T }[]; problems: DatasetProblem[] } {
  const rows: { line: number; value: T }[] = [];
  const problems: DatasetProblem[] = [];
  normalizeDatasetText(text)
    .split('\n')
    .forEach((raw, i) => {
      const line = i + 1;
      if (!raw.trim()) return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        problems.push({ line, message: 'not JSON' });
        return;
      }
      const parsed = schema.safeParse(json);
      if (parsed.success) rows.push({ line, value: parsed.data });
      else problems.push({ line, message: parsed.error.issues.map((x) => (x.path.length ? `${x.path.join('.')}: ${x.message}` : x.message)).join('; ') });
    });
  return { rows, problems };
}

/**
 * Parses and validates a JSONL dataset: every line JSON, the case schema, unique ids, and kind and
 * gold agreeing (an `unanswerable` case has no gold, every other kind has at least one gold id).
 * Gold ids are not looked up here (see lib/evals/gold.ts `resolveGold`, which needs the index).
 * @param text the file's content (BOM and CRLF accepted).
 * @returns the cases in file order, their lines and the dataset version.
 * @throws DatasetError listing every bad line (line number and problem), or that there is no case.
 */
export function readDataset(text: string): ParsedDataset {
  const cases: EvalCase[] = [];
  const lines = new Map<string, number>();
  const { rows, problems } = parseJsonLines(text, evalCaseSchema);
  for (const { line, value: c } of rows) {
    if (lines.has(c.id)) {
      problems.push({ line, message: `duplicate id ${c.id} (first on line ${lines.get(c.id)})` });
      continue;
    }
    if (c.kind === 'unanswerable' && c.gold.length > 0) problems.push({ line, message: `case ${c.id} is unanswerable but has gold (${c.gold.join(', ')}); unanswerable cases have gold []` });
    if (c.kind !== 'unanswerable' && c.gold.length === 0) problems.push({ line, message: `case ${c.id} is ${c.kind} but its gold is empty; only unanswerable cases have gold []` });
    lines.set(c.id, line);
    cases.push(c);
  }
  // Problems in file order, whichever check found them.
  problems.sort((a, b) => a.line - b.line);
  if (problems.length) throw new DatasetError(problems);
  if (cases.length === 0) throw new DatasetError([{ line: 0, message: 'the dataset has no cases' }]);
  return { cases, lines, version: datasetVersion(cases) };
}

/**
 * Parses a JSONL dataset (see `readDataset`).
 * @returns the cases in file order.
 * @throws DatasetError naming the line number of every invalid or duplicate case.
 */
export function parseDataset(text: string): EvalCase[] {
  return readDataset(text).cases;
}

/**
 * The dataset's version: sha256 (hex) of its cases as canonical JSON (fields in a fixed order), so
 * a BOM, CRLF line ends, blank lines or key order do not change it, and any edit of a case does.
 */
export function datasetVersion(cases: EvalCase[]): string {
  const canonical = cases.map((c) => JSON.stringify([c.id, c.kind, c.turns, c.gold, c.collection ?? null, c.reference ?? null])).join('\n');
  return createHash('sha256').update(canonical).digest('hex');
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
