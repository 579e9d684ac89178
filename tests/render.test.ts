import { describe, expect, it } from 'vitest';
import { renderArticle } from '@/lib/content/highlight';
import { renderMarkdown } from '@/lib/content/render';

describe('renderMarkdown sanitizes any source', () => {
  it.each([
    ['[x](javascript:alert(1))', /javascript:/i],
    ['<a href="javascript:alert(1)">x</a>', /javascript:/i],
    ['<img src="/x.png" onerror="alert(1)">', /onerror/i],
    ['<div onclick="steal()">hi</div>', /onclick/i],
    ['<script>alert(1)</script>', /<script/i],
    ['<iframe src="https://evil.example"></iframe>', /<iframe/i],
    ['<style>body{display:none}</style>', /<style/i],
    ['[x](data:text/html;base64,PHNjcmlwdD4=)', /data:text/i],
    ['<svg><script>alert(1)</script></svg>', /<script|<svg/i],
  ])('%s', (md, forbidden) => {
    expect(renderMarkdown(md).html).not.toMatch(forbidden);
  });

  it('keeps safe Markdown, adds heading ids and a table of contents', () => {
    const { html, toc } = renderMarkdown('## Refund a payment\n\nText with [a link](https://example.com) and `code`.\n\n### Partial refunds\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(html).toContain('<h2 id="refund-a-payment">Refund a payment</h2>');
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('<div class="table-wrap" role="region" tabindex="0" aria-label="Table: a, b"><table>');
    expect(toc).toEqual([
      { id: 'refund-a-payment', text: 'Refund a payment', depth: 2 },
      { id: 'partial-refunds', text: 'Partial refunds', depth: 3 },
    ]);
  });

  it('styles callouts and never loads images from other sites', () => {
    const { html } = renderMarkdown('> **Warning**\n> Refunds cannot be undone.\n\n![chart](https://tracker.example/p.png) ![local](/img/a.png)');
    expect(html).toContain('class="callout callout-warning"');
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('<img src="/img/a.png" alt="local" loading="lazy" decoding="async">');
  });

  it('an image that is not loaded keeps its alt text as a visible caption; one without alt text is dropped', () => {
    const { html } = renderMarkdown('![Payout settings]()\n\n![Chart](https://tracker.example/p.png) ![](https://tracker.example/q.png)\n\n![Served](/media/demo/a.png)');
    expect(html).toContain('<p><span class="img-missing">Payout settings</span></p>');
    expect(html).toContain('<span class="img-missing">Chart</span>');
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('<img src="/media/demo/a.png" alt="Served"');
  });

  it('markup that imitates our widgets loses its attributes; comments never reach the page', () => {
    const { html } = renderMarkdown(
      '<div class="tabs" data-tabs role="tablist"><button role="tab" aria-controls="x" onclick="steal()">x</button></div>\n\n<!-- tab -->\n\n<!-- a note for editors -->\n\n<pre><code class="language-js" data-meta="title=&quot;&lt;b&gt;&quot;">a</code></pre>',
    );
    expect(html).not.toMatch(/data-tabs|role="tab|onclick|aria-controls|<!--|data-meta/);
    expect(html).toContain('<span class="code-title">&#x3C;b></span>');
  });
});

describe('code blocks', () => {
  it('get a header with the language and an accessible copy button (shown once scripts run)', () => {
    const { html } = renderMarkdown('```ts\nconst a = 1;\n```\n\n```\nplain output\n```');
    expect(html).toContain(
      '<div class="code-block" data-lang="ts"><div class="code-head"><span class="code-lang">TypeScript</span><button type="button" class="code-copy" data-copy="" aria-label="Copy TypeScript code"><span class="code-copy-text">Copy</span></button></div><pre><code class="language-ts">const a = 1;',
    );
    expect(html).toContain('<span class="code-lang">Text</span><button type="button" class="code-copy" data-copy="" aria-label="Copy code">');
  });

  it('a title from the fence meta (title="…" or Mintlify\'s bare text) shows beside the language', () => {
    const { html } = renderMarkdown('```bash title="Install"\nnpm i\n```\n\nText.\n\n```js server.js {2} wrap\nrun()\n```');
    expect(html).toContain('<span class="code-title">Install</span><span class="code-lang">Bash</span>');
    expect(html).toContain('<span class="code-title">server.js</span><span class="code-lang">JavaScript</span>');
    expect(html).not.toContain('tabs');
  });

  it('are highlighted on the server with light and dark colours, still safe', () => {
    const { html } = renderArticle('```ts\nconst a: number = 1; // <script>alert(1)</script>\n```\n\n```nosuchlang\n<img src=x onerror=alert(1)>\n```');
    expect(html).toContain('class="shiki shiki-themes github-light-default github-dark-default"');
    expect(html).toMatch(/<span style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">const<\/span>/);
    expect(html).not.toMatch(/<script|<img/);
    expect(html).toContain('&#x3C;script>');
    // An unknown language keeps its label and is shown as plain text.
    expect(html).toContain('<span class="code-lang">nosuchlang</span>');
  });

  it('renderArticle is the same page with colours, and cached by content', () => {
    const md = '## Setup\n\n```bash title="npm"\nnpm i x\n```\n\n```bash title="pnpm"\npnpm add x\n```\n';
    const plain = renderMarkdown(md);
    const first = renderArticle(md);
    const again = renderArticle(md);
    expect(again).toEqual(first);
    expect(first.toc).toEqual(plain.toc);
    const text = (h: string) => h.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
    expect(text(first.html)).toBe(text(plain.html));
  });
});

describe('tabs', () => {
  it('two or more adjacent titled code blocks become ARIA tabs; the first is selected', () => {
    const { html } = renderMarkdown('```bash title="npm"\nnpm i x\n```\n\n```bash title="pnpm"\npnpm add x\n```\n\nAfter.');
    const group = /<div class="tabs tabs-code" data-tabs="">([\s\S]*?)<\/div><\/div><\/div>\n<p>After/.exec(html);
    expect(group, html).not.toBeNull();
    const ids = [...html.matchAll(/<button type="button" role="tab" id="([^"]+)" aria-controls="([^"]+)" aria-selected="(true|false)" tabindex="(0|-1)" class="tab">([^<]+)<\/button>/g)];
    expect(ids.map((m) => [m[3], m[4], m[5]])).toEqual([
      ['true', '0', 'npm'],
      ['false', '-1', 'pnpm'],
    ]);
    for (const [, tabId, panelId] of ids) {
      expect(html).toContain(`id="${panelId}" aria-labelledby="${tabId}"`);
    }
    expect(html).toContain('<div class="tabs-list" role="tablist" aria-label="Code examples">');
    expect(html).toMatch(/role="tabpanel" id="[^"]+-panel-1" aria-labelledby="[^"]+-tab-1" tabindex="0" data-inactive="">/);
  });

  it('a <!-- /tabs --> between titled blocks keeps them apart; one titled block is no tab group', () => {
    const { html } = renderMarkdown('```ts title="a.ts"\na\n```\n\n<!-- /tabs -->\n\n```ts title="b.ts"\nb\n```');
    expect(html).not.toContain('role="tab');
    expect(html.match(/class="code-block"/g)).toHaveLength(2);
  });

  it('<!-- tab --> sections become tabs titled by their heading or bold line, left out of the table of contents', () => {
    const { html, toc } = renderMarkdown('## Install\n\n<!-- tab -->\n\n### macOS\n\nUse Homebrew.\n\n<!-- tab -->\n\n**Linux**\n\nUse apt.\n\n<!-- /tabs -->\n\n## Next');
    expect(html).toContain('class="tabs tabs-prose"');
    expect([...html.matchAll(/role="tab"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual(['macOS', 'Linux']);
    expect(html).toContain('<h3 id="macos" class="tab-title">macOS</h3>');
    expect(html).toContain('<p class="tab-title"><strong>Linux</strong></p>');
    expect(toc.map((t) => t.text)).toEqual(['Install', 'Next']);
  });

  it('tab groups nested in a list item work; ids differ between groups', () => {
    const md = '1. Pick one:\n\n   <!-- tab -->\n\n   **A**\n\n   Alpha\n\n   <!-- tab -->\n\n   **B**\n\n   Beta\n\n   <!-- /tabs -->\n\n```sh title="x"\n1\n```\n\n```sh title="y"\n2\n```';
    const { html } = renderMarkdown(md);
    expect(html).toMatch(/<li>[\s\S]*class="tabs tabs-prose"[\s\S]*<\/li>/);
    const ids = [...html.matchAll(/ id="(tabs-[^"]+-tab-0)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });
});
