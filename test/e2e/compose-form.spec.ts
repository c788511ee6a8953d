import { expect, test } from '@playwright/test';
import { buildTestApp } from '../rig/fixtures';
import { removeProjectNamed } from './cleanup';
import { e2eRuntime } from './runtime';
import { watchConsole, Window } from './window-pages';

/** New project → Compose stack: the file is checked as it is typed (problems with their line), then created through the real API. */
const BASE = `localhost:5000/e2e-compose-${Date.now().toString(36)}`;
const WEB = `${BASE}/web`;
const DB = `${BASE}/db`;
const PROJECT = `e2e-stack-${Date.now().toString(36)}`;

/** Two tracked services (web and worker, both from WEB) and a companion. */
const yaml = (withBuild: boolean): string =>
  [
    'services:',
    '  web:',
    `    image: ${WEB}:1.0`,
    ...(withBuild ? ['    build: .'] : []),
    '    ports: ["8080"]',
    '  worker:',
    `    image: ${WEB}`,
    '  db:',
    `    image: ${DB}:1.0`,
    '    volumes: ["dbdata:/data", "./files:/files"]',
    'volumes:',
    '  dbdata: {}',
    '',
  ].join('\n');

test.describe.configure({ mode: 'serial' });

test.describe('a compose project in the window', () => {
  let problems: string[] = [];
  let win: Window;

  test.beforeAll(async () => {
    await buildTestApp({ repository: WEB, tag: '1.0' });
    await buildTestApp({ repository: DB, tag: '1.0' });
  });
  test.beforeEach(async ({ page }) => {
    problems = watchConsole(page);
    win = new Window(page);
    await win.open(e2eRuntime().uiUrl);
    await win.section('Projects');
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByRole('radio', { name: /^Compose stack/ }).check();
  });
  test.afterEach(() => {
    expect(problems).toEqual([]);
  });
  test.afterAll(async () => {
    await removeProjectNamed(PROJECT);
  });

  test('a bad file shows its problem on its line; the fixed one lists tracked and companion services', async ({ page }) => {
    await page.getByLabel('Tracked image repository').fill(WEB);
    await page.getByRole('textbox', { name: 'Compose file' }).fill(yaml(true));
    const check = page.getByRole('status', { name: 'Compose check' });
    await expect(check.getByRole('list', { name: 'Compose problems' })).toContainText('Line 4 · web: Service "web" uses "build:"');
    await expect(page.getByRole('textbox', { name: 'Compose file' })).toHaveAttribute('aria-invalid', 'true');
    await win.screenshots('new-project-compose-problem');

    await page.getByRole('textbox', { name: 'Compose file' }).fill(yaml(false));
    await expect(check.getByRole('list', { name: 'Compose problems' })).toHaveCount(0);
    await expect(check.getByLabel('Tracked services')).toContainText('web');
    await expect(check.getByLabel('Tracked services')).toContainText('worker');
    await expect(check.getByLabel('Companion services')).toContainText('db');
    await win.screenshots('new-project-compose');
  });

  test('Advanced JSON shows the create input and refuses what the contract refuses, inline', async ({ page }) => {
    await page.getByLabel('Tracked image repository').fill(WEB);
    await page.getByRole('textbox', { name: 'Compose file' }).fill(yaml(false));
    await page.getByLabel('Project name').fill(PROJECT);
    await page.getByRole('button', { name: 'Advanced JSON' }).click();
    const editor = page.getByRole('textbox', { name: 'Project definition (JSON)' });
    const text = await editor.inputValue();
    expect(JSON.parse(text)).toMatchObject({ kind: 'compose', image: WEB, name: PROJECT, compose: yaml(false) });
    await editor.fill(text.replace(`"name": "${PROJECT}"`, '"name": "Not A Name"'));
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByRole('alert', { name: 'Project definition (JSON) problems' })).toContainText('name: project names are lower-case');
    await win.screenshots('new-project-json');
    // Back to the form: what was typed there is still there.
    await page.getByRole('button', { name: 'Back to the form' }).click();
    await expect(page.getByLabel('Project name')).toHaveValue(PROJECT);
  });

  test('creates the compose project', async ({ page }) => {
    await page.getByLabel('Tracked image repository').fill(WEB);
    await page.getByRole('textbox', { name: 'Compose file' }).fill(yaml(false));
    await expect(page.getByRole('status', { name: 'Compose check' }).getByLabel('Tracked services')).toContainText('web');
    await page.getByLabel('Project name').fill(PROJECT);
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect(page.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Notifications' }).getByText(`Project ${PROJECT} created`)).toBeVisible();
    // The saved file is editable in Settings, with the same check.
    await win.tab('Settings').click();
    const section = page.getByRole('region', { name: 'Compose stack' });
    await expect(section.getByRole('textbox', { name: 'Compose file' })).toHaveValue(yaml(false));
    await expect(section.getByLabel('Tracked services')).toContainText('web');
    // Logs follow any service of a stage's stack, tracked or companion.
    await win.tab('Logs').click();
    const source = page.getByLabel('Source');
    await expect(source.locator('option', { hasText: 'service worker (tracked)' })).toHaveCount(1);
    await expect(source.locator('option', { hasText: 'service db (companion)' })).toHaveCount(1);
  });

  test('the Files tab lists the stack\'s named volume and bind folder, labelled with the service', async ({ page }) => {
    await win.openProject(PROJECT);
    await win.tab('Files').click();
    const picker = page.getByLabel('Volume');
    await expect(picker.locator('option')).toHaveText([
      new RegExp(`^db · /data — named, dev · Docker volume ${PROJECT}_dev_dbdata$`),
      /^db · \/files — stage, dev · .*\/stacks\/\d+\/files$/,
    ]);
    // Nothing is deployed yet: opening the volume says what makes it.
    await expect(page.getByText(`The Docker volume "${PROJECT}_dev_dbdata" does not exist yet: the first deploy creates it.`)).toBeVisible();
    // The browser logs that refused call (404) itself; it is the one expected.
    expect(problems).toEqual([expect.stringContaining('status of 404')]);
    problems.length = 0;
    await win.screenshots('project-files-compose');
  });
});
