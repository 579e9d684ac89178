import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterTabs } from '@/components/admin/FilterTabs';
import { RateBarChart, RateLineChart } from '@/components/admin/insights/Charts';
import { requireRole } from '@/lib/auth/session';
import { describeVariant, parseStoredVariantConfig } from '@/lib/experiments/config';
import type { MetricComparison } from '@/lib/insights/experiments';
import { loadInsights } from '@/lib/insights/load';
import { insightsWindow, parseRangeParam, RANGE_DAYS } from '@/lib/insights/range';
import { overallRate, type RatePoint } from '@/lib/insights/series';
import { getAppDb } from '@/lib/startup';

export const metadata: Metadata = { title: 'Insights' };
export const dynamic = 'force-dynamic';

const ANSWER_COLOR = '#6366f1';
const ARTICLE_COLOR = '#10b981';
const HANDOFF_COLOR = '#f59e0b';

const pct = (r: number | null, digits = 0) => (r === null ? '—' : `${(r * 100).toFixed(digits)}%`);
const card = 'rounded-xl border border-slate-200 bg-white p-4 sm:p-5 dark:border-slate-800 dark:bg-slate-900';
const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400';
const td = 'px-3 py-2 align-top';

function Section({ id, title, children, lead }: { id: string; title: string; lead?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section aria-labelledby={`${id}-h`} data-testid={`insights-${id}`} className={`${card} mt-6`}>
      <h2 id={`${id}-h`} className="text-lg font-semibold tracking-tight">
        {title}
      </h2>
      {lead ? <div className="mt-1 text-sm text-slate-600 dark:text-slate-400">{lead}</div> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}

function Stat({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <div className={card} data-testid={testId}>
      <p className="text-xs font-medium tracking-wide text-slate-600 uppercase dark:text-slate-400">{label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{value}</p>
      <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">{detail}</p>
    </div>
  );
}

function Table({ caption, head, children, testId }: { caption: string; head: string[]; children: React.ReactNode; testId?: string }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 dark:bg-slate-800/60">
          <tr>
            {head.map((h, i) => (
              <th key={h} scope="col" className={`${th} ${i > 0 ? 'text-right' : ''}`}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200 tabular-nums dark:divide-slate-800">{children}</tbody>
      </table>
    </div>
  );
}

/** The per-bucket numbers behind a rate chart, folded away under the chart. */
function SeriesTable({ caption, columns }: { caption: string; columns: { name: string; points: RatePoint[] }[] }) {
  const buckets = columns[0]?.points.map((p) => p.bucket) ?? [];
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer rounded font-medium text-slate-700 dark:text-slate-300">Show the numbers</summary>
      <div className="mt-2">
        <Table caption={caption} head={['Period starting', ...columns.map((c) => c.name)]}>
          {buckets.map((b, i) => (
            <tr key={b}>
              <td className={td}>{b}</td>
              {columns.map((c) => (
                <td key={c.name} className={`${td} text-right`}>
                  {pct(c.points[i].rate)}{' '}
                  <span className="text-slate-500 dark:text-slate-400">
                    ({c.points[i].hits} / {c.points[i].total})
                  </span>
                </td>
              ))}
            </tr>
          ))}
        </Table>
      </div>
    </details>
  );
}

function Interval({ p, lower, upper }: { p: number | null; lower: number; upper: number }) {
  if (p === null) return <span className="text-slate-500 dark:text-slate-400">no data</span>;
  return (
    <>
      {pct(p, 1)}{' '}
      <span className="text-slate-500 dark:text-slate-400">
        [{pct(lower, 1)}, {pct(upper, 1)}]
      </span>
    </>
  );
}

function ComparisonRows({ name, unit, m }: { name: string; unit: [string, string]; m: MetricComparison }) {
  const d = m.difference;
  const n = (trials: number) => `n = ${trials} ${trials === 1 ? unit[0] : unit[1]}`;
  return (
    <tr>
      <th scope="row" className={`${td} text-left font-medium`}>
        {name}
      </th>
      <td className={`${td} text-right`}>
        <Interval {...m.control} /> <span className="block text-xs text-slate-500 dark:text-slate-400">{n(m.control.trials)}</span>
      </td>
      <td className={`${td} text-right`}>
        <Interval {...m.variant} /> <span className="block text-xs text-slate-500 dark:text-slate-400">{n(m.variant.trials)}</span>
      </td>
      <td className={`${td} text-right`}>
        {d.diff === null ? (
          <span className="text-slate-500 dark:text-slate-400">no data</span>
        ) : (
          <>
            {d.diff >= 0 ? '+' : ''}
            {(d.diff * 100).toFixed(1)} pts{' '}
            <span className="text-slate-500 dark:text-slate-400">
              [{(d.lower * 100).toFixed(1)}, {(d.upper * 100).toFixed(1)}]
            </span>
          </>
        )}
      </td>
      <td className={`${td} text-right`}>
        {m.neededPerArm === null ? '—' : m.neededPerArm.toLocaleString('en')}{' '}
        <span className="block text-xs text-slate-500 dark:text-slate-400">per arm for ±{(m.detectable * 100).toFixed(1)} pts</span>
      </td>
    </tr>
  );
}

/** Online insights: helpfulness, deflection, handoffs by category, failed searches, problem questions, experiments. */
export default async function AdminInsightsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole();
  const days = parseRangeParam(await searchParams);
  const w = insightsWindow(days, new Date());
  const data = await loadInsights(await getAppDb(), w);
  const answers = overallRate(data.answers);
  const articles = overallRate(data.articles);
  const deflection = overallRate(data.deflection);
  const convs = data.byCategory.reduce((s, c) => s + c.conversations, 0);
  const handed = data.byCategory.reduce((s, c) => s + c.handedOff, 0);
  const per = w.bucket === 'week' ? 'week' : 'day';
  const tabs = RANGE_DAYS.map((d) => ({ label: `${d} days`, href: `/admin/insights?range=${d}`, active: d === days }));

  return (
    <main className="mx-auto max-w-[1400px] px-3 py-6 sm:px-6 sm:py-8">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Insights</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            The last {days} days ({w.since.toISOString().slice(0, 10)} to today, UTC), per {per}.
          </p>
        </div>
        <Link href="/admin/experiments" className="text-sm font-medium text-brand underline-offset-2 hover:underline">
          Manage experiments →
        </Link>
      </div>
      <FilterTabs label="Date range" tabs={tabs} />

      <div className="mt-6 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Stat testId="stat-answers" label="Helpful answers" value={pct(answers.rate)} detail={`${answers.hits} of ${answers.total} rated answers`} />
        <Stat testId="stat-articles" label="Helpful articles" value={pct(articles.rate)} detail={`${articles.hits} of ${articles.total} article votes`} />
        <Stat testId="stat-deflection" label="Deflection" value={pct(deflection.rate)} detail={`${deflection.hits} of ${deflection.total} conversations`} />
        <Stat testId="stat-handoffs" label="Handoff rate" value={pct(convs ? handed / convs : null)} detail={`${handed} of ${convs} conversations`} />
      </div>

      <Section
        id="helpfulness"
        title="Helpfulness over time"
        lead={<p>Share of thumbs up among the votes cast each {per}, on assistant answers and on articles. A changed vote counts once, with its current thumb.</p>}
      >
        <RateLineChart
          testId="chart-helpfulness"
          buckets={w.buckets}
          label={`Line chart of the thumbs-up share per ${per}: answers ${pct(answers.rate)} of ${answers.total} votes, articles ${pct(articles.rate)} of ${articles.total} votes over the last ${days} days. The numbers are in the table below.`}
          series={[
            { key: 'answers', name: 'Answers', color: ANSWER_COLOR, values: data.answers.map((p) => p.rate), counts: data.answers },
            { key: 'articles', name: 'Articles', color: ARTICLE_COLOR, values: data.articles.map((p) => p.rate), counts: data.articles },
          ]}
        />
        <SeriesTable
          caption={`Thumbs-up share per ${per}`}
          columns={[
            { name: 'Answers', points: data.answers },
            { name: 'Articles', points: data.articles },
          ]}
        />
        <h3 className="mt-6 text-sm font-semibold">Articles</h3>
        {data.perArticle.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No article votes in this range.</p>
        ) : (
          <div className="mt-2">
            <Table caption="Helpfulness per article, most thumbs-down first" head={['Article', 'Helpful', 'Not helpful', 'Helpful share']} testId="article-helpfulness">
              {data.perArticle.map((a) => (
                <tr key={a.articleId} data-testid="article-row" data-slug={a.slug}>
                  <td className={td}>
                    <Link href={`/articles/${a.slug}`} className="font-medium underline-offset-2 hover:underline">
                      {a.title}
                    </Link>
                  </td>
                  <td className={`${td} text-right`}>{a.up}</td>
                  <td className={`${td} text-right`}>{a.down}</td>
                  <td className={`${td} text-right`}>{pct(a.up / (a.up + a.down))}</td>
                </tr>
              ))}
            </Table>
          </div>
        )}
      </Section>

      <Section
        id="deflection"
        title="Deflection"
        lead={
          <p>
            <strong className="font-semibold text-slate-800 dark:text-slate-200">Definition:</strong> of the conversations started in the {per} that the assistant answered at least once, the share
            that ended without a handoff to a person and without a thumbs-down on any answer.
          </p>
        }
      >
        <RateLineChart
          testId="chart-deflection"
          buckets={w.buckets}
          label={`Line chart of the deflection rate per ${per}: ${pct(deflection.rate)} overall, ${deflection.hits} of ${deflection.total} conversations over the last ${days} days. The numbers are in the table below.`}
          series={[{ key: 'deflection', name: 'Deflected', color: ANSWER_COLOR, values: data.deflection.map((p) => p.rate), counts: data.deflection }]}
        />
        <SeriesTable caption={`Deflection per ${per}`} columns={[{ name: 'Deflected', points: data.deflection }]} />
      </Section>

      <Section
        id="categories"
        title="Handoff rate by category"
        lead={
          <p>
            <strong className="font-semibold text-slate-800 dark:text-slate-200">Definition:</strong> a conversation&apos;s category is the category of the first article cited by its first answer that
            cites one; conversations whose answers cited nothing are “No cited article”. The rate is the share of those conversations with a handoff.
          </p>
        }
      >
        {data.byCategory.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No answered conversations in this range.</p>
        ) : (
          <>
            <RateBarChart
              testId="chart-categories"
              color={HANDOFF_COLOR}
              label={`Bar chart of the handoff rate per category: ${data.byCategory
                .map((c) => `${c.category ?? 'No cited article'} ${pct(c.handedOff / c.conversations)}`)
                .join(', ')}. The numbers are in the table below.`}
              rows={data.byCategory.map((c) => ({ name: c.category ?? 'No cited article', rate: c.handedOff / c.conversations, hits: c.handedOff, total: c.conversations }))}
            />
            <div className="mt-3">
              <Table caption="Handoffs per category" head={['Category', 'Conversations', 'Handed off', 'Handoff rate']} testId="category-table">
                {data.byCategory.map((c) => (
                  <tr key={c.categoryId ?? 'none'} data-testid="category-row">
                    <td className={td}>
                      {c.category ?? <span className="text-slate-600 dark:text-slate-400">No cited article</span>}
                      {c.collection ? <span className="ml-1 text-xs text-slate-500 dark:text-slate-400">({c.collection})</span> : null}
                    </td>
                    <td className={`${td} text-right`}>{c.conversations}</td>
                    <td className={`${td} text-right`}>{c.handedOff}</td>
                    <td className={`${td} text-right`}>{pct(c.handedOff / c.conversations)}</td>
                  </tr>
                ))}
              </Table>
            </div>
          </>
        )}
      </Section>

      <Section
        id="searches"
        title="Searches with no results"
        lead={
          <p>
            {data.searches.noResults} of {data.searches.searches} searches found nothing ({pct(data.searches.searches ? data.searches.noResults / data.searches.searches : null)}). Queries are grouped
            ignoring case; personal data was removed before they were logged.
          </p>
        }
      >
        {data.searches.top.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No searches without results in this range.</p>
        ) : (
          <Table caption="Most frequent searches with no results" head={['Query', 'Searches', 'Last searched']} testId="no-result-table">
            {data.searches.top.map((q) => (
              <tr key={q.query} data-testid="no-result-row">
                <td className={`${td} [overflow-wrap:anywhere]`}>{q.query}</td>
                <td className={`${td} text-right`}>{q.count}</td>
                <td className={`${td} text-right whitespace-nowrap`}>
                  <time dateTime={q.lastAt.toISOString()}>{q.lastAt.toISOString().slice(0, 16).replace('T', ' ')}</time>
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Section>

      <Section
        id="groups"
        title="Unanswered and thumbs-down questions"
        lead={
          <p>
            Questions the assistant declined to answer (no passage answered them) or whose answer got a thumbs-down, grouped by meaning: each question is embedded with the help center&apos;s embedding
            model and joins the group it is most similar to (cosine similarity of at least 0.72 to the group&apos;s centre).
          </p>
        }
      >
        {data.groupsError ? <p className="text-sm text-rose-700 dark:text-rose-400">{data.groupsError}</p> : null}
        {data.groups.length === 0 && !data.groupsError ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No unanswered or thumbs-down questions in this range.</p>
        ) : (
          <ol className="grid gap-3">
            {data.groups.map((g, i) => (
              <li key={`${g.questions[0].conversationId}-${g.questions[0].messageId}`} data-testid="question-group" className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
                <p className="text-sm font-semibold [overflow-wrap:anywhere]">
                  <span className="sr-only">Group {i + 1}: </span>“{g.label}”
                </p>
                <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">
                  {g.questions.length} {g.questions.length === 1 ? 'question' : 'questions'} · {g.refused} unanswered · {g.thumbsDown} thumbs-down · {g.conversationIds.length}{' '}
                  {g.conversationIds.length === 1 ? 'conversation' : 'conversations'}
                </p>
                <ul className="mt-2 grid gap-1 text-sm">
                  {g.questions.map((q) => (
                    <li key={`${q.conversationId}-${q.messageId}`} className="flex flex-wrap items-baseline gap-x-2">
                      <Link
                        href={`/admin/conversations/${encodeURIComponent(q.conversationId)}#m-${encodeURIComponent(q.messageId)}`}
                        data-testid="group-question"
                        className="text-brand underline-offset-2 [overflow-wrap:anywhere] hover:underline"
                      >
                        {q.question}
                      </Link>
                      <span className="text-xs text-slate-500 dark:text-slate-400">
                        {[q.refused ? 'unanswered' : null, q.thumbsDown ? 'thumbs-down' : null].filter(Boolean).join(', ')} · {q.at.toISOString().slice(0, 10)}
                      </span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section
        id="experiments"
        title="Experiments"
        lead={
          <p>
            Each running or recent experiment over its whole run (not the date range). Helpfulness: thumbs-up share of rated answers. Handoff rate: share of the arm&apos;s conversations handed to a
            person. Brackets: 95% Wilson intervals; the difference (variant − control) has Newcombe&apos;s interval. “Needed” is the rated answers or conversations each arm needs to detect the
            observed difference (at least 5 points) at α = 0.05 with 80% power.
          </p>
        }
      >
        {data.experiments.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            No experiment has run yet.{' '}
            <Link href="/admin/experiments" className="font-medium text-brand underline-offset-2 hover:underline">
              Create one
            </Link>
            .
          </p>
        ) : (
          <div className="grid gap-5">
            {data.experiments.map(({ experiment: e, comparison }) => (
              <div key={e.id} data-testid="experiment-result" data-experiment-id={e.id} className="min-w-0">
                <h3 className="text-sm font-semibold [overflow-wrap:anywhere]">
                  {e.name}{' '}
                  <span className="font-normal text-slate-600 dark:text-slate-400">
                    · {e.stoppedAt ? 'stopped' : 'running'} · variant: {describeVariant(parseStoredVariantConfig(e.config))} · {Math.round(e.trafficShare * 100)}% of visitors
                  </span>
                </h3>
                <div className="mt-2">
                  <Table caption={`Arms of experiment ${e.name}`} head={['Metric', 'Control', 'Variant', 'Difference', 'Needed']}>
                    <ComparisonRows name="Helpfulness" unit={['rated answer', 'rated answers']} m={comparison.helpfulness} />
                    <ComparisonRows name="Handoff rate" unit={['conversation', 'conversations']} m={comparison.handoffRate} />
                  </Table>
                </div>
              </div>
            ))}
          </div>
        )}
      </Section>
    </main>
  );
}
