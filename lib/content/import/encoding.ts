/**
 * Text files of a docs folder must be UTF-8: anything else would be stored with U+FFFD in place of
 * its accented letters. A leading UTF-8 byte-order mark is accepted and removed.
 */

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/**
 * Decodes a file's bytes as UTF-8.
 * @param bytes the file's content.
 * @returns `{ ok: true, text }` (BOM removed), or `{ ok: false, reason }` with a reason for the
 *   import report, e.g. `not UTF-8 (looks like Latin-1/Windows-1252?): first bad byte 0xE9 on line
 *   3; save it as UTF-8`. Never throws.
 */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return { ok: false, reason: 'not UTF-8 (UTF-16 text): save it as UTF-8' };
  }
  try {
    return { ok: true, text: fatal.decode(bytes) };
  } catch {
    // Where it breaks: the first replacement character of a lenient decode (the file has no valid
    // U+FFFD before it, or the strict decode would have been the one to fail earlier anyway).
    const text = lenient.decode(bytes);
    const at = text.indexOf('\uFFFD');
    const line = at < 0 ? 1 : text.slice(0, at).split('\n').length;
    const byteOffset = at < 0 ? 0 : Buffer.byteLength(text.slice(0, at).replace(/^\uFEFF/, ''), 'utf8') + (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0);
    const bad = bytes[byteOffset] ?? 0;
    const hint = bytes.includes(0) ? 'binary data?' : 'looks like Latin-1/Windows-1252?';
    return {
      ok: false,
      reason: `not UTF-8 (${hint}): first bad byte 0x${bad.toString(16).toUpperCase().padStart(2, '0')} on line ${line}; save it as UTF-8`,
    };
  }
}
