import type { Locator, Page } from '@playwright/test';

/** Page object for the Verify panel's "Failure drills" section. */
export class DrillPanel {
  constructor(readonly page: Page) {}

  get section(): Locator {
    return this.page.locator('.drill-panel');
  }

  /** The start button of a drill (`vip-failover`, `full-outage`). */
  start(kind: string): Locator {
    return this.page.getByTestId(`drill-start-${kind}`);
  }

  /** The sentence beside one drill that says why it cannot run (when the drills' reasons differ). */
  reason(kind: string): Locator {
    return this.page.getByTestId(`drill-reason-${kind}`);
  }

  /** The one sentence under the buttons when every drill cannot run for the same reason. */
  get sharedReason(): Locator {
    return this.page.getByTestId('drill-reason');
  }
}
