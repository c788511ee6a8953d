import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { MethodInput, MethodName, MethodOutput } from '../../preload/contract';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { describeEngine } from '../rig/engine-available';
import { removeLocalImages } from '../rig/containers';
import { startApp } from './hooks-support';
import { startRegistry, type StartedRegistry } from './registry-servers';
import { startHarness, until, type Harness } from './webhook-support';

/**
 * A second, real CNCF Distribution registry (its own loopback port and config; the rig's registry on
 * :5000 is shared) whose `notifications` endpoint is Slipway's listener: `docker push` is the trigger.
 */

const TOKEN = 'Bearer registry-notify-token-0123';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.().catch(() => undefined);
});

/** `docker push` of an image already pushed: the registry notifies again with the same digest. */
async function pushAgain(repo: string, tag: string): Promise<void> {
  const docker = rigDocker();
  const stream = await docker.getImage(repo).push({ tag, authconfig: {} });
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())));
}

async function notifyingRegistry(listenerUrl: string): Promise<StartedRegistry> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-notify-reg-'));
  const reg = await startRegistry(
    dir,
    [
      'notifications:',
      '  endpoints:',
      '    - name: slipway',
      `      url: ${listenerUrl}`,
      '      headers:',
      `        Authorization: ["${TOKEN}"]`,
      '      timeout: 2s',
      '      threshold: 3',
      '      backoff: 1s',
    ].join('\n'),
  );
  cleanups.push(async () => {
    await reg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return reg;
}

describeEngine('registry notifications → listener', () => {
  it('docker push of a new tag reaches the matching stage as a deploy; blob pushes are ignored with 2xx', async () => {
    const h: Harness = await startHarness({ settings: { autoCreate: false } });
    cleanups.push(() => h.stop());
    await h.detection.handlers['webhook.setSecret']({ kind: 'registry', secret: TOKEN });
    const reg = await notifyingRegistry(h.url);
    const repo = `${reg.name}/it-notify/web`;
    cleanups.push(() => removeLocalImages(rigDocker(), repo));
    const p = h.addProject(repo, [{ name: 'rel', tagPattern: 'v*' }, { name: 'dev', tagPattern: 'dev-*' }], 'notify-web');

    const app = await buildTestApp({ repository: repo, tag: 'v1.0.0' });
    await until(() => h.deploys.length > 0, 'the deploy queued from the notification');
    expect(h.deploys).toEqual([
      { id: 1, stageId: p.stages['rel'], tag: 'v1.0.0', digest: app.digest, trigger: 'webhook', reason: expect.stringMatching(/^webhook delivery \d+ \(distribution push/), at: expect.any(Number) },
    ]);

    const all = (await h.detection.handlers['deliveries.list']({ limit: 100 })).deliveries;
    expect(all.every((d) => d.vendor === 'distribution' && d.signature === 'valid')).toBe(true);
    expect(all.every((d) => d.status < 300)).toBe(true);
    const accepted = all.filter((d) => d.verdict === 'accepted');
    expect(accepted.map((d) => d.events)).toContainEqual([
      expect.objectContaining({ kind: 'image', repository: repo, tag: 'v1.0.0', digest: app.digest, matches: [expect.objectContaining({ stage: 'rel', action: 'deploy' })] }),
    ]);
    // Layers and config were pushed too: recorded, answered 2xx, ignored.
    expect(all.some((d) => d.verdict === 'ignored' && /blob/.test(d.reason ?? ''))).toBe(true);

    // The same image pushed again (same digest, new notification ids) deploys nothing new; a dev tag goes to the dev stage.
    const before = (await h.detection.handlers['deliveries.list']({ limit: 500 })).deliveries.length;
    await pushAgain(repo, 'v1.0.0');
    await until(async () => (await h.detection.handlers['deliveries.list']({ limit: 500 })).deliveries.length > before, 'the repeated notification');
    const dev = await buildTestApp({ repository: repo, tag: 'dev-7' });
    await until(() => h.deploys.length > 1, 'the dev deploy');
    await new Promise((r) => setTimeout(r, 500));
    expect(h.deploys.map((d) => [d.stageId, d.tag, d.digest])).toEqual([
      [p.stages['rel'], 'v1.0.0', app.digest],
      [p.stages['dev'], 'dev-7', dev.digest],
    ]);
    const repeats = (await h.detection.handlers['deliveries.list']({ limit: 500 })).deliveries.filter(
      (d) => d.verdict === 'accepted' && d.events.some((e) => e.kind === 'image' && e.tag === 'v1.0.0'),
    );
    expect(repeats.length).toBeGreaterThanOrEqual(2);
    expect(repeats.flatMap((d) => d.events.flatMap((e) => (e.kind === 'image' ? e.matches.map((m) => m.action) : [])))).toContain('duplicate');
  });

  it('refuses the registry with 401 when its Authorization header does not match, and deploys nothing', async () => {
    const h = await startHarness({ settings: { autoCreate: false } });
    cleanups.push(() => h.stop());
    await h.detection.handlers['webhook.setSecret']({ kind: 'registry', secret: 'Bearer another-token' });
    const reg = await notifyingRegistry(h.url);
    const repo = `${reg.name}/it-notify/refused`;
    cleanups.push(() => removeLocalImages(rigDocker(), repo));
    h.addProject(repo, [{ name: 'dev' }], 'notify-refused');
    await buildTestApp({ repository: repo, tag: 'v1' });
    await until(async () => (await h.detection.handlers['deliveries.list']({ limit: 5, verdict: 'unauthorized' })).deliveries.length > 0, 'a refused delivery');
    expect(h.deploys).toEqual([]);
  });

  // The whole product path: the deployer puts the pushed tag live behind the stage's stable URL.
  it('docker push of a new tag → that tag is live on the matching stage (full app)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-notify-app-'));
    const app: App = await startApp(dataDir);
    const call = async <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      const r = await app.dispatch(m, input);
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
      return r.value as MethodOutput<M>;
    };
    cleanups.push(async () => {
      await app.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    await call('webhook.setSecret', { kind: 'registry', secret: TOKEN });
    const info = await call('webhook.info', {});
    const reg = await notifyingRegistry(info.url);
    const repo = `${reg.name}/it-notify/live`;
    cleanups.push(() => removeLocalImages(rigDocker(), repo));
    const create = 'projects.create' as MethodName;
    const project = (await call(create, { image: repo, port: 8080, stages: [{ name: 'dev', tagPattern: 'v*' }] })) as unknown as {
      id: number;
      stages: { id: number; url: string }[];
    };
    cleanups.push(() => call('projects.remove', { id: project.id }));
    const stage = project.stages[0]!;

    await buildTestApp({ repository: repo, tag: 'v1' });
    await until(async () => (await fetch(stage.url).then((r) => r.text()).catch(() => '')).trim() === 'v1', 'v1 live on the stable URL', 60_000);
    await buildTestApp({ repository: repo, tag: 'v2' });
    await until(async () => (await fetch(stage.url).then((r) => r.text()).catch(() => '')).trim() === 'v2', 'v2 live on the stable URL', 60_000);
  });

  it('an image nobody set up creates its project (port from EXPOSE, image health check) and goes live (full app)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-notify-auto-'));
    const app: App = await startApp(dataDir);
    const call = async <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      const r = await app.dispatch(m, input);
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
      return r.value as MethodOutput<M>;
    };
    cleanups.push(async () => {
      await app.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    await call('settings.update', { autoCreate: true });
    const reg = await notifyingRegistry((await call('webhook.info', {})).url);
    const repo = `${reg.name}/it-notify/auto`;
    cleanups.push(() => removeLocalImages(rigDocker(), repo));

    const pushed = await buildTestApp({ repository: repo, tag: '1.0', expose: 8081, healthcheck: true });
    const project = await until(async () => (await call('projects.list', {})).projects.find((p) => p.image === repo), 'the auto-created project');
    cleanups.push(() => call('projects.remove', { id: project.id }));
    expect(project).toMatchObject({ name: 'auto', port: 8081, health: { kind: 'docker' }, stages: [{ name: 'dev', tagPattern: '*', autoDeploy: true, maxInstances: 1 }] });
    const stage = project.stages[0]!;
    await until(async () => (await fetch(stage.url).then((r) => r.text()).catch(() => '')).trim() === '1.0', '1.0 live on the stable URL', 90_000);
    const live = await until(async () => (await call('projects.get', { id: project.id })).stages[0]?.live, 'the live instance on record');
    expect(live).toMatchObject({ tag: '1.0', digest: pushed.digest });
    // The registry may time out on the first notification while the project is being created and send it again:
    // whichever copy is recorded as accepted says the project was created for it.
    const accepted = (await call('deliveries.list', { verdict: 'accepted', limit: 20 })).deliveries;
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.events[0]).toMatchObject({ created: { projectId: project.id, project: 'auto', note: null }, matches: [{ stage: 'dev', action: 'deploy' }] });
  });
});
