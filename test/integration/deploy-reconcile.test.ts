import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { LABEL } from '../../main/deployer/container-spec';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, get, installContainers, IT_REPO, startApp, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';

describeEngine('reconciler', () => {
  const docker = rigDocker();
  let app: App;
  const dataDir = tempDir('slipway-it-reconcile-');
  let stageId = 0;
  let url = '';
  let image = '';

  beforeAll(async () => {
    image = (await buildTestApp({ repository: IT_REPO, tag: 'r-v1' })).ref;
    app = await startApp(dataDir);
    const project = await call(app, 'projects.create', {
      image: IT_REPO,
      name: 'reconcile-it',
      restartPolicy: 'no',
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 2,
      stages: [{ name: 'dev', tagPattern: 'r-*' }],
    });
    stageId = project.stages[0]?.id ?? 0;
    url = project.stages[0]?.url ?? '';
    expect((await call(app, 'stages.deploy', { stageId, tag: 'r-v1', wait: true })).status).toBe('succeeded');
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  const liveContainer = async (): Promise<string> => {
    const s = (await call(app, 'projects.list', {})).projects[0]?.stages[0];
    return s?.live?.containerId ?? '';
  };

  it('reports a live instance that died and starts it again', async () => {
    const id = await liveContainer();
    await docker.getContainer(id).kill({ signal: 'SIGKILL' });
    const died = await waitFor('instance.died', async () => (await call(app, 'events.list', { type: 'instance.died', stageId })).events[0]);
    expect(died.data).toMatchObject({ project: 'reconcile-it', stage: 'dev', tag: 'r-v1', trigger: 'reconcile', url, exitCode: 137 });
    await waitFor('the instance answering again', async () => (await get(url).catch(() => ({ status: 0, body: '' }))).body.trim() === 'r-v1');
    expect(await liveContainer()).toBe(id);
  });

  it('redeploys the live digest when its container was removed outside Slipway', async () => {
    const id = await liveContainer();
    await docker.getContainer(id).remove({ force: true });
    const report = await app.deployments.reconciler.reconcileOnce();
    expect(report.redeployed).toHaveLength(1);
    const d = await app.deployments.deployer.waitFor(report.redeployed[0] ?? 0);
    expect(d.status).toBe('succeeded');
    expect(d.trigger).toBe('reconcile');
    expect((await get(url)).body.trim()).toBe('r-v1');
    expect(await liveContainer()).not.toBe(id);
  });

  it('Quit with "stop deployments" stops them; the next start brings them back without alarms', async () => {
    await app.deployments.stopAll();
    await app.stop();
    await expect(get(url)).rejects.toThrow();
    expect((await installContainers(docker, app.deployments.installId)).filter((c) => c.State === 'running')).toEqual([]);
    app = await startApp(dataDir);
    // Started again by the first reconcile pass; it answers once the app inside listens.
    await waitFor('the stage answering again', async () => (await get(url).catch(() => ({ body: '' }))).body.trim() === 'r-v1');
    const died = await call(app, 'events.list', { type: 'instance.died', stageId });
    expect(died.events.map((e) => e.message), JSON.stringify(died.events.map((e) => e.message))).toHaveLength(2); // the two from the tests above, none from the quit
  });

  it('removes containers with its labels that no instance accounts for', async () => {
    const orphan = await docker.createContainer({ Image: image, Labels: { [LABEL.install]: app.deployments.installId, [LABEL.stage]: String(stageId) } });
    const report = await app.deployments.reconciler.reconcileOnce();
    expect(report.orphansRemoved.length).toBe(1);
    expect((await installContainers(docker, app.deployments.installId)).some((c) => c.Id === orphan.id)).toBe(false);
    expect((await get(url)).body.trim()).toBe('r-v1');
  });
});
