import { expect, test } from '@playwright/test';
import { pageSpec } from './spec-setup';

/**
 * Log rules from the window: a project whose container logs a line every 200 ms, a rule made on its
 * Log rules tab (after the tester refuses a runaway pattern and finds the real lines), whose counters
 * move as the rule fires; then the global rules and the scanner's health under Settings.
 */
const REPO = `localhost:5000/e2e-lr-${Date.now().toString(36)}/web`;
const PROJECT = 'lr-web';

test.describe('log rules', () => {
  const spec = pageSpec({ image: REPO, tag: '1.0', project: PROJECT });

  test('a project rule tested on real lines fires on the container\'s log and its counters move', async ({ page }) => {
    const win = spec.win();
    await win.createProject({ image: REPO, name: PROJECT, tag: '1.0', env: { LOG_EVERY_MS: '200' } });
    await win.tab('Log rules').click();
    await expect(page.getByText('No rules yet.')).toBeVisible();
    await page.getByRole('button', { name: 'New rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New log rule' });

    // A pattern that could backtrack for ever is refused, and the reason sits under the pattern.
    await dialog.getByRole('textbox', { name: 'Pattern' }).fill('(a+)+$');
    await dialog.getByRole('button', { name: 'Test against recent lines' }).click();
    await expect(dialog.getByRole('alert')).toContainText('could take exponential time');
    // The browser logs the refusal's HTTP 400 itself; that one is expected, nothing else is.
    expect(spec.problems()).toEqual([expect.stringContaining('status of 400')]);
    spec.problems().length = 0;

    await dialog.getByLabel('Rule name').fill('heartbeat');
    await dialog.getByRole('textbox', { name: 'Pattern' }).fill('log line \\d+');
    await dialog.getByLabel('Then quiet for (seconds)').fill('1');
    await dialog.getByRole('button', { name: 'Test against recent lines' }).click();
    await expect(dialog.getByRole('status')).toHaveText(/^[1-9]\d* of the last \d+ lines match\.$/);
    await expect(dialog.getByRole('list', { name: 'Matching lines' }).getByText(/app 1\.0 log line \d+/).first()).toBeVisible();
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    await win.screenshots('log-rule-editor');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Open: Rule “heartbeat” added' })).toBeVisible();

    const row = page.getByRole('row', { name: 'Rule heartbeat' });
    await expect(row.getByRole('cell', { name: 'Fired' })).not.toHaveText('0', { timeout: 30_000 });
    const firstCount = Number(await row.getByRole('cell', { name: 'Fired' }).textContent());
    await expect.poll(async () => Number(await row.getByRole('cell', { name: 'Fired' }).textContent()), { timeout: 30_000 }).toBeGreaterThan(firstCount);
    await expect(row.getByRole('cell', { name: 'Matched' })).not.toHaveText('0');
    await win.screenshots('project-log-rules');
  });

  test('global rules and the scanner\'s health live under Settings', async ({ page }) => {
    const win = spec.win();
    await win.section('Settings');
    const panel = page.getByRole('region', { name: 'Log rules', exact: true });
    await panel.getByRole('button', { name: 'New rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New log rule' });
    await dialog.getByRole('textbox', { name: 'Pattern' }).fill('FATAL|panic');
    await dialog.getByRole('combobox', { name: 'Level' }).selectOption('error');
    await dialog.getByRole('button', { name: 'Save rule' }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByRole('row', { name: 'Rule FATAL|panic' })).toBeVisible();

    const health = page.getByRole('region', { name: 'Log scanner' });
    await expect(health.getByRole('status', { name: 'Scanner state' })).toContainText('Keeping up');
    await expect(health.getByRole('definition').first()).not.toHaveText('0');
    await health.scrollIntoViewIfNeeded();
    await win.screenshots('settings-log-rules');

    // The project shows the global rule, and can turn it off for itself only.
    await win.openProject(PROJECT);
    await win.tab('Log rules').click();
    await page.getByRole('button', { name: 'Disable FATAL|panic here' }).click();
    await expect(page.getByRole('row', { name: 'Rule FATAL|panic' }).getByText('disabled here')).toBeVisible();
    await page.getByRole('button', { name: 'Use the global FATAL|panic here' }).click();
    await expect(page.getByRole('row', { name: 'Rule FATAL|panic' }).getByText('global', { exact: true })).toBeVisible();

    await win.section('Settings');
    await panel.getByRole('button', { name: 'Remove FATAL|panic' }).click();
    await expect(panel.getByRole('row', { name: 'Rule FATAL|panic' })).toHaveCount(0);
  });
});
