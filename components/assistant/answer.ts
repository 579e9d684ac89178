/**
 * Turning an assistant message into display pieces: its Markdown text with `[n]` citation markers
 * made into numbered chips linking the n-th `source-url` part, and the list of those sources.
 */
import { normalizeCitations, replaceCitationMarkers } from '@/lib/assistant/citations';
import { renderMarkdown } from '@/lib/content/render';
import type { AssistantMessage } from './AssistantProvider';

export interface AnswerSource {
  n: number;
  title: string;
  /** Same-site path of the article (`/articles/<slug>`). */
  href: string;
  slug: string;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Source parts in order; marker [n] refers to the n-th one. Off-site URLs fall back to the slug's article. */
export function answerSources(message: AssistantMessage): AnswerSource[] {
  const out: AnswerSource[] = [];
  for (const part of message.parts) {
    if (part.type !== 'source-url') continue;
    const slug = part.sourceId;
    const href = typeof part.url === 'string' && part.url.startsWith('/') && !part.url.startsWith('//') ? part.url : `/articles/${encodeURIComponent(slug)}`;
    out.push({ n: out.length + 1, title: part.title || slug, href, slug });
  }
  return out;
}

export function answerText(message: AssistantMessage): string {
  return message.parts
    .filter((p): p is Extract<typeof p, { type: 'text' }> => p.type === 'text')
    .map((p) => p.text)
    .join('\n\n');
}

// Private-use brackets: never produced by Markdown, untouched by the sanitizer.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/** The search results offered under a refusal (its `data-search-results` part): not citations. */
export function answerSearchResults(message: AssistantMessage): { label: string; results: { title: string; href: string }[] } | null {
  for (const part of message.parts) {
    if (part.type !== 'data-search-results' || !Array.isArray(part.data?.results)) continue;
    const results = part.data.results
      .filter((r) => typeof r?.url === 'string' && r.url.startsWith('/') && !r.url.startsWith('//'))
      .slice(0, 4)
      .map((r) => ({ title: String(r.title || r.url), href: r.url }));
    return results.length ? { label: String(part.data.label || 'Search results'), results } : null;
  }
  return null;
}

/**
 * The product choice asked instead of an answer (its `data-product-choice` part): the question
 * and the products to ask it for, or null.
 */
export function answerProductChoice(message: AssistantMessage): { question: string; products: { slug: string; title: string }[] } | null {
  for (const part of message.parts) {
    if (part.type !== 'data-product-choice' || !Array.isArray(part.data?.products) || typeof part.data.question !== 'string') continue;
    const products = part.data.products.filter((p) => typeof p?.slug === 'string' && typeof p?.title === 'string').slice(0, 4);
    return products.length ? { question: part.data.question, products } : null;
  }
  return null;
}

/** The same question asked for one product (the assistant scopes a question that names a product). */
export function questionFor(question: string, productTitle: string): string {
  return `${question.trim().replace(/[?.!\s]+$/, '')} in ${productTitle}?`;
}

/** Follow-up questions of an answer (its `data-suggestions` part), or []. */
export function answerSuggestions(message: AssistantMessage): string[] {
  for (const part of message.parts) {
    if (part.type === 'data-suggestions' && Array.isArray(part.data?.questions)) return part.data.questions.filter((q) => typeof q === 'string').slice(0, 3);
  }
  return [];
}

/**
 * Sanitized HTML for an answer. Markers without a matching source are dropped (the server drops
 * them too before storing; this covers the text while it streams).
 * The chip markup is ours (escaped title, same-site href), inserted after sanitizing.
 */
export function answerHtml(text: string, sources: AnswerSource[]): string {
  const normalized = normalizeCitations(text.replace(/[\uE000\uE001]/g, ''), sources.length).text;
  // Only real markers become chips: brackets in code (`rows[2]`, a fenced `[10, 20]`) stay text.
  const marked = replaceCitationMarkers(normalized, (nums, space) => space + nums.map((n) => (sources[n - 1] ? `${OPEN}${n}${CLOSE}` : '')).join(''));
  const { html } = renderMarkdown(marked);
  return html.replace(/\uE000(\d{1,3})\uE001/g, (_m, n: string) => {
    const s = sources[Number(n) - 1];
    if (!s) return `[${n}]`;
    return `<a href="${escapeAttr(s.href)}" class="cite-chip" data-testid="assistant-citation" data-source="${s.n}" aria-label="Source ${s.n}: ${escapeAttr(s.title)}" title="${escapeAttr(s.title)}">${s.n}</a>`;
  });
}

/**
 * What the Copy button of an answer puts on the clipboard: the answer's Markdown with its
 * citation markers as `[n]` (markers without a source dropped, as on screen) and same-site links
 * made absolute, then one line per
 * source, `[n] Title: <absolute URL>`, so the pasted text still says where each part comes from.
 * @param text the answer's Markdown ({@link answerText}).
 * @param sources its sources ({@link answerSources}).
 * @param origin the site's origin (`https://help.example.com`) that makes source paths absolute.
 * @returns plain text; '' when the answer has no text.
 */
export function answerCopyText(text: string, sources: AnswerSource[], origin: string): string {
  // Same-site links ("Full article: [Title](/articles/…)") made absolute, so they work where pasted.
  const body = normalizeCitations(text, sources.length)
    .text.replace(/\]\((\/(?!\/)[^)\s]*)\)/g, (_m, path: string) => `](${new URL(path, origin).toString()})`)
    .trim();
  if (!body) return '';
  if (sources.length === 0) return body;
  const lines = sources.map((s) => `[${s.n}] ${s.title}: ${new URL(s.href, origin).toString()}`);
  return `${body}\n\nSources:\n${lines.join('\n')}`;
}
