import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { volumeHostPath } from '../../main/deployer/instance-volumes';
import { findFreePort } from '../../main/proxy';
import type { App } from '../../main/app';
import type { Project } from '../../preload/contract';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { call, callError, get, installContainers, IT_REPO, startApp, stopAppAndCleanUp, tempDir, waitFor } from './deploy-support';

describeEngine('promotion along a stage chain, and removal', () => {
  const docker = rigDocker();
  let app: App;
  const dataDir = tempDir('slipway-it-promote-');
  let project: Project;
  const stage = (name: string) => {
    const s = project.stages.find((x) => x.name === name);
    if (!s) throw new Error(`no stage ${name}`);
    return s;
  };

  beforeAll(async () => {
    app = await startApp(dataDir);
    project = await call(app, 'projects.create', {
      image: IT_REPO,
      name: 'promote-it',
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 2,
      stages: [
        { name: 'dev', tagPattern: 'p-*', maxInstances: 1 },
        { name: 'staging', tagPattern: 'never-*', upstream: 'dev', maxInstances: 1 },
        { name: 'prod', tagPattern: 'never-*', upstream: 'staging', autoPromote: true, maxInstances: 1 },
      ],
    });
  });

  afterAll(async () => {
    await stopAppAndCleanUp(app, dataDir, docker);
  });

  it('promote deploys the upstream live digest even after its tag moved; auto-promote follows downstream', async () => {
    const first = await buildTestApp({ repository: IT_REPO, tag: 'p-moving', version: 'first' });
    expect((await call(app, 'stages.deploy', { stageId: stage('dev').id, tag: 'p-moving', wait: true })).status).toBe('succeeded');
    // The tag moves in the registry to another image; dev still runs the first one.
    const second = await buildTestApp({ repository: IT_REPO, tag: 'p-moving', version: 'second' });
    expect(second.digest).not.toBe(first.digest);

    const p = await call(app, 'stages.promote', { stageId: stage('staging').id, wait: true });
    expect(p.status).toBe('succeeded');
    expect(p.trigger).toBe('promote');
    expect(p.digest).toBe(first.digest);
    expect((await get(stage('staging').url)).body.trim()).toBe('first');

    // prod auto-promotes from staging.
    await waitFor('prod auto-promoted', async () => (await get(stage('prod').url)).status === 200);
    expect((await get(stage('prod').url)).body.trim()).toBe('first');
    const promoted = await waitFor('both promotions reported', async () => {
      const r = await call(app, 'events.list', { type: 'stage.promoted' });
      return r.events.length >= 2 ? r : null;
    });
    expect(promoted.events.map((e) => e.data['stage']).sort()).toEqual(['prod', 'staging']);
    expect(promoted.events.every((e) => e.data['digest'] === first.digest)).toBe(true);

    expect((await callError(app, 'stages.promote', { stageId: stage('dev').id })).message).toMatch(/no upstream stage/);
  });

  it('stages.update moves the stable port and refuses an upstream cycle', async () => {
    const before = stage('dev');
    const cyc = await callError(app, 'stages.update', { stageId: before.id, upstream: 'prod' });
    expect(cyc.message).toMatch(/loops/);
    // A port free right now (a fixed offset may belong to another program).
    const port = await findFreePort();
    const moved = await call(app, 'stages.update', { stageId: before.id, publicPort: port });
    expect(moved.publicPort).toBe(port);
    expect((await get(moved.url)).body.trim()).toBe('first');
    await expect(get(before.url)).rejects.toThrow();
  });

  it('a raw TCP stage with a TCP health check and a stage volume', async () => {
    await buildTestApp({ repository: IT_REPO, tag: 't-v1' });
    const tcp = await call(app, 'projects.create', {
      image: IT_REPO,
      name: 'tcp-it',
      health: { kind: 'tcp', timeoutMs: 5000 },
      volumes: [{ scope: 'stage', target: '/data' }],
      stopTimeoutSec: 2,
      stages: [{ name: 'dev', tagPattern: 't-*', mode: 'tcp' }],
    });
    const s = tcp.stages[0];
    const d = await call(app, 'stages.deploy', { stageId: s?.id ?? 0, tag: 't-v1', wait: true });
    expect(d.status, d.error ?? '').toBe('succeeded');
    expect(d.steps.find((x) => x.name === 'health')?.detail).toMatch(/TCP port \d+ accepts connections/);
    expect((await get(s?.url ?? '')).body.trim()).toBe('t-v1');
    const file = path.join(volumeHostPath({ dataDir, projectId: tcp.id, stageId: s?.id ?? 0, instanceId: 0 }, { scope: 'stage', target: '/data', readOnly: false }) ?? '', 'hello.txt');
    await waitFor('the app to write into its stage volume', () => fs.existsSync(file));
    expect(fs.readFileSync(file, 'utf8')).toBe('hello from t-v1\n');
    expect((await call(app, 'projects.remove', { id: tcp.id, purgeData: true })).removedContainers).toBe(1);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('removing the project removes its containers and frees its ports', async () => {
    const listed = await call(app, 'projects.get', { id: project.id });
    expect((await installContainers(docker, app.deployments.installId)).length).toBeGreaterThanOrEqual(3);
    const r = await call(app, 'projects.remove', { id: project.id, purgeData: true });
    expect(r.removedContainers).toBeGreaterThanOrEqual(3);
    expect(await installContainers(docker, app.deployments.installId)).toEqual([]);
    for (const s of listed.stages) await expect(get(s.url)).rejects.toThrow();
    expect((await callError(app, 'projects.get', { id: project.id })).code).toBe('NOT_FOUND');
    expect((await call(app, 'projects.list', {})).projects).toEqual([]);
  });
});
