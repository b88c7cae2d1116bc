import type { Locator, Page } from '@playwright/test';

/** Page object for the Deploy tab's Verify panel (the checks × nodes matrix). */
export class VerifyPanel {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.getByRole('region', { name: 'Verify' });
  }

  get summary(): Locator {
    return this.page.getByTestId('verify-summary');
  }

  cell(check: string, node: string): Locator {
    return this.page.getByTestId(`verify-cell-${check}-${node}`);
  }

  /** Expands a check's row (fix hint and each node's output). */
  async expand(title: string): Promise<Locator> {
    await this.panel.getByRole('button', { name: new RegExp(title) }).click();
    return this.panel.locator('.verify-details');
  }

  verifyNow(): Locator {
    return this.panel.getByRole('button', { name: 'Verify now', exact: true });
  }
}
