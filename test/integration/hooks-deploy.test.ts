import fs from 'node:fs';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { requireEngine } from '../rig/engine-available';
import { buildTestApp } from '../rig/fixtures';
import { Receiver, call, startApp, stopApp, tempDir, waitFor } from './hooks-support';

const engine = requireEngine();
const REPO = 'localhost:5000/it-hooks/web';

describe.skipIf(!engine.available)('outbound hooks with a real deploy', () => {
  let app: App;
  let dir: string;
  let receiver: Receiver;
  let projectId = 0;

  beforeAll(async () => {
    dir = tempDir('slipway-hooks-deploy-');
    app = await startApp(dir, { hooks: { retry: { scheduleMs: [200], maxDelayMs: 1_000 } } });
    receiver = await new Receiver(() => ({ status: 200 })).start();
  });

  afterAll(async () => {
    if (projectId) await app.dispatch('projects.remove', { id: projectId });
    await stopApp(app);
    await receiver.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a real deploy produces signed deploy.started and deploy.succeeded deliveries', async () => {
    const image = await buildTestApp({ repository: REPO, tag: '1.0' });
    const hook = await call(app, 'hooks.create', { url: receiver.url, events: ['deploy.started', 'deploy.succeeded', 'deploy.failed'] });
    const project = await call(app, 'projects.create', {
      image: REPO,
      name: 'hooks-deploy',
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 1,
      stages: [{ name: 'dev', tagPattern: '*' }],
    });
    projectId = project.id;
    const stageId = project.stages[0]!.id;
    const deploy = await call(app, 'stages.deploy', { stageId, tag: '1.0', wait: true });
    expect(deploy.status).toBe('succeeded');

    await waitFor('both deliveries', () => receiver.received.length >= 2);
    const bodies = receiver.received.map((r) => {
      const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, String(v)]));
      return new Webhook(hook.secret).verify(r.body, headers) as { type: string; data: Record<string, unknown> };
    });
    expect(bodies.map((b) => b.type)).toEqual(['deploy.started', 'deploy.succeeded']);
    expect(bodies[1]!.data).toMatchObject({ projectId, stageId, deployId: deploy.id });
    expect(JSON.stringify(bodies[1]!.data)).toContain(image.digest);
    const { deliveries } = await call(app, 'hooks.deliveries', { hookId: hook.id });
    expect(deliveries.every((d) => d.status === 'succeeded' && d.attempts.length === 1)).toBe(true);
  });
});
