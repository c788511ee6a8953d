import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { LABEL } from '../../main/deployer/container-spec';
import { routeKey } from '../../main/deployer/deps';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { crashingDeploy } from './crash-support';
import { call, get, installContainers, IT_REPO, keepAliveLoad, removeInstallContainers, shutdownProxy, startApp, tempDir, waitFor, type Load } from './deploy-support';

// Every durable marker of a deploy, and the moments between an effect and its marker.
const points = ['pull', 'create:effect', 'create', 'start', 'health', 'switch:effect', 'switch', 'drain', 'cleanup'];

describeEngine('a crash at any deploy step converges after restart', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-crash-');
  let stageId = 0;
  let url = '';
  let installId = '';
  let load: Load;
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    for (const tag of ['c-a', 'c-b']) digests[tag] = (await buildTestApp({ repository: IT_REPO, tag })).digest;
    const app = await startApp(dataDir);
    const project = await call(app, 'projects.create', {
      image: IT_REPO,
      name: 'crash-it',
      health: { kind: 'http', path: '/health', timeoutMs: 10_000 },
      stopTimeoutSec: 2,
      // The previous instance is stopped at once: what runs after recovery is exactly the live one.
      warmRollbackSec: 0,
      stages: [{ name: 'dev', tagPattern: 'c-*', maxInstances: 2 }],
    });
    stageId = project.stages[0]?.id ?? 0;
    url = project.stages[0]?.url ?? '';
    installId = app.deployments.installId;
    expect((await call(app, 'stages.deploy', { stageId, tag: 'c-a', wait: true })).status).toBe('succeeded');
    await app.stop();
    // The stable URL is served by the proxy process throughout: crashes of the app do not touch it.
    load = keepAliveLoad(url, 3);
    await waitFor('traffic', () => load.ok > 10);
  });

  afterAll(async () => {
    await load.stop();
    await shutdownProxy(dataDir);
    await removeInstallContainers(docker, installId);
  });

  let next = 'c-b';
  for (const point of points) {
    it(`crash at "${point}"`, async () => {
      const tag = next;
      next = tag === 'c-a' ? 'c-b' : 'c-a';
      const crash = await crashingDeploy(dataDir, stageId, tag, point);
      expect(crash.signal, crash.stderr.slice(-2000)).toBe('SIGKILL');

      const app: App = await startApp(dataDir);
      try {
        const d = await waitFor('the interrupted deploy to finish', async () => {
          const list = await call(app, 'deploys.list', { stageId, limit: 1 });
          const last = list.deploys[0];
          return last && ['succeeded', 'failed', 'skipped'].includes(last.status) ? last : null;
        });
        expect(d.tag).toBe(tag);
        expect(d.status, d.error ?? '').toBe('succeeded');
        // It was finished from its last marker, not started over as a new deploy.
        const resumed = await call(app, 'events.list', { type: 'deploy.resumed', stageId });
        expect(resumed.events.some((e) => e.deployId === d.id)).toBe(true);
        expect((await call(app, 'deploys.list', { stageId, limit: 50 })).deploys.filter((x) => x.tag === tag && x.id > d.id)).toEqual([]);
        await app.deployments.reconciler.reconcileOnce();
        await app.deployments.deployer.retirer.idle();

        // Exactly one live instance, and the engine holds exactly the instances the store knows.
        const stage = (await call(app, 'projects.list', {})).projects.flatMap((p) => p.stages).find((s) => s.id === stageId);
        expect(stage?.live?.digest).toBe(digests[tag]);
        const containers = await installContainers(docker, installId);
        const running = containers.filter((c) => c.State === 'running');
        expect(running.map((c) => c.Id)).toEqual([stage?.live?.containerId]);
        expect(containers.length).toBeLessThanOrEqual(2);
        const rows = app.db.prepare("SELECT container_id FROM instances WHERE stage_id = ? AND status != 'removed'").all(stageId) as { container_id: string }[];
        expect(new Set(containers.map((c) => c.Id))).toEqual(new Set(rows.map((r) => r.container_id)));
        expect(containers.every((c) => c.Labels[LABEL.stage] === String(stageId))).toBe(true);
        const live = app.db.prepare("SELECT COUNT(*) AS n FROM instances WHERE stage_id = ? AND status = 'live'").get(stageId) as { n: number };
        expect(live.n).toBe(1);

        const route = (await app.deployments.proxy()?.listRoutes())?.find((r) => r.key === routeKey(stageId));
        expect(route?.targetPort).toBe(stage?.live?.hostPort);
        expect((await get(url)).body.trim()).toBe(tag);
      } finally {
        await app.stop();
      }
      expect(load.failures).toEqual([]);
    });
  }
});
