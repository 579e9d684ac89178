/** Caps of a zip uploaded in the admin; no imports, so the upload form (client) checks them too. */

/** Caps of an uploaded zip. */
export const ZIP_LIMITS = {
  /** Upload size, bytes (the proxy buffers at most 10 MB of a request body). */
  zipBytes: 8 * 1024 * 1024,
  /** Files in the archive (folders not counted). */
  files: 3000,
  /** One file unpacked, bytes. */
  fileBytes: 16 * 1024 * 1024,
  /** All files unpacked, bytes. */
  totalBytes: 64 * 1024 * 1024,
} as const;
