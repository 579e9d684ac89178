'use client';

import { ArrowLeft, CalendarClock, ExternalLink, History } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import {
  ARTICLE_LIMITS,
  BODY_TOO_LARGE_MESSAGE,
  bodyBytes as measureBody,
  normalizeBody,
  utf8Bytes,
  type ArticleField,
  type EditorArticleDto,
  type SaveArticleResult,
} from '@/app/(admin)/admin/articles/schema';
import { collectionLabel } from '@/components/help/format';
import { findInstructionPassages } from '@/lib/assistant/instructions';
import { renderMarkdown } from '@/lib/content/render';
import { slugFieldValue } from '@/lib/content/title';
import { ProseHtml } from '@/components/help/ProseHtml';
import { ConflictPanel } from './ConflictPanel';
import { ReviewFlagList } from './ReviewFlags';
import { StatusBadge } from './StatusBadge';

/** What the editor opens with; `id` null for a new article. */
export interface EditorArticle {
  id: number | null;
  slug: string | null;
  title: string;
  summary: string;
  body: string;
  categoryId: number | null;
  status: string;
  version: number | null;
  hasDraft?: boolean;
  publishAt?: string | null;
}

interface Category {
  id: number;
  slug: string;
  name: string;
  collection: string;
  /** The product's title ("Polar"), shown as the group's label. */
  collectionTitle: string;
}

/** The server actions the editor calls (app/(admin)/admin/articles/actions.ts). */
export interface EditorActions {
  save: (fd: FormData) => Promise<SaveArticleResult>;
  discardDraft: (fd: FormData) => Promise<SaveArticleResult>;
  schedule: (fd: FormData) => Promise<SaveArticleResult>;
  setArchived: (fd: FormData) => Promise<SaveArticleResult>;
}

type Message = { kind: 'success' | 'error'; text: string } | null;
type Intent = 'save' | 'publish' | 'unpublish';
type Meta = { id: number | null; slug: string | null; status: string; version: number | null; hasDraft: boolean; publishAt: string | null };

/** Milliseconds of quiet typing before an autosave. */
const AUTOSAVE_DELAY_MS = 4000;
const FLASH_KEY = 'resolve-editor-flash';

const fieldBase =
  'block w-full rounded-lg border bg-white text-slate-900 shadow-xs placeholder:text-slate-400 focus:outline-none focus:ring-2 ' +
  'dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-500 ';
const fieldOk = 'border-slate-300 focus:border-indigo-500 focus:ring-indigo-500/30 dark:border-slate-700';
const fieldBad = 'border-red-500 focus:border-red-500 focus:ring-red-500/30 dark:border-red-500';
const label = 'block text-sm font-medium text-slate-800 dark:text-slate-200';
const btn =
  'inline-flex items-center justify-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-semibold shadow-xs transition ' +
  'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60';
const btnSecondary = `${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;
const btnPrimary = `${btn} bg-indigo-600 text-white hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-400`;

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`;
}

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, for a datetime-local input. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function snapshotOf(title: string, summary: string, body: string, categoryId: string, slug: string): string {
  return JSON.stringify([title, summary, normalizeBody(body), categoryId, slug]);
}

/**
 * The article editor: fields, Markdown with a live preview (our own sanitizing renderer, in the
 * browser), Save / Publish / Unpublish through one server action, drafts of published articles,
 * autosave, schedule, archive and a conflict view for stale saves. The text lives in client state,
 * so no answer from the server (conflict, expired session, network error) can lose it.
 *
 * Bodies are kept with LF line ends (a textarea submits CRLF): the form sends the normalized text,
 * so the size counter shows exactly what the server measures and a save never leaves the editor
 * "unsaved".
 */
