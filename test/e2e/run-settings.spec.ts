import { expect, test } from '@playwright/test';
import { callApi } from './cleanup';
import { pageSpec } from './spec-setup';

/** A project's "How it runs" settings: the contract's refusal shown on the field, then saved and shown again. */
const IMAGE = `localhost:5000/e2e-run-${Date.now().toString(36)}/app`;
const PROJECT = 'run-app';

test.describe('how a project runs', () => {
  const spec = pageSpec({ image: IMAGE, tag: '1.0', project: PROJECT });

  test('a working directory and user are checked on their fields and saved', async ({ page }) => {
    const win = spec.win();
    await win.createProject({ image: IMAGE, name: PROJECT, tag: '1.0' });
    await win.tab('Settings').click();
    const section = page.getByRole('region', { name: 'How it runs' });
    await section.getByLabel('Working directory').fill('tmp');
    await section.getByRole('button', { name: 'Save how it runs' }).click();
    await expect(section.getByRole('alert')).toContainText('an absolute path inside the container');

    await section.getByLabel('Working directory').fill('/tmp');
    await section.getByLabel('User', { exact: true }).fill('1000');
    await section.getByRole('button', { name: 'Save how it runs' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByText('Settings saved')).toBeVisible();
    await expect(section.getByRole('alert')).toHaveCount(0);
    await win.screenshots('project-run-settings');

    const { projects } = await callApi<{ projects: { name: string; run: unknown; stages: { id: number }[] }[] }>('projects.list', {});
    const saved = projects.find((p) => p.name === PROJECT);
    expect(saved?.run).toEqual({ user: '1000', workingDir: '/tmp' });
    // Shown again from the saved project after leaving the tab.
    await win.tab('Stages').click();
    await win.tab('Settings').click();
    await expect(page.getByRole('region', { name: 'How it runs' }).getByLabel('Working directory')).toHaveValue('/tmp');

    // Advanced JSON: the same settings as the raw projects.update patch, checked against the contract before it is sent.
    const json = page.getByRole('region', { name: 'Advanced JSON' });
    await json.getByRole('button', { name: 'Advanced JSON' }).click();
    const editor = json.getByRole('textbox', { name: 'Project settings (JSON)' });
    const text = await editor.inputValue();
    expect(JSON.parse(text)).toMatchObject({ name: PROJECT, run: { user: '1000', workingDir: '/tmp' }, stopTimeoutSec: 10 });
    await editor.fill(text.replace('"stopTimeoutSec": 10', '"stopTimeoutSec": "ten"'));
    await json.getByRole('button', { name: 'Save JSON' }).click();
    await expect(json.getByRole('alert', { name: 'Project settings (JSON) problems' })).toContainText('stopTimeoutSec:');
    await win.screenshots('project-settings-json');
    await editor.fill(text.replace('"stopTimeoutSec": 10', '"stopTimeoutSec": 25'));
    await json.getByRole('button', { name: 'Save JSON' }).click();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Open: Settings saved' }).first()).toBeVisible();
    await expect.poll(async () => (await callApi<{ projects: { name: string; stopTimeoutSec: number }[] }>('projects.list', {})).projects.find((p) => p.name === PROJECT)?.stopTimeoutSec).toBe(25);
  });
});
