import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the Validate tab: findings, the failure simulation and the availability estimate. */
export class ValidateTab {
  readonly badge: Locator;
  readonly findings: Locator;
  readonly sweepSingle: Locator;
  readonly sweepPair: Locator;
  readonly result: Locator;
  readonly availability: Locator;

  constructor(readonly page: Page) {
    this.badge = page.getByTestId('validate-badge');
    this.findings = page.getByTestId('finding');
    this.sweepSingle = page.getByTestId('sweep-single');
    this.sweepPair = page.getByTestId('sweep-pair');
    this.result = page.getByTestId('simulation-result');
    this.availability = page.getByTestId('availability');
  }

  async show(): Promise<void> {
    await this.page.getByRole('tab', { name: /Validate/ }).click();
    await expect(this.page.getByRole('heading', { name: 'HA rules' })).toBeVisible();
  }

  /** The finding of a rule (the first, when a rule fires more than once). */
  finding(ruleId: string): Locator {
    return this.page.locator(`[data-testid="finding"][data-rule="${ruleId}"]`).first();
  }

  /** Expands a finding to its why and reference. */
  async expand(ruleId: string): Promise<Locator> {
    const finding = this.finding(ruleId);
    await finding.locator('summary').click();
    await expect(finding.getByTestId('finding-reference')).toBeVisible();
    return finding;
  }

  /** Ticks or unticks a node in the simulation panel. */
  async toggleNode(hostname: string): Promise<void> {
    await this.page.getByRole('group', { name: 'Nodes' }).getByLabel(hostname).click();
  }

  service(id: string): Locator {
    return this.result.getByTestId(`service-${id}`);
  }

  vip(id: string): Locator {
    return this.result.getByTestId(`vip-${id}`);
  }
}
