import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { ensureRigSsh, type RigSsh } from '../rig/ssh';
import { currentRun, ensureSwarm, markOf } from '../rig/swarm';
import { TLS_ENGINE_ADDR } from '../rig/tls';
import { call, callError, get, keepAliveLoad, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';
import { rigTls, startEnginesApp } from './engines-support';

const REPO = 'localhost:5000/it-swarm-remote/web';

interface TaskInfo {
  readonly Spec: { readonly ContainerSpec: { readonly Image: string } };
  readonly Status: { readonly State: string; readonly PortStatus?: { readonly Ports?: { readonly PublishedPort?: number }[] } };
  readonly DesiredState: string;
}

describeEngine('Swarm services on remote engines: a TLS manager and one over SSH', (engine) => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-swarm-remote-');
  const digests: Record<string, string> = {};
  let ssh: RigSsh;
  let app: App;
  let installId = '';

  const running = async (service: string): Promise<{ digest: string; port: number }[]> => {
    const tasks = (await docker.listTasks({ filters: { service: [service] } })) as TaskInfo[];
    return tasks
      .filter((t) => t.DesiredState === 'running' && t.Status.State === 'running')
      .map((t) => ({ digest: /@(sha256:\w+)$/.exec(t.Spec.ContainerSpec.Image)?.[1] ?? '', port: t.Status.PortStatus?.Ports?.[0]?.PublishedPort ?? 0 }));
  };

  beforeAll(async () => {
    await ensureSwarm(engine.dockerHost);
    ssh = await ensureRigSsh();
    for (const tag of ['r-1', 'r-2']) digests[tag] = (await buildTestApp({ repository: REPO, tag })).digest;
    app = await startEnginesApp(dataDir, `${dataDir}/known_hosts`);
    installId = app.deployments.installId.slice(0, 6);
    const tls = await call(app, 'engines.add', { kind: 'tls', name: 'swarm-tls', url: `tcp://${TLS_ENGINE_ADDR}`, ...rigTls(), publishAddress: '0.0.0.0' });
    expect(tls.state).toMatchObject({ reachable: true, swarm: 'active' });
    const added = await call(app, 'engines.add', { kind: 'ssh', name: 'swarm-ssh', url: `ssh://${ssh.user}@127.0.0.1:${String(ssh.port)}`, keyFile: ssh.clientKey, socket: '/tmp/slw/docker.sock' });
    expect(added.hostKeyPending?.fingerprint).toBe(ssh.fingerprint);
    expect((await call(app, 'engines.acceptHostKey', { name: 'swarm-ssh', fingerprint: ssh.fingerprint })).state).toMatchObject({ reachable: true, swarm: 'active' });
  }, 180_000);

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
    for (const name of ['tls', 'ssh']) await docker.getService(`slipway-${installId}-swarm-${name}-prod`).remove().catch(() => undefined);
  }, 60_000);

  it("runs on this run's own swarm, marked as the rig's", async () => {
    const spec = (await docker.swarmInspect()) as { Spec?: { Labels?: Record<string, string> } };
    expect(markOf(spec.Spec?.Labels)?.run).toBe(currentRun().run);
  });

  it('refuses a Swarm target on an engine that is not there, saying where to add it', async () => {
    const e = await callError(app, 'projects.create', { image: REPO, name: 'swarm-nowhere', stages: [{ name: 'prod', tagPattern: 'r-*', target: { kind: 'swarm', engine: 'nowhere', replicas: 2 } }] });
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/stages\.0\.target\.engine: there is no engine named "nowhere"\. Add it in Settings → Engines/);
    expect((await call(app, 'projects.list', {})).projects.some((p) => p.name === 'swarm-nowhere')).toBe(false);
  });

  for (const kind of ['tls', 'ssh'] as const) {
    it(`over ${kind.toUpperCase()}: creates the service, then updates it start-first under keep-alive load with no failed request`, async () => {
      const project = await call(app, 'projects.create', {
        image: REPO,
        name: `swarm-${kind}`,
        health: { kind: 'http', path: '/health', timeoutMs: 3_000 },
        stopTimeoutSec: 5,
        stages: [{ name: 'prod', tagPattern: 'r-*', autoDeploy: false, engine: `swarm-${kind}`, target: { kind: 'swarm', engine: `swarm-${kind}`, replicas: 2 } }],
      });
      const stageId = project.stages[0]?.id ?? 0;
      const url = project.stages[0]?.url ?? '';
      const service = `slipway-${installId}-swarm-${kind}-prod`;

      const first = await call(app, 'stages.deploy', { stageId, tag: 'r-1', wait: true });
      expect(first.status, first.error ?? '').toBe('succeeded');
      const tasks = await running(service);
      expect(tasks.map((t) => t.digest)).toEqual([digests['r-1'], digests['r-1']]);
      // The proxy reaches each task through a loopback port of its own, piped over the engine's connection.
      const switched = first.steps.find((s) => s.name === 'switch')?.detail ?? '';
      expect(switched).toMatch(/2 task\(s\) on /);
      for (const t of tasks) expect(switched).toContain(`127.0.0.1:${String(t.port)} (through 127.0.0.1:`);
      expect((await get(url)).body.trim()).toBe('r-1');

      const load = keepAliveLoad(url, 4);
      await waitFor('traffic before the update', () => load.ok > 20);
      const second = await call(app, 'stages.deploy', { stageId, tag: 'r-2', wait: true });
      await waitFor('traffic after the update', () => load.versions.includes('r-2') && load.ok > 50);
      await load.stop();
      expect(second.status, second.error ?? '').toBe('succeeded');
      expect(load.failures).toEqual([]);
      expect(load.versions).toEqual(['r-1', 'r-2']);
      expect((await running(service)).map((t) => t.digest)).toEqual([digests['r-2'], digests['r-2']]);
      await call(app, 'projects.remove', { id: project.id, purgeData: true });
      await waitFor('the service removed with the project', async () => !(await docker.listServices()).some((s) => s.Spec?.Name === service));
    }, 240_000);
  }
});
