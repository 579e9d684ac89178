import { expect as baseExpect, test, type APIRequestContext } from '@playwright/test';

// Answers, scrypt sign-in and the grouping's embeddings take a while on a busy machine.
const expect = baseExpect.configure({ timeout: 20_000 });

// The server was started by e2e/start-server.sh: fresh data dir, sample content seeded, the
// corpora imported, admin@example.com created. The data is seeded through the app's own APIs
// (chat, thumbs, handoff, search) by visitors of their own; the insights page must show it.

const RUN = Date.now().toString(36);
const NOWHERE = `qzxwv${RUN}`;

type Event = { type: string; [k: string]: unknown };
const events = (sse: string): Event[] =>
  sse
    .split('\n')
    .filter((l) => l.startsWith('data: {'))
    .map((l) => JSON.parse(l.slice(6)));

/** One visitor talking to the app's APIs with its own cookie. */
function visitor(request: APIRequestContext, name: string) {
  const cookie = `resolve_client=e2e-${name}-${RUN}`;
  const headers = { cookie, 'content-type': 'application/json' };
  return {
    async chat(conversationId: string, text: string, messageId: string): Promise<{ events: Event[]; answerId: string }> {
      const res = await request.post('/api/chat', { headers, data: { id: conversationId, messages: [{ id: messageId, role: 'user', parts: [{ type: 'text', text }] }] } });
      expect(res.status()).toBe(200);
      const ev = events(await res.text());
      // The stored conversation names the answer (the last assistant message).
      let answerId = '';
      await expect(async () => {
        const stored = await request.get(`/api/chat/${conversationId}`, { headers });
        const body = (await stored.json()) as { messages: { id: string; role: string }[] };
        const last = body.messages[body.messages.length - 1];
        expect(last.role).toBe('assistant');
        answerId = last.id;
      }).toPass({ timeout: 45_000 });
      return { events: ev, answerId };
    },
    async thumb(body: Record<string, unknown>) {
      const res = await request.post('/api/feedback', { headers, data: body });
      expect(res.status(), await res.text()).toBeLessThan(300);
    },
    async search(q: string) {
      const res = await request.get(`/api/search?q=${encodeURIComponent(q)}`, { headers: { cookie } });
      expect(res.status()).toBe(200);
      return ((await res.json()) as { results: unknown[] }).results.length;
    },
    async handoff(body: Record<string, unknown>) {
      const res = await request.post('/api/handoffs', { headers, data: body });
      expect(res.status(), await res.text()).toBe(201);
    },
  };
}

