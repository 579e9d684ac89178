'use client';

import { useEffect, useRef } from 'react';

/**
 * Counts one view of the article once the page has loaded in a browser: POST /api/article-views
 * `{ articleId }` (fire and forget; a lost count never shows). The article page is static (ISR),
 * so its render cannot count views; prefetches and crawlers that run no script are not counted.
 * @param articleId the article's id (views follow it through a rename).
 * @returns nothing visible.
 */
export function ArticleViewBeacon({ articleId }: { articleId: number }) {
  const sent = useRef<number | null>(null);
  useEffect(() => {
    if (sent.current === articleId) return;
    sent.current = articleId;
    fetch('/api/article-views', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ articleId }),
      keepalive: true,
    }).catch(() => {});
  }, [articleId]);
  return null;
}
