import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { containerEnv } from '../rig/container-env';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { callApi } from './cleanup';
import { pageSpec } from './spec-setup';

/** Project settings → Environment and Environment per stage: a secret variable and a stage override set in the window reach the container; no answer ever holds a secret. */
const IMAGE = `localhost:5000/e2e-env-${Date.now().toString(36)}/api`;
const PROJECT = 'env-secrets';

interface Listed {
  projects: { name: string; stages: { name: string; live: { containerId: string; tag: string } | null }[] }[];
}

test.describe('environment editors', () => {
  const spec = pageSpec({ image: IMAGE, tag: '1.0', project: PROJECT });

  test('a secret variable and a secret stage override are set in the window, masked, and given to the container', async ({ page }) => {
    const apiToken = `tok-${randomBytes(10).toString('hex')}`;
    const dbPassword = `pw-${randomBytes(10).toString('hex')}`;
    const win = spec.win();
    await win.createProject({ image: IMAGE, name: PROJECT, tag: '1.0' });
    await buildTestApp({ repository: IMAGE, tag: '1.1' });
    await win.tab('Settings').click();

    // Project variables: one plain, one secret (masked, revealed on click while it is typed).
    const env = page.getByRole('region', { name: 'Environment', exact: true });
    await env.getByRole('button', { name: 'Add variable' }).click();
    await env.getByLabel('Variable 1 name').fill('MODE');
    await env.getByLabel('Variable 1 value').fill('blue');
    await env.getByRole('button', { name: 'Add variable' }).click();
    await env.getByLabel('Variable 2 name').fill('API_TOKEN');
    await env.getByLabel('Variable 2 secret').check();
    const secretInput = env.getByLabel('Variable 2 value');
    await secretInput.fill(apiToken);
    await expect(secretInput).toHaveAttribute('type', 'password');
    await env.getByRole('button', { name: 'Reveal Variable 2' }).click();
    await expect(secretInput).toHaveAttribute('type', 'text');
    await expect(secretInput).toHaveValue(apiToken);
    await env.getByRole('button', { name: 'Hide Variable 2' }).click();
    await expect(secretInput).toHaveAttribute('type', 'password');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status', { name: 'Settings saved' })).toBeVisible();
    // Saved: the secret is shown as hidden (sorted first), with no way to read it back.
    await expect(env.getByLabel('Variable 1 value')).toHaveText('••• (saved, hidden)');
    await expect(env.getByRole('button', { name: 'Replace Variable 1' })).toBeVisible();
    await expect(env.getByLabel('Variable 2 value')).toHaveValue('blue');

    // A bad name is refused inline, before anything is sent.
    const stageEnv = page.getByRole('group', { name: 'dev', exact: true });
    await stageEnv.getByRole('button', { name: 'Add dev override' }).click();
    await stageEnv.getByLabel('dev override 1 name').fill('1BAD');
    await stageEnv.getByRole('button', { name: 'Save overrides of dev' }).click();
    await expect(stageEnv.getByRole('alert')).toContainText('"1BAD" is not a variable name');

    // Stage overrides: the plain MODE replaced, a secret of its own.
    await stageEnv.getByLabel('dev override 1 name').fill('MODE');
    await stageEnv.getByLabel('dev override 1 value').fill('green');
    await stageEnv.getByRole('button', { name: 'Add dev override' }).click();
    await stageEnv.getByLabel('dev override 2 name').fill('DB_PASSWORD');
    await stageEnv.getByLabel('dev override 2 secret').check();
    await stageEnv.getByLabel('dev override 2 value').fill(dbPassword);
    await stageEnv.getByRole('button', { name: 'Save overrides of dev' }).click();
    await expect(page.getByRole('status', { name: 'Overrides of dev saved' })).toBeVisible();
    await expect(stageEnv.getByLabel('dev override 1 value')).toHaveText('••• (saved, hidden)');
    await stageEnv.scrollIntoViewIfNeeded();
    await win.screenshots('project-env');

    // The window never holds a saved secret: reloaded, the page has the names and not the values.
    await page.reload();
    await win.tab('Settings').click();
    await expect(page.getByRole('group', { name: 'dev', exact: true }).getByLabel('dev override 1 name')).toHaveValue('DB_PASSWORD');
    const html = await page.content();
    expect(html).not.toContain(apiToken);
    expect(html).not.toContain(dbPassword);

    // Deploy 1.1 from the window: the new container gets the variables, the stage's overrides winning.
    await win.tab('Stages').click();
    await page.getByRole('group', { name: 'Actions for dev' }).getByRole('button', { name: 'Deploy…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deploy to dev' });
    await dialog.getByRole('combobox', { name: 'Tag' }).fill('1.1');
    await dialog.getByRole('button', { name: 'Deploy 1.1' }).click();
    await expect(win.liveTag(PROJECT, 'dev')).toHaveText('1.1', { timeout: 60_000 });
    const listed = await callApi<Listed>('projects.list', {});
    const live = listed.projects.find((p) => p.name === PROJECT)?.stages.find((s) => s.name === 'dev')?.live;
    expect(live?.tag).toBe('1.1');
    expect(await containerEnv(rigDocker(), live?.containerId ?? '')).toMatchObject({ API_TOKEN: apiToken, DB_PASSWORD: dbPassword, MODE: 'green' });

    // No answer of the API holds a secret value.
    const answers = JSON.stringify([listed, await callApi('events.list', { limit: 500 })]);
    expect(answers).toContain('API_TOKEN');
    expect(answers).not.toContain(apiToken);
    expect(answers).not.toContain(dbPassword);
  });
});
