import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../main/app';
import { LABEL } from '../../main/deployer/container-spec';
import type { Project } from '../../preload/contract';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker, type TestApp } from '../rig/fixtures';
import { call, callError, get, installContainers, IT_REPO, keepAliveLoad, startApp, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';

describeEngine('deployer against the real engine, registry and proxy', () => {
  const docker = rigDocker();
  let app: App;
  const dataDir = tempDir('slipway-it-deploy-');
  let project: Project;
  let stageId = 0;
  let url = '';
  const images: Record<string, TestApp> = {};

  beforeAll(async () => {
    for (const tag of ['d-v1', 'd-v2', 'd-v3']) images[tag] = await buildTestApp({ repository: IT_REPO, tag });
    images['d-bad'] = await buildTestApp({ repository: IT_REPO, tag: 'd-bad', health: 'fail' });
    app = await startApp(dataDir);
    project = await call(app, 'projects.create', {
      image: IT_REPO,
      name: 'deploy-it',
      health: { kind: 'http', path: '/health', timeoutMs: 4000 },
      stopTimeoutSec: 2,
      stages: [{ name: 'dev', tagPattern: 'd-*', maxInstances: 2 }],
    });
    stageId = project.stages[0]?.id ?? 0;
    url = project.stages[0]?.url ?? '';
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  it('creates a project with a reserved stable port that answers 503 until something is live', async () => {
    expect(project.image).toBe(IT_REPO);
    expect(project.stages).toHaveLength(1);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await get(url);
    expect(r.status).toBe(503);
  });

  it('refuses invalid projects with messages that say what to fix', async () => {
    expect((await callError(app, 'projects.create', { image: `${IT_REPO}:1.0` })).message).toMatch(/without ":1.0"/);
    expect((await callError(app, 'projects.create', { image: IT_REPO, name: 'x1', stages: [{ name: 'dev', tagPattern: 'a/b' }] })).message).toMatch(/can never match a tag/);
    const taken = await callError(app, 'projects.create', { image: IT_REPO, name: 'x2', stages: [{ name: 'dev', tagPattern: '*', publicPort: project.stages[0]?.publicPort ?? 1 }] });
    expect(taken.code).toBe('PORT_TAKEN');
    expect(taken.message).toMatch(/deploy-it \/ dev/);
    const cycle = await callError(app, 'projects.create', {
      image: IT_REPO,
      name: 'x3',
      stages: [
        { name: 'a', tagPattern: '*', upstream: 'b' },
        { name: 'b', tagPattern: '*', upstream: 'a' },
      ],
    });
    expect(cycle.message).toMatch(/loops/);
    expect((await callError(app, 'projects.create', { image: IT_REPO, name: 'x4', stages: [{ name: 'a', tagPattern: '*' }, { name: 'a', tagPattern: '*' }] })).code).toBe('CONFLICT');
  });

  it('deploys a tag: labelled container on 127.0.0.1, live behind the stable URL, timeline recorded', async () => {
    const d = await call(app, 'stages.deploy', { stageId, tag: 'd-v1', wait: true });
    expect(d.status).toBe('succeeded');
    expect(d.digest).toBe(images['d-v1']?.digest);
    expect(d.steps.map((s) => s.name)).toEqual(['pull', 'create', 'start', 'health', 'switch', 'drain', 'cleanup']);
    expect(d.steps.every((s) => s.endedAt !== null && s.endedAt >= s.startedAt)).toBe(true);
    expect((await get(url)).body.trim()).toBe('d-v1');

    const listed = await call(app, 'projects.list', {});
    const live = listed.projects.find((p) => p.id === project.id)?.stages[0]?.live;
    expect(live).toMatchObject({ tag: 'd-v1', digest: images['d-v1']?.digest });
    const info = await docker.getContainer(live?.containerId ?? '').inspect();
    expect(info.Config.Labels[LABEL.project]).toBe(String(project.id));
    expect(info.Config.Labels[LABEL.stage]).toBe(String(stageId));
    expect(info.Config.Labels[LABEL.deploy]).toBe(String(d.id));
    expect(info.Config.Labels[LABEL.digest]).toBe(images['d-v1']?.digest);
    expect(info.HostConfig.PortBindings?.['8080/tcp']?.[0]?.HostIp).toBe('127.0.0.1');

    const again = await call(app, 'stages.deploy', { stageId, tag: 'd-v1', wait: true });
    expect(again.status).toBe('skipped');
    expect(again.note).toMatch(/already live/);
  });

  it('blue-green: keep-alive requests to the stable URL never fail while a new version goes live', async () => {
    const load = keepAliveLoad(url, 4);
    await waitFor('traffic', () => load.ok > 20);
    const d = await call(app, 'stages.deploy', { stageId, tag: 'd-v2', wait: true });
    await waitFor('requests after the switch', () => load.versions.includes('d-v2') && load.ok > 200);
    await load.stop();
    expect(d.status).toBe('succeeded');
    expect(load.failures).toEqual([]);
    expect(load.versions).toEqual(['d-v1', 'd-v2']);
    // The old instance stays warm (running, no traffic) for an instant rollback.
    const cs = await installContainers(docker, app.deployments.installId);
    expect(cs.filter((c) => c.State === 'running')).toHaveLength(2);
    expect(cs).toHaveLength(2);
    const stage = (await call(app, 'projects.get', { id: project.id })).stages[0];
    expect(stage?.warmRollback).toMatchObject({ tag: 'd-v1', digest: images['d-v1']?.digest });
    expect(stage?.retired).toMatchObject({ tag: 'd-v1', status: 'draining', stopMs: null });
    expect(stage?.warmRollback?.until).toBeGreaterThan(Date.now() + 100_000);
  });

  it('a failing health check leaves the old version serving and records why', async () => {
    const load = keepAliveLoad(url, 2);
    const d = await call(app, 'stages.deploy', { stageId, tag: 'd-bad', wait: true });
    await load.stop();
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(/GET \/health answered 500 for \d/);
    expect(d.steps.find((s) => s.name === 'health')?.status).toBe('failed');
    expect(load.failures).toEqual([]);
    expect(load.versions).toEqual(['d-v2']);
    expect((await get(url)).body.trim()).toBe('d-v2');
    const events = await call(app, 'events.list', { type: 'deploy.failed', stageId });
    expect(events.events[0]?.data).toMatchObject({ project: 'deploy-it', stage: 'dev', tag: 'd-bad', trigger: 'manual', url });
    // The failed container is gone.
    expect((await installContainers(docker, app.deployments.installId)).some((c) => c.Labels[LABEL.deploy] === String(d.id))).toBe(false);
  });

  it('a container that exits reports its code and last log lines', async () => {
    await call(app, 'stages.update', { stageId, env: { EXIT_CODE: '3' } });
    const d = await call(app, 'stages.deploy', { stageId, tag: 'd-v3', wait: true });
    await call(app, 'stages.update', { stageId, env: {} });
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(/container exited with code 3.*fatal: boom/);
    expect((await get(url)).body.trim()).toBe('d-v2');
  });

  it('a tag that was never pushed fails at pull with a clear reason', async () => {
    const d = await call(app, 'stages.deploy', { stageId, tag: 'd-missing', wait: true });
    expect(d.status).toBe('failed');
    expect(d.error).toMatch(/d-missing was not found in the registry/);
  });

  it('rollback puts the previous digest live again from the warm instance, without dropping a request', async () => {
    const load = keepAliveLoad(url, 4);
    await waitFor('traffic', () => load.ok > 20);
    const d = await call(app, 'stages.rollback', { stageId, wait: true });
    await waitFor('requests after the rollback', () => load.versions.includes('d-v1'));
    await load.stop();
    expect(d.status).toBe('succeeded');
    expect(d.trigger).toBe('rollback');
    expect(d.digest).toBe(images['d-v1']?.digest);
    expect(d.steps.find((s) => s.name === 'create')?.status).toBe('skipped');
    expect(d.steps.find((s) => s.name === 'start')?.detail).toBe('already running');
    expect(load.failures).toEqual([]);
    const events = await call(app, 'events.list', { type: 'stage.rolled-back', stageId });
    expect(events.events).toHaveLength(1);
    // A second rollback has nothing older than d-v1.
    expect((await callError(app, 'stages.rollback', { stageId })).message).toMatch(/no earlier successful deploy/);
  });

  it('a newer queued deploy supersedes an older queued one; duplicates are reported', async () => {
    const s = app.deployments.deployer;
    const running = s.enqueue({ stageId, tag: 'd-v2', trigger: 'manual' });
    const older = s.enqueue({ stageId, tag: 'd-v3', trigger: 'webhook' });
    const dup = s.enqueue({ stageId, tag: 'd-v3', trigger: 'poll' });
    const newer = s.enqueue({ stageId, tag: 'd-v1', trigger: 'webhook', digest: images['d-v1']?.digest ?? null, force: true });
    expect(dup.verdict).toBe('duplicate');
    expect(dup.deploy.id).toBe(older.deploy.id);
    const o = await s.waitFor(older.deploy.id);
    expect(o.status).toBe('superseded');
    expect(o.note).toMatch(new RegExp(`superseded by deploy #${String(newer.deploy.id)}`));
    expect((await s.waitFor(running.deploy.id)).status).toBe('succeeded');
    expect((await s.waitFor(newer.deploy.id)).status).toBe('succeeded');
    expect((await get(url)).body.trim()).toBe('d-v1');
  });

  it('stop and restart a stage', async () => {
    const stopped = await call(app, 'stages.stop', { stageId });
    expect(stopped.live).toBeNull();
    expect(stopped.stopped).toBe(true);
    expect((await get(url)).status).toBe(503);
    const d = await call(app, 'stages.restart', { stageId, wait: true });
    expect(d.status).toBe('succeeded');
    expect((await get(url)).body.trim()).toBe('d-v1');
  });
  it('a digest deployed before, then removed from the engine, is pulled again', async () => {
    const gone = await buildTestApp({ repository: IT_REPO, tag: 'g-1' });
    const next = await buildTestApp({ repository: IT_REPO, tag: 'g-2' });
    const other = await call(app, 'projects.create', { image: IT_REPO, name: 'gone-it', health: { kind: 'http', path: '/health', timeoutMs: 4000 }, stopTimeoutSec: 1, warmRollbackSec: 0, stages: [{ name: 'dev', tagPattern: 'g-*', maxInstances: 1 }] });
    const sid = other.stages[0]?.id ?? 0;
    const d = app.deployments.deployer;
    const deploy = async (t: TestApp, tag: string): Promise<void> => {
      const r = await d.waitFor(d.enqueue({ stageId: sid, tag, digest: t.digest, trigger: 'webhook' }).deploy.id);
      expect(r.status, r.error ?? '').toBe('succeeded');
    };
    await deploy(gone, 'g-1');
    await deploy(next, 'g-2');
    await d.retirer.idle();
    // g-1's instance is gone (one instance kept): nothing holds its image, so it can be removed.
    const { Id } = await docker.getImage(`${IT_REPO}@${gone.digest}`).inspect();
    await docker.getImage(Id).remove({ force: true });
    await expect(docker.getImage(`${IT_REPO}@${gone.digest}`).inspect()).rejects.toMatchObject({ statusCode: 404 });
    await deploy(gone, 'g-1');
    expect((await get(other.stages[0]?.url ?? '')).body.trim()).toBe('g-1');
    expect((await docker.getImage(`${IT_REPO}@${gone.digest}`).inspect()).Id).toBe(Id);
  });
});
