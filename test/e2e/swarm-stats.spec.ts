import { expect, test } from '@playwright/test';
import { ensureSwarm } from '../rig/swarm';
import { callApi } from './cleanup';
import { pageSpec } from './spec-setup';
import type { Window } from './window-pages';

/** A Swarm stage's card: the CPU and memory chart sums the service's tasks and lists a row per task. */
const IMAGE = `localhost:5000/e2e-swarm-${Date.now().toString(36)}/web`;
const PROJECT = 'swarm-stats';

test.describe('stats of a Swarm stage', () => {
  const spec = pageSpec({ image: IMAGE, tag: 'w-1', project: PROJECT });
  let win: Window;

  test.beforeAll(async () => {
    // The rig's global set-up exports the engine it uses.
    await ensureSwarm(process.env['DOCKER_HOST'] ?? '');
    const project = await callApi<{ stages: { id: number }[] }>('projects.create', {
      image: IMAGE,
      name: PROJECT,
      health: { kind: 'http', path: '/health', timeoutMs: 5_000 },
      stopTimeoutSec: 1,
      stages: [{ name: 'prod', tagPattern: 'w-*', autoDeploy: false, pollEnabled: false, target: { kind: 'swarm', engine: 'local', replicas: 2 } }],
    });
    expect(await callApi('stages.deploy', { stageId: project.stages[0]?.id ?? 0, tag: 'w-1', wait: true })).toMatchObject({ status: 'succeeded' });
  });

  test.beforeEach(() => {
    win = spec.win();
  });

  test('shows a row per running task with its CPU and memory', async ({ page }) => {
    await win.openProject(PROJECT);
    const table = page.getByRole('table', { name: 'CPU and memory per task' });
    const rows = table.getByRole('row');
    // The header and one row per replica, by slot, each measured.
    await expect(rows).toHaveCount(3, { timeout: 20_000 });
    await expect(rows.nth(1)).toContainText(/^1/);
    await expect(rows.nth(2)).toContainText(/^2/);
    for (const i of [1, 2]) await expect(rows.nth(i)).toContainText(/\d+\.\d %.*\d+\.\d MB/, { timeout: 20_000 });
    await win.screenshot('swarm-stats');
  });
});
