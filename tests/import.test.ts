/**
 * Docs-folder importer (lib/content/import): unit cases on small MDX / VuePress folders, then the
 * three real corpora in shared/corpus (path from RESOLVE_CORPUS_DIR).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocsFolder } from '@/lib/content/import';
import { parseMarkdown, repairTableDelimiters } from '@/lib/content/import/markdown';
import type { ImportBundle } from '@/lib/content/types';

const CORPUS = process.env.RESOLVE_CORPUS_DIR ?? path.resolve(process.cwd(), '../shared/corpus');
/** A 1×1 PNG (tests/fixtures), for folders with image files: the corpora ship none. */
const PNG_FIXTURE = path.join(process.cwd(), 'tests/fixtures/pixel.png');

/** Each real corpus is read once per test file. */
const corpusCache = new Map<string, Promise<ImportBundle>>();
function loadCorpus(name: string): Promise<ImportBundle> {
  if (!corpusCache.has(name)) corpusCache.set(name, readDocsFolder(path.join(CORPUS, name)));
  return corpusCache.get(name)!;
}

const tmpRoots: string[] = [];
/** Writes `files` into a fresh folder named `name` and returns its path. */
function makeFolder(files: Record<string, string>, name = 'demo'): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'resolve-import-'));
  tmpRoots.push(base);
  const root = path.join(base, name);
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  fs.mkdirSync(root, { recursive: true });
  return root;
}
afterAll(() => {
  for (const r of tmpRoots) fs.rmSync(r, { recursive: true, force: true });
});

/** Converts one document (plus optional extra files) and returns its article. */
async function convertOne(file: string, content: string, extra: Record<string, string> = {}) {
  const bundle = await readDocsFolder(makeFolder({ [file]: content, ...extra }));
  expect(bundle.failures).toEqual([]);
  const article = bundle.articles.find((a) => a.sourceId === `demo/${file}`);
  expect(article).toBeDefined();
  return article!;
}

