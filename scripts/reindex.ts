/**
 * Re-embeds the search index's chunks with the active embedding model, with progress.
 *
 *   npm run reindex [-- --missing] [--batch <n>]
 *
 * After switching the embedding model (OPENAI_API_KEY / RESOLVE_EMBEDDING_MODEL …) the server
 * embeds the chunks that lack a vector of the new model at start-up; this command does it on
 * demand and, by default, re-embeds *every* chunk (replacing the active model's vectors in place,
 * e.g. after an upgrade that kept the model id). `--missing` only embeds chunks with no vector of
 * the active model. Search keeps working meanwhile. While `npm run dev` / `npm run start` holds the
 * embedded database, the server runs it (lib/cli/forward.ts) and the progress streams back.
 *
 * Prints `embedding <done>/<total> chunks (<pct>%)` lines (at most one a second, and the last),
 * then the model, the counts and the time. Exit codes: 0 done; 1 the database or the embedding
 * model failed (vectors written so far are kept); 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { getDb } from '@/db/client';
import { cliArgs } from '@/lib/cli/context';
import { closeCliDb, runCli } from '@/lib/cli/forward';
import { embedMissingChunks, reembedAllChunks } from '@/lib/search/reembed';

const USAGE = 'Usage: npm run reindex [-- --missing] [--batch <n>]';

/** The command: exit code 0, 1 or 2 (see above). */
export async function main(): Promise<number> {
  let values: { missing?: boolean; batch?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: cliArgs(),
      options: { missing: { type: 'boolean' }, batch: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const batch = values.batch === undefined ? 256 : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 4096) {
    console.error(`--batch is a whole number from 1 to 4096\n${USAGE}`);
    return 2;
  }
  const start = Date.now();
  let shown = 0;
  const onProgress = (done: number, total: number) => {
    if (done !== total && done !== 0 && Date.now() - shown < 1000) return;
    shown = Date.now();
    const pct = total ? Math.floor((done / total) * 100) : 100;
    console.log(`embedding ${done}/${total} chunks (${pct}%)`);
  };
  try {
    const db = await getDb();
    if (values.missing) {
      const n = await embedMissingChunks(db, { batch, onProgress });
      console.log(n ? `embedded ${n} chunks that had no vector of the active model` : 'Every chunk already has a vector of the active model.');
    } else {
      const r = await reembedAllChunks(db, { batch, onProgress });
      console.log(`model: ${r.model}`);
      console.log(`re-embedded: ${r.embedded} of ${r.chunks} chunks${r.chunks > r.embedded ? ' (the rest have no embeddable text)' : ''}`);
      if (r.otherModelVectors) console.log(`vectors of other models kept (queries ignore them): ${r.otherModelVectors}`);
    }
    console.log(`time: ${((Date.now() - start) / 1000).toFixed(1)}s`);
    return 0;
  } catch (err) {
    console.error(`Re-index failed: ${(err as Error)?.message ?? err}`);
    return 1;
  } finally {
    await closeCliDb().catch(() => {});
  }
}

runCli('reindex', main);
