/** Page objects for the e2e specs: every locator goes through data-testid. */
import { expect, type Page } from '@playwright/test';

export class HelpCenter {
  constructor(readonly page: Page) {}
  async open(path = '/') {
    await this.page.goto(path);
  }
  searchInput() {
    return this.page.getByTestId('search-input').first();
  }
  results() {
    return this.page.getByTestId('search-result');
  }
  async typeSearch(text: string) {
    const input = this.searchInput();
    await input.click();
    await input.pressSequentially(text, { delay: 40 });
  }
}

export class Assistant {
  constructor(readonly page: Page) {}
  async open() {
    await this.page.getByTestId('assistant-open').first().click();
    await expect(this.page.getByTestId('assistant-panel')).toBeVisible();
  }
  input() {
    return this.page.getByTestId('assistant-input');
  }
  async ask(question: string) {
    await this.input().fill(question);
    await this.page.getByTestId('assistant-send').click();
  }
  lastAnswer() {
    return this.page.locator('[data-testid="assistant-message"][data-role="assistant"]').last();
  }
}

export class Admin {
  constructor(readonly page: Page) {}
  async login(email = 'admin@example.com', password = 'e2e-password-123') {
    await this.page.goto('/admin/login');
    await this.page.getByTestId('admin-login-email').fill(email);
    await this.page.getByTestId('admin-login-password').fill(password);
    await this.page.getByTestId('admin-login-submit').click();
    await expect(this.page).toHaveURL(/\/admin\/?$/);
  }
}

export class AssistantPanel extends Assistant {
  answers() {
    return this.page.locator('[data-testid="assistant-message"][data-role="assistant"]');
  }
  suggestions() {
    return this.lastAnswer().getByTestId('assistant-suggestion');
  }
  stop() {
    return this.page.getByTestId('assistant-stop');
  }
  handoffForm() {
    return this.page.getByTestId('handoff-form');
  }
  /** Waits until the stream is done (the conversation log reports status "ready"). */
  async waitIdle(timeout = 30_000) {
    await expect(this.page.locator('[role="log"][data-status="ready"]')).toBeVisible({ timeout });
  }
}

export class AdminHandoffs {
  constructor(readonly page: Page) {}
  async open() {
    await this.page.goto('/admin/handoffs');
  }
  rows() {
    return this.page.getByTestId('handoff-row');
  }
}
