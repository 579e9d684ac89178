'use client';

import { useSyncExternalStore } from 'react';

/** Platforms whose command key is ⌘ (macOS, iOS, iPadOS: iPads report "MacIntel"). */
const APPLE = /mac|iphone|ipad|ipod/i;

function isApplePlatform(): boolean {
  const uaData = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return APPLE.test(uaData?.platform || navigator.platform || navigator.userAgent);
}

const noSubscribe = () => () => {};

/**
 * The modifier a keyboard shortcut uses on this device, decided in the browser. During server
 * rendering and hydration it is null (the server cannot know), so the first client render matches
 * the HTML and the hint appears right after hydration, without a mismatch.
 * @returns `'⌘'` on Apple platforms, `'Ctrl'` elsewhere, null before hydration.
 */
export function useModifierKey(): '⌘' | 'Ctrl' | null {
  return useSyncExternalStore(
    noSubscribe,
    () => (isApplePlatform() ? '⌘' : 'Ctrl'),
    () => null,
  );
}

/**
 * Text of a shortcut for people to read.
 * @param modifier from `useModifierKey`.
 * @param key the key, e.g. `K`.
 * @returns `⌘K` (Apple's compact style) or `Ctrl K`; '' while the modifier is unknown.
 */
export function shortcutText(modifier: '⌘' | 'Ctrl' | null, key: string): string {
  if (!modifier) return '';
  return modifier === '⌘' ? `⌘${key}` : `Ctrl ${key}`;
}

/**
 * The same shortcut for `aria-keyshortcuts` (WAI-ARIA key names).
 * @returns `Meta+K` / `Control+K`; undefined while the modifier is unknown.
 */
export function ariaShortcut(modifier: '⌘' | 'Ctrl' | null, key: string): string | undefined {
  if (!modifier) return undefined;
  return `${modifier === '⌘' ? 'Meta' : 'Control'}+${key}`;
}
