import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { StatsSample } from '../../preload/contract/stats';
import { stackName } from '../../main/sources/compose/stack-plan';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, callError, get, keepAliveLoad, startApp, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';
import { companions, COMPOSE_DB, projectNamed, stackYaml } from './compose-support';
import { serveRawRoutes } from './volumes-support';

/** Its own repository: the tracked services of these stacks, both from it. */
const REPO = 'localhost:5000/it-compose-multi/web';
const health = { kind: 'http' as const, path: '/health', timeoutMs: 15_000 };

describeEngine('compose stacks with several tracked services, against the real engine and Compose CLI', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-compose-multi-');
  let app: App;

  beforeAll(async () => {
    await buildTestApp({ repository: COMPOSE_DB, tag: '1', version: 'db1' });
    for (const tag of ['m1', 'm2']) await buildTestApp({ repository: REPO, tag });
    await buildTestApp({ repository: REPO, tag: 'm-bad', health: 'fail' });
    app = await startApp(dataDir);
  }, 120_000);

  afterAll(async () => {
    for (const p of (await call(app, 'projects.list', {})).projects) if (p.name.startsWith('itcm-')) await call(app, 'projects.remove', { id: p.id, removeVolumes: true });
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  const apiUrl = async (name: string): Promise<string> => {
    const u = (await projectNamed(app, name)).stages[0]?.urls?.find((x) => x.service === 'api');
    if (!u) throw new Error('no api URL');
    return u.url;
  };

  it('swaps web and api together under keep-alive load on both stable URLs: 0 failed requests, both on the new digest, companion unchanged', async () => {
    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itcm-swap', image: REPO, compose: stackYaml({ repository: REPO, api: true }), health, warmRollbackSec: 0, stages: [{ name: 'dev', tagPattern: 'm*' }] });
    expect(p.compose?.tracked).toEqual(['web', 'api']);
    expect(p.compose?.companions).toEqual(['db']);
    const stage = p.stages[0]!;
    const first = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'm1', wait: true });
    expect(first.status, first.error ?? '').toBe('succeeded');
    const api = await apiUrl('itcm-swap');
    expect((await projectNamed(app, 'itcm-swap')).stages[0]?.urls?.map((u) => [u.service, u.containerPort, u.primary])).toEqual([
      ['web', 8080, true],
      ['api', 9090, false],
    ]);
    expect((await get(stage.url)).body.trim()).toBe('m1');
    expect((await get(api)).body.trim()).toBe('m1');
    const stack = stackName('itcm-swap', 'dev');
    const db = (await companions(docker, stack)).get('db');
    // api reaches the stage's own db by service name too.
    expect((await get(`${api}peer`)).body.trim()).toBe(`m1 -> ${db!.Id.slice(0, 12)}`);

    const loads = [keepAliveLoad(stage.url, 2), keepAliveLoad(api, 2)];
    await waitFor('traffic on both URLs', () => loads.every((l) => l.ok > 20));
    const d = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'm2', wait: true });
    await waitFor('m2 on both stable URLs', () => loads.every((l) => l.versions.includes('m2')));
    await new Promise((r) => setTimeout(r, 300));
    for (const l of loads) await l.stop();
    expect(d.status, d.error ?? '').toBe('succeeded');
    expect(d.steps.find((s) => s.name === 'health')?.detail).toMatch(/; api: healthy/);
    for (const l of loads) {
      expect(l.failures).toEqual([]);
      expect(l.versions).toEqual(['m1', 'm2']);
    }
    expect((await companions(docker, stack)).get('db')?.Id).toBe(db!.Id);

    const view = (await projectNamed(app, 'itcm-swap')).stages[0]!;
    const services = view.services ?? [];
    expect(services.map((s) => [s.name, s.role, s.state])).toEqual([
      ['web', 'tracked', 'running'],
      ['api', 'tracked', 'running'],
      ['db', 'companion', 'running'],
    ]);
    expect(services[0]?.containerId).toBe(view.live?.containerId);
    const apiContainer = await docker.getContainer(services[1]?.containerId ?? '').inspect();
    const webContainer = await docker.getContainer(view.live?.containerId ?? '').inspect();
    // Both at the deployed digest: the same image.
    expect(apiContainer.Image).toBe(webContainer.Image);
    expect(apiContainer.Config.Env).toContain('PORT=9090');
    expect(apiContainer.Config.Labels['slipway.compose-service']).toBe('api');

    // The previous generation is retired together.
    await app.deployments.deployer.retirer.idle();
    await waitFor('the old generation stopped', async () => {
      const mine = await docker.listContainers({ all: true, filters: { label: [`slipway.install=${app.deployments.installId}`, `slipway.stage=${String(stage.id)}`] } });
      const running = mine.filter((c) => c.State === 'running').map((c) => c.Id).sort();
      return running.length === 2 && running.join() === [services[0]?.containerId, services[1]?.containerId].sort().join();
    }, 60_000);

    // Logs and stats of the second tracked service, from its own container.
    const lines: string[] = [];
    const samples: StatsSample[] = [];
    const off = app.bus.onPush((topic, payload) => {
      if (topic === 'logs') lines.push(...(payload as { lines: [number, number, string][] }).lines.map((l) => l[2]));
      if (topic === 'stats') samples.push(payload as StatsSample);
    });
    const logSub = await call(app, 'logs.subscribe', { source: { kind: 'stage', stageId: stage.id, service: 'api' }, tail: 50 });
    const statsSub = await call(app, 'stats.subscribe', { stageId: stage.id, service: 'api' });
    try {
      await waitFor('api\'s output', () => lines.some((l) => l.includes('app m2 listening on 9090')));
      expect(lines.some((l) => l.includes('listening on 8080'))).toBe(false);
      const sample = await waitFor('a stats sample of api', () => samples.find((s) => s.subscriptionId === statsSub.subscriptionId && s.memoryBytes !== null));
      expect(sample.memoryBytes).toBeGreaterThan(0);
      expect(sample.instanceId).toBe(view.live?.instanceId);
    } finally {
      off();
      await call(app, 'logs.unsubscribe', { subscriptionId: logSub.subscriptionId });
      await call(app, 'stats.unsubscribe', { subscriptionId: statsSub.subscriptionId });
    }
    expect((await callError(app, 'stats.subscribe', { stageId: stage.id, service: 'nope' })).message).toMatch(/no service "nope".*web, api, db/);

    // The raw log download takes the service too.
    const server = await serveRawRoutes(app.rawRoutes);
    try {
      const raw = await fetch(`${server.url}/api/raw/logs?stageId=${String(stage.id)}&service=api`);
      expect(raw.status).toBe(200);
      expect(raw.headers.get('content-disposition')).toContain('dev-api-m2.log');
      const text = await raw.text();
      expect(text).toContain('app m2 listening on 9090');
      expect(text).not.toContain('listening on 8080');
      expect((await fetch(`${server.url}/api/raw/logs?stageId=${String(stage.id)}&service=nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('one tracked service failing its health check fails the whole generation: the old one serves on both URLs', async () => {
    // web passes its own healthcheck on any tag; api has none, so the project's check decides (m-bad fails it).
    const yaml = stackYaml({ repository: REPO, api: true, webHealthcheck: '{ test: ["CMD", "true"], interval: 500ms, retries: 1 }' });
    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itcm-health', image: REPO, compose: yaml, health: { ...health, timeoutMs: 3000 }, stages: [{ name: 'dev', tagPattern: 'm*' }] });
    const stage = p.stages[0]!;
    expect((await call(app, 'stages.deploy', { stageId: stage.id, tag: 'm1', wait: true })).status).toBe('succeeded');
    const api = await apiUrl('itcm-health');
    const before = (await projectNamed(app, 'itcm-health')).stages[0]!;
    const loads = [keepAliveLoad(stage.url, 2), keepAliveLoad(api, 2)];
    await waitFor('traffic on both URLs', () => loads.every((l) => l.ok > 10));
    const bad = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'm-bad', wait: true });
    for (const l of loads) await l.stop();
    expect(bad.status).toBe('failed');
    expect(bad.steps.find((s) => s.name === 'health')?.status).toBe('failed');
    expect(bad.error).toMatch(/service api/);
    for (const l of loads) {
      expect(l.failures).toEqual([]);
      expect(l.versions).toEqual(['m1']);
    }
    expect((await get(stage.url)).body.trim()).toBe('m1');
    expect((await get(api)).body.trim()).toBe('m1');
    // The failed generation is gone, both of its containers; the live one is as it was.
    const after = (await projectNamed(app, 'itcm-health')).stages[0]!;
    expect(after.services?.map((s) => s.containerId)).toEqual(before.services?.map((s) => s.containerId));
    const mine = await docker.listContainers({ all: true, filters: { label: [`slipway.install=${app.deployments.installId}`, `slipway.stage=${String(stage.id)}`, `slipway.deploy=${String(bad.id)}`] } });
    expect(mine).toEqual([]);
  });

  it('the reconciler replaces the live generation when its api container is removed outside Slipway', async () => {
    const p = await projectNamed(app, 'itcm-health');
    const stage = p.stages[0]!;
    const apiId = stage.services?.find((s) => s.name === 'api')?.containerId ?? '';
    await docker.getContainer(apiId).remove({ force: true });
    await app.deployments.reconciler.reconcileOnce();
    const fresh = await waitFor('a new api container, live', async () => {
      const s = (await projectNamed(app, 'itcm-health')).stages[0];
      const api = s?.services?.find((x) => x.name === 'api');
      return api?.containerId && api.containerId !== apiId && api.state === 'running' ? s : null;
    }, 60_000);
    expect(fresh.live?.tag).toBe('m1');
    expect((await get(await apiUrl('itcm-health'))).body.trim()).toBe('m1');

    // An api container that exits is started again, as the instance's own would be.
    const freshApi = fresh.services?.find((x) => x.name === 'api')?.containerId ?? '';
    await docker.getContainer(freshApi).kill();
    await waitFor('api running again', async () => (await docker.getContainer(freshApi).inspect()).State.Running, 30_000);
    const url = await apiUrl('itcm-health');
    await waitFor('api answering again', async () => (await get(url)).body.trim() === 'm1');

    // Stopping the stage stops the whole generation; every stable URL answers 503.
    await call(app, 'stages.stop', { stageId: stage.id });
    expect((await docker.getContainer(freshApi).inspect()).State.Running).toBe(false);
    expect((await docker.getContainer(fresh.live?.containerId ?? '').inspect()).State.Running).toBe(false);
    expect((await get(stage.url)).status).toBe(503);
    expect((await get(await apiUrl('itcm-health'))).status).toBe(503);
  });
});
