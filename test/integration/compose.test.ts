import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { stackName } from '../../main/sources/compose/stack-plan';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, callError, get, keepAliveLoad, startApp, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';
import { companions, COMPOSE_DB, COMPOSE_WEB, projectNamed, stackYaml } from './compose-support';

const health = { kind: 'http' as const, path: '/health', timeoutMs: 15_000 };

describeEngine('compose projects against the real engine and Compose CLI', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-compose-');
  let app: App;

  beforeAll(async () => {
    await buildTestApp({ repository: COMPOSE_DB, tag: '1', version: 'db1' });
    for (const tag of ['k1', 'k2', 'k3']) await buildTestApp({ repository: COMPOSE_WEB, tag });
    await buildTestApp({ repository: COMPOSE_WEB, tag: 'k-bad', health: 'fail' });
    app = await startApp(dataDir);
  }, 120_000);

  afterAll(async () => {
    for (const p of (await call(app, 'projects.list', {})).projects) if (p.name.startsWith('itc-')) await call(app, 'projects.remove', { id: p.id, removeVolumes: true });
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  it('swaps web blue-green under keep-alive load: 0 failed requests, the companion is the same container, web reaches it by name', async () => {
    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itc-swap', image: COMPOSE_WEB, compose: stackYaml(), health, warmRollbackSec: 0, stages: [{ name: 'dev', tagPattern: 'k*' }] });
    expect(p.compose?.tracked).toEqual(['web']);
    expect(p.compose?.companions).toEqual(['db']);
    const stage = p.stages[0]!;
    expect((await call(app, 'stages.deploy', { stageId: stage.id, tag: 'k1', wait: true })).status).toBe('succeeded');
    const stack = stackName('itc-swap', 'dev');
    const db = (await companions(docker, stack)).get('db');
    expect(db?.State).toBe('running');
    expect((await get(stage.url)).body.trim()).toBe('k1');
    // Inside the stack, "db" is this stage's db.
    expect((await get(`${stage.url}peer`)).body.trim()).toBe(`k1 -> ${db!.Id.slice(0, 12)}`);

    const load = keepAliveLoad(stage.url, 4);
    await waitFor('traffic', () => load.ok > 20);
    const d = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'k2', wait: true });
    await waitFor('k2 on the stable URL', () => load.versions.includes('k2'));
    await new Promise((r) => setTimeout(r, 300));
    await load.stop();
    expect(d.status, d.error ?? '').toBe('succeeded');
    expect(load.failures).toEqual([]);
    expect(load.versions).toEqual(['k1', 'k2']);
    expect((await companions(docker, stack)).get('db')?.Id).toBe(db!.Id);

    const view = await projectNamed(app, 'itc-swap');
    const services = view.stages[0]?.services ?? [];
    expect(services.map((s) => [s.name, s.role, s.state])).toEqual([
      ['web', 'tracked', 'running'],
      ['db', 'companion', 'running'],
    ]);
    expect(services[0]?.containerId).toBe(view.stages[0]?.live?.containerId);
    expect(view.stages[0]?.urls?.map((u) => [u.service, u.containerPort, u.primary])).toEqual([['web', 8080, true]]);

    // Logs per service: the companion's own output, picked by service name.
    const lines: string[] = [];
    const off = app.bus.onPush((topic, payload) => {
      if (topic === 'logs') lines.push(...(payload as { lines: [number, number, string][] }).lines.map((l) => l[2]));
    });
    const sub = await call(app, 'logs.subscribe', { source: { kind: 'stage', stageId: stage.id, service: 'db' }, tail: 50 });
    try {
      await waitFor('the db companion\'s output', () => lines.some((l) => l.includes('app db1 listening')));
      expect(lines.some((l) => l.includes('app k'))).toBe(false);
    } finally {
      off();
      await call(app, 'logs.unsubscribe', { subscriptionId: sub.subscriptionId });
    }
    expect((await callError(app, 'logs.subscribe', { source: { kind: 'stage', stageId: stage.id, service: 'nope' } })).message).toMatch(/no service "nope".*web, db/);
  });

  it('a failed health check on the new web leaves the old one serving', async () => {
    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itc-health', image: COMPOSE_WEB, compose: stackYaml(), health: { ...health, timeoutMs: 3000 }, stages: [{ name: 'dev', tagPattern: 'k*' }] });
    const stage = p.stages[0]!;
    expect((await call(app, 'stages.deploy', { stageId: stage.id, tag: 'k1', wait: true })).status).toBe('succeeded');
    const load = keepAliveLoad(stage.url, 2);
    await waitFor('traffic', () => load.ok > 10);
    const bad = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'k-bad', wait: true });
    await load.stop();
    expect(bad.status).toBe('failed');
    expect(bad.steps.find((s) => s.name === 'health')?.status).toBe('failed');
    expect(load.failures).toEqual([]);
    expect(load.versions).toEqual(['k1']);
    expect((await get(stage.url)).body.trim()).toBe('k1');
  });

  it('health-checks web with the service\'s own healthcheck when it has one (the default GET / would pass)', async () => {
    const failing = stackYaml().replace('    environment:\n      PEER: db:8080\n', '    environment:\n      PEER: db:8080\n    healthcheck: { test: ["CMD", "false"], interval: 500ms, retries: 1 }\n');
    expect(failing).toContain('healthcheck');
    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itc-own-health', image: COMPOSE_WEB, compose: failing, stages: [{ name: 'dev', tagPattern: 'k*' }] });
    const d = await call(app, 'stages.deploy', { stageId: p.stages[0]!.id, tag: 'k1', wait: true });
    expect(d.status).toBe('failed');
    expect(d.steps.find((s) => s.name === 'health')?.status).toBe('failed');
    expect(d.error).toMatch(/HEALTHCHECK reports unhealthy/);
  });

  it('a changed companion definition recreates only that companion, and web gets a blue-green deploy', async () => {
    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itc-change', image: COMPOSE_WEB, compose: stackYaml({ cache: 'a' }), health, warmRollbackSec: 0, stages: [{ name: 'dev', tagPattern: 'k*' }] });
    const stage = p.stages[0]!;
    expect((await call(app, 'stages.deploy', { stageId: stage.id, tag: 'k1', wait: true })).status).toBe('succeeded');
    const stack = stackName('itc-change', 'dev');
    const before = await companions(docker, stack);
    const liveBefore = (await projectNamed(app, 'itc-change')).stages[0]?.live?.containerId;

    const load = keepAliveLoad(stage.url, 2);
    await waitFor('traffic', () => load.ok > 10);
    await call(app, 'projects.update', { id: p.id, compose: stackYaml({ cache: 'b' }) });
    const redeploy = await waitFor('the redeploy after the file changed', async () => {
      const last = (await call(app, 'deploys.list', { stageId: stage.id, limit: 1 })).deploys[0];
      return last && last.reason === 'the compose file changed' && ['succeeded', 'failed'].includes(last.status) ? last : null;
    }, 60_000);
    await load.stop();
    expect(redeploy.status, redeploy.error ?? '').toBe('succeeded');
    expect(load.failures).toEqual([]);
    const after = await companions(docker, stack);
    expect(after.get('db')?.Id).toBe(before.get('db')?.Id);
    expect(after.get('cache')?.Id).not.toBe(before.get('cache')?.Id);
    expect(after.get('cache')?.State).toBe('running');
    expect((await projectNamed(app, 'itc-change')).stages[0]?.live?.containerId).not.toBe(liveBefore);
  });

  it('two stages run isolated stacks: each web reaches its own db', async () => {
    const p = await call(app, 'projects.create', {
      kind: 'compose',
      name: 'itc-stages',
      image: COMPOSE_WEB,
      compose: stackYaml({ webPorts: '"8080", "9090"' }),
      health,
      stages: [
        { name: 'dev', tagPattern: 'k*' },
        { name: 'prod', tagPattern: 'k*', autoDeploy: false, upstream: 'dev' },
      ],
    });
    const [dev, prod] = p.stages;
    expect((await call(app, 'stages.deploy', { stageId: dev!.id, tag: 'k3', wait: true })).status).toBe('succeeded');
    const promoted = await call(app, 'stages.promote', { stageId: prod!.id, wait: true });
    expect(promoted.status, promoted.error ?? '').toBe('succeeded');
    const devDb = (await companions(docker, stackName('itc-stages', 'dev'))).get('db');
    const prodDb = (await companions(docker, stackName('itc-stages', 'prod'))).get('db');
    expect(devDb && prodDb && devDb.Id !== prodDb.Id).toBe(true);
    expect((await get(`${dev!.url}peer`)).body.trim()).toBe(`k3 -> ${devDb!.Id.slice(0, 12)}`);
    expect((await get(`${prod!.url}peer`)).body.trim()).toBe(`k3 -> ${prodDb!.Id.slice(0, 12)}`);
    const devNet = Object.keys(devDb!.NetworkSettings.Networks);
    const prodNet = Object.keys(prodDb!.NetworkSettings.Networks);
    expect(devNet).toEqual([`${stackName('itc-stages', 'dev')}_default`]);
    expect(prodNet).toEqual([`${stackName('itc-stages', 'prod')}_default`]);

    // The second container port has its own stable URL per stage, pointing at the live instance.
    const view = await projectNamed(app, 'itc-stages');
    for (const s of view.stages) {
      expect(s.urls?.map((u) => [u.containerPort, u.primary])).toEqual([
        [8080, true],
        [9090, false],
      ]);
      const extra = s.urls?.[1];
      const route = (await app.deployments.proxy()?.listRoutes())?.find((r) => r.publicPort === extra?.publicPort);
      const inspect = await docker.getContainer(s.live!.containerId).inspect();
      expect(route?.targetPort).toBe(Number(inspect.HostConfig.PortBindings['9090/tcp'][0].HostPort));
    }
  });

  it('rolls back to the previous web, and the reconciler replaces a tracked container removed outside Slipway, companion untouched', async () => {
    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itc-back', image: COMPOSE_WEB, compose: stackYaml(), health, stages: [{ name: 'dev', tagPattern: 'k*' }] });
    const stage = p.stages[0]!;
    for (const tag of ['k1', 'k2']) expect((await call(app, 'stages.deploy', { stageId: stage.id, tag, wait: true })).status).toBe('succeeded');
    const db = (await companions(docker, stackName('itc-back', 'dev'))).get('db')?.Id;
    const back = await call(app, 'stages.rollback', { stageId: stage.id, wait: true });
    expect([back.status, back.tag]).toEqual(['succeeded', 'k1']);
    expect((await get(stage.url)).body.trim()).toBe('k1');

    const live = (await projectNamed(app, 'itc-back')).stages[0]!.live!;
    await docker.getContainer(live.containerId).remove({ force: true });
    const report = await app.deployments.reconciler.reconcileOnce();
    expect(report.redeployed.length).toBe(1);
    const redeploy = await app.deployments.deployer.waitFor(report.redeployed[0]!);
    expect(redeploy.status, redeploy.error ?? '').toBe('succeeded');
    expect((await get(stage.url)).body.trim()).toBe('k1');
    expect((await get(`${stage.url}peer`)).body.trim()).toBe(`k1 -> ${db!.slice(0, 12)}`);
    expect((await companions(docker, stackName('itc-back', 'dev'))).get('db')?.Id).toBe(db);
  });

  it('refuses a file with problems, naming service and line, and saves nothing', async () => {
    const e = await callError(app, 'projects.create', { kind: 'compose', name: 'itc-bad', image: COMPOSE_WEB, compose: 'services:\n  web:\n    image: localhost:5000/it-compose/web\n  db:\n    image: x\n    privileged: true\n' });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/service "db", line 6: .*privileged/);
    expect((await call(app, 'projects.list', {})).projects.some((p) => p.name === 'itc-bad')).toBe(false);
  });

  it('remove runs down for every stage: no containers or networks are left', async () => {
    const p = await call(app, 'projects.create', { kind: 'compose', name: 'itc-remove', image: COMPOSE_WEB, compose: stackYaml({ cache: 'x' }), health, stages: [{ name: 'dev', tagPattern: 'k*' }, { name: 'qa', tagPattern: 'k*' }] });
    for (const s of p.stages) expect((await call(app, 'stages.deploy', { stageId: s.id, tag: 'k1', wait: true })).status).toBe('succeeded');
    const stacks = p.stages.map((s) => stackName('itc-remove', s.name));
    for (const stack of stacks) expect((await companions(docker, stack)).size).toBe(2);
    const removed = await call(app, 'projects.remove', { id: p.id });
    expect(removed.removedContainers).toBeGreaterThanOrEqual(2);
    for (const stack of stacks) {
      expect((await companions(docker, stack)).size).toBe(0);
      expect((await docker.listNetworks()).filter((n) => n.Name.startsWith(`${stack}_`))).toEqual([]);
      // Named volumes are kept unless asked: the data outlives the project.
      expect((await docker.listVolumes()).Volumes?.map((v) => v.Name)).toContain(`${stack}_dbdata`);
    }
    const slipway = await docker.listContainers({ all: true, filters: { label: [`slipway.project=${String(p.id)}`, `slipway.install=${app.deployments.installId}`] } });
    expect(slipway).toEqual([]);
    for (const stack of stacks) await docker.getVolume(`${stack}_dbdata`).remove();
  });
});
