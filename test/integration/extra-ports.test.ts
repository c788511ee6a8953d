import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, callError, get, keepAliveLoad, startApp, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';

const REPO = 'localhost:5000/it-ports/web';

/** The test app answers on 8080, and a second busybox httpd on 9090 with "<version>-b". */
const TWO_PORTS = {
  env: { APP_SERVER: 'httpd' },
  health: { kind: 'http' as const, path: '/health', timeoutMs: 15_000 },
  run: { entrypoint: ['/bin/sh', '-c'], command: ['mkdir -p /tmp/b && echo "$APP_VERSION-b" > /tmp/b/index.html && httpd -p 9090 -h /tmp/b && exec /app/start'] },
};

/** Whether anything listens on 127.0.0.1:port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describeEngine('extra container ports of image projects, each with its own stable URL', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-ports-');
  let app: App;

  beforeAll(async () => {
    for (const tag of ['p-1', 'p-2']) await buildTestApp({ repository: REPO, tag, server: 'httpd' });
    app = await startApp(dataDir);
  }, 120_000);

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  it('serves both ports through a deploy under keep-alive load with 0 failed requests; a port left out frees its URL', async () => {
    const p = await call(app, 'projects.create', { image: REPO, name: 'itp-two', port: 8080, ports: [9090], ...TWO_PORTS, stages: [{ name: 'dev', tagPattern: 'p-*' }] });
    expect(p.ports).toEqual([9090]);
    const stage = p.stages[0]!;
    expect(stage.urls?.map((u) => [u.containerPort, u.primary])).toEqual([
      [8080, true],
      [9090, false],
    ]);
    const extra = stage.urls![1]!;
    // Reserved at once: it answers 503 until a deploy publishes the port.
    expect((await get(extra.url)).status).toBe(503);

    const first = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'p-1', wait: true });
    expect(first.status, first.error ?? '').toBe('succeeded');
    expect((await get(stage.url)).body.trim()).toBe('p-1');
    expect((await get(extra.url)).body.trim()).toBe('p-1-b');

    const primaryLoad = keepAliveLoad(stage.url, 2);
    const extraLoad = keepAliveLoad(extra.url, 2);
    await waitFor('traffic on both URLs', () => primaryLoad.ok > 20 && extraLoad.ok > 20);
    const second = await call(app, 'stages.deploy', { stageId: stage.id, tag: 'p-2', wait: true });
    expect(second.status, second.error ?? '').toBe('succeeded');
    await waitFor('p-2 on both URLs', () => primaryLoad.versions.includes('p-2') && extraLoad.versions.includes('p-2-b'));
    await waitFor('more traffic after the switch', () => primaryLoad.ok > 60 && extraLoad.ok > 60);
    await primaryLoad.stop();
    await extraLoad.stop();
    expect(primaryLoad.failures).toEqual([]);
    expect(extraLoad.failures).toEqual([]);
    expect(primaryLoad.versions).toEqual(['p-1', 'p-2']);
    expect(extraLoad.versions).toEqual(['p-1-b', 'p-2-b']);

    // The extra URL leads to the live container's own published 9090.
    const live = (await call(app, 'projects.get', { id: p.id })).stages[0]!.live!;
    const inspect = await docker.getContainer(live.containerId).inspect();
    const route = (await app.deployments.proxy()?.listRoutes())?.find((r) => r.publicPort === extra.publicPort);
    expect(route?.targetPort).toBe(Number(inspect.HostConfig.PortBindings['9090/tcp'][0].HostPort));

    // Left out of `ports`: the URL goes at once, the stage lists only its own.
    const updated = await call(app, 'projects.update', { id: p.id, ports: [] });
    expect(updated.ports).toEqual([]);
    expect(updated.stages[0]!.urls?.map((u) => u.containerPort)).toEqual([8080]);
    expect(await listening(extra.publicPort)).toBe(false);
    expect((await app.deployments.proxy()?.listRoutes())?.some((r) => r.publicPort === extra.publicPort)).toBe(false);
    expect((await get(stage.url)).body.trim()).toBe('p-2');
  });

  it('the reconciler puts a lost extra route back on the live instance; removing the project frees it', async () => {
    const p = await call(app, 'projects.create', { image: REPO, name: 'itp-heal', port: 8080, ports: [9090], ...TWO_PORTS, stages: [{ name: 'dev', tagPattern: 'p-*' }] });
    const stage = p.stages[0]!;
    const extra = stage.urls![1]!;
    expect((await call(app, 'stages.deploy', { stageId: stage.id, tag: 'p-1', wait: true })).status).toBe('succeeded');
    const proxy = app.deployments.proxy()!;
    const key = (await proxy.listRoutes()).find((r) => r.publicPort === extra.publicPort)!.key;
    await proxy.setRoute({ key, publicPort: extra.publicPort, mode: 'http', targetPort: null });
    expect((await get(extra.url)).status).toBe(503);
    await app.deployments.reconciler.reconcileOnce();
    expect((await get(extra.url)).body.trim()).toBe('p-1-b');

    // A new port on a deployed stage: reserved now, published by the next deploy.
    const more = await call(app, 'projects.update', { id: p.id, ports: [9090, 9091] });
    const third = more.stages[0]!.urls![2]!;
    expect([third.containerPort, (await get(third.url)).status]).toEqual([9091, 503]);

    await call(app, 'projects.remove', { id: p.id });
    expect(await listening(extra.publicPort)).toBe(false);
    expect(await listening(third.publicPort)).toBe(false);
    expect((await proxy.listRoutes()).some((r) => r.key.startsWith(`stage-port:${String(stage.id)}:`))).toBe(false);
  });

  it('refuses extra ports that cannot work, saying what to do, and saves nothing', async () => {
    const twice = await callError(app, 'projects.create', { image: REPO, name: 'itp-bad', port: 8080, ports: [9090, 9090] });
    expect([twice.code, twice.message]).toEqual(['INVALID_INPUT', expect.stringMatching(/9090 is listed twice/) as unknown]);
    const primary = await callError(app, 'projects.create', { image: REPO, name: 'itp-bad', port: 8080, ports: [8080] });
    expect(primary.message).toMatch(/8080 is already the project's container port/);
    const many = await callError(app, 'projects.create', { image: REPO, name: 'itp-bad', ports: Array.from({ length: 17 }, (_, i) => 9000 + i) });
    expect([many.code, many.message]).toEqual(['INVALID_INPUT', expect.stringMatching(/at most 16 extra ports/) as unknown]);
    const swarm = await callError(app, 'projects.create', { image: REPO, name: 'itp-bad', ports: [9090], stages: [{ name: 'prod', tagPattern: '*', target: { kind: 'swarm' } }] });
    expect(swarm.message).toMatch(/prod runs as a Swarm service.*leave "ports" empty/);
    expect((await call(app, 'projects.list', {})).projects.some((x) => x.name === 'itp-bad')).toBe(false);

    const p = await call(app, 'projects.create', { image: REPO, name: 'itp-keep', port: 8080, ports: [9090], stages: [{ name: 'dev', tagPattern: 'p-*' }] });
    const clash = await callError(app, 'projects.update', { id: p.id, port: 9090 });
    expect(clash.message).toMatch(/9090 is already the project's container port/);
    const toSwarm = await callError(app, 'stages.update', { stageId: p.stages[0]!.id, target: { kind: 'swarm' } });
    expect(toSwarm.message).toMatch(/has extra ports \(9090\).*empty "ports" first/);
    const kept = await call(app, 'projects.get', { id: p.id });
    expect([kept.port, kept.ports, kept.stages[0]!.urls?.length]).toEqual([8080, [9090], 2]);
    await call(app, 'projects.remove', { id: p.id });
  });
});
