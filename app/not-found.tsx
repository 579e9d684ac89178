import { Logo } from '@/components/help/Logo';
import { NotFoundContent } from '@/components/help/NotFoundContent';

export default function NotFound() {
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-line">
        <div className="mx-auto flex max-w-7xl items-center px-4 py-3 sm:px-6 lg:px-8">
          <Logo />
        </div>
      </header>
      <main id="main" className="flex-1">
        <NotFoundContent />
      </main>
    </div>
  );
}
