'use client';

import { ArrowLeft, ExternalLink } from 'lucide-react';
import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import {
  ARTICLE_LIMITS,
  utf8Bytes,
  type ArticleField,
  type SaveArticleResult,
} from '@/app/(admin)/admin/articles/schema';
import { collectionLabel } from '@/components/help/format';
import { findInstructionPassages } from '@/lib/assistant/instructions';
import { renderMarkdown } from '@/lib/content/render';
import { ProseHtml } from '@/components/help/ProseHtml';
import { ReviewFlagList } from './ReviewFlags';
import { StatusBadge } from './StatusBadge';

export interface EditorArticle {
  id: number | null;
  slug: string | null;
  title: string;
  summary: string;
  body: string;
  categoryId: number | null;
  status: string;
  version: number | null;
}

interface Category {
  id: number;
  slug: string;
  name: string;
  collection: string;
}

type Message = { kind: 'success' | 'error'; text: string; conflict?: boolean } | null;

const fieldBase =
  'block w-full rounded-lg border bg-white text-slate-900 shadow-xs placeholder:text-slate-400 focus:outline-none focus:ring-2 ' +
  'dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500 ';
const fieldOk = 'border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/30 dark:border-slate-700';
const fieldBad = 'border-red-500 focus:border-red-500 focus:ring-red-500/30 dark:border-red-500';
const label = 'block text-sm font-medium text-slate-800 dark:text-slate-200';
const btn =
  'inline-flex items-center justify-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-semibold shadow-xs transition ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-wait disabled:opacity-60';
const btnSecondary = `${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;
const btnPrimary = `${btn} bg-indigo-600 text-white hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400`;

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`;
}

/**
 * The article editor: fields, Markdown with a live preview (our own sanitizing renderer, in the
 * browser), Save / Publish / Unpublish through one server action. The text lives in client state,
 * so no answer from the server (conflict, expired session, network error) can lose it.
 */
