/**
 * The media store (lib/content/media.ts) and its route (app/media/[...path]/route.ts): image files of
 * an imported folder are copied into the data folder and served with their type; nothing outside
 * the store, and nothing but images, is ever served.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/media/[...path]/route';
import { readDocsFolder } from '@/lib/content/import';
import { readMediaFile, resolveMediaPath, storeMediaFiles } from '@/lib/content/media';
import { renderMarkdown } from '@/lib/content/render';
import { resetEnvForTests } from '@/lib/env';

const PNG = fs.readFileSync(path.join(process.cwd(), 'tests/fixtures/pixel.png'));
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-media-'));
const dataDir = path.join(base, 'data');
const savedDataDir = process.env.RESOLVE_DATA_DIR;

beforeAll(() => {
  process.env.RESOLVE_DATA_DIR = dataDir;
  resetEnvForTests();
});
afterAll(() => {
  if (savedDataDir === undefined) delete process.env.RESOLVE_DATA_DIR;
  else process.env.RESOLVE_DATA_DIR = savedDataDir;
  resetEnvForTests();
  fs.rmSync(base, { recursive: true, force: true });
});

const get = (segments: string[]) => GET(new Request(`http://localhost/media/${segments.join('/')}`), { params: Promise.resolve({ path: segments }) });

describe('media store', () => {
  it('an imported folder’s image is copied, shown with its alt text, and served as image/png', async () => {
    const root = path.join(base, 'docs-folder');
    fs.mkdirSync(path.join(root, 'img'), { recursive: true });
    fs.writeFileSync(path.join(root, 'guide.md'), '# Guide\n\n![Payout settings screen](./img/payouts.png)\n\n![Not shipped](./img/missing.png)\n');
    fs.writeFileSync(path.join(root, 'img/payouts.png'), PNG);
    const bundle = await readDocsFolder(root, { collection: 'Demo Docs' });
    expect(bundle.assets).toEqual([{ file: path.join(root, 'img/payouts.png'), mediaPath: 'demo-docs/img/payouts.png' }]);

    const stored = await storeMediaFiles(bundle.assets!);
    expect(stored).toEqual({ copied: 1, failed: [] });
    expect(fs.readFileSync(path.join(dataDir, 'media/demo-docs/img/payouts.png'))).toEqual(PNG);

    const { html } = renderMarkdown(bundle.articles[0].body);
    expect(html).toContain('<img src="/media/demo-docs/img/payouts.png" alt="Payout settings screen" loading="lazy" decoding="async">');
    expect(html).toContain('<span class="img-missing">Not shipped</span>');

    const res = await get(['demo-docs', 'img', 'payouts.png']);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
  });

  it('re-copying replaces the file; a missing source is reported, not thrown', async () => {
    const again = await storeMediaFiles([
      { file: path.join(base, 'docs-folder/img/payouts.png'), mediaPath: 'demo-docs/img/payouts.png' },
      { file: path.join(base, 'nope.png'), mediaPath: 'demo-docs/nope.png' },
      { file: path.join(base, 'docs-folder/guide.md'), mediaPath: 'demo-docs/guide.md' },
    ]);
    expect(again.copied).toBe(1);
    expect(again.failed.map((f) => f.file)).toEqual([path.join(base, 'nope.png'), path.join(base, 'docs-folder/guide.md')]);
  });

  it.each([
    [['demo-docs', '..', '..', 'secret.png']],
    [['demo-docs', '.hidden.png']],
    [['demo-docs', 'a%2F..%2Fb.png'.replace(/%2F/g, '/')]],
    [['demo-docs', 'guide.md']],
    [['payouts.png']],
    [['demo-docs', 'img', 'absent.png']],
  ])('%j is a 404', async (segments) => {
    expect((await get(segments)).status).toBe(404);
    expect(await readMediaFile(segments)).toBeNull();
  });

  it('paths are checked before touching the disk; SVG gets a script-free CSP', async () => {
    expect(resolveMediaPath(['a', 'b.svg'], dataDir)?.contentType).toBe('image/svg+xml');
    expect(resolveMediaPath(['a', 'b.exe'], dataDir)).toBeNull();
    fs.mkdirSync(path.join(dataDir, 'media/demo-docs'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'media/demo-docs/logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const res = await get(['demo-docs', 'logo.svg']);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
