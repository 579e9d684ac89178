import { expect, test } from '@playwright/test';
import { ArticlePage } from './article-page';

test.use({ viewport: { width: 390, height: 844 } });

test('on a phone a wide table scrolls in its own labelled region, shows that it does, and scrolls by keyboard', async ({ page }) => {
  const article = new ArticlePage(page);
  await article.open('polar-docs-features-checkout-embed-payment-method');
  const region = article
    .body()
    .getByRole('region', { name: /^Table: / })
    .first();
  await region.scrollIntoViewIfNeeded();
  await expect(region).toHaveAttribute('tabindex', '0');
  const box = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX, bg: getComputedStyle(el).backgroundImage }));
  expect(box.scroll).toBeGreaterThan(box.client);
  expect(box.overflow).toBe('auto');
  // The edge shadows that say "more to the side".
  expect(box.bg).toContain('radial-gradient');
  // The page itself does not scroll sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await region.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('table-phone.png') });
});
