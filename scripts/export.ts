/**
 * Exports every article as Markdown with front matter.
 *
 *   npm run export -- <dir> [--collection name]
 *
 * Writes `<dir>/<collection>/<category slug>/<slug>.md` for every article in any status (see
 * lib/content/export.ts); `npm run import -- <dir>/<collection>` reads them back to the same
 * articles. Prints the folder and article count per collection. `--collection` takes the folder
 * name or the product's title, in any case ("Polar" or "polar-docs").
 *
 * Exit codes: 0 done; 1 the database or the folder failed, or no product has that name (the
 * message lists the valid names); 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { cliArgs } from '@/lib/cli/context';
import { closeCliDb, runCli } from '@/lib/cli/forward';
import { exportArticles } from '@/lib/content/export';
import { resolveProduct } from '@/db/queries/collections';
import { prepareApp } from '@/lib/startup';

const USAGE = 'Usage: npm run export -- <dir> [--collection name]';

/** The command: exit code 0, 1 or 2. */
export async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: cliArgs(),
      allowPositionals: true,
      strict: true,
      options: { collection: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (err) {
    console.error((err as Error).message);
    console.error(USAGE);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || (values.collection !== undefined && !values.collection.trim())) {
    console.error(USAGE);
    return 2;
  }
  const start = Date.now();
  try {
    const { db } = await prepareApp();
    let collection = values.collection?.trim();
    let report = await exportArticles(db, positionals[0], { collection });
    if (collection && report.collections.length === 0) {
      // Not a folder name: a product's title ("Polar") or another casing names it too, as in the
      // API; an unknown name is an error that lists the valid ones.
      let product: Awaited<ReturnType<typeof resolveProduct>>;
      try {
        product = await resolveProduct(db, collection);
      } catch (err) {
        console.error((err as Error).message);
        return 1;
      }
      if (product.slug !== collection) {
        collection = product.slug;
        report = await exportArticles(db, positionals[0], { collection });
      }
    }
    if (report.collections.length === 0) console.log(collection ? `No article in the collection "${collection}".` : 'No article to export.');
    for (const c of report.collections) console.log(`${c.name}: ${c.articles} articles → ${c.folder}`);
    console.log(`exported: ${report.articles}`);
    console.log(`Import one back with: npm run import -- <dir>/<collection>`);
    console.log(`time: ${((Date.now() - start) / 1000).toFixed(1)}s`);
    return 0;
  } catch (err) {
    console.error(`Export failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await closeCliDb();
  }
}

runCli('export', main);
