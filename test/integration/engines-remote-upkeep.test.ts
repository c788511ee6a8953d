import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { AppEvent } from '../../preload/contract';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { TLS_ENGINE_ADDR } from '../rig/tls';
import { call, get, imagePresent, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';
import { IT_ENGINES_REPO, rigTls, startAppWithoutLocalEngine } from './engines-support';

const REPO = `${IT_ENGINES_REPO}-watch`;
const GC_REPO = `${IT_ENGINES_REPO}-gc`;
/** Far beyond the test: a periodic pass cannot explain what happens in it. */
const PASS_INTERVAL_MS = 600_000;

describeEngine('the reconciler and image clean-up on a remote engine', () => {
  const docker = rigDocker();
  const dataDir = tempDir('slipway-it-engines-watch-');
  let app: App;
  const events: AppEvent[] = [];
  const digests: Record<string, string> = {};

  const present = (tag: string): Promise<boolean> => imagePresent(docker, `${GC_REPO}@${digests[tag] ?? ''}`);

  beforeAll(async () => {
    await buildTestApp({ repository: REPO, tag: 'w-v1' });
    // These exist only in the registry, so Slipway pulls them onto the TLS engine.
    for (const tag of ['c-1', 'c-2', 'c-3']) digests[tag] = (await buildTestApp({ repository: GC_REPO, tag })).digest;
    for (const tag of ['c-1', 'c-2', 'c-3']) await docker.getImage(`${GC_REPO}:${tag}`).remove();
    // This machine's engine points nowhere: only the TLS engine's own event stream can report on it.
    app = await startAppWithoutLocalEngine(dataDir, { reconcileIntervalMs: PASS_INTERVAL_MS });
    app.bus.onEvent((e) => events.push(e));
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  it('a container killed on the TLS engine is reported and restarted at once, long before a periodic pass', async () => {
    const { engines } = await call(app, 'engines.list', {});
    expect(engines[0]?.state.reachable).toBe(false);
    await call(app, 'engines.add', { kind: 'tls', name: 'rig-tls-watch', url: `tcp://${TLS_ENGINE_ADDR}`, ...rigTls(), publishAddress: '127.0.0.1' });
    const project = await call(app, 'projects.create', {
      image: REPO,
      name: 'eng-watch',
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 1,
      stages: [{ name: 'prod', tagPattern: 'w-*', engine: 'rig-tls-watch' }],
    });
    const stage = project.stages[0];
    const d1 = await call(app, 'stages.deploy', { stageId: stage?.id ?? 0, tag: 'w-v1', wait: true });
    expect(d1.error).toBeNull();
    expect((await get(stage?.url ?? '')).body.trim()).toBe('w-v1');
    const live = (await call(app, 'projects.get', { id: project.id })).stages[0]?.live;
    const id = live?.containerId ?? '';
    expect(id).not.toBe('');

    const killedAt = Date.now();
    await docker.getContainer(id).kill({ signal: 'SIGKILL' });
    const died = await waitFor('the death reported', () => events.find((e) => e.type === 'instance.died' && e.stageId === stage?.id), 20_000);
    expect(died.message).toMatch(/its container exited \(exit code 137\)/);
    expect(died.ts - killedAt).toBeLessThan(5_000);
    // And brought back: it answers at the stable URL again.
    await waitFor('the instance running again', async () => (await docker.getContainer(id).inspect()).State.Running, 20_000);
    await waitFor('the stable URL answering again', async () => (await get(stage?.url ?? '').catch(() => ({ status: 0, body: '' }))).status === 200, 20_000);
    expect(Date.now() - killedAt).toBeLessThan(PASS_INTERVAL_MS / 10);
  });

  it('cleans up images pulled onto the TLS engine, keeping what its stage can roll back to', async () => {
    const p = await call(app, 'projects.create', {
      image: GC_REPO,
      name: 'eng-gc',
      health: { kind: 'http', path: '/health', timeoutMs: 10_000 },
      stopTimeoutSec: 1,
      warmRollbackSec: 0,
      stages: [{ name: 'prod', tagPattern: 'c-*', maxInstances: 1, engine: 'rig-tls-watch' }],
    });
    const sid = p.stages[0]?.id ?? 0;
    const d = app.deployments.deployer;
    for (const tag of ['c-1', 'c-2', 'c-3']) {
      const r = await d.waitFor(d.enqueue({ stageId: sid, tag, digest: digests[tag] ?? null, trigger: 'webhook' }).deploy.id);
      expect(r.status, r.error ?? '').toBe('succeeded');
    }
    await d.retirer.idle();
    const pulled = app.db.prepare('SELECT engine, digest FROM pulled_images').all() as { engine: string; digest: string }[];
    expect(pulled.filter((r) => Object.values(digests).includes(r.digest))).toEqual(['c-1', 'c-2', 'c-3'].map((t) => ({ engine: 'rig-tls-watch', digest: digests[t] })));

    // This machine's engine does not answer: the clean-up can only have run on the TLS engine.
    const done = await call(app, 'images.cleanup', {});
    expect(done.lastRemoved.length).toBeGreaterThan(0);
    expect(done.lastRemoved.every((r) => r.startsWith(`${GC_REPO}@`) || r.startsWith(`${GC_REPO}:`))).toBe(true);
    expect(await present('c-1')).toBe(false);
    // c-2: the rollback target · c-3: live.
    expect(await present('c-2')).toBe(true);
    expect(await present('c-3')).toBe(true);
    const r = await call(app, 'stages.rollback', { stageId: sid, wait: true });
    expect(r.status, r.error ?? '').toBe('succeeded');
    expect((await get(p.stages[0]?.url ?? '')).body.trim()).toBe('c-2');
  });
});
