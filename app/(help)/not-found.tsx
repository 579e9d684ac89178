import { NotFoundContent } from '@/components/help/NotFoundContent';

export default function HelpNotFound() {
  return <NotFoundContent />;
}
