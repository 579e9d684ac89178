/**
 * npm run eval:compare -- <runA> <runB> [--json] [--resamples 2000] [--seed 1]
 *
 * Compares two runs stored by `npm run eval -- … --save` in the app's database (DATABASE_URL's
 * server when set, else the embedded one in the data folder): metric deltas B − A with paired
 * bootstrap 95% intervals over the cases, per-case wins and losses, and the cases left out of the
 * deltas (only in one run, or gold / turns changed between dataset versions). Exit 2 on bad
 * arguments, 1 when a run does not exist.
 */
import { parseArgs } from 'node:util';
import { closeDb, getDb } from '@/db/client';
import { compareRuns, formatComparison } from '@/lib/evals/compare';
import { loadEvalRun } from '@/lib/evals/store';
import { AppError } from '@/lib/errors';

const usage = 'usage: npm run eval:compare -- <runA> <runB> [--json] [--resamples 2000] [--seed 1]';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, resamples: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' } },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return 2;
  }
  const ids = parsed.positionals.map(Number);
  const resamples = Number(parsed.values.resamples);
  const seed = Number(parsed.values.seed);
  if (ids.length !== 2 || !ids.every((x) => Number.isInteger(x) && x > 0) || !Number.isInteger(resamples) || resamples < 100 || resamples > 100_000 || !Number.isInteger(seed)) {
    console.error(usage);
    return 2;
  }
  try {
    const db = await getDb();
    const [a, b] = [await loadEvalRun(db, { id: ids[0] }), await loadEvalRun(db, { id: ids[1] })];
    const comparison = compareRuns(a, b, { resamples, seed });
    if (parsed.values.json) {
      process.stdout.write(`${JSON.stringify({ ...comparison, config: { a: a.config, b: b.config } })}\n`);
    } else {
      const cfg = (r: typeof a) =>
        `commit ${r.config.gitCommit?.slice(0, 12) ?? 'none'}, ${r.config.index} index, ${r.config.scoped ? "scoped to each case's collection" : 'pooled'}, k ${r.config.k}, chat ${r.config.models.chat ?? '—'}, embedding ${r.config.models.embedding}, classifier ${r.config.classifier.version}, prompt ${r.config.prompt}, fusion k ${r.config.fusion.rrfK} ${Object.entries(
          r.config.fusion.weights,
        )
          .map(([l, w]) => `${l} ${w}`)
          .join(' ')}`;
      console.log(`A: ${cfg(a)}\nB: ${cfg(b)}\n`);
      console.log(formatComparison(comparison));
    }
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.kind === 'not_found') {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
