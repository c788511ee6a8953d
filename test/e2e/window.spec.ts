import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { buildTestApp } from '../rig/fixtures';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

/**
 * The window against `slipway serve`, a real engine and the loopback registry: create a project from
 * a registry image, deploy a pushed tag by webhook, read its logs and files, roll back, regenerate the
 * webhook URL — with screenshots of each main page.
 */
const REPO = `localhost:5000/e2e-${Date.now().toString(36)}/app`;
const PROJECT = 'app';

test.describe.configure({ mode: 'serial' });

test.describe('the window', () => {
  let problems: string[] = [];
  let win: Window;

  test.beforeAll(async () => {
    await buildTestApp({ repository: REPO, tag: '1.0' });
  });

  test.beforeEach(async ({ page }) => {
    problems = watchConsole(page);
    win = new Window(page);
    await win.open(e2eRuntime().uiUrl);
  });

  test.afterEach(() => {
    expect(problems).toEqual([]);
  });

  test('creates a project from an image in the local registry and deploys it', async ({ page }) => {
    await win.section('Projects');
    await win.screenshot('projects-empty');
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('Image repository').fill(REPO);
    await page.getByLabel('Image repository').press('Tab');
    // The tag picker is filled from the registry and the port from the image's EXPOSE.
    await expect(page.getByLabel('Tag', { exact: true })).toHaveValue('1.0');
    await expect(page.getByLabel('Container port')).toHaveValue('8080');
    await page.getByLabel('Health check').selectOption('http');
    await page.getByLabel('Health path').fill('/health');
    // The app answers only after a moment, so each deploy's steps can be watched.
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByLabel('Variable 1 name').fill('START_DELAY_MS');
    await page.getByLabel('Variable 1 value').fill('1500');
    await expect(page.getByLabel('Variable 1 value')).toHaveAttribute('type', 'password');
    await page.getByRole('button', { name: 'Add volume' }).click();
    await page.getByLabel('Volume 1 scope').selectOption('project');
    await page.getByLabel('Volume 1 path in the container').fill('/data');
    await win.screenshot('new-project');
    await page.getByRole('button', { name: 'Create and deploy 1.0' }).click();

    await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
    await expect(win.liveTag(PROJECT, 'dev')).toHaveText('1.0', { timeout: 60_000 });
    await expect(win.stageCard(PROJECT, 'dev').getByText('healthy', { exact: true })).toBeVisible();
  });

  test('a tag pushed and announced by webhook shows its progress and goes live', async ({ page }) => {
    await win.openProject(PROJECT);
    await buildTestApp({ repository: REPO, tag: '1.1' });
    const res = await fetch(e2eRuntime().webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ image: `${REPO}:1.1` }) });
    expect(res.status).toBe(202);
    // The stepper shows the running deploy: health is probed while the app starts.
    const stepper = page.getByRole('region', { name: 'Deploy 1.1 progress' });
    await expect(stepper).toBeVisible({ timeout: 30_000 });
    await expect(stepper.locator('[aria-current="step"]').first()).toBeVisible({ timeout: 30_000 });
    await win.screenshot('deploy-in-progress');
    await expect(win.liveTag(PROJECT, 'dev')).toHaveText('1.1', { timeout: 60_000 });
    await expect(stepper.getByRole('listitem').filter({ hasText: 'Drain' })).toContainText('done');
    await win.screenshot('project-stages');
    await win.section('Projects');
    await expect(win.liveTag(PROJECT, 'dev')).toHaveText('1.1');
    await win.screenshot('projects');
  });

  test('the logs view shows what the container printed, and finds it', async ({ page }) => {
    await win.openProject(PROJECT);
    await win.tab('Logs').click();
    const lines = page.getByRole('log', { name: 'Logs of dev lines' });
    await expect(lines.getByText('app 1.1 listening on 8080')).toBeVisible({ timeout: 30_000 });
    await page.keyboard.press('/');
    await expect(page.getByLabel('Search logs')).toBeFocused();
    await page.keyboard.type('listening');
    await expect(page.getByText(/^\d+ match(es)?$/)).toBeVisible();
    await expect(lines.locator('mark', { hasText: 'listening' }).first()).toBeVisible();
    await win.screenshot('project-logs');
  });

  test('the volume browser lists, previews and downloads a file the container wrote', async ({ page }) => {
    await win.openProject(PROJECT);
    await win.tab('Files').click();
    const table = page.getByRole('table', { name: 'Files in /data' });
    await table.getByRole('button', { name: 'hello.txt', exact: true }).click();
    const preview = page.getByRole('complementary', { name: 'Preview' });
    await expect(preview.getByText('hello from 1.1')).toBeVisible();
    await win.screenshot('project-files');
    const [download] = await Promise.all([page.waitForEvent('download'), table.getByRole('button', { name: 'Download hello.txt' }).click()]);
    expect(download.suggestedFilename()).toBe('hello.txt');
    const file = await download.path();
    expect(fs.readFileSync(file, 'utf8')).toBe('hello from 1.1\n');

    // New folder and upload each show progress, then a toast whose "Open" leads back to Files.
    const notifications = page.getByRole('region', { name: 'Notifications' });
    await page.getByLabel('New folder name').fill('e2e-made');
    await page.getByRole('button', { name: 'Create folder' }).click();
    await expect(notifications.getByRole('button', { name: 'Open: Folder e2e-made created' })).toBeVisible();
    await expect(table.getByRole('button', { name: 'e2e-made', exact: true })).toBeVisible();
    await page.getByLabel('Upload files').setInputFiles({ name: 'e2e-upload.txt', mimeType: 'text/plain', buffer: Buffer.from('uploaded from the window\n') });
    await expect(notifications.getByRole('button', { name: 'Open: Uploaded e2e-upload.txt' })).toBeVisible();
    await expect(table.getByRole('button', { name: 'e2e-upload.txt', exact: true })).toBeVisible();
    await win.section('Events');
    await notifications.getByRole('button', { name: 'Open: Uploaded e2e-upload.txt' }).click();
    await expect(page.getByRole('table', { name: 'Files in /data' })).toBeVisible();
  });

  test('rolls back from the window', async ({ page }) => {
    await win.openProject(PROJECT);
    await page.getByRole('group', { name: 'Actions for dev' }).getByRole('button', { name: 'Roll back' }).click();
    await win.confirm('Roll back');
    await expect(win.liveTag(PROJECT, 'dev')).toHaveText('1.0', { timeout: 60_000 });
    await win.tab('Deploys').click();
    await expect(page.getByRole('table', { name: 'Deploys' }).getByRole('cell', { name: 'rollback', exact: true })).toBeVisible();
    await expect(page.getByRole('img', { name: /Duration and outcome of \d+ deploys/ })).toBeVisible();
    await win.screenshot('project-deploys');
  });

  test('shows deliveries with their request and events with filters', async ({ page }) => {
    await win.section('Deliveries');
    const list = page.getByRole('list', { name: 'Recent deliveries' });
    await expect(list.getByRole('button', { name: /accepted/ }).first()).toBeVisible();
    await expect(page.getByRole('article', { name: /Delivery \d+/ }).getByText(`"image": "${REPO}:1.1"`)).toBeVisible();
    await win.screenshot('deliveries');

    await win.section('Events');
    await page.getByLabel('Project', { exact: true }).selectOption({ label: PROJECT });
    await page.getByLabel('Level').selectOption('info');
    const log = page.getByRole('log', { name: 'Event log' });
    await expect(log.getByText(/rolled back to 1\.0/)).toBeVisible();
    await page.getByLabel('Search events').fill('rolled back');
    await expect(log.getByText('stage.rolled-back')).toBeVisible();
    await win.screenshot('events');
  });

  test('edits a stage and checks its registry on demand', async ({ page }) => {
    await win.openProject(PROJECT);
    await win.tab('Settings').click();
    await page.getByLabel('dev auto-deploy').uncheck();
    await page.getByRole('button', { name: 'Save dev', exact: true }).click();
    await expect(page.getByRole('status', { name: 'Stage dev saved' })).toBeVisible();
    await win.screenshot('project-settings');
    await win.tab('Stages').click();
    const actions = page.getByRole('group', { name: 'Actions for dev' });
    await expect(actions.getByRole('button', { name: 'Resume auto-deploy' })).toBeVisible();
    await actions.getByRole('button', { name: 'Check now' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByText(/No new tags for dev|Found /)).toBeVisible();
    await actions.getByRole('button', { name: 'Resume auto-deploy' }).click();
    await expect(actions.getByRole('button', { name: 'Pause auto-deploy' })).toBeVisible();
  });

  test('regenerates the webhook URL after confirming, and the old one stops working', async ({ page }) => {
    await win.section('Settings');
    const url = page.getByRole('textbox', { name: 'Webhook URL' });
    const before = await url.inputValue();
    expect(before).toBe(e2eRuntime().webhookUrl);
    await win.screenshot('settings');
    await page.getByRole('button', { name: 'Regenerate' }).click();
    await win.confirm('Regenerate');
    await expect(url).not.toHaveValue(before);
    const after = await url.inputValue();
    expect(after).toMatch(/\/api\/webhook\/[0-9a-f-]{36}$/);
    const old = await fetch(before, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"image":"x/y:1"}' });
    expect(old.status).toBe(404);
  });

  test('follows the dark theme', async ({ page }) => {
    await win.section('Settings');
    await page.getByRole('radio', { name: 'Dark' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await win.screenshot('settings-dark');
    await win.openProject(PROJECT);
    await win.screenshot('project-stages-dark');
    await win.section('Settings');
    await page.getByRole('radio', { name: 'System' }).check();
  });
});
