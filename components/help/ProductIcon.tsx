/**
 * A product's icon: its initial on the product's brand colour (from docs.json `colors.primary` or
 * the admin), or on the theme accent when it has none. Text colour is picked for contrast
 * (WCAG relative luminance, https://www.w3.org/TR/WCAG21/#dfn-relative-luminance).
 */
export function ProductIcon({ title, color, className = 'size-10 text-lg' }: { title: string; color: string | null; className?: string }) {
  const initial = [...title.trim()][0]?.toUpperCase() ?? '?';
  if (!color) {
    return (
      <span aria-hidden="true" className={`inline-flex shrink-0 items-center justify-center rounded-xl bg-brand font-semibold text-brand-fg ${className}`}>
        {initial}
      </span>
    );
  }
  return (
    <span
      aria-hidden="true"
      className={`inline-flex shrink-0 items-center justify-center rounded-xl font-semibold ring-1 ring-line ${className}`}
      style={{ backgroundColor: color, color: luminance(color) > 0.4 ? '#111827' : '#ffffff' }}
    >
      {initial}
    </span>
  );
}

/** Relative luminance 0–1 of `#rgb` / `#rrggbb` (0.5 for anything else). */
function luminance(hex: string): number {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  if (!/^[0-9a-f]{6}$/i.test(full)) return 0.5;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
