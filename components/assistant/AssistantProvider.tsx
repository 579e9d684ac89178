'use client';

import type { Chat } from '@ai-sdk/react';
import type { AssistantUIMessage } from '@/lib/assistant/messages';
import { usePathname } from 'next/navigation';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { ASK_EVENT, type AskDetail } from './ask';

/** A chat message as /api/chat sends it (metadata `{ model, state, fallback, paused }`, `data-suggestions`). */
export type AssistantMessage = AssistantUIMessage;

const STORAGE_KEY = 'resolve:conversation';

interface AssistantContextValue {
  /** The shared chat (null until the browser has read the saved conversation id). */
  chat: Chat<AssistantMessage> | null;
  /** True while the saved conversation is being fetched after a reload. */
  restoring: boolean;
  /** Drawer state (ignored on /assistant, where the chat is the page). */
  open: boolean;
  setOpen: (open: boolean) => void;
  /** The composer text, shared so the drawer and the page keep it and `ask` can fill it. */
  draft: string;
  setDraft: (text: string) => void;
  /** True when `ask` wants the composer to send the draft at once; the chat clears it. */
  pendingSend: boolean;
  consumePendingSend: () => void;
  /** True on /assistant: the chat is rendered inline and the drawer is not. */
  inline: boolean;
  ask: (question?: string, opts?: { send?: boolean }) => void;
  newConversation: () => void;
}

const AssistantContext = createContext<AssistantContextValue | null>(null);

export function useAssistant(): AssistantContextValue {
  const ctx = useContext(AssistantContext);
  if (!ctx) throw new Error('useAssistant must be used inside <AssistantProvider>');
  return ctx;
}

type ChatFactory = typeof import('./chat-factory');

/**
 * Starts loading the chat code (the AI SDK and the chat panel) ahead of a click: the launch buttons
 * call it on hover and focus, so opening the assistant rarely waits for the download.
 * @returns the chat factory module.
 */
export function preloadAssistant(): Promise<ChatFactory> {
  void import('./AssistantChat');
  return import('./chat-factory');
}

function readStoredId(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Keeps the conversation id for restoring after a reload; called when a message is sent. */
export function rememberConversation(id: string): void {
  storeId(id);
}

function storeId(id: string | null) {
  try {
    if (id) localStorage.setItem(STORAGE_KEY, id);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    /* private mode: the conversation just won't survive a reload */
  }
}

/**
 * Holds one AI SDK `Chat` for the whole help center, so the drawer and /assistant show the same
 * conversation and a stream keeps going while the drawer is closed. The conversation id is the
 * chat id (sent as `id` to /api/chat) and is kept in localStorage; after a reload the saved
 * messages come from `GET /api/chat/<id>`. Listens for the `resolve:ask` event (see ./ask.ts).
 */
export function AssistantProvider({ children }: { children: React.ReactNode }) {
  const pathname = usePathname();
  const inline = pathname === '/assistant';
  const [chat, setChat] = useState<Chat<AssistantMessage> | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const [pendingSend, setPendingSend] = useState(false);
  const restoreAbort = useRef<AbortController | null>(null);
  const chatRef = useRef<Chat<AssistantMessage> | null>(null);
  chatRef.current = chat;

  const factory = useRef<ChatFactory | null>(null);
  // The chat (and the AI SDK with it) is loaded the first time the assistant is needed: opened, or
  // the /assistant page. Until then an article page carries none of it.
  const [wanted, setWanted] = useState(false);
  useEffect(() => {
    if (open || inline) setWanted(true);
  }, [open, inline]);

  useEffect(() => {
    if (!wanted) return;
    let cancelled = false;
    const controller = new AbortController();
    restoreAbort.current = controller;
    preloadAssistant()
      .then((f) => {
        if (cancelled) return;
        factory.current = f;
        const saved = readStoredId();
        const c = f.makeChat(saved ?? f.newChatId());
        setChat(c);
        // A fresh id is only saved once a message is sent (see rememberConversation).
        if (!saved) return;
        setRestoring(true);
        return fetch(`/api/chat/${encodeURIComponent(saved)}`, { signal: controller.signal, headers: { accept: 'application/json' } })
          .then(async (res) => {
            if (!res.ok) return; // 404: nothing saved yet (or it expired); keep the id.
            const data = (await res.json()) as { messages?: AssistantMessage[] };
            if (Array.isArray(data.messages) && c.messages.length === 0 && c.status === 'ready') c.messages = data.messages;
          })
          .finally(() => {
            if (!controller.signal.aborted) setRestoring(false);
          });
      })
      .catch(() => {});
    return () => {
      cancelled = true;
      controller.abort();
    };
  }, [wanted]);

  const newConversation = useCallback(() => {
    restoreAbort.current?.abort();
    setRestoring(false);
    const old = chatRef.current;
    if (old && (old.status === 'streaming' || old.status === 'submitted')) void old.stop();
    setPendingSend(false);
    storeId(null);
    const f = factory.current;
    if (f) setChat(f.makeChat(f.newChatId()));
    setDraft('');
  }, []);

  const ask = useCallback(
    (question?: string, opts: { send?: boolean } = {}) => {
      if (question !== undefined) setDraft(question);
      if (!inline) setOpen(true);
      if (opts.send && question?.trim()) setPendingSend(true);
    },
    [inline],
  );

  useEffect(() => {
    const onAsk = (e: Event) => {
      const detail = (e as CustomEvent<AskDetail>).detail ?? {};
      ask(detail.question, { send: detail.send });
    };
    window.addEventListener(ASK_EVENT, onAsk);
    return () => window.removeEventListener(ASK_EVENT, onAsk);
  }, [ask]);

  // Navigating to /assistant while the drawer is open: the page takes over.
  useEffect(() => {
    if (inline) setOpen(false);
  }, [inline]);

  const consumePendingSend = useCallback(() => setPendingSend(false), []);
  const value = useMemo<AssistantContextValue>(
    () => ({ chat, restoring, open, setOpen, draft, setDraft, pendingSend, consumePendingSend, inline, ask, newConversation }),
    [chat, restoring, open, draft, pendingSend, consumePendingSend, inline, ask, newConversation],
  );
  return <AssistantContext.Provider value={value}>{children}</AssistantContext.Provider>;
}
