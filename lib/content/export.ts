/**
 * Export: every article as a Markdown file with front matter, in a layout `npm run import` reads
 * back to the same articles (lib/content/import/folder.ts honours the fields written here).
 *
 *   <dir>/<collection>/<category slug>/<article slug>.md    (uncategorized/ when it has none)
 *   <dir>/<collection>/SOURCE.md                             (License / Attribution, when known)
 *   <dir>/<collection>/resolve-product.json                  (the product: title, description, colour)
 *
 * Front matter: resolve_export (1: the body is taken verbatim on import), title, description (the
 * summary), slug, collection, category, category_slug, category_position, position, status,
 * source_id, source_url, updated. Importing
 * `<dir>/<collection>` (its folder name is the collection) gives the same slugs, titles, summaries,
 * bodies, categories, order, status and source ids; into the same database it finds every article
 * unchanged. Image and link URLs stay as stored (`/media/...`, `/articles/...`).
 */
import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { Db } from '@/db/client';
import { getCollectionForExport, listArticlesForExport, type ExportRow } from '@/db/queries/export';
import { PRODUCT_FILE } from './import/product';

/** What an export wrote. */
export interface ExportReport {
  /** Articles written, all collections. */
  articles: number;
  /** Per collection: its name, its folder (absolute) and how many articles it holds. */
  collections: { name: string; folder: string; articles: number }[];
}

const RESERVED_DIRS = new Set(['snippets', '_snippets', 'node_modules']);

/** A collection name as a folder name: kept when it is a plain name, else made safe. */
function folderName(collection: string): string {
  const safe = collection
    .replace(/[/\\\0]/g, '-')
    .replace(/^\.+/, '')
    .trim();
  return safe || 'collection';
}

function categoryDir(row: ExportRow): string {
  if (!row.categorySlug) return 'uncategorized';
  return RESERVED_DIRS.has(row.categorySlug) ? `${row.categorySlug}-category` : row.categorySlug;
}

/**
 * The file's text: YAML front matter, a blank line, the body exactly as stored (the import takes it verbatim).
 * @param source the collection's license and attribution (its SOURCE.md): an article whose own
 *   differ (one the team wrote in an imported product has none) writes its own, `null` included.
 */
function fileText(row: ExportRow, source: { license: string | null; attribution: string | null }): string {
  const fm: Record<string, unknown> = {
    resolve_export: 1,
    title: row.title,
    ...(row.summary ? { description: row.summary } : {}),
    slug: row.slug,
    collection: row.collection,
    ...(row.categoryName ? { category: row.categoryName, category_slug: row.categorySlug, category_position: row.categoryPosition } : { category: null }),
    position: row.position,
    status: row.status,
    ...(row.sourceId ? { source_id: row.sourceId } : {}),
    source_url: row.sourceUrl,
    ...(row.license !== source.license ? { license: row.license } : {}),
    ...(row.attribution !== source.attribution ? { attribution: row.attribution } : {}),
    updated: row.updatedAt.toISOString(),
  };
  return `---\n${YAML.stringify(fm, { lineWidth: 0 })}---\n\n${row.body}`;
}

/** Most frequent non-null value, or null. */
function mostCommon(values: (string | null)[]): string | null {
  const tally = new Map<string, number>();
  for (const v of values) if (v) tally.set(v, (tally.get(v) ?? 0) + 1);
  return [...tally.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * Writes every article (any status) of the database, or of one collection, under `dir`.
 * Existing files with the same names are overwritten; nothing else in `dir` is touched.
 * @param dir target folder (created when missing).
 * @param opts.collection only this collection.
 * @returns counts per collection.
 * @throws Error when `dir` cannot be created or written; database errors.
 */
export async function exportArticles(db: Db, dir: string, opts: { collection?: string } = {}): Promise<ExportReport> {
  const all = await listArticlesForExport(db, { collection: opts.collection });
  const byCollection = new Map<string, ExportRow[]>();
  for (const r of all) byCollection.set(r.collection, [...(byCollection.get(r.collection) ?? []), r]);
  const report: ExportReport = { articles: 0, collections: [] };
  for (const [name, list] of byCollection) {
    const folder = path.resolve(dir, folderName(name));
    const license = mostCommon(list.map((r) => r.license));
    const attribution = mostCommon(list.map((r) => r.attribution));
    for (const row of list) {
      const file = path.join(folder, categoryDir(row), `${row.slug}.md`);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, fileText(row, { license, attribution }), 'utf8');
    }
    if (license || attribution) {
      const lines = ['# Source', '', ...(license ? [`License: ${license}`] : []), ...(attribution ? [`Attribution: ${attribution}`] : []), ''];
      await fs.writeFile(path.join(folder, 'SOURCE.md'), lines.join('\n'), 'utf8');
    }
    // The product's own name, description and colour: without them the import would name the
    // product after its folder ("polar-docs" → "Polar").
    const product = await getCollectionForExport(db, { slug: name });
    if (product) {
      const info = { resolve_export: 1, slug: name, title: product.title, description: product.description, color: product.color };
      await fs.writeFile(path.join(folder, PRODUCT_FILE), `${JSON.stringify(info, null, 2)}\n`, 'utf8');
    }
    report.articles += list.length;
    report.collections.push({ name, folder, articles: list.length });
  }
  return report;
}
