import { expect, test } from '@playwright/test';
import { Admin, AdminHandoffs, AssistantPanel, HelpCenter } from './pages';

// The local (offline, extractive) model answers, so these are deterministic. Server: see
// e2e/start-server.sh (sample content + polar-docs imported, admin@example.com created).

test('a suggested follow-up question is sent from its chip and answered with citations', async ({ page }) => {
  const help = new HelpCenter(page);
  const assistant = new AssistantPanel(page);
  await help.open();
  await assistant.open();
  await assistant.ask('How do I refund a payment from the Ledgerly Dashboard?');
  await assistant.waitIdle();
  await expect(assistant.lastAnswer().getByTestId('assistant-citation').first()).toBeVisible();
  const chip = assistant.suggestions().first();
  await expect(chip).toBeVisible();
  const question = (await chip.innerText()).trim();
  await chip.click();
  await expect(page.locator('[data-testid="assistant-message"][data-role="user"]').last()).toContainText(question);
  await assistant.waitIdle();
  await expect(assistant.answers()).toHaveCount(2);
  await expect(assistant.lastAnswer().getByTestId('assistant-source').first()).toBeVisible();
});

test('asking for a person shows a form; confirming it creates a handoff visible in /admin/handoffs', async ({ page }) => {
  const help = new HelpCenter(page);
  const assistant = new AssistantPanel(page);
  await help.open();
  await assistant.open();
  await assistant.ask('Why did my payout fail?');
  await assistant.waitIdle();
  await assistant.ask('I already checked my bank details. I want to talk to a person');
  const form = assistant.handoffForm();
  await expect(form).toBeVisible({ timeout: 30_000 });
  await expect(form.getByTestId('handoff-summary-input')).toHaveValue(/payout/);
  await assistant.waitIdle();
  const email = `e2e-${Date.now()}@example.com`;
  await form.getByTestId('handoff-email-input').fill(email);
  await form.getByTestId('handoff-summary-input').fill('My payout failed twice this week (e2e).');
  await form.getByTestId('handoff-submit').click();
  await expect(page.getByTestId('handoff-confirmation')).toBeVisible();

  // The assistant is paused in this conversation.
  await assistant.ask('How do I refund a payment?');
  await assistant.waitIdle();
  await expect(assistant.lastAnswer()).toContainText('handed to our support team');

  const admin = new Admin(page);
  await admin.login();
  const handoffs = new AdminHandoffs(page);
  await handoffs.open();
  const row = handoffs.rows().filter({ hasText: email });
  await expect(row).toBeVisible();
  await expect(row.getByTestId('handoff-summary')).toHaveText('My payout failed twice this week (e2e).');
  // Releasing (on the handoff's page) lets the assistant answer again; the workflow status stays.
  await row.getByTestId('handoff-email').click();
  await page.getByTestId('handoff-release').click();
  await expect(page.getByTestId('handoff-released-note')).toBeVisible();
  await expect(page.getByTestId('handoff-detail-status')).toHaveAttribute('data-status', 'new');
});

test('a bare "agent please" opens the form with an empty problem box for the user to fill in', async ({ page }) => {
  const help = new HelpCenter(page);
  const assistant = new AssistantPanel(page);
  await help.open();
  await assistant.open();
  await assistant.ask('agent please');
  const form = assistant.handoffForm();
  await expect(form).toBeVisible({ timeout: 30_000 });
  const problem = form.getByTestId('handoff-summary-input');
  await expect(problem).toHaveValue('');
  await expect(problem).toHaveAttribute('placeholder', /Describe the problem/);
  await expect(problem).toHaveAttribute('required', '');
});

test('details typed after the form was drafted update it: the earlier form says so, the new one holds them', async ({ page }) => {
  const help = new HelpCenter(page);
  const assistant = new AssistantPanel(page);
  await help.open();
  await assistant.open();
  await assistant.ask('Why did my payout fail?');
  await assistant.waitIdle();
  await assistant.ask('talk to a human');
  await expect(assistant.handoffForm()).toBeVisible({ timeout: 30_000 });
  await assistant.waitIdle();
  await assistant.ask('the payout was 200 usd on nov 3, order 4411');
  await assistant.waitIdle();
  // One form, the latest, with the details; the first draft points to it.
  await expect(assistant.handoffForm()).toHaveCount(1);
  await expect(assistant.handoffForm().getByTestId('handoff-summary-input')).toHaveValue(/They added: “the payout was 200 usd on nov 3, order 4411”/);
  await expect(page.getByTestId('handoff-replaced')).toHaveCount(1);
  await expect(assistant.lastAnswer()).toContainText("I've added that to the request");
});

