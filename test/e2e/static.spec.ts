import { expect, test } from '@playwright/test';
import { startGitServer, type GitServer, type GitWorkRepo } from '../rig/git-server';
import { removeProjectNamed } from './cleanup';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

/** A static site through the window: the New project form's static kind, the first deploy, the commit line, the site itself, then a deploy picked from the repository's refs. */
const ID = Date.now().toString(36);
const PROJECT = `e2e-static-${ID}`;

test.describe('static site', () => {
  test.describe.configure({ mode: 'serial' });
  let git: GitServer;
  let repo: GitWorkRepo;
  let problems: string[] = [];

  test.beforeAll(async () => {
    git = await startGitServer();
    repo = git.createRepo(`e2e-static-${ID}`);
  });
  test.afterAll(async () => {
    await removeProjectNamed(PROJECT);
    await git.close();
  });

  test('created through the form, deployed, its commit on the stage card and the site on the stable URL', async ({ page }) => {
    problems = watchConsole(page);
    const first = repo.commit({ 'site/index.html': '<!doctype html><title>Docs</title><h1>Hello from git</h1>\n', 'README.md': 'not served\n' }, 'Add the landing page');
    const win = new Window(page);
    await win.open(e2eRuntime().uiUrl);
    await win.section('Projects');
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('Static site (a folder of a git repository)').check();
    await page.getByLabel('Clone URL').fill(repo.url);
    await page.getByLabel('Provider').selectOption('gitea');
    await page.getByLabel('Folder', { exact: true }).fill('/site');
    await page.getByLabel('Project name').fill(PROJECT);
    await page.getByRole('button', { name: 'Create and deploy main' }).click();
    await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();

    const line = page.getByLabel('Live commit of dev');
    await expect(line).toContainText(first.slice(0, 7), { timeout: 60_000 });
    await expect(line).toContainText('Add the landing page');
    await expect(line).toContainText('Dana Doe');
    const href = await line.getByRole('link', { name: 'Open' }).getAttribute('href');
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/?$/);
    const res = await fetch(href!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<h1>Hello from git</h1>');
    await win.screenshots('static-site');

    // Deploy…: the dialog lists the repository's branches and tags, not registry tags.
    const second = repo.commit({ 'site/index.html': '<h1>Second</h1>\n' }, 'Second page', { tag: 'v2.0' });
    await page.getByRole('button', { name: 'Deploy…' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Deploy to dev' });
    const refs = dialog.getByRole('list', { name: 'Branches and tags in the repository' });
    await expect(refs.getByRole('button', { name: 'main' })).toBeVisible();
    await refs.getByRole('button', { name: 'tag v2.0' }).click();
    await expect(dialog.getByLabel('Branch, tag or commit sha')).toHaveValue('v2.0');
    await expect(dialog).toContainText(`Tag v2.0 is at ${second.slice(0, 7)}.`);
    await win.screenshots('static-deploy-dialog');
    await dialog.getByRole('button', { name: 'Deploy v2.0' }).click();
    await expect(dialog).toBeHidden();
    await expect(line).toContainText(second.slice(0, 7), { timeout: 60_000 });
    await expect(line).toContainText('Second page');
    expect(await (await fetch(href!)).text()).toBe('<h1>Second</h1>\n');
    expect(problems).toEqual([]);
  });

  test('Settings → Git credentials saves a token per host, never shows it, and removes it', async ({ page }) => {
    problems = watchConsole(page);
    const win = new Window(page);
    await win.open(e2eRuntime().uiUrl);
    await win.section('Settings');
    const section = page.getByRole('region', { name: 'Git credentials' });
    await section.getByLabel('Git host').fill(repo.url); // a pasted clone URL gives its host
    await section.getByLabel('Username').fill('dana');
    await section.getByLabel('Access token').fill('e2e-secret-token');
    await section.getByRole('button', { name: 'Save credentials' }).click();
    const table = section.getByRole('table', { name: 'Saved git credentials' });
    await expect(table).toContainText(git.host);
    await expect(table).toContainText('dana');
    await expect(section.getByLabel('Access token')).toHaveValue('');
    await expect(page.getByText(`Git credentials for ${git.host} saved`)).toBeVisible();
    await expect(page.getByText('e2e-secret-token')).toHaveCount(0);
    await section.scrollIntoViewIfNeeded();
    await win.screenshots('static-git-credentials');
    await section.getByRole('button', { name: `Remove ${git.host}` }).click();
    await expect(table).toHaveCount(0);
    await expect(section).toContainText('No saved git credentials.');
    expect(problems).toEqual([]);
  });
});
