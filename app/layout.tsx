import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import { ThemeScript } from '@/components/help/ThemeScript';
import { NONCE_HEADER } from '@/lib/security-headers';
// Inter as a variable font (weights 100–900), served from our own build output: no font host.
import '@fontsource-variable/inter/wght.css';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Resolve Help Center', template: '%s · Resolve Help Center' },
  description: 'Answers to your questions: guides, how-tos and an assistant that answers from our articles.',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0b1120' },
  ],
};

/**
 * The document. Reads this request's CSP nonce (set by proxy.ts) for the inline theme script;
 * reading request headers renders every page per request, which a nonce needs anyway.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const nonce = (await headers()).get(NONCE_HEADER) ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={nonce} />
      </head>
      <body className="min-h-dvh bg-bg text-fg antialiased">{children}</body>
    </html>
  );
}
