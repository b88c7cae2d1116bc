import { expect, type Locator, type Page } from '@playwright/test';

/** Page object for the Quorum window: what a user sees and does, in the user's words. */
export class QuorumApp {
  readonly title: Locator;
  readonly path: Locator;
  readonly notice: Locator;

  constructor(
    readonly page: Page,
    readonly url: string,
  ) {
    this.title = page.getByTestId('project-title');
    this.path = page.getByTestId('project-path');
    this.notice = page.getByTestId('notice');
  }

  async open(): Promise<void> {
    await this.page.goto(this.url);
    await expect(this.page.getByText('Connected')).toBeVisible();
  }

  tab(name: string): Locator {
    return this.page.getByRole('tab', { name });
  }

  get nameField(): Locator {
    return this.page.getByLabel('Name', { exact: true });
  }

  async rename(name: string): Promise<void> {
    await this.nameField.fill(name);
  }

  async newProject(): Promise<void> {
    await this.page.getByRole('button', { name: 'New', exact: true }).click();
  }

  async saveAs(path: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Save As…' }).click();
    const dialog = this.page.getByTestId('save-dialog');
    await dialog.getByLabel('Path on the Quorum host').fill(path);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
  }

  async openPath(path: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Open…' }).click();
    const dialog = this.page.getByTestId('open-dialog');
    await dialog.getByLabel('Path on the Quorum host').fill(path);
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  }

  get problemsDialog(): Locator {
    return this.page.getByTestId('problems-dialog');
  }
}
