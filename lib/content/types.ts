/**
 * Shapes shared by the importer (lib/content/import), the bundled seed and the save pipeline
 * (lib/content/save.ts).
 */

/**
 * Collection of the bundled sample content ("Ledgerly", content/sample), seeded into an empty
 * database. Lives here, not in db/seed.ts, so the save pipeline can name it without importing the
 * seed (which imports the save pipeline).
 */
export const SAMPLE_COLLECTION = 'resolve';

/** One category of a collection, from Mintlify `docs.json` navigation or the folder structure. */
export interface ImportedCategory {
  /** Globally unique slug, prefixed by the collection, e.g. `polar-docs-features`. */
  slug: string;
  name: string;
  description?: string;
  /** Order within the collection, 0-based. */
  position: number;
}

/** One article, already converted to plain Markdown (CommonMark + GFM, no MDX, no `:::`). */
export interface ImportedArticle {
  /** `<folder name>/<path relative to the folder>`, e.g. `polar-docs/docs/features/refunds.mdx`. */
  sourceId: string;
  /** Globally unique URL slug, e.g. `polar-docs-features-refunds`. */
  slug: string;
  title: string;
  /** Front matter description, or '' when there is none. */
  summary: string;
  /** Markdown body without the leading H1 that became the title. */
  body: string;
  /** Slug of one of the bundle's categories, or null. */
  categorySlug: string | null;
  /** Public URL of the original page when known. */
  sourceUrl: string | null;
  /** Order within its category, 0-based. */
  position: number;
  /** Status to import it with (front matter of an export); absent → published. */
  status?: 'draft' | 'published' | 'archived';
  /**
   * The article's own license and attribution when they differ from the bundle's (front matter of
   * an export: an article the team wrote inside an imported product has none); absent → the bundle's.
   */
  license?: string | null;
  attribution?: string | null;
}

/** Everything read from one docs folder; nothing is written until `importBundle` runs. */
export interface ImportBundle {
  /** The folder name, e.g. `polar-docs`; bundled sample content uses `resolve`. */
  collection: string;
  /** The product the collection documents: name, one-line description, brand colour (import/product.ts); absent → a title from the collection name. */
  product?: { title: string; description: string; color: string | null };
  /** License name, e.g. `Apache-2.0`, `MIT`, `CC BY 4.0`; null when unknown. */
  license: string | null;
  /** Attribution line shown on every article page (from SOURCE.md / LICENSE); null for own content. */
  attribution: string | null;
  categories: ImportedCategory[];
  articles: ImportedArticle[];
  /** Files that could not be converted, with the reason; they are reported, not imported. */
  failures: { sourceId: string; reason: string }[];
  /**
   * Files deliberately not imported (folder metadata, unlisted READMEs, symlinks leaving the
   * folder…), with the reason. Like failures, they are still in the source: a re-import does not
   * count their articles as gone.
   */
  skipped?: { sourceId: string; reason: string }[];
  /** Image files of the folder that articles show, to copy into the media store (lib/content/media.ts). */
  assets?: ImportedAsset[];
  /** Local images articles reference that are not in the folder (shown as their alt text). */
  missingImages?: { sourceId: string; url: string }[];
}

/** One image file an imported article shows, served at `/media/<mediaPath>`. */
export interface ImportedAsset {
  /** Absolute path of the file in the docs folder. */
  file: string;
  /** `<collection slug>/<path in the folder>`, e.g. `polar-docs/docs/images/a.png` (not URL-encoded). */
  mediaPath: string;
}

/** Counts printed by `npm run import` and returned by `importBundle`. */
export interface ImportReport {
  collection: string;
  imported: number;
  updated: number;
  skipped: number;
  failed: { sourceId: string; reason: string }[];
  /**
   * Articles of the bundle (imported, updated or unchanged) whose body has text addressed to an AI
   * assistant, with the number of flagged sentences; see the article's `review_flags`.
   */
  flagged: { sourceId: string; count: number }[];
  /**
   * Sample articles archived because this bundle brought real content (0 for the sample bundle
   * itself and for an import that wrote nothing).
   */
  sampleArchived: number;
  /** Image files copied into the media store (0 when the bundle has none). */
  mediaCopied: number;
  /**
   * Articles of this collection whose source file is gone (not read, failed or skipped this time):
   * `unpublished` (they were published; now drafts, out of search and answers) or `deleted`
   * (with `prune`). Gone articles that were already unpublished are not listed again.
   */
  gone: GoneArticle[];
  /**
   * Articles whose text (title, summary, body, category), status (to another than the import would
   * set) or pending draft was changed since the import last wrote them (in the admin or through the content API): left as they are,
   * not overwritten, unless the import runs with `force` (then they are updated and counted in
   * `updated`, and this list is empty). Their edit and the import's text are both in the history.
   */
  changedSinceImport: ChangedSinceImport[];
}

/** An article an import did not overwrite because it was edited since the import last wrote it. */
export interface ChangedSinceImport {
  sourceId: string;
  slug: string;
  title: string;
  /** The version now (the edit), and the one the import last wrote. */
  version: number;
  importedVersion: number;
}

/** What an import would do, without writing anything (`previewImport`, `npm run import -- --dry-run`). */
export interface ImportPreview {
  collection: string;
  /** Source ids of the articles that would be created. */
  imported: string[];
  /** Source ids of the articles that would be updated (their file changed). */
  updated: string[];
  /** How many articles would be left alone because nothing changed. */
  skipped: number;
  /** Edited since the last import: kept (listed), or overwritten with `force` (then in `updated`). */
  changedSinceImport: ChangedSinceImport[];
  /** Files gone from the source: the articles that would be unpublished, or deleted with `prune`. */
  gone: GoneArticle[];
}

/** An imported article whose source file is no longer in the folder. */
export interface GoneArticle {
  sourceId: string;
  slug: string;
  title: string;
  action: 'unpublished' | 'deleted';
}
