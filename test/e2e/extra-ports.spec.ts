import { expect, test } from '@playwright/test';
import { callApi } from './cleanup';
import { pageSpec } from './spec-setup';

/** An image project's extra ports: typed in the New project form, listed on the stage card, changed in Settings. */
const IMAGE = `localhost:5000/e2e-ports-${Date.now().toString(36)}/app`;
const PROJECT = 'ports-app';

interface Listed {
  readonly projects: { name: string; ports: number[]; stages: { urls?: { containerPort: number | null; url: string }[] }[] }[];
}
const saved = async (): Promise<Listed['projects'][number] | undefined> => (await callApi<Listed>('projects.list', {})).projects.find((p) => p.name === PROJECT);
const host = (url: string): string => url.replace(/^http:\/\//, '').replace(/\/$/, '');

test.describe('extra container ports', () => {
  const spec = pageSpec({ image: IMAGE, tag: '1.0', project: PROJECT });

  test('are created with the project, each with its stable URL on the stage card, and changed in Settings', async ({ page }) => {
    const win = spec.win();
    await win.createProject({ image: IMAGE, name: PROJECT, tag: '1.0', ports: '9090' });
    const created = await saved();
    expect(created?.ports).toEqual([9090]);
    const extra = created?.stages[0]?.urls?.find((u) => u.containerPort === 9090);
    expect(extra).toBeDefined();
    const urls = page.getByRole('list', { name: 'Stable URLs of dev' }).first();
    await expect(urls.getByRole('link', { name: `Open ${PROJECT} dev at ${host(extra!.url)}` })).toBeVisible();
    await expect(urls).toContainText(':9090');

    await win.tab('Settings').click();
    const field = page.getByLabel('Extra ports');
    await expect(field).toHaveValue('9090');
    // The project's own port is refused, next to the field, and nothing is saved.
    await field.fill('9090, 8080');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText(/8080 is already the project's container port/)).toBeVisible();
    expect((await saved())?.ports).toEqual([9090]);
    // The server's refusal is the one request that failed.
    expect(spec.problems()).toEqual([expect.stringContaining('status of 400')]);
    spec.problems().length = 0;

    await field.fill('9091');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByText('Settings saved')).toBeVisible();
    await expect.poll(async () => (await saved())?.ports).toEqual([9091]);
    const after = (await saved())?.stages[0]?.urls?.map((u) => u.containerPort);
    expect(after).toEqual([8080, 9091]);
    await win.screenshots('project-extra-ports');
  });
});
