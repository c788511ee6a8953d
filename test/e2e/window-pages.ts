import { expect, type Locator, type Page } from '@playwright/test';

/** Page objects for the window: what a person sees, found by role and label. */
export class Window {
  constructor(readonly page: Page) {}

  async open(uiUrl: string): Promise<void> {
    await this.page.goto(uiUrl);
    await expect(this.nav('Projects')).toBeVisible();
  }

  nav(name: 'Projects' | 'Deliveries' | 'Events' | 'Settings'): Locator {
    return this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name });
  }

  async section(name: 'Projects' | 'Deliveries' | 'Events' | 'Settings'): Promise<void> {
    await this.nav(name).click();
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  stageCard(project: string, stage: string): Locator {
    return this.page.getByRole('article', { name: `${project} ${stage}` });
  }

  liveTag(project: string, stage: string): Locator {
    return this.stageCard(project, stage).getByTitle('live tag');
  }

  tab(name: 'Stages' | 'Deploys' | 'Logs' | 'Files' | 'Settings'): Locator {
    return this.page.getByRole('tablist', { name: 'Project sections' }).getByRole('tab', { name });
  }

  async openProject(project: string): Promise<void> {
    await this.section('Projects');
    await this.page.getByRole('region', { name: `Project ${project}` }).getByRole('link', { name: project, exact: true }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: project })).toBeVisible();
  }

  async screenshot(name: string): Promise<void> {
    // Let charts and transitions settle so the picture shows the page as a person sees it.
    await this.page.waitForTimeout(300);
    await this.page.screenshot({ path: `artifacts/screenshots/${name}.png` });
  }

  /** Answers a confirm dialog by its confirming button. */
  async confirm(button: string): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: button, exact: true }).click();
    await expect(dialog).toBeHidden();
  }
}

/** Console errors and page errors, collected for a "no console errors" check. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}