/** Body with fenced and inline code removed (code may legitimately show JSX or `import`). */
function prose(body: string): string {
  return body.replace(/^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^[ \t]*\2[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

describe('MDX component mapping', () => {
  it('Note → blockquote with a bold label', async () => {
    const a = await convertOne('page.mdx', '---\ntitle: Keys\n---\n\n<Note>\n  Keep your key **secret**.\n</Note>\n');
    expect(a.body).toBe('> **Note**\n>\n> Keep your key **secret**.\n');
  });

  it('one-line Warning and Danger become callouts too', async () => {
    const a = await convertOne('page.mdx', '# T\n\n<Warning>Refunds are final.</Warning>\n\n<Danger>\nNo undo.\n</Danger>\n');
    expect(a.body).toBe('> **Warning**\n>\n> Refunds are final.\n\n> **Danger**\n>\n> No undo.\n');
  });

  it('Steps → ordered list with bold step titles', async () => {
    const a = await convertOne(
      'page.mdx',
      '# T\n\n<Steps>\n  <Step title="Create a product">\n    Go to **Products**.\n  </Step>\n  <Step title="Share the link">\n    Copy the checkout link.\n  </Step>\n</Steps>\n',
    );
    expect(a.body).toBe('1. **Create a product**\n\n   Go to **Products**.\n\n2. **Share the link**\n\n   Copy the checkout link.\n');
  });

  it('Accordion → heading one level below the surrounding one (H3 when none)', async () => {
    const nested = await convertOne('page.mdx', '# T\n\n## FAQ\n\n<AccordionGroup>\n  <Accordion title="Can I cancel?">\n    Yes, anytime.\n  </Accordion>\n</AccordionGroup>\n');
    expect(nested.body).toBe('## FAQ\n\n### Can I cancel?\n\nYes, anytime.\n');
    const top = await convertOne('page.mdx', '# T\n\n<Accordion title="Limits">\n  Ten per day.\n</Accordion>\n\n### After\n\n<Expandable title="More">\nDetails.\n</Expandable>\n');
    expect(top.body).toBe('### Limits\n\nTen per day.\n\n### After\n\n#### More\n\nDetails.\n');
  });

  it('Card / CardGroup → links with their text; internal hrefs point to articles', async () => {
    const a = await convertOne(
      'page.mdx',
      '# T\n\n<CardGroup cols={2}>\n  <Card title="Refunds" icon="x" href="/features/refunds">\n    Issue refunds.\n  </Card>\n  <Card title="Status" href="https://status.example.com">\n    Uptime.\n  </Card>\n</CardGroup>\n\n<Card title="No link">Plain.</Card>\n',
      { 'features/refunds.mdx': '# Refunds\n\nText.\n' },
    );
    expect(a.body).toBe('- [Refunds](/articles/demo-features-refunds)\n\n  Issue refunds.\n- [Status](https://status.example.com)\n\n  Uptime.\n\n**No link**\n\nPlain.\n');
  });

  it('Tabs → one section per tab between tab markers; CodeGroup → its code blocks, titled', async () => {
    const a = await convertOne(
      'page.mdx',
      '# T\n\n<Tabs>\n  <Tab title="npm">\n    ```bash\n    npm i polar\n    ```\n  </Tab>\n  <Tab title="pnpm">\n    Use pnpm.\n  </Tab>\n</Tabs>\n\n<CodeGroup>\n```js a.js\nrun()\n```\n\n```py\nrun()\n```\n</CodeGroup>\n',
    );
    expect(a.body).toBe(
      '<!-- tab -->\n\n### npm\n\n```bash\nnpm i polar\n```\n\n<!-- tab -->\n\n### pnpm\n\nUse pnpm.\n\n<!-- /tabs -->\n\n' + '```js title="a.js"\nrun()\n```\n\n```py title="Python"\nrun()\n```\n',
    );
  });

  it('Tabs holding one code block each become a code group titled by the tabs', async () => {
    const a = await convertOne(
      'page.mdx',
      '# T\n\n<Tabs>\n  <Tab title="npm">\n    ```bash Terminal\n    npm i polar\n    ```\n  </Tab>\n  <Tab title="yarn">\n    ```bash Terminal\n    yarn add polar\n    ```\n  </Tab>\n</Tabs>\n',
    );
    expect(a.body).toBe('```bash title="npm"\nnpm i polar\n```\n\n```bash title="yarn"\nyarn add polar\n```\n');
  });

  it('titled code blocks that were not one group in the source are kept apart by a marker', async () => {
    const a = await convertOne(
      'page.mdx',
      '# T\n\n```ts server.ts\nserve()\n```\n\n<CodeGroup>\n```ts a.ts\na()\n```\n\n```ts b.ts\nb()\n```\n</CodeGroup>\n\n<CodeGroup>\n```ts c.ts\nc()\n```\n</CodeGroup>\n',
    );
    expect(a.body).toBe('```ts title="server.ts"\nserve()\n```\n\n<!-- /tabs -->\n\n```ts title="a.ts"\na()\n```\n\n```ts title="b.ts"\nb()\n```\n\n<!-- /tabs -->\n\n```ts title="c.ts"\nc()\n```\n');
  });

  it('snippet imports are inlined; missing snippets and ESM lines are dropped; snippets are not articles', async () => {
    const bundle = await readDocsFolder(
      makeFolder({
        'page.mdx':
          "import Intro from '/snippets/intro.mdx';\nimport Gone from '/snippets/gone.mdx';\nexport const plan = 'Pro';\n\n# Getting started\n\n<Intro />\n\n<Gone />\n\nYou are on {plan}.\n",
        'snippets/intro.mdx': 'Shared **intro** text.\n\n<Tip>Snippet tip.</Tip>\n',
      }),
    );
    expect(bundle.failures).toEqual([]);
    expect(bundle.articles.map((a) => a.sourceId)).toEqual(['demo/page.mdx']);
    const a = bundle.articles[0];
    expect(a.title).toBe('Getting started');
    expect(a.body).toBe('Shared **intro** text.\n\n> **Tip**\n>\n> Snippet tip.\n\nYou are on Pro.\n');
  });

  it('an empty or blank file is skipped with a reason, not published as an empty page', async () => {
    const bundle = await readDocsFolder(makeFolder({ 'guide.md': '# Guide\n\nSome text.\n', 'empty.md': '', 'blank.md': '\n  \n' }));
    expect(bundle.failures).toEqual([]);
    expect(bundle.articles.map((a) => a.sourceId)).toEqual(['demo/guide.md']);
    expect(bundle.skipped).toEqual([
      { sourceId: 'demo/blank.md', reason: 'empty file: nothing to publish' },
      { sourceId: 'demo/empty.md', reason: 'empty file: nothing to publish' },
    ]);
  });

  it('a file whose whole text is a path to another Markdown file (a symbolic link git saved as a file) is skipped with a reason', async () => {
    const bundle = await readDocsFolder(makeFolder({ 'guide.md': '# Guide\n\nSome text.\n', 'security.mdx': '../SECURITY.md\n', 'path.md': 'See ../other.md for more.\n' }));
    expect(bundle.articles.map((a) => a.sourceId).sort()).toEqual(['demo/guide.md', 'demo/path.md']);
    expect(bundle.skipped).toEqual([{ sourceId: 'demo/security.mdx', reason: 'a symbolic link saved as a file (its whole text is the path ../SECURITY.md): nothing to publish' }]);
  });

  it('unescapes \\$, keeps literal expressions, drops other expressions, comments and unknown tags', async () => {
    const a = await convertOne('page.mdx', '# T\n\nCosts \\$5 per month{" "}— {"literal"} {someVar}.\n\n{/* hidden */}\n\n<Custom foo="x">Inner <u>text</u><Icon icon="star" /></Custom>\n');
    expect(a.body).toBe('Costs $5 per month — literal .\n\nInner text\n');
  });

  it('JSX images: a missing local one keeps its alt text, external kept as Markdown images, dark-only variants dropped', async () => {
    const a = await convertOne(
      'page.mdx',
      '# T\n\nBefore.\n\n<img src="/assets/missing.png" alt="Local shot" />\n\n<img src="/assets/no-alt.png" />\n\n<Frame>\n  <img src="https://cdn.example.com/a.png" alt="Remote" />\n</Frame>\n\n' +
        '<img className="block dark:hidden" src="https://cdn.example.com/light.png" alt="Light" />\n<img className="hidden dark:block" src="https://cdn.example.com/dark.png" alt="Dark" />\n',
    );
    expect(a.body).toBe('Before.\n\n![Local shot]()\n\n![Remote](https://cdn.example.com/a.png)\n\n![Light](https://cdn.example.com/light.png)\n');
  });

  it('images in the folder are listed as assets and point to /media/<collection>/<path>', async () => {
    const png = fs.readFileSync(PNG_FIXTURE);
    const root = makeFolder({
      'docs/docs.json': JSON.stringify({ name: 'Demo', navigation: { groups: [{ group: 'Start', pages: ['guide/setup'] }] } }),
      'docs/guide/setup.mdx': '# Setup\n\n![The dashboard](<./img/dash board.png>)\n\n<img src="/images/logo.png" alt="Logo" />\n\n![Gone](./img/gone.png)\n',
    });
    fs.mkdirSync(path.join(root, 'docs/guide/img'), { recursive: true });
    fs.mkdirSync(path.join(root, 'docs/images'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docs/guide/img/dash board.png'), png);
    fs.writeFileSync(path.join(root, 'docs/images/logo.png'), png);
    const bundle = await readDocsFolder(root);
    expect(bundle.failures).toEqual([]);
    expect(bundle.articles[0].body).toBe('![The dashboard](/media/demo/docs/guide/img/dash%20board.png)\n\n![Logo](/media/demo/docs/images/logo.png)\n\n![Gone]()\n');
    expect(bundle.assets).toEqual([
      { file: path.join(root, 'docs/guide/img/dash board.png'), mediaPath: 'demo/docs/guide/img/dash board.png' },
      { file: path.join(root, 'docs/images/logo.png'), mediaPath: 'demo/docs/images/logo.png' },
    ]);
    expect(bundle.missingImages).toEqual([{ sourceId: 'demo/docs/guide/setup.mdx', url: './img/gone.png' }]);
  });

  it('VuePress: images from .vuepress/public and relative ones are found', async () => {
    const png = fs.readFileSync(PNG_FIXTURE);
    const root = makeFolder({ 'docs/Guide.md': '# Guide\n\n![Public](/img/a.png) ![Relative](./shots/b.png)\n', 'docs/Other.md': '# Other\n' });
    fs.mkdirSync(path.join(root, 'docs/.vuepress/public/img'), { recursive: true });
    fs.mkdirSync(path.join(root, 'docs/shots'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docs/.vuepress/public/img/a.png'), png);
    fs.writeFileSync(path.join(root, 'docs/shots/b.png'), png);
    const bundle = await readDocsFolder(root);
    const guide = bundle.articles.find((a) => a.sourceId === 'demo/docs/Guide.md')!;
    expect(guide.body).toBe('![Public](/media/demo/docs/.vuepress/public/img/a.png) ![Relative](/media/demo/docs/shots/b.png)\n');
    expect(bundle.assets?.map((x) => x.mediaPath)).toEqual(['demo/docs/.vuepress/public/img/a.png', 'demo/docs/shots/b.png']);
  });

  it('Mintlify absolute doc paths (/x and /docs/x) resolve to articles, unknown ones to the live site', async () => {
    const root = makeFolder({
      'SOURCE.md': 'License: MIT\nLive site: https://example.com/docs/<path without .mdx>\n',
      'docs/docs.json': JSON.stringify({ name: 'Demo', navigation: { groups: [{ group: 'Start', pages: ['a', 'features/refunds', 'c'] }] } }),
      'docs/a.mdx': '# A\n\n[One](/features/refunds#partial), [two](/docs/features/refunds), [three](/api-reference/x), [four](./c).\n',
      'docs/features/refunds.mdx': '# Refunds\n',
      'docs/c.mdx': '# C\n',
    });
    const bundle = await readDocsFolder(root);
    const a = bundle.articles.find((x) => x.sourceId === 'demo/docs/a.mdx')!;
    expect(a.body).toBe('[One](/articles/demo-features-refunds#partial), [two](/articles/demo-features-refunds), [three](https://example.com/docs/api-reference/x), [four](/articles/demo-c).\n');
    expect(a.sourceUrl).toBe('https://example.com/docs/a');
    expect(bundle.license).toBe('MIT');
    expect(bundle.attribution).toBe('Demo documentation, MIT, https://example.com/docs - modified (markup stripped)');
  });
});

describe('VuePress / Markdown mapping', () => {
  it(':::tip, titled containers and [[toc]]', async () => {
    const a = await convertOne('Page.md', '# Page\n\n[[toc]]\n\n:::tip\nBack up your seed.\n:::\n\n::: warning Please note:\n- one\n- two\n:::\n\n:::danger WARNING\nNever share it.\n:::\n\nText.\n');
    expect(a.title).toBe('Page');
    expect(a.body).toBe('> **Tip**\n>\n> Back up your seed.\n\n> **Warning**\n>\n> **Please note:**\n>\n> - one\n> - two\n\n> **Danger**\n>\n> Never share it.\n\nText.\n');
  });

  it('a missing image keeps its alt text (no file, no request); relative .md links are rewritten', async () => {
    const a = await convertOne(
      'Guide.md',
      '# Guide\n\nBefore ![inline](./img/nope.png) after.\n\n![Screenshot](./img/missing.png)\n\n![](./img/no-alt.png)\n\nSee [wallet settings](./FAQ/Wallet.md#settings), [home](/README.md) and [dev](/Development/Altcoins.md).\n',
      { 'FAQ/Wallet.md': '# Wallet FAQ\n', 'README.md': '# Home\n' },
    );
    expect(a.body).toBe('Before ![inline]() after.\n\n![Screenshot]()\n\nSee [wallet settings](/articles/demo-faq-wallet#settings), [home](/articles/demo-home) and dev.\n');
  });

  it('html-ish components removed, <br> → line break, fake tags kept as text', async () => {
    const a = await convertOne('Page.md', '# Page\n\nNew <Badge text="beta"/> feature.<br>Next line.\n\nValue: <your server IP>\n');
    expect(a.body).toBe('New  feature.\\\nNext line.\n\nValue: \\<your server IP>\n');
  });

  it('titles: front matter, else first H1 (removed from the body), else the file name', async () => {
    const bundle = await readDocsFolder(
      makeFolder({
        'fm.md': '---\ntitle: From FM\ndescription: Short summary\n---\n\n# From FM\n\nBody.\n',
        'h1.md': 'Intro line.\n\n# From H1\n\n## Sub\n',
        'cold-card_wallet.md': 'No heading here.\n',
      }),
    );
    const byId = new Map(bundle.articles.map((a) => [a.sourceId, a]));
    expect(byId.get('demo/fm.md')).toMatchObject({ title: 'From FM', summary: 'Short summary', body: 'Body.\n' });
    expect(byId.get('demo/h1.md')).toMatchObject({ title: 'From H1', summary: '', body: 'Intro line.\n\n## Sub\n' });
    expect(byId.get('demo/cold-card_wallet.md')?.title).toBe('Cold Card Wallet');
  });
});

describe('folder handling', () => {
  it('a broken file is a failure with a reason; the rest is imported', async () => {
    const bundle = await readDocsFolder(makeFolder({ 'ok.mdx': '# Fine\n', 'bad.mdx': '# Bad\n\n<Note>\nunclosed\n' }));
    expect(bundle.articles.map((a) => a.sourceId)).toEqual(['demo/ok.mdx']);
    expect(bundle.failures).toHaveLength(1);
    expect(bundle.failures[0].sourceId).toBe('demo/bad.mdx');
    expect(bundle.failures[0].reason).toMatch(/Note/);
  });

  it('throws for a missing folder or a folder without Markdown', async () => {
    await expect(readDocsFolder('/definitely/not/here')).rejects.toThrow(/Docs folder not found/);
    await expect(readDocsFolder(makeFolder({ 'a.txt': 'x' }))).rejects.toThrow(/No Markdown/);
  });

  it('folder categories without docs.json; collection option prefixes slugs', async () => {
    const bundle = await readDocsFolder(
      makeFolder({ 'README.md': '# Home\n', 'Zeta.md': '# Z\n', 'Deploy/README.md': '# Deploy\n', 'Deploy/Azure.md': '# Azure\n', LICENSE: 'MIT License\n\nCopyright (c) X\n' }),
      { collection: 'Acme Docs' },
    );
    // The product's key is the name as a slug (its address is /products/acme-docs); the title stays the name.
    expect(bundle.collection).toBe('acme-docs');
    expect(bundle.product?.title).toBe('Acme Docs');
    expect((await readDocsFolder(makeFolder({ 'a.md': '# A\n' }), { collection: '../../etc' })).collection).toBe('etc');
    expect(bundle.license).toBe('MIT');
    expect(bundle.attribution).toBeNull();
    expect(bundle.categories).toEqual([
      { slug: 'acme-docs-general', name: 'General', position: 0 },
      { slug: 'acme-docs-deploy', name: 'Deploy', position: 1 },
    ]);
    expect(bundle.articles.map((a) => [a.sourceId, a.slug, a.categorySlug, a.position])).toEqual([
      ['demo/README.md', 'acme-docs-home', 'acme-docs-general', 0],
      ['demo/Zeta.md', 'acme-docs-zeta', 'acme-docs-general', 1],
      ['demo/Deploy/README.md', 'acme-docs-deploy', 'acme-docs-deploy', 0],
      ['demo/Deploy/Azure.md', 'acme-docs-deploy-azure', 'acme-docs-deploy', 1],
    ]);
  });

  it('docs.json groups become categories in navigation order; small groups merge; README skipped', async () => {
    const skipped: string[] = [];
    const bundle = await readDocsFolder(
      makeFolder({
        'docs.json': JSON.stringify({
          navigation: {
            tabs: [
              {
                tab: 'Guide',
                groups: [
                  { group: 'Start', pages: ['intro'] },
                  { group: 'Billing', pages: ['b/one', 'b/two', { group: 'Deep', pages: ['b/three'] }] },
                  { group: 'Misc', pages: ['m1', 'm2'] },
                ],
              },
            ],
          },
        }),
        'intro.mdx': '# Intro\n',
        'b/one.mdx': '# One\n',
        'b/two.mdx': '# Two\n',
        'b/three.mdx': '# Three\n',
        'b/extra.mdx': '# Extra (not in nav)\n',
        'm1.mdx': '# M1\n',
        'm2.mdx': '# M2\n',
        'README.md': '# Contributing\n',
      }),
      { onSkip: (id) => skipped.push(id) },
    );
    expect(skipped).toEqual(['demo/README.md']);
    expect(bundle.categories).toEqual([
      { slug: 'demo-guide', name: 'Guide', position: 0 },
      { slug: 'demo-billing', name: 'Billing', position: 1 },
    ]);
    const place = Object.fromEntries(bundle.articles.map((a) => [a.sourceId, `${a.categorySlug}#${a.position}`]));
    expect(place).toEqual({
      'demo/intro.mdx': 'demo-guide#0',
      'demo/m1.mdx': 'demo-guide#1',
      'demo/m2.mdx': 'demo-guide#2',
      'demo/b/one.mdx': 'demo-billing#0',
      'demo/b/two.mdx': 'demo-billing#1',
      'demo/b/three.mdx': 'demo-billing#2',
      'demo/b/extra.mdx': 'demo-billing#3',
    });
  });
});

describe.each([
  ['polar-docs', 101],
  ['spree-user-docs', 106],
  ['btcpay-docs', 91],
])('real corpus %s', (name, expectedArticles) => {
  let bundle: ImportBundle;
  beforeAll(async () => {
    bundle = await loadCorpus(name);
  });

  it('imports every article without failures', () => {
    expect(bundle.failures).toEqual([]);
    expect(bundle.collection).toBe(name);
    expect(bundle.articles).toHaveLength(expectedArticles);
  });

  it('leaves no MDX tags, containers, [[toc]] or import lines in the prose', () => {
    for (const a of bundle.articles) {
      const text = prose(a.body);
      expect(text, a.sourceId).not.toMatch(/<[A-Z][A-Za-z]*[\s/>]/);
      expect(text, a.sourceId).not.toContain(':::');
      expect(text, a.sourceId).not.toContain('[[toc]]');
      expect(text, a.sourceId).not.toMatch(/^\s*(import|export) /m);
      expect(a.title.trim(), a.sourceId).not.toBe('');
    }
  });

  it('has exact sourceIds, unique slugs and existing categories', () => {
    const ids = new Set<string>();
    for (const a of bundle.articles) {
      expect(a.sourceId, a.sourceId).toMatch(new RegExp(`^${name}/[^/].*\\.mdx?$`));
      expect(fs.existsSync(path.join(CORPUS, a.sourceId)), a.sourceId).toBe(true);
      expect(a.slug, a.sourceId).toMatch(new RegExp(`^${name}-[a-z0-9]+(-[a-z0-9]+)*$`));
      ids.add(a.sourceId);
    }
    expect(ids.size).toBe(bundle.articles.length);
    expect(new Set(bundle.articles.map((a) => a.slug)).size).toBe(bundle.articles.length);
    const cats = new Set(bundle.categories.map((c) => c.slug));
    expect(cats.size).toBe(bundle.categories.length);
    for (const c of bundle.categories) expect(c.slug).toMatch(new RegExp(`^${name}-[a-z0-9]+(-[a-z0-9]+)*$`));
    for (const a of bundle.articles) expect(cats.has(a.categorySlug ?? ''), a.sourceId).toBe(true);
    expect(bundle.categories.map((c) => c.position)).toEqual(bundle.categories.map((_, i) => i));
  });
});

describe('real corpus specifics', () => {
  it('polar: refunds article, license and live URL', async () => {
    const bundle = await loadCorpus('polar-docs');
    const refunds = bundle.articles.find((a) => a.sourceId === 'polar-docs/docs/features/refunds.mdx');
    expect(refunds).toBeDefined();
    expect(refunds!.title).toMatch(/refund/i);
    expect(refunds!.slug).toBe('polar-docs-features-refunds');
    expect(refunds!.sourceUrl).toBe('https://polar.sh/docs/features/refunds');
    expect(bundle.license).toBe('Apache-2.0');
    expect(bundle.attribution).toMatch(/Polar Software Inc/);
    // The contributor readme, snippets and other-version API pages are not articles.
    const ids = bundle.articles.map((a) => a.sourceId);
    expect(ids).not.toContain('polar-docs/docs/README.md');
    expect(ids.some((id) => id.includes('/snippets/'))).toBe(false);
    // Snippet content is inlined where it is used.
    const meters = bundle.articles.find((a) => a.sourceId === 'polar-docs/docs/features/usage-based-billing/meters.mdx')!;
    expect(meters.body).toContain('Meters are there to filter and aggregate the events');
  });

  it('spree: callouts use the > **Note** form', async () => {
    const bundle = await loadCorpus('spree-user-docs');
    const withNote = bundle.articles.filter((a) => /^> \*\*Note\*\*$/m.test(a.body));
    expect(withNote.length).toBeGreaterThan(0);
    const refunding = bundle.articles.find((a) => a.sourceId === 'spree-user-docs/docs/user/orders/refunding-orders.mdx')!;
    expect(refunding.body).toMatch(/^> \*\*Warning\*\*\n>\n> Refund behavior depends on the payment method\./m);
    expect(refunding.sourceUrl).toBe('https://spreecommerce.org/docs/user/orders/refunding-orders');
    expect(bundle.license).toBe('CC BY 4.0');
    expect(bundle.attribution).toBe('Spree Commerce documentation (c) Vendo / Spree contributors, CC BY 4.0, https://spreecommerce.org/docs - modified (markup stripped)');
  });

  it('btcpay: relative links point to existing article slugs; callouts from containers', async () => {
    const bundle = await loadCorpus('btcpay-docs');
    const slugs = new Set(bundle.articles.map((a) => a.slug));
    const hosting = bundle.articles.find((a) => a.sourceId === 'btcpay-docs/docs/Deployment/ThirdPartyHosting.md')!;
    expect(hosting.body).toContain('[Community](/articles/btcpay-docs-community)');
    expect(hosting.body).toMatch(/^> \*\*Tip\*\*$/m);
    expect(hosting.sourceUrl).toBe('https://docs.btcpayserver.org/Deployment/ThirdPartyHosting/');
    const internal = bundle.articles.flatMap((a) => [...a.body.matchAll(/\]\(\/articles\/([a-z0-9-]+)/g)].map((m) => m[1]));
    expect(internal.length).toBeGreaterThan(50);
    for (const s of internal) expect(slugs.has(s), s).toBe(true);
    expect(bundle.license).toBe('MIT');
    // Local images are never left pointing at files we do not serve: /media/ copies or `![alt]()`.
    for (const a of bundle.articles) expect(a.body, a.sourceId).not.toMatch(/!\[[^\]]*\]\((?!https?:|\/media\/|\))/);
    // The corpus ships no image files: its screenshots keep their alt text.
    expect(bundle.assets).toEqual([]);
    expect(bundle.missingImages!.length).toBeGreaterThan(400);
    const notifications = bundle.articles.find((a) => a.body.includes('![BTCPay Notifications]()'));
    expect(notifications, 'alt text kept as a caption').toBeDefined();
  });
});

describe('tables whose header and delimiter rows disagree', () => {
  it('are read as tables, every cell kept (BTCPay "Invoice statuses": 3 header cells over 4 delimiter cells)', () => {
    const md = '| Status | Description | Action |\n| --- | --- | --- | --- |\n| **Expired (paidLate)** | Paid late | Contact buyer | Optionally mark as settled |\n| **New** | Not paid | None |\n';
    const tree = parseMarkdown(md, false) as { children: { type: string; children?: { children: unknown[] }[] }[] };
    expect(tree.children.map((c) => c.type)).toEqual(['table']);
    expect(tree.children[0].children?.map((r) => r.children.length)).toEqual([4, 4, 3]);
    expect(repairTableDelimiters('| a | b | c |\n| - | - |\n')).toBe('| a | b | c |\n| - | - | --- |\n');
    const fenced = '```\n| a | b |\n| - | - | - |\n```\n';
    expect(repairTableDelimiters(fenced)).toBe(fenced);
  });
});
