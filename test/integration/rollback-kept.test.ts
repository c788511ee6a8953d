import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { Project } from '../../preload/contract';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, callError, get, removeInstallContainers, shutdownProxy, startApp, tempDir, waitFor } from './deploy-support';

const REPO = 'localhost:5000/it-kept/web';
const TAGS = ['k-1', 'k-2', 'k-3'];

describeEngine('rolling back to any kept instance', () => {
  const docker = rigDocker();
  const digests: Record<string, string> = {};
  let app: App;
  const dataDir = tempDir('slipway-it-kept-');

  beforeAll(async () => {
    for (const tag of TAGS) digests[tag] = (await buildTestApp({ repository: REPO, tag })).digest;
    app = await startApp(dataDir);
  });

  afterAll(async () => {
    const installId = app.deployments.installId;
    await app.stop();
    await shutdownProxy(dataDir);
    await removeInstallContainers(docker, installId);
  });

  /** A project whose older instances stop at once and are kept (up to `maxInstances` in all). */
  const project = (name: string, maxInstances: number): Promise<Project> =>
    call(app, 'projects.create', { image: REPO, name, health: { kind: 'http', path: '/health', timeoutMs: 10_000 }, warmRollbackSec: 0, stages: [{ name: 'dev', tagPattern: 'k-*', maxInstances }] });

  it('three versions deployed: the oldest kept one goes live again from its own container, and the stable URL serves it', async () => {
    const p = await project('kept-rollback', 3);
    const stage = p.stages[0];
    if (!stage) throw new Error('no stage');
    for (const tag of TAGS) {
      const d = await call(app, 'stages.deploy', { stageId: stage.id, tag, wait: true });
      expect(d.status, d.error ?? '').toBe('succeeded');
    }
    expect((await get(stage.url)).body.trim()).toBe('k-3');

    // The live one and the two before it, stopped and kept, newest first, with their image sizes.
    const kept = await waitFor('both older instances stopped', async () => {
      const list = (await call(app, 'stages.instances', { stageId: stage.id })).instances;
      return list.filter((i) => i.status === 'stopped').length === 2 ? list : null;
    });
    expect(kept.map((i) => [i.tag, i.status, i.digest])).toEqual([
      ['k-3', 'live', digests['k-3']],
      ['k-2', 'stopped', digests['k-2']],
      ['k-1', 'stopped', digests['k-1']],
    ]);
    for (const i of kept) expect(i.sizeBytes).toBeGreaterThan(0);
    const oldest = kept[2];
    if (!oldest) throw new Error('no oldest instance');

    // Not only the previous one (k-2): the oldest.
    const back = await call(app, 'stages.rollback', { stageId: stage.id, instanceId: oldest.instanceId, wait: true });
    expect(back).toMatchObject({ status: 'succeeded', trigger: 'rollback', tag: 'k-1', digest: digests['k-1'], instanceId: oldest.instanceId });
    expect((await get(stage.url)).body.trim()).toBe('k-1');
    const after = (await call(app, 'projects.get', { id: p.id })).stages[0];
    expect(after?.live).toMatchObject({ instanceId: oldest.instanceId, tag: 'k-1' });

    // The stage's four deploys, a page of two at a time.
    const first = (await call(app, 'deploys.list', { stageId: stage.id, limit: 2 })).deploys;
    expect(first.map((d) => d.tag)).toEqual(['k-1', 'k-3']);
    const next = (await call(app, 'deploys.list', { stageId: stage.id, limit: 2, beforeId: first[1]?.id ?? 0 })).deploys;
    expect(next.map((d) => d.tag)).toEqual(['k-2', 'k-1']);
    expect((await call(app, 'deploys.list', { stageId: stage.id, limit: 2, beforeId: next[1]?.id ?? 0 })).deploys).toEqual([]);
  });

  it('refuses an instance that is live, of another stage or unknown, and says what to do', async () => {
    const p = await project('kept-refusals', 2);
    const stageId = p.stages[0]?.id ?? 0;
    await call(app, 'stages.deploy', { stageId, tag: 'k-1', wait: true });
    const live = (await call(app, 'stages.instances', { stageId })).instances[0];
    expect(live?.status).toBe('live');
    expect(await callError(app, 'stages.rollback', { stageId, instanceId: live?.instanceId ?? 0 })).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/is the one live on dev/) as unknown });
    expect(await callError(app, 'stages.rollback', { stageId, instanceId: 999_999 })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/stages\.instances/) as unknown });
    expect((await callError(app, 'stages.instances', { stageId: 999_999 })).code).toBe('NOT_FOUND');
  });
});
