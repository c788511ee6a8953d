import { expect, type Locator, type Page } from '@playwright/test';

type Section = 'Projects' | 'Deliveries' | 'Events' | 'Git' | 'Poller' | 'Settings';

/** Page objects for the window: what a person sees, found by role and label. */
export class Window {
  constructor(readonly page: Page) {}

  async open(uiUrl: string): Promise<void> {
    await this.page.goto(uiUrl);
    await expect(this.nav('Projects')).toBeVisible();
  }

  nav(name: Section): Locator {
    return this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name });
  }

  async section(name: Section): Promise<void> {
    await this.nav(name).click();
    await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
  }

  stageCard(project: string, stage: string): Locator {
    return this.page.getByRole('article', { name: `${project} ${stage}` });
  }

  liveTag(project: string, stage: string): Locator {
    return this.stageCard(project, stage).getByTitle('live tag');
  }

  tab(name: 'Stages' | 'Deploys' | 'Logs' | 'Files' | 'Log rules' | 'Settings'): Locator {
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

  /** The same view in the light and the dark theme (the window follows the system's when set to System). */
  async screenshots(name: string): Promise<void> {
    await this.page.emulateMedia({ colorScheme: 'light' });
    await this.screenshot(`${name}-light`);
    await this.page.emulateMedia({ colorScheme: 'dark' });
    await expect(this.page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await this.screenshot(`${name}-dark`);
    await this.page.emulateMedia({ colorScheme: 'light' });
  }

  /** Creates a project from an image through the New project form and waits for its first stage to be live. */
  async createProject(o: { readonly image: string; readonly name: string; readonly tag: string; readonly env?: Readonly<Record<string, string>>; readonly ports?: string }): Promise<void> {
    await this.section('Projects');
    await this.page.getByRole('button', { name: 'New project' }).click();
    await this.page.getByLabel('Image repository').fill(o.image);
    await this.page.getByLabel('Image repository').press('Tab');
    await expect(this.page.getByLabel('Tag', { exact: true })).toHaveValue(o.tag);
    // The form fills in what the image says (port, health) once read; type the name after that.
    await expect(this.page.getByText(/^From the image:/)).toBeVisible();
    await this.page.getByLabel('Project name').fill(o.name);
    if (o.ports !== undefined) await this.page.getByLabel('Extra ports').fill(o.ports);
    let i = 0;
    for (const [k, v] of Object.entries(o.env ?? {})) {
      i++;
      await this.page.getByRole('button', { name: 'Add variable' }).click();
      await this.page.getByLabel(`Variable ${String(i)} name`).fill(k);
      await this.page.getByLabel(`Variable ${String(i)} value`).fill(v);
    }
    await this.page.getByRole('button', { name: `Create and deploy ${o.tag}` }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: o.name })).toBeVisible();
    await expect(this.liveTag(o.name, 'dev')).toHaveText(o.tag, { timeout: 60_000 });
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
