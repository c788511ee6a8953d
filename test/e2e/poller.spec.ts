import { expect, test } from '@playwright/test';
import { pageSpec } from './spec-setup';

/** The Poller page: a stage's own schedule saved with a preview that says what it means and when it next runs; pause, resume, check now. */
const IMAGE = `localhost:5000/e2e-poll-${Date.now().toString(36)}/api`;
const PROJECT = 'poll-api';

const pad = (n: number): string => String(n).padStart(2, '0');

/** The next whole five minutes after now, as the window writes it (local time, HH:MM). */
function nextFiveMinutes(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  d.setMinutes(d.getMinutes() - (d.getMinutes() % 5) + 5);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

test.describe('poller page', () => {
  const spec = pageSpec({ image: IMAGE, tag: '1.0', project: PROJECT });

  test('a stage schedule is saved and its preview is right; polling pauses, resumes and checks on demand', async ({ page }) => {
    const win = spec.win();
    await win.createProject({ image: IMAGE, name: PROJECT, tag: '1.0' });
    await win.section('Poller');
    const label = `${PROJECT} · dev`;
    const row = page.getByRole('row', { name: `Polling of ${label}` });
    const input = row.getByRole('textbox', { name: `${label} schedule`, exact: true });
    const preview = row.getByLabel(`${label} schedule preview`);

    await input.fill('every five minutes');
    await expect(preview).toContainText('is not a cron expression');
    await expect(row.getByRole('button', { name: `Save ${label} schedule` })).toBeDisabled();

    await input.fill('*/5 * * * *');
    const expected = nextFiveMinutes();
    await expect(preview).toHaveText(`Every 5 minutes, next at ${expected}`);
    await row.getByRole('button', { name: `Save ${label} schedule` }).click();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('status', { name: `${label}: schedule saved` })).toContainText(`Every 5 minutes, next at ${expected}`);
    await expect(row.getByRole('button', { name: 'Use global' })).toBeVisible();
    await expect(input).toHaveValue('*/5 * * * *');

    await row.getByRole('button', { name: `Check ${label} now` }).click();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByText(`No new tags for ${label}`)).toBeVisible();
    await expect(row.getByText('ok', { exact: true })).toBeVisible();

    await page.getByRole('button', { name: 'Pause polling' }).click();
    await expect(page.getByRole('status', { name: 'Poller state' })).toContainText('Paused');
    await expect(row.getByText('paused', { exact: true })).toBeVisible();
    await win.screenshots('poller');
    await page.getByRole('button', { name: 'Resume polling' }).click();
    await expect(page.getByRole('status', { name: 'Poller state' })).toContainText('Polling on schedule');

    await row.getByRole('button', { name: 'Use global' }).click();
    await expect(input).toHaveValue('');
  });
});