test('Stop mid-answer keeps the partial answer, marked Stopped, after a reload', async ({ page }) => {
  const help = new HelpCenter(page);
  const assistant = new AssistantPanel(page);
  await help.open();
  await assistant.open();
  await assistant.ask('How do I turn on two-factor authentication?');
  // Press Stop while the answer text is still growing: checked and clicked in the same animation
  // frame, so the answer cannot finish in between (polled every frame, STACK.md G14).
  await page.waitForFunction(
    () => {
      const msgs = document.querySelectorAll('[data-testid="assistant-message"][data-role="assistant"]');
      const prose = (msgs[msgs.length - 1] as HTMLElement | undefined)?.querySelector('.prose') as HTMLElement | null;
      const stop = document.querySelector('[data-testid="assistant-stop"]') as HTMLButtonElement | null;
      if (!prose || prose.innerText.trim().length < 1 || !stop) return false;
      stop.click();
      return true;
    },
    null,
    { polling: 'raf', timeout: 30_000 },
  );
  await assistant.waitIdle();
  await expect(assistant.lastAnswer().getByTestId('assistant-stopped')).toBeVisible();
  // The Stop button is gone with the stream: focus is back in the question box, and a screen reader hears it stopped.
  await expect(page.getByTestId('assistant-input')).toBeFocused();
  await expect(page.getByText('Answer stopped.', { exact: true })).toHaveCount(1);
  const partial = (await assistant.lastAnswer().locator('.prose').innerText()).trim();
  expect(partial.length).toBeGreaterThan(0);
  expect(partial).not.toContain("If this doesn't solve it");

  await page.waitForTimeout(500); // the server saves the stopped answer as the stream ends
  await page.reload();
  await assistant.open();
  await expect(assistant.lastAnswer().getByTestId('assistant-stopped')).toBeVisible({ timeout: 30_000 });
  await expect(assistant.lastAnswer().locator('.prose')).not.toContainText("If this doesn't solve it");
});

test('a refusal lists no Sources and no citation', async ({ page }) => {
  const help = new HelpCenter(page);
  const assistant = new AssistantPanel(page);
  await help.open();
  await assistant.open();
  await assistant.ask('who won the 2018 world cup?');
  await assistant.waitIdle();
  const answer = assistant.lastAnswer();
  await expect(answer).toContainText("couldn't find this in the help center");
  await expect(answer.getByTestId('assistant-source')).toHaveCount(0);
  await expect(answer.getByTestId('assistant-citation')).toHaveCount(0);
  await expect(answer.getByText('Sources', { exact: true })).toHaveCount(0);
  // The log is not live (every streamed word would be read); the status line says the answer is in.
  await expect(page.getByRole('status').filter({ hasText: 'Answer ready.' })).toHaveCount(1);
});

test('an answer can be copied with its sources as links', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const help = new HelpCenter(page);
  const assistant = new AssistantPanel(page);
  await help.open();
  await assistant.open();
  await assistant.ask('How do I refund a payment from the Ledgerly Dashboard?');
  await assistant.waitIdle();
  const copy = assistant.lastAnswer().getByTestId('assistant-copy');
  await copy.click();
  await expect(copy).toHaveText('Copied');
  await expect(copy).toHaveAccessibleName('Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const href = await assistant.lastAnswer().getByTestId('assistant-source').first().getAttribute('href');
  expect(copied).toMatch(/ \[1\]/);
  expect(copied).toContain('\n\nSources:\n[1] ');
  expect(copied).toContain(`: ${new URL(href ?? '', page.url()).toString()}`);
  await expect(copy).toHaveText('Copy', { timeout: 5_000 });
});
