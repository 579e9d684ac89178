import Link from 'next/link';

export function LogoMark({ className = 'size-8' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={className}>
      <defs>
        <linearGradient id="resolve-logo-g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#6366f1" />
          <stop offset="1" stopColor="#8b5cf6" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="9" fill="url(#resolve-logo-g)" />
      <path d="M10 16.5l4 4 8-9" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** "Resolve | Help Center" wordmark linking home. */
export function Logo() {
  return (
    <Link href="/" className="flex shrink-0 items-center gap-2.5 rounded-lg" aria-label="Resolve Help Center, home">
      <LogoMark />
      <span className="flex items-baseline gap-2">
        <span className="text-[1.05rem] font-semibold tracking-tight text-fg">Resolve</span>
        <span className="hidden h-4 w-px self-center bg-line-strong sm:block" aria-hidden="true" />
        <span className="hidden text-[0.95rem] font-medium text-muted sm:inline">Help Center</span>
      </span>
    </Link>
  );
}