export function ArticleEditor({
  action,
  categories,
  initial,
}: {
  action: (fd: FormData) => Promise<SaveArticleResult>;
  categories: Category[];
  initial: EditorArticle;
}) {
  const [title, setTitle] = useState(initial.title);
  const [summary, setSummary] = useState(initial.summary);
  const [body, setBody] = useState(initial.body);
  const [categoryId, setCategoryId] = useState(initial.categoryId === null ? '' : String(initial.categoryId));
  const [meta, setMeta] = useState({ id: initial.id, slug: initial.slug, status: initial.status, version: initial.version });
  const [saved, setSaved] = useState(() => JSON.stringify([initial.title, initial.summary, initial.body, categoryId]));
  const [message, setMessage] = useState<Message>(null);
  const [errors, setErrors] = useState<Partial<Record<ArticleField, string>>>({});
  const [pending, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const dirty = JSON.stringify([title, summary, body, categoryId]) !== saved;
  const bodyBytes = useMemo(() => utf8Bytes(body), [body]);
  const tooLarge = bodyBytes > ARTICLE_LIMITS.bodyBytes;

  // Leaving with unsaved edits asks first (reload after a conflict included).
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  // Ctrl/Cmd+S saves.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (saveRef.current && !saveRef.current.disabled) formRef.current?.requestSubmit(saveRef.current);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // The preview follows the text after a short pause; long bodies wait a little longer.
  const [previewSource, setPreviewSource] = useState({ title, summary, body });
  useEffect(() => {
    const t = setTimeout(() => setPreviewSource({ title, summary, body }), body.length > 50_000 ? 400 : 80);
    return () => clearTimeout(t);
  }, [title, summary, body]);
  const preview = useMemo(() => {
    if (utf8Bytes(previewSource.body) > ARTICLE_LIMITS.bodyBytes) return { html: '', error: 'Preview paused: the body is over the size limit.' };
    try {
      return { html: renderMarkdown(previewSource.body).html, error: null };
    } catch {
      return { html: '', error: 'This Markdown could not be previewed.' };
    }
  }, [previewSource.body]);

  // The same check the save runs (stored as review_flags), kept live so a fix shows before saving.
  const reviewFlags = useMemo(
    () => (utf8Bytes(previewSource.body) > ARTICLE_LIMITS.bodyBytes ? [] : findInstructionPassages(previewSource.body)),
    [previewSource.body],
  );
  const selectBodyLine = useCallback((line: number) => {
    const ta = bodyRef.current;
    if (!ta) return;
    const lines = ta.value.split('\n');
    if (line < 1 || line > lines.length) return;
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    // Blur then focus so the browser scrolls the selection into view.
    ta.blur();
    ta.setSelectionRange(start, start + lines[line - 1].length);
    ta.focus();
  }, []);

  const groups = useMemo(() => {
    const byCollection = new Map<string, Category[]>();
    for (const c of categories) byCollection.set(c.collection, [...(byCollection.get(c.collection) ?? []), c]);
    return [...byCollection.entries()];
  }, [categories]);

  const onSubmit = useCallback(
    (e: React.FormEvent<HTMLFormElement>) => {
      e.preventDefault();
      const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
      const fd = new FormData(e.currentTarget, submitter ?? undefined);
      if (!fd.get('intent')) fd.set('intent', 'save');
      // The one check that cannot wait for the server: an oversized body would not reach it.
      if (utf8Bytes(String(fd.get('body') ?? '')) > ARTICLE_LIMITS.bodyBytes) {
        const text = `The article body is larger than ${ARTICLE_LIMITS.bodyBytes / 1024} KB. Split it into several articles.`;
        setErrors({ body: text });
        setMessage({ kind: 'error', text });
        return;
      }
      const snapshot = JSON.stringify([fd.get('title'), fd.get('summary'), fd.get('body'), fd.get('categoryId')]);
      startTransition(async () => {
        let res: SaveArticleResult;
        try {
          res = await action(fd);
        } catch {
          setMessage({ kind: 'error', text: 'Could not reach the server. Your text is kept — check your connection and save again.' });
          return;
        }
        if (!res.ok) {
          setErrors(res.fieldErrors ?? {});
          setMessage({ kind: 'error', text: res.message, conflict: res.conflict });
          const first = res.fieldErrors && (['title', 'summary', 'categoryId', 'body'] as const).find((k) => res.fieldErrors?.[k]);
          if (first) document.getElementById(`editor-${first}`)?.focus();
          return;
        }
        const wasNew = meta.id === null;
        setErrors({});
        setMeta({ id: res.id, slug: res.slug, status: res.status, version: res.version });
        setSaved(snapshot);
        setMessage({ kind: 'success', text: res.message });
        // A new article now has an address; change the URL without remounting the editor.
        if (wasNew) window.history.replaceState(null, '', `/admin/articles/${res.id}`);
      });
    },
    [action, meta.id],
  );

  const describedBy = (f: ArticleField, extra?: string) =>
    [errors[f] ? `editor-${f}-error` : null, extra].filter(Boolean).join(' ') || undefined;

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="mx-auto max-w-[1400px] px-3 pb-10 sm:px-6">
      <input type="hidden" name="id" value={meta.id ?? ''} />
      <input type="hidden" name="expectedVersion" value={meta.version ?? ''} data-testid="editor-expected-version" />

      {/* Toolbar */}
      <div className="sticky top-14 z-20 -mx-3 border-b border-slate-200 bg-slate-50/95 px-3 py-3 backdrop-blur sm:-mx-6 sm:px-6 dark:border-slate-800 dark:bg-slate-950/95">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <Link
            href="/admin"
            className="inline-flex items-center gap-1 rounded-md text-sm text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white"
          >
            <ArrowLeft className="size-4" aria-hidden="true" />
            Articles
          </Link>
          <span className="text-slate-300 dark:text-slate-700" aria-hidden="true">/</span>
          <h1 className="text-sm font-semibold">{meta.id === null ? 'New article' : 'Edit article'}</h1>
          <StatusBadge status={meta.status} testId="editor-status" />
          <span className="text-xs text-slate-500 tabular-nums dark:text-slate-400" data-testid="editor-version">
            {meta.version === null ? 'Not saved yet' : `v${meta.version}`}
            {dirty ? <span className="ml-1.5 text-amber-700 dark:text-amber-300">• Unsaved changes</span> : null}
          </span>
          {meta.slug ? (
            <a
              href={`/articles/${meta.slug}`}
              target="_blank"
              rel="noopener"
              data-testid="editor-view-public"
              className="inline-flex items-center gap-1 text-sm text-indigo-700 hover:underline dark:text-indigo-300"
              title={meta.status === 'published' ? 'Open the public page' : 'Readers can see it once it is published'}
            >
              View public article
              <ExternalLink className="size-3.5" aria-hidden="true" />
              {meta.status !== 'published' ? <span className="text-xs text-slate-500 dark:text-slate-400">(not live)</span> : null}
            </a>
          ) : null}
          <div className="ml-auto flex items-center gap-2">
            <button ref={saveRef} type="submit" name="intent" value="save" disabled={pending} data-testid="editor-save" className={btnSecondary} title="Save (Ctrl+S) — keeps the status">
              {pending ? 'Saving…' : 'Save'}
            </button>
            {meta.status === 'published' ? (
              <button type="submit" name="intent" value="unpublish" disabled={pending} data-testid="editor-unpublish" className={btnSecondary}>
                Unpublish
              </button>
            ) : (
              <button type="submit" name="intent" value="publish" disabled={pending} data-testid="editor-publish" className={btnPrimary}>
                Publish
              </button>
            )}
          </div>
        </div>
        <div
          data-testid="editor-message"
          role="status"
          aria-live="polite"
          className={
            message
              ? `mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-lg px-3 py-2 text-sm ${
                  message.kind === 'success'
                    ? 'bg-emerald-50 text-emerald-800 ring-1 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-200 dark:ring-emerald-400/25'
                    : 'bg-red-50 text-red-800 ring-1 ring-red-600/20 dark:bg-red-500/10 dark:text-red-200 dark:ring-red-400/25'
                }`
              : 'sr-only'
          }
        >
          {message?.text}
          {message?.conflict ? (
            <button
              type="button"
              onClick={() => window.location.reload()}
              className="font-semibold underline underline-offset-2"
            >
              Reload
            </button>
          ) : null}
        </div>
      </div>

      {/* Fields */}
      <div className="mt-5 grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-1.5 lg:col-span-2">
          <label htmlFor="editor-title" className={label}>
            Title
          </label>
          <input
            id="editor-title"
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={ARTICLE_LIMITS.title + 50}
            placeholder="How do I…?"
            aria-invalid={errors.title ? true : undefined}
            aria-describedby={describedBy('title')}
            data-testid="editor-title"
            className={`${fieldBase} ${errors.title ? fieldBad : fieldOk} px-3 py-2 text-base font-semibold sm:text-lg`}
          />
          {errors.title ? <p id="editor-title-error" className="text-sm text-red-700 dark:text-red-300">{errors.title}</p> : null}
        </div>
        <div className="space-y-1.5">
          <div className="flex items-baseline justify-between">
            <label htmlFor="editor-summary" className={label}>
              Summary
            </label>
            <span id="editor-summary-count" className="text-xs text-slate-500 tabular-nums dark:text-slate-400">
              {summary.length}/{ARTICLE_LIMITS.summary}
            </span>
          </div>
          <textarea
            id="editor-summary"
            name="summary"
            rows={2}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            placeholder="One or two sentences shown in search results and lists."
            aria-invalid={errors.summary ? true : undefined}
            aria-describedby={describedBy('summary', 'editor-summary-count')}
            data-testid="editor-summary"
            className={`${fieldBase} ${errors.summary ? fieldBad : fieldOk} field-sizing-content min-h-[4.25rem] max-h-48 resize-y px-3 py-2 text-sm`}
          />
          {errors.summary ? <p id="editor-summary-error" className="text-sm text-red-700 dark:text-red-300">{errors.summary}</p> : null}
        </div>
        <div className="space-y-1.5">
          <label htmlFor="editor-categoryId" className={label}>
            Category
          </label>
          <select
            id="editor-categoryId"
            name="categoryId"
            value={categoryId}
            onChange={(e) => setCategoryId(e.target.value)}
            aria-invalid={errors.categoryId ? true : undefined}
            aria-describedby={describedBy('categoryId')}
            data-testid="editor-category"
            className={`${fieldBase} ${errors.categoryId ? fieldBad : fieldOk} px-3 py-2 text-sm`}
          >
            <option value="">No category</option>
            {groups.map(([collection, cats]) => (
              <optgroup key={collection} label={collectionLabel(collection)}>
                {cats.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {errors.categoryId ? <p id="editor-categoryId-error" className="text-sm text-red-700 dark:text-red-300">{errors.categoryId}</p> : null}
        </div>
      </div>

      {reviewFlags.length > 0 ? (
        <div className="mt-5">
          <ReviewFlagList flags={reviewFlags} onSelectLine={selectBodyLine} />
        </div>
      ) : null}

      {/* Markdown and preview, side by side from lg up, stacked on phones */}
      <div className="mt-5 grid gap-4 lg:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-1.5">
          <div className="flex items-baseline justify-between">
            <label htmlFor="editor-body" className={label}>
              Body <span className="font-normal text-slate-500 dark:text-slate-400">(Markdown)</span>
            </label>
            <span
              id="editor-body-size"
              className={`text-xs tabular-nums ${tooLarge ? 'font-semibold text-red-700 dark:text-red-300' : 'text-slate-500 dark:text-slate-400'}`}
            >
              {formatBytes(bodyBytes)} / {ARTICLE_LIMITS.bodyBytes / 1024} KB
            </span>
          </div>
          <textarea
            ref={bodyRef}
            id="editor-body"
            name="body"
            value={body}
            onChange={(e) => setBody(e.target.value)}
            spellCheck
            placeholder={'## Before you start\n\nWrite the steps in Markdown: lists, tables, `code`, and callouts like\n\n> **Note:** this shows as a callout.'}
            aria-invalid={errors.body ? true : undefined}
            aria-describedby={describedBy('body', 'editor-body-size')}
            data-testid="editor-body"
            className={`${fieldBase} ${errors.body ? fieldBad : fieldOk} min-h-[22rem] flex-1 resize-y px-3 py-2.5 font-mono text-[13px] leading-6 lg:h-[calc(100dvh-23.5rem)] lg:min-h-[22rem]`}
          />
          {errors.body ? <p id="editor-body-error" className="text-sm text-red-700 dark:text-red-300">{errors.body}</p> : null}
        </div>
        <section aria-labelledby="editor-preview-label" className="flex min-w-0 flex-col gap-1.5">
          <h2 id="editor-preview-label" className={label}>
            Preview
          </h2>
          <div className="min-h-[12rem] overflow-y-auto rounded-lg border border-slate-200 bg-white px-4 py-4 shadow-xs sm:px-5 lg:h-[calc(100dvh-23.5rem)] lg:min-h-[22rem] dark:border-slate-800 dark:bg-slate-900">
            <p className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">
              {previewSource.title || <span className="text-slate-400 dark:text-slate-500">Untitled article</span>}
            </p>
            {previewSource.summary ? <p className="mt-2 text-base text-slate-600 dark:text-slate-400">{previewSource.summary}</p> : null}
            <hr className="my-4 border-slate-200 dark:border-slate-800" />
            {preview.error ? <p className="text-sm text-slate-500 dark:text-slate-400">{preview.error}</p> : null}
            <ProseHtml data-testid="editor-preview" className="prose max-w-none" html={preview.html} />
          </div>
        </section>
      </div>
    </form>
  );
}
