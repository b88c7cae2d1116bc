import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the Design tab's canvas, palette and inspector. */
export class DesignCanvas {
  readonly canvas: Locator;
  readonly palette: Locator;
  readonly inspector: Locator;
  readonly counts: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('canvas');
    this.palette = page.getByRole('complementary', { name: 'Palette' });
    this.inspector = page.getByRole('complementary', { name: 'Inspector' });
    this.counts = page.getByTestId('design-counts');
  }

  host(id: string): Locator {
    return this.page.getByTestId(`host-${id}`);
  }

  lane(id: string): Locator {
    return this.page.getByTestId(`lane-${id}`);
  }

  async addNode(roleLabel: string): Promise<void> {
    await this.palette.getByRole('button', { name: roleLabel, exact: true }).click();
  }

  async addNetwork(purposeLabel: string): Promise<void> {
    await this.palette.getByLabel('Network purpose').selectOption({ label: purposeLabel });
    await this.palette.getByRole('button', { name: 'Add network' }).click();
  }

  /** Replaces a field's text by keyboard: select all, type. */
  async type(label: string, text: string): Promise<void> {
    const field = this.inspector.getByLabel(label, { exact: true });
    await field.click();
    await field.press('ControlOrMeta+a');
    await field.pressSequentially(text);
    await field.press('Tab');
  }

  /** Connects a host to a network by dragging from its handle onto the lane's bus, with the mouse. */
  async dragConnect(hostId: string, networkId: string): Promise<void> {
    const handle = this.host(hostId).locator('.react-flow__handle');
    const bus = this.lane(networkId).locator('.lane-bus');
    const from = await handle.boundingBox();
    const to = await bus.boundingBox();
    if (!from || !to) throw new Error('handle or lane not on screen');
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(to.x + to.width / 3, to.y + to.height / 2, { steps: 12 });
    await this.page.mouse.up();
  }

  async expectCounts(nodes: number, networks: number, vips: number): Promise<void> {
    await this.page.keyboard.press('Escape');
    await expect(this.counts).toContainText(`Nodes${nodes}`);
    await expect(this.counts).toContainText(`Networks${networks}`);
    await expect(this.counts).toContainText(`VIPs${vips}`);
  }
}
