// biome-ignore-all lint/suspicious/noArrayIndexKey: the pieces of one fixed text, in order; the same words can repeat
import { Fragment } from 'react';

/**
 * Text with `<mark>` around the given character ranges. Ranges may overlap or be out of bounds;
 * they are clamped and merged. Plain React text nodes only — never raw HTML.
 */
export function Highlight({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const sorted = ranges
    .map(([a, b]) => [Math.max(0, Math.min(a, text.length)), Math.max(0, Math.min(b, text.length))] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const out: React.ReactNode[] = [];
  let pos = 0;
  merged.forEach(([a, b], i) => {
    if (a > pos) out.push(<Fragment key={`t${i}`}>{text.slice(pos, a)}</Fragment>);
    out.push(<mark key={`m${i}`}>{text.slice(a, b)}</mark>);
    pos = b;
  });
  if (pos < text.length) out.push(<Fragment key="end">{text.slice(pos)}</Fragment>);
  return <>{out}</>;
}