test('the insights page shows seeded answers, thumbs, a handoff, failed searches, grouped questions and an experiment', async ({ page, request }) => {
  test.setTimeout(180_000);
  await page.goto('/admin/login');
  await page.getByTestId('admin-login-email').fill('admin@example.com');
  await page.getByTestId('admin-login-password').fill('e2e-password-123');
  await page.getByTestId('admin-login-submit').click();
  await expect(page).toHaveURL(/\/admin\/?$/);

  // An experiment, created and started in the admin; a bad form first shows inline errors.
  await page.goto('/admin/experiments');
  for (const running of await page.getByTestId('experiment-stop').all()) await running.click();
  const form = page.getByTestId('experiment-form');
  await form.getByLabel('Name').fill(`Semantic 0.8 ${RUN}`);
  await form.getByLabel('Visitors in the variant (%)').fill('150');
  await form.getByRole('button', { name: 'Create experiment' }).click();
  await expect(page.getByTestId('experiment-form-status')).toHaveText('Please fix the highlighted fields.');
  await expect(form.getByText('A whole number from 1 to 99.')).toBeVisible();
  await expect(form.getByLabel('Name')).toHaveValue(`Semantic 0.8 ${RUN}`);
  await expect(form.getByLabel('Visitors in the variant (%)')).toHaveValue('150');
  await form.getByLabel('Visitors in the variant (%)').fill('50');
  await form.getByRole('button', { name: 'Create experiment' }).click();
  await expect(form.getByText('Change at least one setting for the variant.')).toBeVisible();
  await form.getByLabel('Semantic weight').fill('0.8');
  await form.getByRole('button', { name: 'Create experiment' }).click();
  await expect(page.getByTestId('experiment-form-status')).toContainText('Created');
  const row = page.getByTestId('experiment-row').filter({ hasText: `Semantic 0.8 ${RUN}` });
  await expect(row).toContainText('semantic weight 0.8 · 50% of visitors');
  await row.getByTestId('experiment-start').click();
  await expect(row).toHaveAttribute('data-status', 'running');

  // A helpful answer, two unhelpful ones about the same thing, a handoff, article thumbs.
  const happy = visitor(request, 'happy');
  const refund = await happy.chat(`ins-refund-${RUN}`, 'How do I refund a payment?', `u-refund-${RUN}`);
  await happy.thumb({ targetType: 'message', targetId: refund.answerId, conversationId: `ins-refund-${RUN}`, rating: 'up' });
  await happy.thumb({ targetType: 'article', targetId: 'refund-a-payment', rating: 'up' });

  const unhappy = [visitor(request, 'mars-1'), visitor(request, 'mars-2')];
  const marsQuestions = ['Do you deliver pizza to Mars?', 'Can you deliver a pizza to Mars?'];
  for (const [i, v] of unhappy.entries()) {
    const conv = `ins-mars-${i}-${RUN}`;
    const a = await v.chat(conv, marsQuestions[i], `u-mars-${i}-${RUN}`);
    await v.thumb({ targetType: 'message', targetId: a.answerId, conversationId: conv, rating: 'down' });
  }
  await unhappy[0].thumb({ targetType: 'article', targetId: 'refund-a-payment', rating: 'down' });

  const stuck = visitor(request, 'stuck');
  const conv = `ins-payout-${RUN}`;
  await stuck.chat(conv, 'Why did my payout fail?', `u-payout-1-${RUN}`);
  const ask = await stuck.chat(conv, 'I already checked my bank details. I want to talk to a person', `u-payout-2-${RUN}`);
  const call = ask.events.find((e) => e.type === 'tool-input-available' && e.toolName === 'handoff_to_human');
  expect(call).toBeTruthy();
  const draft = ask.events.find((e) => e.type === 'tool-output-available' && e.toolCallId === call!.toolCallId)!.output as Record<string, unknown>;
  await stuck.handoff({
    conversationId: conv,
    toolCallId: call!.toolCallId,
    email: 'e2e-insights@example.com',
    summary: draft.summary,
    category: draft.category,
    stepsTried: draft.stepsTried,
    citedArticles: draft.citedArticles,
  });

  // The same search with no results from two visitors, and one that finds something.
  expect(await happy.search(NOWHERE)).toBe(0);
  expect(await stuck.search(NOWHERE)).toBe(0);
  expect(await happy.search('refund')).toBeGreaterThan(0);

  // The page, 7 days.
  await page.goto('/admin/insights?range=7');
  await expect(page.getByRole('heading', { name: 'Insights', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Date range' }).getByRole('link', { name: '7 days' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('insights-deflection')).toContainText('Definition: of the conversations started');
  await expect(page.getByTestId('insights-categories')).toContainText('Definition: a conversation');
  await expect(page.getByTestId('chart-helpfulness')).toHaveAttribute('aria-label', /thumbs-up share/);
  await expect(page.getByTestId('chart-helpfulness').locator('svg.recharts-surface').first()).toBeVisible();
  await expect(page.getByTestId('stat-answers')).toContainText(/\d+ of \d+ rated answers/);

  const article = page.locator('[data-testid="article-row"][data-slug="refund-a-payment"]');
  await expect(article).toBeVisible();
  await expect(article.locator('td').nth(1)).not.toHaveText('0');
  await expect(article.locator('td').nth(2)).not.toHaveText('0');

  const failed = page.getByTestId('no-result-row').filter({ hasText: NOWHERE });
  await expect(failed.locator('td').nth(1)).toHaveText('2');

  const handedOff = page.getByTestId('category-row').filter({ has: page.locator('td').nth(2).filter({ hasNotText: /^0$/ }) });
  await expect(handedOff.first()).toBeVisible();

  const mars = page.getByTestId('question-group').filter({ hasText: marsQuestions[0] });
  await expect(mars).toHaveCount(1);
  await expect(mars.getByTestId('group-question')).toHaveCount(2);
  await expect(mars).toContainText(marsQuestions[1]);
  await expect(mars).toContainText('2 thumbs-down');

  const experiment = page.getByTestId('experiment-result').filter({ hasText: `Semantic 0.8 ${RUN}` });
  await expect(experiment).toContainText('running');
  await expect(experiment.getByRole('row', { name: /Helpfulness/ })).toContainText(/n = \d+ rated answers?/);
  await expect(experiment.getByRole('row', { name: /Handoff rate/ })).toContainText('per arm for');

  // A bad range falls back to 30 days (never an error).
  const bad = await page.goto('/admin/insights?range=abc');
  expect(bad?.status()).toBe(200);
  await expect(page.getByRole('navigation', { name: 'Date range' }).getByRole('link', { name: '30 days' })).toHaveAttribute('aria-current', 'page');

  // Screenshots: desktop 1280 and phone 390, light and dark.
  for (const [device, width, height] of [
    ['desktop', 1280, 900],
    ['phone', 390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    for (const theme of ['light', 'dark'] as const) {
      await page.goto('/admin/insights?range=7');
      await page.evaluate((t) => {
        localStorage.setItem('resolve:theme', t);
        document.documentElement.classList.toggle('dark', t === 'dark');
        document.documentElement.style.colorScheme = t;
      }, theme);
      await expect(page.getByTestId('chart-helpfulness').locator('svg.recharts-surface').first()).toBeVisible();
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: test.info().outputPath(`insights-${device}-${theme}.png`), fullPage: true });
      await page.goto('/admin/experiments');
      await page.screenshot({ path: test.info().outputPath(`experiments-${device}-${theme}.png`), fullPage: true });
    }
  }

  // A grouped question links to its conversation.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/admin/insights?range=7');
  await page.getByTestId('question-group').filter({ hasText: marsQuestions[0] }).getByTestId('group-question').first().click();
  await expect(page.getByTestId('conversation-transcript')).toContainText(/deliver (a )?pizza to Mars/);

  // Leave no experiment running.
  await page.goto('/admin/experiments');
  await page
    .getByTestId('experiment-row')
    .filter({ hasText: `Semantic 0.8 ${RUN}` })
    .getByTestId('experiment-stop')
    .click();
  await expect(page.getByTestId('experiment-row').filter({ hasText: `Semantic 0.8 ${RUN}` })).toHaveAttribute('data-status', 'stopped');
});
