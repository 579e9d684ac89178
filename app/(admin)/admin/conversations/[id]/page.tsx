import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getAppDb } from '@/lib/startup';
import { getConversationTranscript } from '@/db/queries/conversations';
import { requireRole } from '@/lib/auth/session';
import { renderMarkdown } from '@/lib/content/render';
import { ProseHtml } from '@/components/help/ProseHtml';

export const metadata: Metadata = { title: 'Conversation' };
export const dynamic = 'force-dynamic';

/** A whole assistant conversation for the admin (stored, redacted text; answers as rendered Markdown). */
export default async function AdminConversationPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole();
  const { id } = await params;
  const conv = await getConversationTranscript(await getAppDb(), { id: decodeURIComponent(id) });
  if (!conv) notFound();
  return (
    <main className="mx-auto max-w-[1000px] px-3 py-6 sm:px-6 sm:py-8">
      <p className="text-sm">
        <Link href="/admin/feedback" className="text-brand underline-offset-2 hover:underline">
          ← Feedback
        </Link>
      </p>
      <h1 className="mt-2 text-xl font-semibold tracking-tight sm:text-2xl">{conv.title || 'Conversation'}</h1>
      <p className="mt-1 font-mono text-xs text-slate-500">
        {conv.id} · {conv.status} · started {conv.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
      </p>
      <ol className="mt-4 grid gap-3" data-testid="conversation-transcript">
        {conv.turns.map((t) => (
          <li key={t.id} id={`m-${t.id}`} className="rounded-xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{t.role === 'user' ? 'User' : 'Assistant'}</p>
            {t.role === 'assistant' ? <ProseHtml className="prose mt-1" html={renderMarkdown(t.text).html} /> : <p className="mt-1 whitespace-pre-wrap">{t.text}</p>}
          </li>
        ))}
      </ol>
    </main>
  );
}
