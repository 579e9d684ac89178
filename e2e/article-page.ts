/** Page object for an article page's rendered body (code blocks, tabs, tables, images). */
import { expect, type Locator, type Page } from '@playwright/test';

export class ArticlePage {
  constructor(readonly page: Page) {}
  async open(slug: string) {
    await this.page.goto(`/articles/${slug}`);
    await expect(this.page.getByTestId('article-title')).toBeVisible();
  }
  body(): Locator {
    return this.page.getByTestId('article-body');
  }
  /** The first tab group whose tabs carry these names. */
  tabGroup(firstTab: string): Locator {
    return this.body()
      .locator('[data-tabs]')
      .filter({ has: this.page.getByRole('tab', { name: firstTab, exact: true }) })
      .first();
  }
  copyButtons(): Locator {
    return this.body().getByRole('button', { name: /^Copy/ });
  }
  /** The polite live region next to the body that announces "Copied". */
  copyStatus(): Locator {
    return this.body().locator('xpath=following-sibling::p[@role="status"][1]');
  }
  async setTheme(theme: 'light' | 'dark') {
    await this.page.evaluate((t) => {
      localStorage.setItem('resolve:theme', t);
      document.documentElement.classList.toggle('dark', t === 'dark');
      document.documentElement.style.colorScheme = t;
    }, theme);
  }
}
