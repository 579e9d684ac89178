import type { Metadata } from 'next';
import { AssistantPageClient } from '@/components/assistant/AssistantPageClient';

export const metadata: Metadata = { title: 'Assistant' };

type Props = { searchParams: Promise<{ q?: string | string[] }> };

export default async function AssistantPage({ searchParams }: Props) {
  const { q } = await searchParams;
  const question = ((Array.isArray(q) ? q[0] : q) ?? '').slice(0, 2000);
  return (
    <div className="mx-auto flex max-w-3xl flex-col px-0 pt-0 sm:px-6 sm:pt-8">
      <h1 className="sr-only">Ask the assistant</h1>
      <AssistantPageClient initialQuestion={question} />
    </div>
  );
}
