import type { Locator, Page } from '@playwright/test';

/** Page object for the Guide tab: the chapter list, the open chapter and its sections. */
export class GuideTab {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByTestId('guide');
  }

  /** A chapter's entry in the list on the left (by its id: `concepts`, `database`, …). */
  chapterEntry(id: string): Locator {
    return this.page.getByTestId(`guide-nav-${id}`);
  }

  /** The open chapter's panel (only the selected chapter is rendered). */
  chapter(id: string): Locator {
    return this.page.getByTestId(`guide-chapter-${id}`);
  }

  get progress(): Locator {
    return this.page.getByTestId('guide-chapter-progress');
  }

  get labLimits(): Locator {
    return this.page.getByTestId('guide-lab-limits');
  }

  section(id: string): Locator {
    return this.page.getByTestId(`guide-section-${id}`);
  }

  async openChapter(id: string): Promise<Locator> {
    await this.chapterEntry(id).click();
    return this.chapter(id);
  }
}
