import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, get, imagePresent, startApp, stopAppAndCleanUp, tempDir } from './deploy-support';

const REPO = 'localhost:5000/it-gc/web';

describeEngine('image clean-up', () => {
  const docker = rigDocker();
  const digests: Record<string, string> = {};
  let app: App;
  const dataDir = tempDir('slipway-it-gc-');
  let byHand: string | null = null;

  const present = (tag: string): Promise<boolean> => imagePresent(docker, `${REPO}@${digests[tag] ?? ''}`);

  beforeAll(async () => {
    // g-local stays on the engine as built here: Slipway finds it and never pulls it.
    for (const tag of ['g-local', 'g-1', 'g-2', 'g-3']) digests[tag] = (await buildTestApp({ repository: REPO, tag })).digest;
    // The others exist only in the registry, so Slipway pulls them.
    for (const tag of ['g-1', 'g-2', 'g-3']) await docker.getImage(`${REPO}:${tag}`).remove();
    for (const tag of ['g-1', 'g-2', 'g-3']) expect(await present(tag)).toBe(false);
    app = await startApp(dataDir);
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
    if (byHand) await docker.getContainer(byHand).remove({ force: true }).catch(() => undefined);
  });

  it('removes only unused images Slipway pulled, and keeps everything a stage can roll back to', async () => {
    const p = await call(app, 'projects.create', {
      image: REPO,
      name: 'gc-it',
      health: { kind: 'http', path: '/health', timeoutMs: 10_000 },
      stopTimeoutSec: 1,
      warmRollbackSec: 0,
      stages: [{ name: 'dev', tagPattern: 'g-*', maxInstances: 1 }],
    });
    const sid = p.stages[0]?.id ?? 0;
    const d = app.deployments.deployer;
    const deploy = async (tag: string): Promise<void> => {
      const r = await d.waitFor(d.enqueue({ stageId: sid, tag, digest: digests[tag] ?? null, trigger: 'webhook' }).deploy.id);
      expect(r.status, r.error ?? '').toBe('succeeded');
    };
    await deploy('g-local');
    await deploy('g-1');
    // A container someone made by hand from g-1: its image is never removed while it exists.
    byHand = (await docker.createContainer({ Image: `${REPO}@${digests['g-1'] ?? ''}`, Labels: { 'slipway.test': 'it-gc' } })).id;
    await deploy('g-2');
    await deploy('g-3');
    await d.retirer.idle();
    const pulled = app.db.prepare('SELECT digest FROM pulled_images').all() as { digest: string }[];
    expect(new Set(pulled.map((r) => r.digest))).toEqual(new Set([digests['g-1'], digests['g-2'], digests['g-3']]));

    // g-local: never pulled · g-1: a container uses it · g-2: the rollback target · g-3: live.
    const first = await call(app, 'images.cleanup', {});
    expect(first.lastRemoved).toEqual([]);
    for (const tag of ['g-local', 'g-1', 'g-2', 'g-3']) expect(await present(tag)).toBe(true);

    await docker.getContainer(byHand).remove({ force: true });
    byHand = null;
    const second = await call(app, 'images.cleanup', {});
    expect(second.lastRemoved.length).toBeGreaterThan(0);
    expect(second.lastRemoved.every((r) => r.startsWith(`${REPO}@`) || r.startsWith(`${REPO}:`))).toBe(true);
    expect(await present('g-1')).toBe(false);
    for (const tag of ['g-local', 'g-2', 'g-3']) expect(await present(tag)).toBe(true);
    expect(second.totalRemoved).toBe(1);
    expect(second.lastRunAt).not.toBeNull();
    expect((await call(app, 'images.cleanupStatus', {})).totalRemoved).toBe(1);

    // What the stage can roll back to is still there.
    const r = await call(app, 'stages.rollback', { stageId: sid, wait: true });
    expect(r.status, r.error ?? '').toBe('succeeded');
    expect((await get(p.stages[0]?.url ?? '')).body.trim()).toBe('g-2');
  });
});
