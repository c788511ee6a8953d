import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { AppEvent, Project } from '../../preload/contract';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, crashingDeploy, get, installContainers, keepAliveLoad, removeInstallContainers, shutdownProxy, startApp, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';

const REPO = 'localhost:5000/it-retire/web';
const TAGS = ['t-1', 't-2', 't-3'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describeEngine('retiring the previous instance off the critical path', () => {
  const docker = rigDocker();
  const digests: Record<string, string> = {};
  let app: App;
  const dataDir = tempDir('slipway-it-retire-');

  beforeAll(async () => {
    for (const tag of TAGS) digests[tag] = (await buildTestApp({ repository: REPO, tag })).digest;
    app = await startApp(dataDir);
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  /** A project whose app ignores SIGTERM (no handler, like many Node and Python apps). */
  const project = (name: string, over: Record<string, unknown>): Promise<Project> =>
    call(app, 'projects.create', {
      image: REPO,
      name,
      health: { kind: 'http', path: '/health', timeoutMs: 10_000 },
      stages: [{ name: 'dev', tagPattern: 't-*', maxInstances: 2, env: { IGNORE_SIGTERM: '1' } }],
      ...over,
    });
  const deploy = async (stageId: number, tag: string): Promise<number> => {
    const d = app.deployments.deployer;
    const r = await d.waitFor(d.enqueue({ stageId, tag, digest: digests[tag] ?? null, trigger: 'webhook' }).deploy.id);
    expect(r.status, r.error ?? '').toBe('succeeded');
    return r.id;
  };
  const instanceOf = (deployId: number): { id: number; container_id: string; status: string } =>
    app.db.prepare('SELECT id, container_id, status FROM instances WHERE deploy_id = ?').get(deployId) as { id: number; container_id: string; status: string };
  const stoppedEvent = (stageId: number, instanceId: number, timeoutMs = 30_000): Promise<AppEvent> =>
    waitFor(
      `instance #${String(instanceId)} stopped`,
      async () => (await call(app, 'events.list', { type: 'instance.stopped', stageId })).events.find((e) => e.data['instanceId'] === instanceId),
      timeoutMs,
    );

  describe('an init process', () => {
    it('stops a SIGTERM-ignoring app at once, well under its stop timeout', async () => {
      const p = await project('retire-init', { stopTimeoutSec: 10, warmRollbackSec: 0 });
      const sid = p.stages[0]?.id ?? 0;
      const first = await deploy(sid, 't-1');
      await deploy(sid, 't-2');
      const old = instanceOf(first);
      const ev = await stoppedEvent(sid, old.id);
      expect(ev.data['stopMs']).toBeLessThan(5_000);
      // Ended by the forwarded SIGTERM (128 + 15), not by the SIGKILL after the timeout (137).
      const info = await docker.getContainer(old.container_id).inspect();
      expect(info.HostConfig.Init).toBe(true);
      expect(info.State.ExitCode).toBe(143);
      const stage = (await call(app, 'projects.get', { id: p.id })).stages[0];
      expect(stage?.retired).toMatchObject({ instanceId: old.id, tag: 't-1', status: 'stopped', stopMs: ev.data['stopMs'] });
    });

    it('without it (switched off) the same app only ends at the stop timeout', async () => {
      const p = await project('retire-noinit', { stopTimeoutSec: 2, warmRollbackSec: 0, init: false });
      const sid = p.stages[0]?.id ?? 0;
      const first = await deploy(sid, 't-1');
      await deploy(sid, 't-2');
      const old = instanceOf(first);
      const ev = await stoppedEvent(sid, old.id);
      expect(ev.data['stopMs']).toBeGreaterThanOrEqual(1_900);
      const info = await docker.getContainer(old.container_id).inspect();
      expect(info.HostConfig.Init).toBe(false);
      expect(info.State.ExitCode).toBe(137);
    });
  });

  it('two deploys 200 ms apart both go live without waiting for a drain', async () => {
    // Without init this app takes its full 10 s stop timeout: a deploy that waited for it would show.
    const p = await project('retire-fast', { stopTimeoutSec: 10, warmRollbackSec: 0, init: false });
    const sid = p.stages[0]?.id ?? 0;
    const url = p.stages[0]?.url ?? '';
    const first = await deploy(sid, 't-1');
    const d = app.deployments.deployer;
    const second = d.enqueue({ stageId: sid, tag: 't-2', digest: digests['t-2'] ?? null, trigger: 'webhook' }).deploy.id;
    await waitFor('t-2 on the stable URL', async () => (await get(url)).body.trim() === 't-2');
    await sleep(200);
    const third = d.enqueue({ stageId: sid, tag: 't-3', digest: digests['t-3'] ?? null, trigger: 'webhook' }).deploy.id;
    const [r2, r3] = await Promise.all([d.waitFor(second), d.waitFor(third)]);
    expect([r2.status, r3.status]).toEqual(['succeeded', 'succeeded']);
    expect((await get(url)).body.trim()).toBe('t-3');
    // Both were live while the instances they replaced were still being stopped.
    expect(instanceOf(first).status).toBe('draining');
    expect(instanceOf(second).status).toBe('draining');
    expect(r3.steps.find((s) => s.name === 'drain')?.detail).toMatch(/drains and stops in the background/);
    // And the retiring converges: both stop, only the live one runs.
    await stoppedEvent(sid, instanceOf(first).id);
    await stoppedEvent(sid, instanceOf(second).id);
    const running = (await installContainers(docker, app.deployments.installId)).filter((c) => c.State === 'running' && c.Labels['slipway.stage'] === String(sid));
    expect(running.map((c) => c.Id)).toEqual([instanceOf(third).container_id]);
  });

  it('warm rollback: only a switch back to the running instance, 0 failed requests under keep-alive load', async () => {
    const p = await project('retire-warm', { stopTimeoutSec: 2 });
    expect(p.warmRollbackSec).toBe(120);
    expect(p.init).toBe(true);
    const sid = p.stages[0]?.id ?? 0;
    const url = p.stages[0]?.url ?? '';
    const first = await deploy(sid, 't-1');
    await deploy(sid, 't-2');
    const warm = instanceOf(first);
    expect(warm.status).toBe('draining');
    expect((await docker.getContainer(warm.container_id).inspect()).State.Running).toBe(true);
    const before = (await call(app, 'projects.get', { id: p.id })).stages[0];
    expect(before?.warmRollback).toMatchObject({ instanceId: warm.id, tag: 't-1' });

    const load = keepAliveLoad(url, 4);
    await waitFor('traffic', () => load.ok > 20);
    const r = await call(app, 'stages.rollback', { stageId: sid, wait: true });
    await waitFor('requests after the rollback', () => load.versions.includes('t-1') && load.ok > 100);
    await load.stop();
    expect(r.status).toBe('succeeded');
    expect(load.failures).toEqual([]);
    expect(load.versions).toEqual(['t-2', 't-1']);
    // The same container serves again: nothing was pulled, created, started or probed.
    expect(r.instanceId).toBe(warm.id);
    expect(r.steps.filter((s) => s.status === 'skipped').map((s) => s.name)).toEqual(['pull', 'create', 'start', 'health']);
    const after = (await call(app, 'projects.get', { id: p.id })).stages[0];
    expect(after?.live?.containerId).toBe(warm.container_id);
  });

  it('a warm instance that dies leaves the warm window at once: the rollback starts and probes it again', async () => {
    const p = await project('retire-died', { stopTimeoutSec: 2 });
    const sid = p.stages[0]?.id ?? 0;
    const first = await deploy(sid, 't-1');
    await deploy(sid, 't-2');
    const warm = instanceOf(first);
    expect((await call(app, 'projects.get', { id: p.id })).stages[0]?.warmRollback).toMatchObject({ instanceId: warm.id });
    await docker.getContainer(warm.container_id).kill();
    await waitFor('the warm window closed', async () => (await call(app, 'projects.get', { id: p.id })).stages[0]?.warmRollback === null);
    const r = await call(app, 'stages.rollback', { stageId: sid, wait: true });
    expect(r.status, r.error ?? '').toBe('succeeded');
    expect(r.steps.find((s) => s.name === 'start')?.status).toBe('done');
    expect(r.steps.find((s) => s.name === 'health')?.status).toBe('done');
    expect((await get(p.stages[0]?.url ?? '')).body.trim()).toBe('t-1');
  });

  it('after the warm window the previous instance is stopped and kept; a rollback then starts it again', async () => {
    const p = await project('retire-window', { stopTimeoutSec: 2, warmRollbackSec: 1 });
    const sid = p.stages[0]?.id ?? 0;
    const first = await deploy(sid, 't-1');
    await deploy(sid, 't-2');
    expect(instanceOf(first).status).toBe('draining');
    await stoppedEvent(sid, instanceOf(first).id);
    const kept = instanceOf(first);
    expect(kept.status).toBe('stopped');
    expect((await docker.getContainer(kept.container_id).inspect()).State.Running).toBe(false);
    expect((await call(app, 'projects.get', { id: p.id })).stages[0]?.warmRollback).toBeNull();
    const r = await call(app, 'stages.rollback', { stageId: sid, wait: true });
    expect(r.status).toBe('succeeded');
    expect(r.instanceId).toBe(kept.id);
    expect(r.steps.find((s) => s.name === 'start')?.status).toBe('done');
  });

  it('a crash while draining converges: the next start finishes stopping the instance', async () => {
    const crashDir = tempDir('slipway-it-retire-crash-');
    let other = await startApp(crashDir);
    const installId = other.deployments.installId;
    try {
      const p = await call(other, 'projects.create', {
        image: REPO,
        name: 'retire-crash',
        health: { kind: 'http', path: '/health', timeoutMs: 10_000 },
        stopTimeoutSec: 2,
        warmRollbackSec: 0,
        stages: [{ name: 'dev', tagPattern: 't-*', maxInstances: 2 }],
      });
      const sid = p.stages[0]?.id ?? 0;
      const url = p.stages[0]?.url ?? '';
      expect((await call(other, 'stages.deploy', { stageId: sid, tag: 't-1', wait: true })).status).toBe('succeeded');
      await other.stop();

      const crash = await crashingDeploy(crashDir, sid, 't-2', 'retire');
      expect(crash.signal, crash.stderr.slice(-2000)).toBe('SIGKILL');
      expect((await get(url)).body.trim()).toBe('t-2');
      // Left mid-drain: the old container still runs.
      const before = (await installContainers(docker, installId)).filter((c) => c.State === 'running');
      expect(before).toHaveLength(2);

      other = await startApp(crashDir);
      const row = (): { status: string; container_id: string } =>
        other.db.prepare("SELECT i.status, i.container_id FROM instances i JOIN deploys d ON d.id = i.deploy_id WHERE d.tag = 't-1' AND i.stage_id = ?").get(sid) as { status: string; container_id: string };
      await waitFor('the drained instance stopped', () => row().status === 'stopped');
      await other.deployments.deployer.retirer.idle();
      expect((await docker.getContainer(row().container_id).inspect()).State.Running).toBe(false);
      const running = (await installContainers(docker, installId)).filter((c) => c.State === 'running');
      expect(running.map((c) => c.Id)).toEqual([(await call(other, 'projects.get', { id: p.id })).stages[0]?.live?.containerId]);
      expect((await get(url)).body.trim()).toBe('t-2');
    } finally {
      await other.stop();
      await shutdownProxy(crashDir);
      await removeInstallContainers(docker, installId);
    }
  });
});
