import { expect, test, type Locator, type Page } from '@playwright/test';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

/** A toast in the notification area, found by its title. */
const toast = (page: Page, title: string | RegExp): Locator => page.getByRole('region', { name: 'Notifications' }).getByRole('status', { name: title });

/** Settings' older actions: each shows progress, then its outcome as a toast whose "Open" leads back to what it concerns. */
test.describe('action feedback on the Settings page', () => {
  test('Docker engine check, registry save, test and remove, and a hook end in toasts with Open', async ({ page }) => {
    const problems = watchConsole(page);
    const win = new Window(page);
    await win.open(e2eRuntime().uiUrl);
    await win.section('Settings');

    // Docker engine → Check now: the real engine answers.
    const engine = page.getByRole('region', { name: 'Docker engine' });
    await engine.getByRole('button', { name: 'Check now' }).click();
    const reachable = toast(page, 'Docker engine reachable');
    await expect(reachable).toBeVisible();
    await expect(reachable).toContainText(/Docker \d+\.\d+/);
    // "Open" leads back to Settings from anywhere.
    await win.section('Events');
    await reachable.getByRole('button', { name: 'Open: Docker engine reachable' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

    // Registries: the empty state says what to do; then save, test and remove through the window.
    const registries = page.getByRole('region', { name: 'Registries' });
    const host = '127.0.0.1:5000';
    await expect(registries.getByText('No saved credentials.')).toContainText('for a private registry, use Add registry below');
    await registries.getByRole('button', { name: 'Add registry' }).click();
    const form = page.getByRole('dialog');
    await form.getByLabel('Registry host').fill(host);
    await form.getByLabel('Username').fill('e2e-feedback');
    await form.getByLabel('Password or access token').fill('e2e-feedback-pw');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(toast(page, `Credentials for ${host} saved`).getByRole('button', { name: `Open: Credentials for ${host} saved` })).toBeVisible();

    await registries.getByRole('button', { name: `Test ${host}` }).click();
    const tested = toast(page, `${host}: Accepted`);
    await expect(tested).toBeVisible();
    await expect(tested).toContainText('answers');
    await expect(tested.getByRole('button', { name: `Open: ${host}: Accepted` })).toBeVisible();
    await expect(registries.getByRole('status', { name: `Status of ${host}` })).toContainText('Accepted');
    await win.screenshots('settings-registries-toast');

    await registries.getByRole('button', { name: `Remove ${host}` }).click();
    await win.confirm('Remove');
    await expect(toast(page, `Credentials for ${host} removed`)).toBeVisible();
    await expect(registries.getByRole('button', { name: `Test ${host}` })).toHaveCount(0);

    // Hooks → Add hook: the secret is shown once, the toast says it was added.
    const hooks = page.getByRole('region', { name: 'Hooks' });
    const hookUrl = `http://127.0.0.1:9/e2e-feedback-${String(Date.now())}`;
    await hooks.getByLabel('New hook URL').fill(hookUrl);
    await hooks.getByRole('button', { name: 'Add hook' }).click();
    await expect(page.getByRole('dialog', { name: 'Signing secret' })).toBeVisible();
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    const added = toast(page, 'Hook added');
    await expect(added).toContainText(hookUrl);
    await expect(added.getByRole('button', { name: 'Open: Hook added' })).toBeVisible();
    await hooks.getByRole('group', { name: `Hook ${hookUrl}` }).getByRole('button', { name: 'Remove' }).click();
    await win.confirm('Remove');
    await expect(toast(page, 'Hook removed')).toBeVisible();
    await expect(hooks.getByText(hookUrl)).toHaveCount(0);

    expect(problems).toEqual([]);
  });
});
