/** What the assistant shows when the model fails or times out: the best search results as links. */

/** Heading line of the fallback answer. */
export const FALLBACK_NOTICE = 'The assistant is unavailable right now, so here are the help articles that best match your question:';

/**
 * @param sources the articles to list (title + same-site URL), best first; duplicates by URL are dropped.
 * @returns Markdown: the notice and up to 5 links, or a "nothing matched" note. Never empty.
 */
export function fallbackText(sources: { title: string; url: string }[]): string {
  const seen = new Set<string>();
  const list = sources
    .filter((s) => {
      const page = s.url.split('#')[0];
      if (seen.has(page)) return false;
      seen.add(page);
      return true;
    })
    .slice(0, 5);
  if (list.length === 0) {
    return 'The assistant is unavailable right now, and no help article matched your question. Try the search at the top of the page, or ask again in a moment.';
  }
  return [FALLBACK_NOTICE, '', ...list.map((s) => `- [${s.title.replace(/[[\]]/g, '')}](${s.url})`), '', 'You can also ask again in a moment.'].join('\n');
}
