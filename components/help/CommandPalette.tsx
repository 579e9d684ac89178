'use client';

import { useEffect, useRef, useState } from 'react';
import { PALETTE_EVENT } from '@/components/assistant/ask';
import { SearchBox } from './SearchBox';

/**
 * ⌘K / Ctrl+K search dialog (also opened by the `resolve:palette` event). A native modal <dialog>
 * makes the page behind inert, closes on Escape and gives focus back to where it was.
 */
export function CommandPalette() {
  const ref = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const [session, setSession] = useState(0);

  useEffect(() => {
    const show = () => {
      const d = ref.current;
      if (!d || d.open) return;
      setSession((s) => s + 1);
      d.showModal();
      setOpen(true);
    };
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        if (ref.current?.open) ref.current.close();
        else show();
      }
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener(PALETTE_EVENT, show);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener(PALETTE_EVENT, show);
    };
  }, []);

  const close = () => ref.current?.close();

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the click is on the backdrop; Escape closes the dialog from the keyboard (native <dialog>)
    <dialog
      ref={ref}
      aria-label="Search the help center"
      className="resolve-dialog resolve-palette fixed inset-x-0 top-[10vh] mx-auto w-[min(40rem,calc(100vw-1.5rem))]"
      onClose={() => setOpen(false)}
      onClick={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <div className="overflow-hidden rounded-2xl border border-line bg-elevated shadow-pop">
        {open && <SearchBox key={session} variant="palette" autoFocus onDone={close} onEscape={close} placeholder="Search articles…" />}
        <div className="flex items-center justify-between gap-4 border-t border-line bg-surface px-4 py-2.5 text-xs text-subtle">
          <span className="flex items-center gap-3">
            <span className="flex items-center gap-1">
              <kbd className="kbd">↑</kbd>
              <kbd className="kbd">↓</kbd> to navigate
            </span>
            <span className="hidden items-center gap-1 sm:flex">
              <kbd className="kbd">↵</kbd> to open
            </span>
          </span>
          <span className="flex items-center gap-1">
            <kbd className="kbd">Esc</kbd> to close
          </span>
        </div>
      </div>
    </dialog>
  );
}
