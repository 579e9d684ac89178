import { expect, test } from '@playwright/test';
import { Admin, AdminHandoffs, AssistantPanel, HelpCenter } from './pages';

// A user asks, is answered with citations, asks for a person and sends the handoff form; the
// assistant then stays silent. The e2e admin (e2e/start-server.sh) works the handoff from new to
// resolved with a note, sees what the assistant already tried and the transcript with its cited
// articles, and releases it; the assistant answers again. Screenshots of both admin pages (desktop
// and phone, light and dark) go to the test's output folder.

test('a handoff is worked from new to resolved with a note, then released to the assistant', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const help = new HelpCenter(page);
  const assistant = new AssistantPanel(page);
  await help.open();
  await assistant.open();
  await assistant.ask('Why did my payout fail?');
  await assistant.waitIdle();
  const cited = assistant.lastAnswer().getByTestId('assistant-source').first();
  await expect(cited).toBeVisible();
  const citedTitle = (await cited.locator('span.font-medium').innerText()).trim();
  await assistant.ask('I already checked my bank details. I want to talk to a person');
  const form = assistant.handoffForm();
  await expect(form).toBeVisible({ timeout: 30_000 });
  await assistant.waitIdle();
  const email = `handoff-${Date.now()}@example.com`;
  await form.getByTestId('handoff-email-input').fill(email);
  await form.getByTestId('handoff-summary-input').fill('My payout failed twice this week and my bank details are right.');
  await form.getByTestId('handoff-submit').click();
  await expect(page.getByTestId('handoff-confirmation')).toBeVisible();

  // Silent until released: a fixed notice, no sources.
  await assistant.ask('How do I refund a payment?');
  await assistant.waitIdle();
  await expect(assistant.lastAnswer()).toContainText('handed to our support team');
  await expect(assistant.lastAnswer().getByTestId('assistant-source')).toHaveCount(0);

  await new Admin(page).login();
  const list = new AdminHandoffs(page);
  await list.open();
  const row = list.rows().filter({ hasText: email });
  await expect(row).toHaveAttribute('data-status', 'new');
  await expect(row.getByTestId('handoff-summary')).toHaveText('My payout failed twice this week and my bank details are right.');
  await expect(row.getByTestId('handoff-assignee')).toHaveText('Unassigned');
  const newCount = await page.getByTestId('handoff-tab-new').innerText();

  // Keyboard: the row's link is reachable and opens the handoff.
  await row.getByTestId('handoff-email').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/handoffs\/\d+$/, { timeout: 20_000 });
  const detail = page.getByTestId('handoff-detail');
  await expect(detail).toHaveAttribute('data-status', 'new');

  // What the assistant tried: the payout answer and the article it cited, linked.
  const tried = page.getByTestId('handoff-tried');
  await expect(tried.getByTestId('handoff-tried-answer').first()).toContainText('Why did my payout fail?');
  await expect(tried.getByTestId('handoff-tried-articles').getByRole('link', { name: citedTitle })).toHaveAttribute('href', /^\/articles\//);
  // The transcript as the user saw it: both questions, the answer's citation chip and sources, the notice.
  const transcript = page.getByTestId('handoff-transcript');
  await expect(transcript.locator('[data-role="user"]')).toHaveCount(3);
  await expect(transcript.locator('[data-role="assistant"]').first().getByTestId('handoff-turn-sources').getByRole('link', { name: citedTitle })).toBeVisible();
  await expect(transcript).toContainText('handed to our support team');
  // Reply by email: to the customer, with a subject and the quoted request.
  const mailto = await page.getByTestId('handoff-reply').getAttribute('href');
  expect(mailto).toMatch(new RegExp(`^mailto:${email.replace(/[.]/g, '\\.')}\\?subject=`));
  expect(decodeURIComponent(mailto!.split('&body=')[1])).toContain('> My payout failed twice this week');

  // A change made from a stale page is refused: another tab starts it first.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await other.getByTestId('handoff-to-in_progress').click();
  await expect(other.getByTestId('handoff-detail')).toHaveAttribute('data-status', 'in_progress');
  await other.close();
  await page.getByTestId('handoff-to-resolved').click();
  await expect(page.getByTestId('handoff-status-message')).toHaveText(/Someone else changed it to “In progress” meanwhile/);
  // Started (by the other tab, which assigned me); the page now shows it.
  await expect(detail).toHaveAttribute('data-status', 'in_progress');
  await expect(page.getByTestId('handoff-detail-assignee')).toHaveText('admin@example.com');
  await page.getByTestId('handoff-note-add').click();
  await expect(page.getByText('Write a note first.')).toBeVisible();
  await page.getByTestId('handoff-note-body').fill('Called the bank: the IBAN was closed. Asked the customer for a new one.');
  await page.getByTestId('handoff-note-add').click();
  const note = page.getByTestId('handoff-note');
  await expect(note).toHaveCount(1);
  await expect(note).toContainText('admin@example.com');
  await expect(note).toContainText('Called the bank: the IBAN was closed.');
  await expect(page.getByTestId('handoff-note-body')).toHaveValue('');
  await expect(page.getByTestId('handoff-note-message')).toHaveText('Note added.');

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await browser.newContext({ viewport, colorScheme: scheme, storageState: await page.context().storageState() });
      const p = await ctx.newPage();
      await p.goto('/admin/handoffs?status=all');
      await p.screenshot({ path: testInfo.outputPath(`handoffs-list-${name}-${scheme}.png`), fullPage: true });
      await p.goto(page.url());
      await p.screenshot({ path: testInfo.outputPath(`handoff-detail-${name}-${scheme}.png`), fullPage: true });
      await ctx.close();
    }
  }

  await page.getByTestId('handoff-to-resolved').click();
  await expect(detail).toHaveAttribute('data-status', 'resolved');
  await expect(page.getByTestId('handoff-status-message')).toHaveText('Status: Resolved.');
  await expect(page.getByTestId('handoff-detail-paused')).toHaveAttribute('data-released', 'false');
  await page.getByTestId('handoff-release').click();
  await expect(page.getByTestId('handoff-released-note')).toBeVisible();
  await expect(page.getByTestId('handoff-detail-paused')).toHaveAttribute('data-released', 'true');

  await list.open();
  await page.getByTestId('handoff-tab-resolved').click();
  await expect(list.rows().filter({ hasText: email })).toHaveAttribute('data-status', 'resolved');
  await expect(page.getByTestId('handoff-tab-new')).not.toHaveText(newCount);

  // Released: the assistant answers in the conversation again, with citations (asked through the
  // chat API with the browser's cookie and conversation id, as the panel does).
  await help.open();
  const conversationId = await page.evaluate(() => localStorage.getItem('resolve:conversation'));
  expect(conversationId).toBeTruthy();
  const res = await page.request.post('/api/chat', {
    data: { id: conversationId, messages: [{ id: `after-release-${Date.now()}`, role: 'user', parts: [{ type: 'text', text: 'How do I refund a payment?' }] }] },
  });
  expect(res.status()).toBe(200);
  const sse = await res.text();
  expect(sse).toContain('"type":"source-url"');
  expect(sse).not.toContain('handed to our support team');
});
