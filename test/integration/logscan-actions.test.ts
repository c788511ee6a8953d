import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { AppEvent } from '../../preload/contract';
import { requireEngine } from '../rig/engine-available';
import { buildTestApp } from '../rig/fixtures';
import { call, sleep, startApp, stopApp, tempDir, waitFor } from './hooks-support';

const engine = requireEngine();
const REPO = 'localhost:5000/it-logscan-actions/web';

describe.skipIf(!engine.available)('log-scan rule actions against a real container', () => {
  let app: App;
  let dir: string;
  let projectId = 0;
  const events: AppEvent[] = [];

  beforeAll(async () => {
    dir = tempDir('slipway-logscan-actions-');
    app = await startApp(dir);
    app.bus.onEvent((e) => events.push(e));
  });

  afterAll(async () => {
    if (projectId) await app.dispatch('projects.remove', { id: projectId });
    await stopApp(app);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a matching line printed by the live instance rolls the stage back, once, as an event naming the rule and the line', async () => {
    await buildTestApp({ repository: REPO, tag: '1.0' });
    await buildTestApp({ repository: REPO, tag: '2.0' });
    const project = await call(app, 'projects.create', {
      image: REPO,
      name: 'it-logscan-actions',
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 1,
      env: { LOG_EVERY_MS: '200' },
      stages: [{ name: 'dev', tagPattern: '*', autoDeploy: false }],
    });
    projectId = project.id;
    const stageId = project.stages[0]!.id;
    expect((await call(app, 'stages.deploy', { stageId, tag: '1.0', wait: true })).status).toBe('succeeded');
    expect((await call(app, 'stages.deploy', { stageId, tag: '2.0', wait: true })).status).toBe('succeeded');

    const rule = await call(app, 'logRules.create', {
      projectId,
      name: 'v2 is broken',
      pattern: '^app 2\\.0 log line',
      action: 'rollback',
      cooldownSeconds: 60,
      actionMaxPerHour: 2,
    });
    expect(rule).toMatchObject({ action: 'rollback', actionMaxPerHour: 2 });

    const acted = await waitFor('the rule to act', () => events.find((e) => e.type === 'log-rule.acted'), 30_000);
    expect(acted).toMatchObject({ projectId, stageId, data: { ruleId: rule.id, ruleName: 'v2 is broken', action: 'rollback' } });
    expect(String(acted.data['line'])).toMatch(/^app 2\.0 log line \d+/);
    expect(acted.message).toContain('rolling back');
    const rolledBack = await waitFor('1.0 live again', async () => {
      const p = await call(app, 'projects.get', { id: projectId });
      return p.stages[0]!.live?.tag === '1.0' && p.stages[0]!.activeDeployId === null ? p : null;
    }, 60_000);
    expect(rolledBack.stages[0]!.live?.tag).toBe('1.0');
    expect(acted.deployId).not.toBeNull();
    expect((await call(app, 'deploys.get', { id: acted.deployId! })).trigger).toBe('rollback');

    // 1.0's lines do not match: nothing more happens.
    await sleep(1500);
    expect(events.filter((e) => e.type === 'log-rule.acted')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'log-rule.action-failed')).toEqual([]);
  });
});