export function ArticleEditor({
  actions,
  categories,
  initial,
  flash,
  readOnly = false,
  sameTitle = [],
}: {
  actions: EditorActions;
  categories: Category[];
  initial: EditorArticle;
  /** A message to show on open (e.g. after a restore). */
  flash?: string | null;
  /** A viewer's view: every field and button disabled, no autosave (the server refuses writes anyway). */
  readOnly?: boolean;
  /** Other articles of the product with the saved title (listSameTitleArticles): named under the title field. */
  sameTitle?: { id: number; title: string; status: string }[];
}) {
  const router = useRouter();
  const [title, setTitle] = useState(initial.title);
  const [summary, setSummary] = useState(initial.summary);
  const [body, setBody] = useState(() => normalizeBody(initial.body));
  const [categoryId, setCategoryId] = useState(initial.categoryId === null ? '' : String(initial.categoryId));
  const [slug, setSlug] = useState(initial.slug ?? '');
  const [meta, setMeta] = useState<Meta>({
    id: initial.id,
    slug: initial.slug,
    status: initial.status,
    version: initial.version,
    hasDraft: Boolean(initial.hasDraft),
    publishAt: initial.publishAt ?? null,
  });
  const [saved, setSaved] = useState(() => snapshotOf(initial.title, initial.summary, initial.body, categoryId, initial.slug ?? ''));
  const [message, setMessage] = useState<Message>(flash ? { kind: 'success', text: flash } : null);
  const [errors, setErrors] = useState<Partial<Record<ArticleField, string>>>({});
  const [conflict, setConflict] = useState<{ theirs: EditorArticleDto; yoursRevisionId: number } | null>(null);
  const [pending, startTransition] = useTransition();
  const [autosaved, setAutosaved] = useState<string | null>(null);
  const [scheduleInput, setScheduleInput] = useState('');
  const [mounted, setMounted] = useState(false);
  // A new article's first save moves to /admin/articles/<id>, where a fresh editor opens the saved
  // text; until it does, this one is read-only so nothing typed in between is lost.
  const [handingOver, setHandingOver] = useState(false);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const inFlight = useRef(false);

  const current = snapshotOf(title, summary, body, categoryId, slug);
  const dirty = current !== saved;
  const sizeBytes = useMemo(() => measureBody(body), [body]);
  const tooLarge = sizeBytes > ARTICLE_LIMITS.bodyBytes;

  // A message handed over from the page this editor replaced (a new article's first save).
  useEffect(() => {
    setMounted(true);
    if (initial.id === null) return;
    try {
      const raw = sessionStorage.getItem(FLASH_KEY);
      if (!raw) return;
      const f = JSON.parse(raw) as { id: number; text: string };
      if (f.id === initial.id) {
        sessionStorage.removeItem(FLASH_KEY);
        setMessage({ kind: 'success', text: f.text });
      }
    } catch {
      // Storage unavailable (private mode): the message is only a courtesy.
    }
  }, [initial.id]);

  // Leaving with unsaved edits asks first: closing or reloading the tab…
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  // …and following a link inside the app (Next's client navigation does not fire beforeunload).
  useEffect(() => {
    if (!dirty) return;
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || a.target === '_blank' || a.hasAttribute('download')) return;
      const url = new URL(a.href, window.location.href);
      if (url.origin === window.location.origin && url.pathname === window.location.pathname && url.search === window.location.search) return;
      if (!window.confirm('You have unsaved changes. Leave this page without saving them?')) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    // Capture on window: runs before React's and Next's Link handlers.
    window.addEventListener('click', onClick, true);
    return () => window.removeEventListener('click', onClick, true);
  }, [dirty]);

  // The preview follows the text after a short pause; long bodies wait a little longer.
  const [previewSource, setPreviewSource] = useState({ title, summary, body });
  useEffect(() => {
    const t = setTimeout(() => setPreviewSource({ title, summary, body }), body.length > 50_000 ? 400 : 80);
    return () => clearTimeout(t);
  }, [title, summary, body]);
  const previewTooLarge = utf8Bytes(previewSource.body) > ARTICLE_LIMITS.bodyBytes;
  const preview = useMemo(() => {
    if (previewTooLarge) return { html: '', error: 'Preview paused: the body is over the size limit.' };
    try {
      return { html: renderMarkdown(previewSource.body).html, error: null };
    } catch {
      return { html: '', error: 'This Markdown could not be previewed.' };
    }
  }, [previewSource.body, previewTooLarge]);

  // The same check the save runs (stored as review_flags), kept live so a fix shows before saving.
  const reviewFlags = useMemo(() => (previewTooLarge ? [] : findInstructionPassages(previewSource.body)), [previewSource.body, previewTooLarge]);
  const selectBodyLine = useCallback((line: number) => {
    const ta = bodyRef.current;
    if (!ta) return;
    const lines = ta.value.split('\n');
    if (line < 1 || line > lines.length) return;
    const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    ta.blur();
    ta.setSelectionRange(start, start + lines[line - 1].length);
    ta.focus();
  }, []);

  const groups = useMemo(() => {
    const byCollection = new Map<string, Category[]>();
    for (const c of categories) byCollection.set(c.collection, [...(byCollection.get(c.collection) ?? []), c]);
    return [...byCollection.entries()];
  }, [categories]);

  /** Takes the server's view of the article after a successful action. */
  const adopt = useCallback((a: EditorArticleDto, opts: { text: boolean }) => {
    setMeta({ id: a.id, slug: a.slug, status: a.status, version: a.version, hasDraft: a.hasDraft, publishAt: a.publishAt });
    if (opts.text) {
      setTitle(a.title);
      setSummary(a.summary);
      setBody(normalizeBody(a.body));
      setCategoryId(a.categoryId === null ? '' : String(a.categoryId));
      setSlug(a.slug);
      setSaved(snapshotOf(a.title, a.summary, a.body, a.categoryId === null ? '' : String(a.categoryId), a.slug));
    }
  }, []);

  const send = useCallback(
    (intent: Intent, opts: { autosave?: boolean } = {}) => {
      // The one check that cannot wait for the server: it measures what the server measures.
      if (measureBody(body) > ARTICLE_LIMITS.bodyBytes) {
        setErrors({ body: BODY_TOO_LARGE_MESSAGE });
        if (!opts.autosave) setMessage({ kind: 'error', text: BODY_TOO_LARGE_MESSAGE });
        return;
      }
      if (inFlight.current) return;
      const fd = new FormData();
      fd.set('id', meta.id === null ? '' : String(meta.id));
      fd.set('expectedVersion', meta.version === null ? '' : String(meta.version));
      fd.set('title', title);
      fd.set('summary', summary);
      fd.set('body', normalizeBody(body));
      fd.set('categoryId', categoryId);
      if (meta.id !== null && slug !== (meta.slug ?? '')) fd.set('slug', slug);
      fd.set('intent', intent);
      if (opts.autosave) fd.set('autosave', '1');
      const sent = { title, summary, body, categoryId, slug };
      const wasNew = meta.id === null;
      inFlight.current = true;
      startTransition(async () => {
        let res: SaveArticleResult;
        try {
          res = await actions.save(fd);
        } catch (err) {
          // A fetch that never got an answer is a TypeError; anything else is an answer Next made
          // itself (e.g. a 413 past serverActions.bodySizeLimit, before our code runs).
          const text =
            measureBody(body) > ARTICLE_LIMITS.bodyBytes
              ? BODY_TOO_LARGE_MESSAGE
              : err instanceof TypeError
                ? 'Could not reach the server. Your text is kept — check your connection and save again.'
                : `The server could not take this save (the body limit is ${ARTICLE_LIMITS.bodyBytes / 1024} KB). Your text is kept — try again.`;
          setMessage({ kind: 'error', text });
          return;
        } finally {
          inFlight.current = false;
        }
        if (!res.ok) {
          setErrors(res.fieldErrors ?? {});
          if (res.conflict) setConflict(res.conflict);
          setMessage({ kind: 'error', text: res.message });
          const first = res.fieldErrors && (['title', 'slug', 'summary', 'categoryId', 'body'] as const).find((k) => res.fieldErrors?.[k]);
          if (first && !opts.autosave) document.getElementById(`editor-${first}`)?.focus();
          return;
        }
        const a = res.article;
        setErrors({});
        setMeta({ id: a.id, slug: a.slug, status: a.status, version: a.version, hasDraft: a.hasDraft, publishAt: a.publishAt });
        if (wasNew) {
          // The editor moves to the article's own address. Hand the message to the editor that
          // mounts there, so it shows however the navigation and the refresh interleave.
          try {
            sessionStorage.setItem(FLASH_KEY, JSON.stringify({ id: a.id, text: res.message }));
          } catch {
            // no storage: the message below still shows until the page changes
          }
          setSaved(snapshotOf(title, summary, body, categoryId, a.slug));
          setSlug(a.slug);
          setMessage({ kind: 'success', text: res.message });
          setHandingOver(true);
          router.replace(`/admin/articles/${a.id}`);
          return;
        }
        // What was sent is now saved; anything typed meanwhile stays "unsaved".
        setSaved(snapshotOf(sent.title, sent.summary, sent.body, sent.categoryId, a.slug));
        setSlug((s) => (s === sent.slug ? a.slug : s));
        if (opts.autosave) {
          setAutosaved(new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
          setMessage(null);
        } else {
          setMessage({ kind: 'success', text: res.message });
        }
      });
    },
    [actions, body, categoryId, meta.id, meta.slug, meta.version, router, slug, summary, title],
  );

  // Autosave: a few seconds after the last change, for an article that exists and is not in a
  // conflict. It goes through the same stale-version check as Save.
  useEffect(() => {
    if (readOnly || !dirty || meta.id === null || handingOver || conflict || tooLarge || pending || !title.trim() || meta.status === 'archived') return;
    const t = setTimeout(() => send('save', { autosave: true }), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(t);
  }, [readOnly, dirty, meta.id, meta.status, handingOver, conflict, tooLarge, pending, title, send]);

  // Ctrl/Cmd+S saves.
  const saveRef = useRef(send);
  saveRef.current = send;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (!readOnly) saveRef.current('save');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [readOnly]);

  /** Discard draft, schedule, archive: small actions that answer with the article's new state. */
  const runSmall = useCallback(
    (action: (fd: FormData) => Promise<SaveArticleResult>, extra: Record<string, string>, opts: { replaceText: boolean }) => {
      if (meta.id === null || meta.version === null) return;
      const fd = new FormData();
      fd.set('id', String(meta.id));
      fd.set('expectedVersion', String(meta.version));
      for (const [k, v] of Object.entries(extra)) fd.set(k, v);
      startTransition(async () => {
        let res: SaveArticleResult;
        try {
          res = await action(fd);
        } catch {
          setMessage({ kind: 'error', text: 'Could not reach the server. Check your connection and try again.' });
          return;
        }
        if (!res.ok) {
          setMessage({ kind: 'error', text: res.message });
          return;
        }
        adopt(res.article, { text: opts.replaceText });
        setMessage({ kind: 'success', text: res.message });
      });
    },
    [adopt, meta.id, meta.version],
  );

  const onDiscard = () => {
    if (!window.confirm('Discard the draft? The editor goes back to the live version; the draft stays in the history.')) return;
    runSmall(actions.discardDraft, {}, { replaceText: true });
  };

  const onSchedule = (cancel: boolean) => {
    if (!cancel) {
      const d = new Date(scheduleInput);
      if (!scheduleInput || Number.isNaN(d.getTime())) {
        setMessage({ kind: 'error', text: 'Pick a date and time to publish.' });
        return;
      }
      runSmall(actions.schedule, { publishAt: d.toISOString() }, { replaceText: false });
    } else {
      runSmall(actions.schedule, { publishAt: '' }, { replaceText: false });
    }
  };

  const onArchive = (archived: boolean) => {
    if (archived && !window.confirm('Archive this article? Readers will no longer see it; you can unarchive it later.')) return;
    runSmall(actions.setArchived, { archived: archived ? '1' : '0' }, { replaceText: false });
  };

  const resolveConflict = (take: 'theirs' | 'mine') => {
    if (!conflict) return;
    const t = conflict.theirs;
    if (take === 'theirs') {
      adopt(t, { text: true });
      setMessage({ kind: 'success', text: `Loaded their version (v${t.version}). Your refused text stays in the history.` });
    } else {
      // Keep my text, now based on their version: the next Save replaces theirs knowingly.
      setMeta({ id: t.id, slug: t.slug, status: t.status, version: t.version, hasDraft: t.hasDraft, publishAt: t.publishAt });
      setSaved(snapshotOf(t.title, t.summary, t.body, t.categoryId === null ? '' : String(t.categoryId), t.slug));
      setMessage({ kind: 'success', text: `Your text is kept, now based on v${t.version}. Edit it if needed, then Save.` });
    }
    setConflict(null);
  };

  // Named while the title is the saved one (the list is the server's, for that title).
  const showSameTitle = sameTitle.length > 0 && title.trim().replace(/\s+/g, ' ').toLowerCase() === initial.title.trim().replace(/\s+/g, ' ').toLowerCase();
  const describedBy = (f: ArticleField, extra?: string) => [errors[f] ? `editor-${f}-error` : null, extra].filter(Boolean).join(' ') || undefined;
  const published = meta.status === 'published';
  const scheduledLocal = meta.publishAt && mounted ? new Date(meta.publishAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) : null;
  const timeZone = mounted ? Intl.DateTimeFormat().resolvedOptions().timeZone : '';
  const canSchedule = meta.id !== null && meta.status !== 'archived' && (!published || meta.hasDraft);

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        const intent = (submitter?.value as Intent | undefined) ?? 'save';
        send(intent === 'publish' || intent === 'unpublish' ? intent : 'save');
      }}
      noValidate
      data-testid="editor-form"
      data-ready={handingOver ? undefined : '1'}
      className="mx-auto max-w-[1400px] px-3 pb-10 sm:px-6"
    >
      {readOnly ? (
        <p
          role="note"
          data-testid="editor-read-only"
          className="mt-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          View only: your role (viewer) cannot change articles.
        </p>
      ) : null}
      <fieldset disabled={handingOver || readOnly} className="contents">
        <input type="hidden" name="expectedVersion" value={meta.version ?? ''} data-testid="editor-expected-version" readOnly />

        {/* Toolbar */}
        <div className="z-20 -mx-3 border-b sm:sticky sm:top-14 border-slate-200 bg-slate-50/95 px-3 py-3 backdrop-blur sm:-mx-6 sm:px-6 dark:border-slate-800 dark:bg-slate-950/95">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
            <Link href="/admin" className="inline-flex items-center gap-1 rounded-md text-sm text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white">
              <ArrowLeft className="size-4" aria-hidden="true" />
              Articles
            </Link>
            <span className="text-slate-300 dark:text-slate-700" aria-hidden="true">
              /
            </span>
            <h1 className="text-sm font-semibold">{meta.id === null ? 'New article' : 'Edit article'}</h1>
            <StatusBadge status={meta.status} testId="editor-status" />
            <span className="text-xs text-slate-600 tabular-nums dark:text-slate-400" data-testid="editor-version">
              {meta.version === null ? 'Not saved yet' : `v${meta.version}`}
              {dirty ? <span className="ml-1.5 font-medium text-amber-800 dark:text-amber-300">• Unsaved changes</span> : null}
              {!dirty && autosaved ? <span className="ml-1.5">· Autosaved {autosaved}</span> : null}
            </span>
            {meta.id !== null && !handingOver ? (
              <Link href={`/admin/articles/${meta.id}/history`} data-testid="editor-history" className="inline-flex items-center gap-1 text-sm text-indigo-700 hover:underline dark:text-indigo-300">
                <History className="size-3.5" aria-hidden="true" />
                History
              </Link>
            ) : null}
            {meta.slug ? (
              <a
                href={`/articles/${meta.slug}`}
                target="_blank"
                rel="noopener"
                data-testid="editor-view-public"
                className="inline-flex items-center gap-1 text-sm text-indigo-700 hover:underline dark:text-indigo-300"
                title={published ? 'Open the live page' : 'Readers can see it once it is published'}
              >
                {published ? 'View live' : 'Public page'}
                <ExternalLink className="size-3.5" aria-hidden="true" />
                {!published ? <span className="text-xs text-slate-600 dark:text-slate-400">(not live)</span> : null}
              </a>
            ) : null}
            <div className="ml-auto flex flex-wrap items-center gap-2">
              {meta.id !== null ? (
                meta.status === 'archived' ? (
                  <button type="button" onClick={() => onArchive(false)} disabled={pending} data-testid="editor-unarchive" className={btnSecondary}>
                    Unarchive
                  </button>
                ) : (
                  <button
                    type="button"
                    onClick={() => onArchive(true)}
                    disabled={pending || dirty}
                    data-testid="editor-archive"
                    className={btnSecondary}
                    title={dirty ? 'Save first' : 'Hide from readers'}
                  >
                    Archive
                  </button>
                )
              ) : null}
              {published ? (
                <button type="submit" value="unpublish" disabled={pending} data-testid="editor-unpublish" className={btnSecondary}>
                  Unpublish
                </button>
              ) : null}
              <button
                type="submit"
                value="save"
                disabled={pending}
                data-testid="editor-save"
                className={btnSecondary}
                title={published ? 'Save as a draft (Ctrl+S) — the live article stays as it is' : 'Save (Ctrl+S)'}
              >
                {pending ? 'Saving…' : published ? 'Save draft' : 'Save'}
              </button>
              {!published || meta.hasDraft || dirty ? (
                <button type="submit" value="publish" disabled={pending} data-testid="editor-publish" className={btnPrimary}>
                  {published ? 'Publish changes' : 'Publish'}
                </button>
              ) : null}
            </div>
          </div>
          <div
            data-testid="editor-message"
            role="status"
            aria-live="polite"
            className={
              message
                ? `mt-2 rounded-lg px-3 py-2 text-sm ${
                    message.kind === 'success'
                      ? 'bg-emerald-50 text-emerald-800 ring-1 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-200 dark:ring-emerald-400/25'
                      : 'bg-red-50 text-red-800 ring-1 ring-red-600/20 dark:bg-red-500/10 dark:text-red-200 dark:ring-red-400/25'
                  }`
                : 'sr-only'
            }
          >
            {message?.text}
          </div>
        </div>

        {meta.hasDraft ? (
          <div
            data-testid="editor-draft-banner"
            className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-400/40 dark:bg-amber-400/10 dark:text-amber-100"
          >
            <p>
              <strong className="font-semibold">Draft changes not published.</strong> Readers still see the live version until you publish.
            </p>
            <div className="ml-auto flex gap-2">
              <button type="button" onClick={onDiscard} disabled={pending} data-testid="editor-discard" className={btnSecondary}>
                Discard draft
              </button>
              <button type="submit" value="publish" disabled={pending} data-testid="editor-publish-draft" className={btnPrimary}>
                Publish
              </button>
            </div>
          </div>
        ) : null}

        {conflict ? (
          <ConflictPanel
            theirs={conflict.theirs}
            yours={{ title, summary, body: normalizeBody(body) }}
            yoursRevisionId={conflict.yoursRevisionId}
            onTakeTheirs={() => resolveConflict('theirs')}
            onKeepMine={() => resolveConflict('mine')}
          />
        ) : null}

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
              aria-describedby={describedBy('title', showSameTitle ? 'editor-title-same' : undefined)}
              data-testid="editor-title"
              className={`${fieldBase} ${errors.title ? fieldBad : fieldOk} px-3 py-2 text-base font-semibold sm:text-lg`}
            />
            {errors.title ? (
              <p id="editor-title-error" className="text-sm text-red-700 dark:text-red-300">
                {errors.title}
              </p>
            ) : null}
            {showSameTitle ? (
              <p id="editor-title-same" data-testid="editor-title-same" className="text-sm text-amber-800 dark:text-amber-200">
                {sameTitle.length === 1 ? 'Another article' : `${sameTitle.length} other articles`} of this product {sameTitle.length === 1 ? 'has' : 'have'} this title:{' '}
                {sameTitle.map((a, i) => (
                  <span key={a.id}>
                    {i > 0 ? ', ' : null}
                    <Link href={`/admin/articles/${a.id}`} className="font-medium underline underline-offset-2">
                      #{a.id}
                    </Link>{' '}
                    ({a.status})
                  </span>
                ))}
                . Readers see two results of one name in search and in the assistant&apos;s sources; a distinct title tells them apart.
              </p>
            ) : null}
          </div>
          <div className="space-y-1.5">
            <div className="flex items-baseline justify-between">
              <label htmlFor="editor-summary" className={label}>
                Summary
              </label>
              <span id="editor-summary-count" className="text-xs text-slate-600 tabular-nums dark:text-slate-400">
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
            {errors.summary ? (
              <p id="editor-summary-error" className="text-sm text-red-700 dark:text-red-300">
                {errors.summary}
              </p>
            ) : null}
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
                <optgroup key={collection} label={cats[0]?.collectionTitle || collectionLabel(collection)}>
                  {cats.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
            {errors.categoryId ? (
              <p id="editor-categoryId-error" className="text-sm text-red-700 dark:text-red-300">
                {errors.categoryId}
              </p>
            ) : null}
          </div>
          {meta.id !== null ? (
            <div className="space-y-1.5">
              <label htmlFor="editor-slug" className={label}>
                Address
              </label>
              <div className="flex items-center gap-1.5">
                <span className="shrink-0 font-mono text-xs text-slate-600 dark:text-slate-400">/articles/</span>
                <input
                  id="editor-slug"
                  value={slug}
                  onChange={(e) => setSlug(slugFieldValue(e.target.value))}
                  onBlur={(e) => setSlug(slugFieldValue(e.target.value, true))}
                  spellCheck={false}
                  aria-invalid={errors.slug ? true : undefined}
                  aria-describedby={describedBy('slug', 'editor-slug-hint')}
                  data-testid="editor-slug"
                  className={`${fieldBase} ${errors.slug ? fieldBad : fieldOk} px-3 py-1.5 font-mono text-sm`}
                />
              </div>
              <p id="editor-slug-hint" className="text-xs text-slate-600 dark:text-slate-400">
                Changing it keeps the old address working: it redirects here.
              </p>
              {errors.slug ? (
                <p id="editor-slug-error" className="text-sm text-red-700 dark:text-red-300">
                  {errors.slug}
                </p>
              ) : null}
            </div>
          ) : null}
          {meta.id !== null ? (
            <fieldset className="space-y-1.5" data-testid="editor-schedule">
              <legend className={label}>Scheduled publish</legend>
              {meta.publishAt ? (
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <CalendarClock className="size-4 text-indigo-700 dark:text-indigo-300" aria-hidden="true" />
                  <span data-testid="editor-scheduled-for">
                    Goes live <time dateTime={meta.publishAt}>{scheduledLocal ?? meta.publishAt}</time>
                    {timeZone ? <span className="text-slate-600 dark:text-slate-400"> ({timeZone})</span> : null}
                  </span>
                  <button type="button" onClick={() => onSchedule(true)} disabled={pending} data-testid="editor-schedule-cancel" className={btnSecondary}>
                    Cancel schedule
                  </button>
                </div>
              ) : canSchedule ? (
                <div className="flex flex-wrap items-center gap-2">
                  <label htmlFor="editor-publish-at" className="sr-only">
                    Publish at (your local time{timeZone ? `, ${timeZone}` : ''})
                  </label>
                  <input
                    id="editor-publish-at"
                    type="datetime-local"
                    value={scheduleInput}
                    min={mounted ? toLocalInput(new Date().toISOString()) : undefined}
                    onChange={(e) => setScheduleInput(e.target.value)}
                    data-testid="editor-publish-at"
                    className={`${fieldBase} ${fieldOk} w-auto px-3 py-1.5 text-sm`}
                  />
                  <button
                    type="button"
                    onClick={() => onSchedule(false)}
                    disabled={pending || dirty || !scheduleInput}
                    data-testid="editor-schedule-set"
                    className={btnSecondary}
                    title={dirty ? 'Save first: the saved text is what goes live' : undefined}
                  >
                    Schedule
                  </button>
                  <span className="text-xs text-slate-600 dark:text-slate-400">{dirty ? 'Save first.' : `Your local time${timeZone ? ` (${timeZone})` : ''}.`}</span>
                </div>
              ) : (
                <p className="text-xs text-slate-600 dark:text-slate-400">{meta.status === 'archived' ? 'Unarchive the article to schedule it.' : 'Live now. Save a draft to schedule its changes.'}</p>
              )}
            </fieldset>
          ) : null}
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
                Body <span className="font-normal text-slate-600 dark:text-slate-400">(Markdown)</span>
              </label>
              <span
                id="editor-body-size"
                data-testid="editor-body-size"
                data-bytes={sizeBytes}
                className={`text-xs tabular-nums ${tooLarge ? 'font-semibold text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}
              >
                {formatBytes(sizeBytes)} / {ARTICLE_LIMITS.bodyBytes / 1024} KB{tooLarge ? ' — too large' : ''}
              </span>
            </div>
            <textarea
              ref={bodyRef}
              id="editor-body"
              name="body"
              value={body}
              onChange={(e) => setBody(normalizeBody(e.target.value))}
              spellCheck
              placeholder={'## Before you start\n\nWrite the steps in Markdown: lists, tables, `code`, and callouts like\n\n> **Note:** this shows as a callout.'}
              aria-invalid={errors.body ? true : undefined}
              aria-describedby={describedBy('body', 'editor-body-size')}
              data-testid="editor-body"
              className={`${fieldBase} ${errors.body ? fieldBad : fieldOk} min-h-[22rem] flex-1 resize-y px-3 py-2.5 font-mono text-[13px] leading-6 lg:h-[calc(100dvh-23.5rem)] lg:min-h-[22rem]`}
            />
            {errors.body ? (
              <p id="editor-body-error" data-testid="editor-body-error" className="text-sm text-red-700 dark:text-red-300">
                {errors.body}
              </p>
            ) : null}
          </div>
          <section aria-labelledby="editor-preview-label" className="flex min-w-0 flex-col gap-1.5">
            <h2 id="editor-preview-label" className={label}>
              Preview
            </h2>
            <div className="min-h-[12rem] overflow-y-auto rounded-lg border border-slate-200 bg-white px-4 py-4 shadow-xs sm:px-5 lg:h-[calc(100dvh-23.5rem)] lg:min-h-[22rem] dark:border-slate-800 dark:bg-slate-900">
              <p className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">
                {previewSource.title || <span className="text-slate-500 dark:text-slate-400">Untitled article</span>}
              </p>
              {previewSource.summary ? <p className="mt-2 text-base text-slate-600 dark:text-slate-400">{previewSource.summary}</p> : null}
              <hr className="my-4 border-slate-200 dark:border-slate-800" />
              {preview.error ? <p className="text-sm text-slate-600 dark:text-slate-400">{preview.error}</p> : null}
              <ProseHtml data-testid="editor-preview" className="prose max-w-none" html={preview.html} />
            </div>
          </section>
        </div>
      </fieldset>
    </form>
  );
}
