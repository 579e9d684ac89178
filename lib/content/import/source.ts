/**
 * Provenance of a docs folder: license name, attribution line and live-site URL pattern, read from
 * its SOURCE.md (lines `License: …`, `Attribution: …`, `Live site: https://host/<path>`) and LICENSE
 * file.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface SourceInfo {
  license: string | null;
  attribution: string | null;
  /** Live-site URL pattern with one `<placeholder>` for the page route, e.g. `https://x/docs/<path>`. */
  livePattern: string | null;
}

/** Recognized license names, in SPDX-like spelling. */
const LICENSES: [RegExp, (m: RegExpExecArray) => string][] = [
  [
    /\bCC[ -]BY(?:-(?:SA|NC|ND))*(?:[ -](\d\.\d))?/i,
    (m) =>
      m[0]
        .toUpperCase()
        .replace(/^CC-BY/, 'CC BY')
        .replace(/-(\d\.\d)$/, ' $1'),
  ],
  [/\bCC0(?:[ -]1\.0)?/i, () => 'CC0-1.0'],
  [/\bApache(?:[ -]License)?,?[ -](?:Version[ -])?2\.0\b/i, () => 'Apache-2.0'],
  [/\bApache-2\.0\b/i, () => 'Apache-2.0'],
  [/\bMIT\b/, () => 'MIT'],
  [/\bBSD-(\d)-Clause\b/i, (m) => `BSD-${m[1]}-Clause`],
  [/\b(A?GPL|LGPL)-(\d\.\d)\b/i, (m) => `${m[1].toUpperCase()}-${m[2]}`],
  [/\bMPL-2\.0\b/i, () => 'MPL-2.0'],
  [/\bISC\b/, () => 'ISC'],
];

/**
 * Finds the first license name mentioned in a text.
 * @returns e.g. `MIT`, `Apache-2.0`, `CC BY 4.0`; null when none is recognized.
 */
function detectLicense(textValue: string): string | null {
  let best: { at: number; name: string } | null = null;
  for (const [re, name] of LICENSES) {
    const m = re.exec(textValue);
    if (m && (!best || m.index < best.at)) best = { at: m.index, name: name(m) };
  }
  return best?.name ?? null;
}

function field(source: string, key: string): string | null {
  for (const line of source.split('\n')) {
    const m = new RegExp(`^\\s*(?:[-*]\\s*)?(?:\\*\\*)?${key}(?:\\*\\*)?\\s*:\\s*(.+)$`, 'i').exec(line);
    if (m) return m[1].trim();
  }
  return null;
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function licenseFileText(folder: string): Promise<string | null> {
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'LICENCE.md', 'license.md']) {
    const t = await readIfExists(path.join(folder, name));
    if (t !== null) return t;
  }
  return null;
}

/**
 * Reads a folder's provenance.
 * - license: the `License:` line of SOURCE.md (first recognized name), else the LICENSE file's first
 *   non-empty line (recognized name, or the line itself), else null.
 * - attribution: SOURCE.md's `Attribution:` line; else, when SOURCE.md exists, a line built from the
 *   site name, the copyright holder, the license and the live site; null without SOURCE.md.
 * - livePattern: the URL of SOURCE.md's `Live site:` line when it holds a `<placeholder>`; for a
 *   Mintlify folder without one, `<URL in the attribution line>/<path>`.
 * @param folder absolute folder path.
 * @param opts.siteName display name for a built attribution (e.g. docs.json `name`).
 * @param opts.mintlify true when the folder has a docs.json (page URL = site + file path).
 * @returns the info; never throws (unreadable files count as absent).
 */
export async function readSourceInfo(folder: string, opts: { siteName?: string | null; mintlify?: boolean } = {}): Promise<SourceInfo> {
  const siteName = opts.siteName ?? null;
  const source = await readIfExists(path.join(folder, 'SOURCE.md'));
  const licenseText = await licenseFileText(folder);
  let license: string | null = null;
  let attribution: string | null = null;
  let livePattern: string | null = null;

  if (source) {
    const lic = field(source, 'License');
    if (lic) license = detectLicense(lic);
    const attr = field(source, 'Attribution');
    if (attr) attribution = attr.replace(/^["“]|["”]\.?$/g, '').trim();
    const live = field(source, 'Live site');
    const url = live ? ((/(https?:\/\/\S*<[^>\n]*>\S*)/.exec(live) ?? /(https?:\/\/\S+)/.exec(live))?.[1] ?? null) : null;
    if (url && /<[^>]+>/.test(url)) livePattern = url;
    // No `Live site:` pattern but a Mintlify site: its page URLs are `<site>/<path>`, and the site
    // is the URL the attribution line credits (spree: https://spreecommerce.org/docs).
    if (!livePattern && opts.mintlify && attribution) {
      const site = /(https?:\/\/[^\s,;"')]+)/.exec(attribution)?.[1];
      if (site) livePattern = `${site.replace(/\/+$/, '')}/<path>`;
    }
  }
  if (!license && licenseText) {
    const first = licenseText
      .split('\n')
      .map((l) => l.replace(/^#+\s*/, '').trim())
      .find((l) => l && !/^licen[cs]e$/i.test(l));
    const head = licenseText.split('\n').slice(0, 12).join(' ');
    license = detectLicense(first ?? '') ?? detectLicense(head) ?? first ?? null;
  }
  if (source && !attribution) {
    const copyright = /Copyright\s+(?:\(c\)\s*|©\s*)?([\d\s,–-]*\d)\s+([^"\n()]+?)\s*(?:["\n()]|$)/i.exec(`${source}\n${licenseText ?? ''}`);
    const holder = copyright ? copyright[2].trim().replace(/[.,;]+$/, '') : null;
    const years = copyright ? copyright[1].replace(/\s+/g, '') : null;
    const site = livePattern ? livePattern.slice(0, livePattern.indexOf('<')).replace(/\/+$/, '') : null;
    const name = siteName || holder;
    if (name) {
      attribution = [`${name} documentation${holder ? ` (c) ${years ? `${years} ` : ''}${holder}` : ''}`, license, site].filter(Boolean).join(', ').concat(' - modified (markup stripped)');
    }
  }
  return { license, attribution, livePattern };
}

/**
 * Fills a live-site pattern with a page route.
 * @param pattern e.g. `https://docs.example.org/<Page>/`.
 * @param route e.g. `Deployment/Azure` ('' for the home page).
 * @returns the URL, without a doubled slash for the home page.
 */
export function fillLivePattern(pattern: string, route: string): string {
  const filled = pattern.replace(/<[^>]+>/, route);
  return filled.replace(/([^:])\/{2,}/g, '$1/').replace(/(https?:\/\/[^/]+\/.*?)\/+$/, (_m, p1: string) => (pattern.endsWith('/') ? `${p1}/` : p1));
}
