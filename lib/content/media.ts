/**
 * The media store: image files of imported docs folders, copied at import into
 * `<RESOLVE_DATA_DIR>/media/<collection slug>/<path in the folder>` and served by the
 * `/media/[...path]` route. Only image types are stored or served; every path is checked to stay
 * inside the store.
 *
 * The store is a folder on the server's disk, like the embedded database: several app instances
 * behind one Postgres server need a shared folder (or re-run the import on each) for images.
 */
import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { env } from '@/lib/env';
import type { ImportedAsset } from './types';

/** Served types by extension. SVG is served with a CSP that forbids scripts (see the route). */
const MEDIA_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
};

/** Largest file copied or served, in bytes. */
const MAX_MEDIA_BYTES = 20 * 1024 * 1024;

/**
 * Absolute path of the media store.
 * @param dataDir data folder (default: `env().dataDir`).
 */
function mediaRoot(dataDir: string = env().dataDir): string {
  return path.join(dataDir, 'media');
}

/**
 * Resolves a store-relative path safely.
 * @param segments path segments as received (already URL-decoded), e.g. ['polar-docs', 'img', 'a.png'].
 * @returns the absolute path and content type, or null when a segment is empty, `.`/`..`, starts
 *   with a dot, holds a separator or NUL, or the extension is not an image type.
 */
export function resolveMediaPath(segments: string[], dataDir?: string): { file: string; contentType: string } | null {
  if (segments.length < 2) return null;
  for (const s of segments) {
    if (!s || s.startsWith('.') || s.includes('/') || s.includes('\\') || s.includes('\u0000')) return null;
  }
  const contentType = MEDIA_TYPES[path.extname(segments[segments.length - 1]).toLowerCase()];
  if (!contentType) return null;
  const root = mediaRoot(dataDir);
  const file = path.join(root, ...segments);
  if (!file.startsWith(root + path.sep)) return null;
  return { file, contentType };
}

/**
 * Copies a bundle's image files into the media store (overwriting older copies).
 * @param assets from `readDocsFolder` (`bundle.assets`).
 * @param dataDir data folder (default: `env().dataDir`).
 * @returns `{ copied, failed }`: files copied, and the ones that could not be (missing, too large,
 *   not an image type, unreadable) with the reason. Never throws for one file.
 */
export async function storeMediaFiles(assets: ImportedAsset[], dataDir?: string): Promise<{ copied: number; failed: { file: string; reason: string }[] }> {
  let copied = 0;
  const failed: { file: string; reason: string }[] = [];
  for (const a of assets) {
    const target = resolveMediaPath(a.mediaPath.split('/'), dataDir);
    if (!target) {
      failed.push({ file: a.file, reason: `not a storable image path: ${a.mediaPath}` });
      continue;
    }
    try {
      const stat = await fs.stat(a.file);
      if (!stat.isFile()) throw new Error('not a file');
      if (stat.size > MAX_MEDIA_BYTES) throw new Error(`larger than ${MAX_MEDIA_BYTES / 1024 / 1024} MB`);
      await fs.mkdir(path.dirname(target.file), { recursive: true });
      // Copy then rename, so a reader never sees half a file.
      const tmp = `${target.file}.${process.pid}.tmp`;
      await fs.copyFile(a.file, tmp);
      await fs.rename(tmp, target.file);
      copied++;
    } catch (err) {
      failed.push({ file: a.file, reason: (err as Error).message });
    }
  }
  return { copied, failed };
}

/**
 * Reads one stored file for the `/media` route.
 * @param segments URL path segments after `/media/` (decoded).
 * @returns `{ body, contentType, size, mtime }`, or null when the path is not a storable image
 *   path, the file does not exist, or it is over the size limit.
 * @throws other file-system errors (permissions, I/O).
 */
export async function readMediaFile(segments: string[], dataDir?: string): Promise<{ body: Buffer; contentType: string; size: number; mtime: Date } | null> {
  const target = resolveMediaPath(segments, dataDir);
  if (!target) return null;
  try {
    const stat = await fs.stat(target.file);
    if (!stat.isFile() || stat.size > MAX_MEDIA_BYTES) return null;
    const body = await fs.readFile(target.file);
    return { body, contentType: target.contentType, size: stat.size, mtime: stat.mtime };
  } catch (err) {
    // Missing, or a name the file system cannot hold (too long, invalid): nothing there, not a 500.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' || code === 'EINVAL' || code === 'EILSEQ') return null;
    throw err;
  }
}
