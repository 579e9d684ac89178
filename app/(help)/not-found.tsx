import type { Metadata } from 'next';
import { NotFoundContent } from '@/components/help/NotFoundContent';

export const metadata: Metadata = { title: 'Not found' };

/** `notFound()` inside the help center (unknown article, category, product): the layout already frames it. */
export default function HelpNotFound() {
  return <NotFoundContent />;
}
