/**
 * Imports a docs folder into the database.
 *
 *   npm run import -- <folder> [--collection name] [--dry-run] [--keep-sample] [--prune] [--force]
 *
 * Reads the folder with `readDocsFolder` (Mintlify MDX + docs.json, or VuePress/plain Markdown),
 * then writes it with `importBundle`. Prints imported / updated / skipped / failed counts (each
 * failure with its reason), the articles with text addressed to an AI assistant (to review in the
 * admin), the sample articles archived because real content arrived (`--keep-sample` keeps them
 * published) and the time taken. Articles of the collection whose source file is gone from the
 * folder are listed and unpublished (drafts: out of search and answers, still in the admin);
 * `--prune` deletes them instead. Articles edited in the admin or through the API since the
 * import last wrote them are not overwritten: they are listed as "changed since last import"
 * (`--force` overwrites them; both texts stay in the history). `--dry-run` writes nothing and
 * prints what the import would do: new, updated, unchanged, changed since last import, and the
 * articles whose file is gone (that would be unpublished, or deleted with `--prune`); it reads the
 * database (through the running server when it holds the embedded one).
 *
 * Exit codes: 0 done (failures, if any, are listed); 1 the folder is unreadable (missing, not a
 * folder, no Markdown) or the database write failed; 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { readDocsFolder } from '@/lib/content/import';
import { importBundle, previewImport, reviewFlagsOf } from '@/lib/content/save';
import { SAMPLE_COLLECTION, type ChangedSinceImport, type GoneArticle, type ImportBundle } from '@/lib/content/types';
import { cliArgs } from '@/lib/cli/context';
import { closeCliDb, runCli } from '@/lib/cli/forward';
import { prepareApp } from '@/lib/startup';
import { getDb } from '@/db/client';
import { plural } from '@/components/help/format';

const USAGE = 'Usage: npm run import -- <folder> [--collection name] [--dry-run] [--keep-sample] [--prune] [--force]';

function printFailures(failed: { sourceId: string; reason: string }[]): void {
  for (const f of failed) console.log(`  ✗ ${f.sourceId}: ${f.reason}`);
}

function printFlagged(flagged: { sourceId: string; count: number }[], dryRun: boolean): void {
  if (flagged.length === 0) return;
  const n = flagged.length;
  const next = dryRun ? `${n === 1 ? 'it' : 'they'} would be flagged for review in the admin` : `review ${n === 1 ? 'it' : 'them'} in the admin`;
  console.log(`${n} ${n === 1 ? 'article has' : 'articles have'} text addressed to an AI assistant; ${next}.`);
  for (const f of flagged) console.log(`  ! ${f.sourceId} (${f.count} ${f.count === 1 ? 'passage' : 'passages'})`);
}

function printGone(gone: GoneArticle[], prune: boolean, dryRun = false): void {
  const verb = dryRun ? (prune ? 'would be deleted (--prune)' : 'would be unpublished (--prune would delete them)') : prune ? 'deleted (--prune)' : 'unpublished (now drafts; --prune deletes them)';
  console.log(`gone from the source, ${verb}: ${gone.length}`);
  for (const g of gone) console.log(`  - ${g.sourceId} → ${g.slug} (“${g.title}”)`);
}

function printChanged(changed: ChangedSinceImport[], dryRun: boolean): void {
  const verb = dryRun ? 'would be kept' : 'kept';
  console.log(`changed since last import, ${verb} (edited in the admin or the API; --force overwrites them): ${changed.length}`);
  for (const c of changed) console.log(`  ~ ${c.sourceId} → ${c.slug} (“${c.title}”, v${c.version}; the import wrote v${c.importedVersion})`);
}

function seconds(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)}s`;
}

/** The command: exit code 0, 1 or 2 (see above). */
export async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: cliArgs(),
      allowPositionals: true,
      strict: true,
      options: {
        collection: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        'keep-sample': { type: 'boolean', default: false },
        prune: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
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
  const folder = positionals[0];
  const start = Date.now();

  const skippedFiles: { sourceId: string; reason: string }[] = [];
  let bundle: ImportBundle;
  try {
    bundle = await readDocsFolder(folder, {
      collection: values.collection,
      onSkip: (sourceId, reason) => skippedFiles.push({ sourceId, reason }),
    });
  } catch (err) {
    console.error(`Cannot read ${folder}: ${(err as Error).message}`);
    return 1;
  }
  console.log(
    `Read ${bundle.collection}: ${plural(bundle.articles.length, 'article')} in ${plural(bundle.categories.length, 'category', 'categories')}, ` +
      `${bundle.failures.length} failed, ${plural(skippedFiles.length, 'file')} not imported by rule (license: ${bundle.license ?? 'unknown'})`,
  );
  for (const s of skippedFiles) console.log(`  - ${s.sourceId}: ${s.reason}`);
  const missing = bundle.missingImages?.length ?? 0;
  console.log(`Images: ${bundle.assets?.length ?? 0} in the folder${missing ? `, ${missing} referenced but not in the folder (their alt text is shown instead)` : ''}`);

  if (values['dry-run']) {
    try {
      // Opened, not prepared: a dry run seeds nothing and re-embeds nothing.
      const db = await getDb();
      const preview = await previewImport(db, bundle, { prune: values.prune, force: values.force });
      console.log(`Dry run: nothing written.`);
      console.log(`would import (new): ${preview.imported.length}`);
      console.log(`would update: ${preview.updated.length}`);
      for (const id of preview.updated) console.log(`  * ${id}`);
      console.log(`would skip (unchanged): ${preview.skipped}`);
      printChanged(preview.changedSinceImport, true);
      console.log(`failed: ${bundle.failures.length}`);
      printFailures(bundle.failures);
      printGone(preview.gone, values.prune, true);
      const flagged = bundle.articles.map((a) => ({ sourceId: a.sourceId, count: reviewFlagsOf(a.body)?.length ?? 0 })).filter((f) => f.count > 0);
      printFlagged(flagged, true);
      console.log(`time: ${seconds(start)}`);
      return 0;
    } catch (err) {
      console.error(`Dry run failed: ${(err as Error).message}`);
      return 1;
    } finally {
      await closeCliDb();
    }
  }

  try {
    // Prepared as the server would (sample seeded into a new database, vectors current), so an
    // import into a fresh data folder ends with the same content as `npm run dev` then import.
    const { db } = await prepareApp();
    let lastShown = 0;
    const report = await importBundle(db, bundle, {
      keepSample: values['keep-sample'],
      prune: values.prune,
      force: values.force,
      onProgress: (done, total) => {
        if (process.stdout.isTTY && (done === total || Date.now() - lastShown > 250)) {
          lastShown = Date.now();
          process.stdout.write(`\r  saving ${done}/${total}`);
          if (done === total) process.stdout.write('\n');
        }
      },
    });
    console.log(`imported: ${report.imported}`);
    console.log(`updated: ${report.updated}`);
    console.log(`skipped (unchanged): ${report.skipped}`);
    console.log(`failed: ${report.failed.length}`);
    printFailures(report.failed);
    printChanged(report.changedSinceImport, false);
    printGone(report.gone, values.prune);
    if (report.mediaCopied) console.log(`images copied to the media store: ${report.mediaCopied}`);
    printFlagged(report.flagged, false);
    if (report.sampleArchived > 0) {
      console.log(
        `Archived ${report.sampleArchived} sample articles (the bundled "${SAMPLE_COLLECTION}" examples nobody had edited, so they ` +
          `stop appearing in search and answers); republish them in the admin if you want them back.`,
      );
    }
    console.log(`time: ${seconds(start)}`);
    return 0;
  } catch (err) {
    console.error(`Import failed: ${(err as Error).message}`);
    return 1;
  } finally {
    await closeCliDb();
  }
}

// A dry run reads the database too (what is gone, what was edited), so it is forwarded as well.
runCli('import', main);
