import type { Metadata, Viewport } from 'next';
import { ThemeScript } from '@/components/help/ThemeScript';
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
 * The document. Reads nothing from the request, so the help center's pages can be static (ISR):
 * the inline theme script is allowed by its hash on nonce-policy pages (lib/security-headers.ts).
 */
export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="min-h-dvh bg-bg text-fg antialiased">{children}</body>
    </html>
  );
}
