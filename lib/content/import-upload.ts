/**
 * An import started in the admin (/admin/import): a zip unpacked into a scratch folder, read by
 * `readDocsFolder`, written by `importBundle`, with progress reported along the way. The CLI
 * (scripts/import.ts) does the same from a folder; both report the same figures.
 */
import 'server-only';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { AppError } from '@/lib/errors';
import { readDocsFolder, slugPart } from './import';
import { unpackZip } from './import/zip';
import { importBundle } from './save';
import type { ChangedSinceImport, GoneArticle } from './types';

/** The upload form's fields besides the file. */
export const importUploadSchema = z.object({
  collection: z
    .string()
    .trim()
    .max(100, 'A collection name is at most 100 characters.')
    .refine((v) => v === '' || slugPart(v) !== '', 'A collection name needs at least one letter or digit.'),
  prune: z.enum(['on', 'true', '1', '']).optional(),
  keepSample: z.enum(['on', 'true', '1', '']).optional(),
  force: z.enum(['on', 'true', '1', '']).optional(),
});

/** What the admin page shows at the end: the CLI's figures. */
export interface UploadImportReport {
  collection: string;
  /** Articles and categories read from the folder. */
  read: { articles: number; categories: number; files: number };
  imported: number;
  updated: number;
  unchanged: number;
  failed: { sourceId: string; reason: string }[];
  skipped: { sourceId: string; reason: string }[];
  gone: GoneArticle[];
  /** True when gone articles were deleted (prune), false when unpublished. */
  pruned: boolean;
  /** Edited in the admin or the API since the last import: kept (empty when `force` overwrote them). */
  changedSinceImport: ChangedSinceImport[];
  /** True when the import ran with `force` (edited articles overwritten). */
  forced: boolean;
  flagged: { sourceId: string; count: number }[];
  sampleArchived: number;
  mediaCopied: number;
  /** Wall time, milliseconds. */
  ms: number;
}

/** A step of an upload import, as the page's progress shows it. */
export type UploadProgress = { phase: 'unpacking' | 'reading' } | { phase: 'saving'; done: number; total: number };

let running = false;

/**
 * Imports an uploaded zip. One at a time per server: a second upload while one runs is refused.
 * @param input.zip the file's bytes; `input.fileName` its name (for the folder name when the zip
 *   has no single top-level folder); `input.collection` '' → the folder name; `input.prune`
 *   delete gone articles instead of unpublishing them; `input.keepSample` leave the bundled sample
 *   articles published (as the CLI's `--keep-sample`); `input.force` overwrite articles edited
 *   since the last import (as the CLI's `--force`; otherwise they are kept and listed).
 * @param onProgress called at each phase and after each saved article.
 * @returns the report.
 * @throws AppError `conflict:import` (another import runs), the zip's `bad_request:zip` /
 *   `payload_too_large:zip`, `bad_request:import` (the folder holds no Markdown); database errors.
 */
export async function importUploadedZip(
  db: Db,
  input: { zip: Uint8Array; fileName: string; collection: string; prune: boolean; keepSample?: boolean; force?: boolean },
  onProgress: (p: UploadProgress) => void = () => {},
): Promise<UploadImportReport> {
  if (running) throw new AppError('conflict:import', 'Another import is running. Wait for it to finish, then try again.');
  running = true;
  const start = Date.now();
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'resolve-upload-'));
  try {
    onProgress({ phase: 'unpacking' });
    const fallback = slugPart(input.fileName.replace(/\.zip$/i, '')) || 'upload';
    const { folder, files } = await unpackZip(input.zip, scratch, fallback);
    onProgress({ phase: 'reading' });
    let bundle;
    try {
      bundle = await readDocsFolder(folder, { collection: input.collection || undefined });
    } catch (err) {
      // Messages name the scratch folder; the admin knows it as the zip.
      throw new AppError('bad_request:import', `The zip cannot be imported: ${(err as Error).message.split(scratch).join('<zip>')}`);
    }
    const report = await importBundle(db, bundle, {
      prune: input.prune,
      keepSample: input.keepSample === true,
      force: input.force === true,
      onProgress: (done, total) => onProgress({ phase: 'saving', done, total }),
    });
    return {
      collection: report.collection,
      read: { articles: bundle.articles.length, categories: bundle.categories.length, files },
      imported: report.imported,
      updated: report.updated,
      unchanged: report.skipped,
      failed: report.failed,
      skipped: bundle.skipped ?? [],
      gone: report.gone,
      pruned: input.prune,
      changedSinceImport: report.changedSinceImport,
      forced: input.force === true,
      flagged: report.flagged,
      sampleArchived: report.sampleArchived,
      mediaCopied: report.mediaCopied,
      ms: Date.now() - start,
    };
  } finally {
    running = false;
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
