/**
 * A zip of Markdown/MDX uploaded in the admin, unpacked into a scratch folder for
 * `readDocsFolder` (fflate). Refused as a whole, with a message for the admin, when it is not a
 * zip, holds an entry that would land outside the folder (zip-slip: `../`, absolute paths, drive
 * letters), or passes the caps on files and sizes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { AppError } from '@/lib/errors';
import { ZIP_LIMITS } from './zip-limits';

export { ZIP_LIMITS } from './zip-limits';

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

/** Entries a zip tool adds that are not content (macOS resource forks). */
const JUNK = /(^|\/)(__MACOSX\/|\.DS_Store$)/;

/**
 * Checks one entry name: a relative path with `/` separators that stays inside the folder.
 * @returns the normalized path, or null for a name that escapes (zip-slip) or is absolute.
 */
function safeEntryPath(name: string): string | null {
  const n = name.replace(/\\/g, '/');
  if (n.startsWith('/') || /^[a-zA-Z]:/.test(n) || n.includes('\0')) return null;
  const parts = n.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  return parts.join('/');
}

/**
 * Unpacks a zip into `dest/<folder>`: the archive's single top-level folder when every entry is
 * inside one (`polar-docs/…` → `polar-docs`), else `fallbackName`. The folder name becomes the
 * articles' source id prefix, so the same zip uploaded again finds its articles.
 * @param bytes the zip file.
 * @param dest an empty scratch folder (created when missing).
 * @param fallbackName folder name when the zip has no single top-level folder (e.g. the zip's file
 *   name without `.zip`); must be a plain name.
 * @returns `{ folder, files }`: absolute folder to import and the number of files written.
 * @throws AppError `bad_request:zip` (not a zip, an entry outside the folder, empty) or
 *   `payload_too_large:zip` (too many files, a file or the whole too large), each with a message
 *   for the admin.
 */
export async function unpackZip(bytes: Uint8Array, dest: string, fallbackName: string): Promise<{ folder: string; files: number }> {
  if (bytes.byteLength > ZIP_LIMITS.zipBytes) {
    throw new AppError('payload_too_large:zip', `The zip is ${mb(bytes.byteLength)}; the limit is ${mb(ZIP_LIMITS.zipBytes)}.`);
  }
  const entries: UnzipFileInfo[] = [];
  let declaredTotal = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      // Runs for every entry before it is inflated: names and declared sizes are checked first,
      // so nothing is unpacked from a zip that is refused.
      filter: (file) => {
        if (file.name.endsWith('/')) return false;
        entries.push(file);
        if (JUNK.test(file.name)) return false;
        if (safeEntryPath(file.name) === null) {
          throw new AppError('bad_request:zip', `The zip has an entry outside its folder (“${file.name.slice(0, 200)}”); it was refused. Zip the docs folder itself.`);
        }
        if (entries.length > ZIP_LIMITS.files) {
          throw new AppError('payload_too_large:zip', `The zip holds more than ${ZIP_LIMITS.files} files; import it from the command line (npm run import) or split it.`);
        }
        if (file.originalSize > ZIP_LIMITS.fileBytes) {
          throw new AppError('payload_too_large:zip', `“${file.name.slice(0, 200)}” is ${mb(file.originalSize)} unpacked; the limit per file is ${mb(ZIP_LIMITS.fileBytes)}.`);
        }
        declaredTotal += file.originalSize;
        if (declaredTotal > ZIP_LIMITS.totalBytes) {
          throw new AppError('payload_too_large:zip', `The zip unpacks to more than ${mb(ZIP_LIMITS.totalBytes)}; the limit is ${mb(ZIP_LIMITS.totalBytes)}.`);
        }
        return true;
      },
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request:zip', 'The file is not a zip archive (or it is damaged). Upload a .zip of your docs folder.');
  }
  const names = Object.keys(unzipped)
    .map((n) => safeEntryPath(n)!)
    .filter(Boolean);
  if (names.length === 0) throw new AppError('bad_request:zip', 'The zip is empty.');
  const tops = new Set(names.map((n) => (n.includes('/') ? n.split('/')[0] : '')));
  const single = tops.size === 1 && !tops.has('') ? [...tops][0] : null;
  const folderName = single ?? fallbackName;
  const folder = path.join(dest, single ? '' : fallbackName);
  let written = 0;
  for (const [name, data] of Object.entries(unzipped)) {
    const rel = safeEntryPath(name);
    if (!rel) continue;
    const target = path.join(single ? dest : folder, ...rel.split('/'));
    // Belt and braces: the joined path must still be inside the scratch folder.
    if (!target.startsWith(path.resolve(dest) + path.sep)) throw new AppError('bad_request:zip', `The zip has an entry outside its folder (“${name.slice(0, 200)}”); it was refused.`);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, data);
    written++;
  }
  return { folder: path.join(dest, folderName), files: written };
}
