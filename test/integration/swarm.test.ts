import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { StatsSample, TaskStats } from '../../preload/contract';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { ensureSwarm } from '../rig/swarm';
import { call, crashingDeploy, get, keepAliveLoad, shutdownProxy, startApp, tempDir, waitFor } from './deploy-support';

const REPO = 'localhost:5000/it-swarm/web';
interface TaskInfo {
  readonly Spec: { readonly ContainerSpec: { readonly Image: string } };
  readonly Status: { readonly State: string };
  readonly DesiredState: string;
}

describeEngine('Swarm services: create, start-first update under load, rollback by Swarm, crash mid-update', (engine) => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-swarm-');
  const digests: Record<string, string> = {};
  let app: App;
  let stageId = 0;
  let projectId = 0;
  let url = '';
  let service = '';

  /** The service's tasks meant to run, and the digest each one's image names. */
  const running = async (): Promise<{ digest: string; state: string }[]> => {
    const tasks = (await docker.listTasks({ filters: { service: [service] } })) as TaskInfo[];
    return tasks.filter((t) => t.DesiredState === 'running').map((t) => ({ digest: /@(sha256:\w+)$/.exec(t.Spec.ContainerSpec.Image)?.[1] ?? '', state: t.Status.State }));
  };
  const stageView = async () => (await call(app, 'projects.get', { id: projectId })).stages[0];
  const serviceDigest = async (): Promise<string> => {
    const s = (await docker.getService(service).inspect()) as { Spec: { TaskTemplate: { ContainerSpec: { Image: string } } } };
    return /@(sha256:\w+)$/.exec(s.Spec.TaskTemplate.ContainerSpec.Image)?.[1] ?? '';
  };

  beforeAll(async () => {
    await ensureSwarm(engine.dockerHost);
    for (const tag of ['s-1', 's-2', 's-3']) digests[tag] = (await buildTestApp({ repository: REPO, tag })).digest;
    digests['s-bad'] = (await buildTestApp({ repository: REPO, tag: 's-bad', health: 'fail' })).digest;
    app = await startApp(dataDir);
    const project = await call(app, 'projects.create', {
      image: REPO,
      name: 'swarm-it',
      health: { kind: 'http', path: '/health', timeoutMs: 3_000 },
      stopTimeoutSec: 5,
      stages: [{ name: 'prod', tagPattern: 's-*', autoDeploy: false, target: { kind: 'swarm', engine: 'local', replicas: 2 } }],
    });
    stageId = project.stages[0]?.id ?? 0;
    projectId = project.id;
    url = project.stages[0]?.url ?? '';
    service = `slipway-${app.deployments.installId.slice(0, 6)}-swarm-it-prod`;
  }, 120_000);

  afterAll(async () => {
    if (projectId) await app.dispatch('projects.remove', { id: projectId, purgeData: true });
    await app.stop();
    await shutdownProxy(dataDir);
    await docker.getService(service).remove().catch(() => undefined);
  }, 60_000);

  it('creates the service, then updates it start-first under keep-alive load with no failed request', async () => {
    const first = await call(app, 'stages.deploy', { stageId, tag: 's-1', wait: true });
    expect(first.status, first.error ?? '').toBe('succeeded');
    expect(first.steps.find((s) => s.name === 'create')?.detail).toMatch(/created service/);
    expect(await running()).toEqual([
      { digest: digests['s-1'], state: 'running' },
      { digest: digests['s-1'], state: 'running' },
    ]);
    expect((await get(url)).body.trim()).toBe('s-1');
    const stage = await stageView();
    expect(stage?.target).toEqual({ kind: 'swarm', engine: 'local', replicas: 2 });
    expect(stage?.tasks?.filter((t) => t.inPool)).toHaveLength(2);

    const progress: string[] = [];
    const off = app.bus.onPush((name, data) => {
      const p = data as { deployId?: number; rollout?: { updated: number; total: number } | null };
      if (name === 'deploy.progress' && p.rollout) progress.push(`${String(p.rollout.updated)}/${String(p.rollout.total)}`);
    });
    const load = keepAliveLoad(url, 4);
    await waitFor('traffic before the update', () => load.ok > 20);
    const second = await call(app, 'stages.deploy', { stageId, tag: 's-2', wait: true });
    await waitFor('traffic after the update', () => load.versions.includes('s-2') && load.ok > 50);
    await load.stop();
    off();
    expect(second.status, second.error ?? '').toBe('succeeded');
    expect(load.failures).toEqual([]);
    expect(load.versions).toEqual(['s-1', 's-2']);
    expect(progress).toContain('1/2');
    expect(progress.at(-1)).toBe('2/2');
    expect(second.steps.find((s) => s.name === 'start')?.detail).toMatch(/^2\/2 updated/);
    expect(await serviceDigest()).toBe(digests['s-2']);
    expect(await running()).toEqual([
      { digest: digests['s-2'], state: 'running' },
      { digest: digests['s-2'], state: 'running' },
    ]);
  }, 180_000);

  it('shows CPU and memory per running task, and their sum for the stage', async () => {
    const samples: StatsSample[] = [];
    const off = app.bus.onPush((name, data) => {
      if (name === 'stats') samples.push(data as StatsSample);
    });
    const sub = await call(app, 'stats.subscribe', { stageId });
    const measured = (s: StatsSample): boolean => s.subscriptionId === sub.subscriptionId && (s.tasks ?? []).length === 2 && (s.tasks ?? []).every((t) => t.memoryBytes !== null && t.cpuPercent !== null);
    const sample = await waitFor('a sample with both tasks measured', () => samples.find(measured), 30_000);
    off();
    await call(app, 'stats.unsubscribe', { subscriptionId: sub.subscriptionId });
    const tasks = (await docker.listTasks({ filters: { service: [service], 'desired-state': ['running'] } })) as { ID: string; Slot: number }[];
    expect(sample.tasks?.map((t) => t.taskId).sort()).toEqual(tasks.map((t) => t.ID).sort());
    expect(sample.tasks?.map((t) => t.slot)).toEqual([1, 2]);
    for (const t of sample.tasks ?? []) {
      expect(t.notice).toBeNull();
      // A busybox httpd uses a little memory, never none and never the host's.
      expect(t.memoryBytes).toBeGreaterThan(0);
      expect(t.memoryBytes).toBeLessThan(256 * 1048576);
    }
    const sum = (pick: (t: TaskStats) => number | null): number => (sample.tasks ?? []).reduce((a, t) => a + (pick(t) ?? 0), 0);
    expect(sample.memoryBytes).toBe(sum((t) => t.memoryBytes));
    expect(sample.cpuPercent).toBeCloseTo(sum((t) => t.cpuPercent), 6);
    expect(sample.notice).toBeNull();
    expect(sample.instanceId).toBe((await stageView())?.live?.instanceId);
  }, 60_000);

  it("follows the service's logs across its tasks", async () => {
    const lines: string[] = [];
    const off = app.bus.onPush((name, data) => {
      if (name === 'logs') for (const l of (data as { lines: [number, number, string][] }).lines) lines.push(l[2]);
    });
    const sub = await call(app, 'logs.subscribe', { source: { kind: 'stage', stageId }, tail: 100 });
    // Each of the two tasks printed its start line.
    await waitFor("both tasks' start lines", () => lines.filter((l) => l.includes('app s-2 starting')).length >= 2, 20_000);
    off();
    await call(app, 'logs.unsubscribe', { subscriptionId: sub.subscriptionId });
  }, 60_000);

  it('a failing health check is rolled back by Swarm; the deploy says why and the stage stays on the previous digest', async () => {
    const bad = await call(app, 'stages.deploy', { stageId, tag: 's-bad', wait: true });
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(/Swarm rolled the update back/);
    // The failing task's own error and its last log lines.
    expect(bad.error).toMatch(/health check (starting|unhealthy): .*500/);
    expect(bad.error).toMatch(/app s-bad starting/);
    expect(await serviceDigest()).toBe(digests['s-2']);
    const stage = await stageView();
    expect(stage?.live?.digest).toBe(digests['s-2']);
    await waitFor('the old tasks serving again', async () => (await get(url)).body.trim() === 's-2' && (await running()).every((t) => t.digest === digests['s-2'] && t.state === 'running'));
    const failed = (await call(app, 'events.list', { limit: 20 })).events.find((e) => e.type === 'deploy.failed' && e.deployId === bad.id);
    expect(failed?.data?.['logTail']).toMatch(/app s-bad/);
  }, 180_000);

  it('a crash of Slipway mid-update, then a restart, converges on the new digest', async () => {
    await app.stop();
    const crash = await crashingDeploy(dataDir, stageId, 's-3', 'create');
    expect(crash.signal, crash.stderr.slice(-2000)).toBe('SIGKILL');
    // The update was sent before the crash: Swarm goes on with it meanwhile.
    expect(await serviceDigest()).toBe(digests['s-3']);
    app = await startApp(dataDir);
    const deploys = await call(app, 'deploys.list', { stageId, limit: 5 });
    const resumed = deploys.deploys.find((d) => d.tag === 's-3');
    expect(resumed).toBeDefined();
    const done = await app.deployments.deployer.waitFor(resumed?.id ?? 0);
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(await running()).toEqual([
      { digest: digests['s-3'], state: 'running' },
      { digest: digests['s-3'], state: 'running' },
    ]);
    await waitFor('the stable URL on the new version', async () => (await get(url)).body.trim() === 's-3');
    expect((await stageView())?.live?.digest).toBe(digests['s-3']);
  }, 180_000);
});
