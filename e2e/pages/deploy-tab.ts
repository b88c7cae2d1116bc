import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the Deploy tab. */
export class DeployTab {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Deploy' }).click();
    await expect(this.page.getByRole('heading', { name: /^Deploy “/ })).toBeVisible();
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  task(step: string, node: string): Locator {
    return this.page.getByTestId(`task-${step}-${node}`);
  }

  get status(): Locator {
    return this.page.getByTestId('run-status');
  }

  preflightRow(node: string): Locator {
    return this.page.getByTestId(`preflight-${node}`);
  }

  terminalTab(name: string): Locator {
    return this.page.getByRole('tab', { name, exact: true });
  }

  /** Gives the visible terminal the keyboard. */
  async focusTerminal(key: string): Promise<void> {
    await this.page.getByTestId(`terminal-${key}`).click();
  }

  /** The visible terminal's rendered text. */
  terminal(key: string): Locator {
    return this.page.getByTestId(`terminal-${key}`).locator('.xterm-rows');
  }
}
