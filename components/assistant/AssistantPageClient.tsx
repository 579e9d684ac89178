'use client';

import { useEffect } from 'react';
import { AssistantChat } from './AssistantChat';
import { useAssistant } from './AssistantProvider';

/** /assistant: the same chat as the drawer, inline. `?q=` pre-fills the composer. */
export function AssistantPageClient({ initialQuestion }: { initialQuestion: string }) {
  const { setDraft } = useAssistant();
  useEffect(() => {
    if (initialQuestion) setDraft(initialQuestion);
  }, [initialQuestion, setDraft]);
  return (
    <div className="h-[calc(100dvh-8.5rem)] min-h-[28rem] overflow-hidden border-line sm:h-[calc(100dvh-10rem)] sm:rounded-2xl sm:border sm:shadow-soft md:h-[calc(100dvh-8rem)]">
      <AssistantChat mode="page" />
    </div>
  );
}
