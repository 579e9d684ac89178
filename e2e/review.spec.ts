import { expect, test } from '@playwright/test';
import { Admin, Assistant, HelpCenter } from './pages';

// The server was started by e2e/start-server.sh: fresh data dir, sample content seeded, the
// polar-docs and spree-user-docs corpora imported, admin@example.com created.

test('review a thumbs-down answer, add it to a new dataset, run the dataset twice and compare the runs', async ({ page }) => {
  test.setTimeout(240_000);
  const help = new HelpCenter(page);
  const assistant = new Assistant(page);
  await help.open();
  await assistant.open();
  await assistant.ask('How do I refund an order on Polar?');
  const answer = assistant.lastAnswer();
  await expect(answer.getByTestId('assistant-citation').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('[role="log"][data-status="ready"]')).toBeVisible({ timeout: 30_000 });
  const vote = page.waitForResponse((r) => r.url().endsWith('/api/feedback') && r.request().method() === 'POST');
  await answer.getByTestId('answer-feedback-down').click();
  expect((await vote).status()).toBe(200);
  const messageId: string = (await vote).request().postDataJSON().targetId;

  // The queue lists the answer, open, with the question, the rendered answer and a transcript link.
  await new Admin(page).login();
  await page.goto('/admin/feedback');
  const item = page.locator(`[data-testid="review-item"][data-message-id="${messageId}"]`);
  await expect(item).toHaveAttribute('data-state', 'open');
  await expect(item.getByTestId('review-question')).toContainText('How do I refund an order on Polar?');
  // Rendered, not raw Markdown: the citation chips are elements, no "[1]" text is left.
  await expect(item.getByTestId('review-answer')).not.toContainText('[1]');
  await expect(item.getByTestId('review-transcript-link')).toHaveAttribute('href', /\/admin\/conversations\//);
  await item.getByTestId('review-open').click();

  // Review: gold from the cited articles, a reference, a new dataset.
  await expect(page.getByTestId('review-page')).toBeVisible();
  await page.getByTestId('review-gold-search').fill('refund');
  const refunds = page.getByTestId('review-gold-results').locator('li').filter({ hasText: 'polar-docs/docs/features/refunds.mdx' });
  await refunds.getByTestId('review-gold-pick').click();
  await expect(page.getByTestId('review-gold-selected')).toContainText(/refund/i);
  await page.getByTestId('review-reference').fill('Open the order and refund it; you can refund part of the amount.');
  const name = `e2e-reviewed-${Date.now()}`;
  await page.getByTestId('review-dataset').selectOption('new');
  await page.getByTestId('review-new-dataset').fill(name);
  await page.getByTestId('review-add').click();
  await expect(page.getByTestId('review-add-status')).toContainText(`to “${name}”`);
  // A second add of the same answer to the same dataset is a message, not an error.
  await page.getByTestId('review-dataset').selectOption({ label: `${name} (1 case)` });
  await page.getByTestId('review-add').click();
  await expect(page.getByTestId('review-add-status')).toContainText('a rated answer is one case per dataset');
  await expect(page.getByTestId('review-state').first()).toHaveAttribute('data-state', 'added');

  // The dataset: one answerable case from the review; run it twice.
  await page.goto('/admin/evals');
  await page.getByTestId('dataset-row').filter({ hasText: name }).getByRole('link').click();
  await expect(page.getByTestId('dataset-name')).toHaveText(name);
  await expect(page.getByTestId('dataset-case')).toHaveCount(1);
  await expect(page.getByTestId('dataset-case')).toContainText('from review by admin@example.com');
  for (const n of [1, 2]) {
    await page.getByTestId('dataset-run-submit').click();
    await expect(page.getByTestId('dataset-run-status')).toHaveText('Run started.');
    await expect(page.locator('[data-testid="dataset-job"][data-status="done"]')).toHaveCount(n, { timeout: 90_000 });
  }
  await expect(page.locator('[data-testid="dataset-job"][data-status="failed"]')).toHaveCount(0);

  // The runs list has both; the compare page pairs the one case and shows the deltas' basis.
  await page.goto('/admin/evals');
  await expect(page.getByTestId('run-row').first()).toContainText(`db:${name}`);
  await page.getByTestId('compare-submit').click();
  await expect(page.getByTestId('compare-page')).toBeVisible();
  await expect(page.getByTestId('compare-summary')).toContainText('over 1 paired case');
  await expect(page.locator('[data-testid="compare-metric"][data-metric="hit@5"]')).toBeVisible();
  await expect(page.locator('[data-testid="compare-metric"][data-metric="cites_gold"]')).toBeVisible();

  // The run page reports the case.
  await page
    .getByRole('link', { name: /^#\d+$/ })
    .first()
    .click();
  await expect(page.getByTestId('run-case')).toHaveCount(1);
});
