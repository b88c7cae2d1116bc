import type { Locator, Page } from '@playwright/test';

/** Page object for the Plan tab: phases, steps, and what a step shows when opened. */
export class PlanTab {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('plan');
  }

  get changes(): Locator {
    return this.page.getByTestId('plan-changes');
  }

  phase(name: string): Locator {
    return this.page.getByRole('region', { name });
  }

  step(id: string): Locator {
    return this.page.getByTestId(`step-${id}`);
  }

  /** Opens a step (its summary toggles the details) and returns it. */
  async expand(id: string): Promise<Locator> {
    const step = this.step(id);
    await step.locator('summary').click();
    return step;
  }
}
