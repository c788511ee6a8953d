import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { routeKey } from '../../main/deployer/deps';
import { stackName } from '../../main/sources/compose/stack-plan';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, crashingDeploy, get, installContainers, keepAliveLoad, removeInstallContainers, shutdownProxy, startApp, tempDir, waitFor, type Load } from './deploy-support';
import { companions, COMPOSE_DB, COMPOSE_WEB, stackYaml } from './compose-support';

// After the candidate exists, after it was found healthy, and between the proxy switch and its marker.
const points = ['create:effect', 'health', 'switch:effect'];

describeEngine('a compose deploy of two tracked services interrupted by a crash converges after restart', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-compose-crash-');
  const stack = stackName('itc-crash', 'dev');
  let stageId = 0;
  let url = '';
  let apiUrl = '';
  let installId = '';
  let dbId = '';
  let loads: Load[];

  beforeAll(async () => {
    await buildTestApp({ repository: COMPOSE_DB, tag: '1', version: 'db1' });
    for (const tag of ['x1', 'x2']) await buildTestApp({ repository: COMPOSE_WEB, tag });
    const app = await startApp(dataDir);
    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itc-crash', image: COMPOSE_WEB, compose: stackYaml({ api: true }), health: { kind: 'http', path: '/health', timeoutMs: 15_000 }, warmRollbackSec: 0, stages: [{ name: 'dev', tagPattern: 'x*' }] });
    stageId = p.stages[0]?.id ?? 0;
    url = p.stages[0]?.url ?? '';
    apiUrl = p.stages[0]?.urls?.find((u) => u.service === 'api')?.url ?? '';
    installId = app.deployments.installId;
    expect((await call(app, 'stages.deploy', { stageId, tag: 'x1', wait: true })).status).toBe('succeeded');
    dbId = (await companions(docker, stack)).get('db')?.Id ?? '';
    await app.stop();
    loads = [keepAliveLoad(url, 2), keepAliveLoad(apiUrl, 2)];
    await waitFor('traffic on both URLs', () => loads.every((l) => l.ok > 10));
  }, 180_000);

  afterAll(async () => {
    for (const l of loads) await l.stop();
    const app = await startApp(dataDir);
    for (const p of (await call(app, 'projects.list', {})).projects) await call(app, 'projects.remove', { id: p.id, removeVolumes: true });
    await app.stop();
    await shutdownProxy(dataDir);
    await removeInstallContainers(docker, installId);
  });

  let next = 'x2';
  for (const point of points) {
    it(`crash at "${point}"`, async () => {
      const tag = next;
      next = tag === 'x1' ? 'x2' : 'x1';
      const crash = await crashingDeploy(dataDir, stageId, tag, point);
      expect(crash.signal, crash.stderr.slice(-2000)).toBe('SIGKILL');
      const app: App = await startApp(dataDir);
      try {
        const d = await waitFor('the interrupted deploy to finish', async () => {
          const last = (await call(app, 'deploys.list', { stageId, limit: 1 })).deploys[0];
          return last && ['succeeded', 'failed', 'skipped'].includes(last.status) ? last : null;
        }, 90_000);
        expect([d.tag, d.status, d.error]).toEqual([tag, 'succeeded', null]);
        await app.deployments.reconciler.reconcileOnce();
        await app.deployments.deployer.retirer.idle();
        const stage = (await call(app, 'projects.list', {})).projects.flatMap((p) => p.stages).find((s) => s.id === stageId);
        // The generation that went live runs, both of its services; nothing else of the install does.
        const running = (await installContainers(docker, installId)).filter((c) => c.State === 'running');
        const apiId = stage?.services?.find((s) => s.name === 'api')?.containerId;
        expect(running.map((c) => c.Id).sort()).toEqual([stage?.live?.containerId, apiId].sort());
        const route = (await app.deployments.proxy()?.listRoutes())?.find((r) => r.key === routeKey(stageId));
        expect(route?.targetPort).toBe(stage?.live?.hostPort);
        expect((await get(url)).body.trim()).toBe(tag);
        expect((await get(apiUrl)).body.trim()).toBe(tag);
        // The companion was left alone through all of it.
        expect((await companions(docker, stack)).get('db')?.Id).toBe(dbId);
      } finally {
        await app.stop();
      }
      for (const l of loads) expect(l.failures).toEqual([]);
    }, 180_000);
  }
});
