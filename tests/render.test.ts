import { describe, expect, it } from 'vitest';
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
    expect(html).toContain('<div class="table-wrap"><table>');
    expect(toc).toEqual([
      { id: 'refund-a-payment', text: 'Refund a payment', depth: 2 },
      { id: 'partial-refunds', text: 'Partial refunds', depth: 3 },
    ]);
  });

  it('styles callouts and never loads images from other sites', () => {
    const { html } = renderMarkdown('> **Warning**\n> Refunds cannot be undone.\n\n![chart](https://tracker.example/p.png) ![local](/img/a.png)');
    expect(html).toContain('class="callout callout-warning"');
    expect(html).not.toContain('tracker.example');
    expect(html).toContain('src="/img/a.png"');
  });
});
