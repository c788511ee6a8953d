import { expect, test } from '@playwright/test';
import { buildTestApp } from '../rig/fixtures';
import { callApi } from './cleanup';
import { pageSpec } from './spec-setup';
import type { Window } from './window-pages';

/**
 * Projects draws a branching chain as a tree (dev → staging and dev → qa → prod), and a stage's
 * Images list rolls back to any kept instance, not only the previous one.
 */
const IMAGE = `localhost:5000/e2e-chain-${Date.now().toString(36)}/web`;
const PROJECT = 'chain-tree';
const TAGS = ['c-1', 'c-2', 'c-3'];

interface StageOut {
  readonly id: number;
  readonly name: string;
}

test.describe('stage chain and kept images', () => {
  // The shared hooks build c-1 and remove the project; c-2 and c-3 are built here.
  const spec = pageSpec({ image: IMAGE, tag: 'c-1', project: PROJECT });
  let win: Window;

  test.beforeAll(async () => {
    for (const tag of TAGS.slice(1)) await buildTestApp({ repository: IMAGE, tag });
    // Set-up as a script would do it: the four stages and three deploys on dev.
    const project = await callApi<{ stages: StageOut[] }>('projects.create', {
      image: IMAGE,
      name: PROJECT,
      health: { kind: 'http', path: '/health', timeoutMs: 10_000 },
      warmRollbackSec: 0,
      stopTimeoutSec: 1,
      stages: [
        { name: 'dev', tagPattern: 'c-*', maxInstances: 3, pollEnabled: false },
        { name: 'staging', tagPattern: 'c-*', autoDeploy: false, upstream: 'dev', pollEnabled: false },
        { name: 'qa', tagPattern: 'c-*', autoDeploy: false, upstream: 'dev', pollEnabled: false },
        { name: 'prod', tagPattern: 'c-*', autoDeploy: false, upstream: 'qa', pollEnabled: false },
      ],
    });
    const dev = project.stages.find((s) => s.name === 'dev');
    if (!dev) throw new Error('no dev stage');
    for (const tag of TAGS) expect(await callApi('stages.deploy', { stageId: dev.id, tag, wait: true })).toMatchObject({ status: 'succeeded' });
  });

  test.beforeEach(() => {
    win = spec.win();
  });

  test('a branching chain is drawn as a tree: staging and qa both follow dev, prod follows qa', async ({ page }) => {
    await win.section('Projects');
    const row = page.getByRole('region', { name: `Project ${PROJECT}` });
    await expect(row.getByLabel(`Chain of ${PROJECT}: dev → (staging | qa → prod)`)).toBeVisible();
    const afterDev = row.getByRole('group', { name: 'Stages after dev' });
    await expect(afterDev.getByRole('article', { name: `${PROJECT} staging` })).toBeVisible();
    await expect(afterDev.getByRole('article', { name: `${PROJECT} qa` })).toBeVisible();
    await expect(row.getByRole('group', { name: 'Stages after qa' }).getByRole('article', { name: `${PROJECT} prod` })).toBeVisible();
    await expect(row.getByRole('group', { name: 'Stages after staging' })).toHaveCount(0);

    const box = async (stage: string): Promise<{ x: number; y: number; mid: number }> => {
      const b = await win.stageCard(PROJECT, stage).boundingBox();
      if (!b) throw new Error(`${stage} is not drawn`);
      return { x: Math.round(b.x), y: Math.round(b.y), mid: Math.round(b.y + b.height / 2) };
    };
    const [dev, staging, qa, prod] = [await box('dev'), await box('staging'), await box('qa'), await box('prod')];
    // staging and qa in one column after dev, one above the other; prod after qa, on qa's line (centred on it).
    expect(staging.x).toBe(qa.x);
    expect(staging.x).toBeGreaterThan(dev.x);
    expect(qa.y).toBeGreaterThan(staging.y);
    expect(prod.x).toBeGreaterThan(qa.x);
    expect(Math.abs(prod.mid - qa.mid)).toBeLessThanOrEqual(1);
    await row.scrollIntoViewIfNeeded();
    await win.screenshots('projects-chain-tree');
  });

  test('Images lists the kept instances of dev, and "Roll back to this" on the oldest puts it live', async ({ page }) => {
    await win.openProject(PROJECT);
    const images = page.getByRole('region', { name: 'Images kept on dev' });
    await expect(images.getByRole('row', { name: /^Instance c-/ })).toHaveCount(3);
    const oldest = images.getByRole('row', { name: /^Instance c-1 / });
    await expect(oldest).toContainText('kept');
    await expect(oldest.getByRole('cell').nth(2)).toHaveText(/\d+(\.\d+)? (kB|MB|B)/);
    await expect(images.getByRole('row', { name: /^Instance c-3 / })).toContainText('live');
    await images.scrollIntoViewIfNeeded();
    await win.screenshots('project-images');

    await oldest.getByRole('button', { name: /^Roll back dev to c-1/ }).click();
    const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('status', { name: 'Rolling back dev to c-1' });
    await expect(toast).toBeVisible();
    await expect(toast.getByRole('button', { name: 'Open: Rolling back dev to c-1' })).toBeVisible();
    await expect(win.liveTag(PROJECT, 'dev')).toHaveText('c-1', { timeout: 60_000 });
    await expect(images.getByRole('row', { name: /^Instance c-1 / })).toContainText('live');
    await expect(images.getByRole('row', { name: /^Instance c-3 / }).getByRole('button', { name: /^Roll back dev to c-3/ })).toBeEnabled();
  });

  test('keyboard and feedback: Esc closes dialogs and the rail popover, `/` focuses search, actions end in a toast with "Open"', async ({ page }) => {
    await win.openProject(PROJECT);
    const actions = page.getByRole('group', { name: 'Actions for staging' });
    await actions.getByRole('button', { name: 'Deploy…' }).click();
    await expect(page.getByRole('dialog', { name: 'Deploy to staging' })).toBeVisible();
    await win.screenshots('deploy-dialog');
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();
    await actions.getByRole('button', { name: 'Roll back' }).click();
    await expect(page.getByRole('dialog', { name: `Roll back ${PROJECT} staging?` })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toBeHidden();

    await page.getByRole('button', { name: /^engine:/ }).click();
    await expect(page.getByRole('region', { name: 'Docker engine' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('region', { name: 'Docker engine' })).toBeHidden();

    // staging was made with auto-deploy off.
    await actions.getByRole('button', { name: 'Resume auto-deploy' }).click({ timeout: 15_000 });
    const toast = page.getByRole('region', { name: 'Notifications' }).getByRole('status', { name: 'Auto-deploy resumed on staging' });
    await expect(toast).toBeVisible();
    await expect(actions.getByRole('button', { name: 'Pause auto-deploy' })).toBeVisible();
    await win.tab('Deploys').click();
    await toast.getByRole('button', { name: 'Open: Auto-deploy resumed on staging' }).click();
    await expect(win.tab('Stages')).toHaveAttribute('aria-selected', 'true');

    await win.section('Events');
    await page.locator('body').press('/');
    await expect(page.getByRole('searchbox', { name: 'Search events' })).toBeFocused();
  });
});
