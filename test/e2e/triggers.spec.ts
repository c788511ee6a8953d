import { expect, test } from '@playwright/test';
import { pageSpec } from './spec-setup';

/**
 * A stage's schedules and update window from the project's Settings tab: a cron expression previewed as
 * it is typed (and refused with what is wrong), a restart schedule added, run by hand, turned off and
 * removed; a window saved, shown in words, and taken off.
 */
const REPO = `localhost:5000/e2e-trig-${Date.now().toString(36)}/web`;
const PROJECT = 'trig-web';

test.describe('stage schedules and update windows', () => {
  const spec = pageSpec({ image: REPO, tag: '1.0', project: PROJECT });

  test('a schedule is previewed, added, run, turned off and removed; a window is saved and removed', async ({ page }) => {
    const win = spec.win();
    // The smallest window the layout checks use: the schedule table and the window form fit it.
    await page.setViewportSize({ width: 1024, height: 700 });
    await win.createProject({ image: REPO, name: PROJECT, tag: '1.0' });
    await win.tab('Settings').click();
    const schedules = page.getByRole('group', { name: 'dev schedules' });
    await expect(schedules.getByText('No schedules')).toBeVisible();

    const cron = schedules.getByLabel('dev new schedule cron');
    const preview = schedules.getByLabel('dev new schedule preview');
    const add = schedules.getByRole('button', { name: 'Add dev schedule' });
    await cron.fill('61 3 * * *');
    await expect(preview).toContainText('the minute field "61" is not valid (minutes go from 0 to 59)');
    await expect(add).toBeDisabled();
    await cron.fill('0 3 * * 1');
    await expect(preview).toHaveText(/^At 03:00, only on Monday, next at .+03:00$/);
    await schedules.getByLabel('dev new schedule action').selectOption('restart');
    await add.click();
    const row = schedules.getByRole('row', { name: /0 3 \* \* 1/ });
    await expect(row).toContainText('Restart the live instance');
    await expect(row).toContainText('not run yet');
    await expect(cron).toHaveValue('');

    await row.getByRole('button', { name: 'Run dev schedule 0 3 * * 1 now' }).click();
    await expect(row).toContainText(/✓ restart: 1\.0 is live \(deploy #\d+\)/, { timeout: 60_000 });
    await win.screenshots('stage-schedules');
    const past = await schedules.locator('*').evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().right > (globalThis as unknown as { innerWidth: number }).innerWidth + 1).map((el) => el.outerHTML.slice(0, 80)));
    expect(past).toEqual([]);

    await row.getByLabel('dev schedule 0 3 * * 1 enabled').uncheck();
    await expect(row.getByLabel('dev schedule 0 3 * * 1 enabled')).not.toBeChecked();
    await expect(row).toContainText('off');
    await row.getByRole('button', { name: 'Remove' }).click();
    await win.confirm('Remove');
    await expect(schedules.getByText('No schedules')).toBeVisible();

    const windowGroup = page.getByRole('group', { name: 'dev update window' });
    await expect(windowGroup).toContainText('Auto-deploys happen whenever a matching tag arrives.');
    await windowGroup.getByLabel('dev window Sat').check();
    await windowGroup.getByLabel('dev window opens').fill('22:00');
    await windowGroup.getByLabel('dev window closes').fill('06:00');
    await windowGroup.getByRole('button', { name: 'Save dev window' }).click();
    await expect(windowGroup).toContainText('Auto-deploys only Mon, Tue, Wed, Thu, Fri, Sat 22:00–06:00');
    await windowGroup.getByRole('button', { name: 'Any time' }).click();
    await expect(windowGroup).toContainText('Auto-deploys happen whenever a matching tag arrives.');
  });
});
