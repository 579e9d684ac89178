'use client';

/**
 * The insights charts (recharts, client-side). Every chart is a figure whose aria-label states
 * what it shows and its overall figure; the exact numbers are in the table the page renders next
 * to it, so nothing is only in the picture. Colours read on light and dark backgrounds; axes and
 * grid take the text colour (`currentColor`).
 */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** A series of the rate chart: name, colour and one value (0–1 or null) per bucket. */
export interface RateSeries {
  key: string;
  name: string;
  color: string;
  values: (number | null)[];
  /** Counts behind each value, shown in the tooltip: `hits / total`. */
  counts: { hits: number; total: number }[];
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

const tooltipStyle = {
  contentStyle: { background: 'var(--color-tooltip-bg, #0f172a)', border: 'none', borderRadius: 8, color: '#f8fafc', fontSize: 12 },
  labelStyle: { color: '#f8fafc', fontWeight: 600 },
  itemStyle: { color: '#f8fafc' },
} as const;

/**
 * Shares per time bucket as lines (0–100%).
 * @param props.buckets bucket labels `YYYY-MM-DD`; props.series one or more rate series;
 *   props.label the figure's accessible summary.
 */
export function RateLineChart({ buckets, series, label, testId }: { buckets: string[]; series: RateSeries[]; label: string; testId?: string }) {
  const data = buckets.map((b, i) => {
    const row: Record<string, string | number | null> = { bucket: b.slice(5) };
    for (const s of series) {
      row[s.key] = s.values[i];
      row[`${s.key}Counts`] = `${s.counts[i].hits} / ${s.counts[i].total}`;
    }
    return row;
  });
  return (
    <figure role="img" aria-label={label} data-testid={testId} className="h-64 w-full text-slate-600 dark:text-slate-400">
      <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 600, height: 256 }}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -12 }} accessibilityLayer={false}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis dataKey="bucket" tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} minTickGap={16} />
          <YAxis domain={[0, 1]} tickFormatter={pct} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} width={48} />
          <Tooltip
            {...tooltipStyle}
            formatter={(value, name, item) => {
              const s = series.find((x) => x.name === name);
              const counts = s ? (item.payload as Record<string, string>)[`${s.key}Counts`] : '';
              return [typeof value === 'number' ? `${pct(value)} (${counts})` : 'no votes', name];
            }}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={2} dot={{ r: 2.5 }} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * Horizontal bars of a share per category (0–100%).
 * @param props.rows `{ name, rate }` (rate 0–1); props.label the figure's accessible summary.
 */
export function RateBarChart({ rows, label, color, testId }: { rows: { name: string; rate: number; hits: number; total: number }[]; label: string; color: string; testId?: string }) {
  const height = Math.max(120, rows.length * 36 + 40);
  return (
    <figure role="img" aria-label={label} data-testid={testId} style={{ height }} className="w-full text-slate-600 dark:text-slate-400">
      <ResponsiveContainer width="100%" height="100%" minWidth={0} initialDimension={{ width: 600, height }}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
          <CartesianGrid stroke="currentColor" strokeOpacity={0.15} horizontal={false} />
          <XAxis type="number" domain={[0, 1]} tickFormatter={pct} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} />
          <YAxis type="category" dataKey="name" width={120} tick={{ fill: 'currentColor', fontSize: 11 }} stroke="currentColor" strokeOpacity={0.4} />
          <Tooltip
            {...tooltipStyle}
            cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
            formatter={(value, _n, item) => [`${pct(Number(value))} (${(item.payload as { hits: number }).hits} / ${(item.payload as { total: number }).total})`, 'Handoff rate']}
          />
          <Bar dataKey="rate" fill={color} radius={[0, 4, 4, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
