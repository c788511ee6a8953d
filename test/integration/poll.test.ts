import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { RegistryClient } from '../../main/oci-client/client';
import type { MethodInput, MethodName, MethodOutput } from '../../preload/contract';
import { buildTestApp } from '../rig/fixtures';
import { describeEngine } from '../rig/engine-available';
import { retag, startHarness, until, type Harness } from './webhook-support';

const started: Harness[] = [];
afterEach(async () => {
  while (started.length > 0) await started.pop()?.stop();
});
const harness = async (...args: Parameters<typeof startHarness>): Promise<Harness> => {
  const h = await startHarness(...args);
  started.push(h);
  return h;
};
const unique = (name: string): string => `${name}-${String(Date.now() % 1_000_000)}-${String(Math.floor(Math.random() * 1000))}`;

describeEngine('registry poller against a real registry', (engine) => {
  const reg = engine.registry;

  it('does not deploy a tag pushed before the project existed; deploys one pushed after within one interval', async () => {
    const repo = `${reg}/it-poll/${unique('first')}`;
    const repoPath = repo.slice(reg.length + 1);
    await buildTestApp({ repository: repo, tag: 'v1.0.0' });
    // A real client that notes when each cycle lists the tags.
    const listings: number[] = [];
    class NotingClient extends RegistryClient {
      override listTags(...args: Parameters<RegistryClient['listTags']>): Promise<string[]> {
        listings.push(Date.now());
        return super.listTags(...args);
      }
    }
    const h = await harness({ registry: new NotingClient(), settings: { pollSchedule: '*/2 * * * * *' } });
    const p = h.addProject(repo, [{ name: 'dev', tagPattern: 'v*' }], unique('first'));
    h.detection.poller.reschedule();

    // The first scheduled cycle is the baseline: v1.0.0 is recorded, not deployed.
    await until(() => h.detection.poller.status().stages.find((s) => s.stageId === p.stages['dev'])?.baselineAt, 'the baseline poll', 10_000);
    expect(h.deploys).toEqual([]);

    const app = await buildTestApp({ repository: repo, tag: 'v1.1.0' });
    const pushedAt = Date.now();
    await until(() => h.deploys.length > 0, 'the deploy of the new tag', 10_000);
    expect(h.deploys).toEqual([{ id: 1, stageId: p.stages['dev'], tag: 'v1.1.0', digest: app.digest, trigger: 'poll', reason: 'poll: new tag v1.1.0', at: expect.any(Number) }]);
    // Within one interval: the first cycle that listed tags after the push deployed it (before a second one began).
    const after = listings.filter((t) => t >= pushedAt);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after.filter((t) => t < h.deploys[0]!.at)).toHaveLength(1);
    // Nothing further on later cycles.
    await new Promise((r) => setTimeout(r, 2500));
    expect(h.deploys).toHaveLength(1);
    expect(repoPath).toContain('it-poll/');
  });

  it('emits only the newest of many new tags, follows moving tags by digest, and lists each repository once per cycle', async () => {
    const repo = `${reg}/it-poll/${unique('many')}`;
    const repoPath = repo.slice(reg.length + 1);
    await buildTestApp({ repository: repo, tag: 'v1.0.0' });
    await retag(reg, repoPath, 'v1.0.0', 'latest');
    const registry = new RegistryClient();
    const h = await harness({ registry });
    const p = h.addProject(repo, [
      { name: 'rel', tagPattern: 'v*' },
      { name: 'edge', tagPattern: 'latest' },
      { name: 'two', tagPattern: '*', semverRange: '<2' },
      { name: 'all', tagPattern: '*' },
      { name: 'off', tagPattern: '*', pollEnabled: false },
    ], unique('many'));

    const baseline = await h.detection.handlers['poller.pollNow']({});
    expect(baseline.repositories).toBe(1);
    expect(baseline.stages.map((s) => [s.stage, s.baseline, s.found.length])).toEqual([
      ['rel', true, 0],
      ['edge', true, 0],
      ['two', true, 0],
      ['all', true, 0],
    ]);
    // One tags/list plus one HEAD for the followed tag.
    expect(baseline.requests).toBe(2);

    for (const t of ['v1.1.0', 'v1.10.0', 'v1.9.0', 'v2.0.0']) await retag(reg, repoPath, 'v1.0.0', t);
    const moved = await buildTestApp({ repository: repo, tag: 'latest', version: 'edge-2' });
    const second = await h.detection.handlers['poller.pollNow']({});
    const found = Object.fromEntries(second.stages.map((s) => [s.stage, s.found.map((f) => [f.tag, f.why, f.action])]));
    expect(found).toEqual({
      rel: [['v2.0.0', 'new', 'deploy']],
      edge: [['latest', 'moved', 'deploy']],
      two: [['v1.10.0', 'new', 'deploy']],
      all: [['v2.0.0', 'new', 'deploy']],
    });
    // tags/list once, HEAD once each for v2.0.0, v1.10.0 and latest.
    expect(second.requests).toBe(4);
    expect(h.deploys.map((d) => [d.stageId, d.tag])).toEqual([
      [p.stages['rel'], 'v2.0.0'],
      [p.stages['edge'], 'latest'],
      [p.stages['two'], 'v1.10.0'],
      [p.stages['all'], 'v2.0.0'],
    ]);
    expect(h.deploys.find((d) => d.tag === 'latest')?.digest).toBe(moved.digest);

    // Nothing new: a quiet cycle finds nothing and stays at two requests.
    const third = await h.detection.handlers['poller.pollNow']({});
    expect(third.stages.flatMap((s) => s.found)).toEqual([]);
    expect(third.requests).toBe(2);

    // "Check now" for one stage works even with polling off for it.
    const one = await h.detection.handlers['poller.pollNow']({ stageId: p.stages['off']! });
    expect(one.stages.map((s) => [s.stage, s.baseline])).toEqual([['off', true]]);
  });

  it('offers an update instead of deploying where auto-deploy is off, and never repeats what a webhook already did', async () => {
    const repo = `${reg}/it-poll/${unique('offer')}`;
    const repoPath = repo.slice(reg.length + 1);
    const first = await buildTestApp({ repository: repo, tag: '1.0.0' });
    const h = await harness();
    const p = h.addProject(repo, [{ name: 'prod', autoDeploy: false }, { name: 'dev' }], unique('offer'));
    await h.detection.handlers['poller.pollNow']({});
    await retag(reg, repoPath, '1.0.0', '1.1.0');
    // A webhook brings 1.1.0 first.
    const r = await h.post({ image: `${repo}:1.1.0@${first.digest}` });
    expect(r.status).toBe(202);
    expect(h.deploys.map((d) => d.tag)).toEqual(['1.1.0']);
    const polled = await h.detection.handlers['poller.pollNow']({});
    expect(polled.stages.map((s) => [s.stage, s.found.map((f) => f.action)])).toEqual([
      ['prod', ['duplicate']],
      ['dev', ['duplicate']],
    ]);
    expect(h.deploys).toHaveLength(1);
    await retag(reg, repoPath, '1.0.0', '1.2.0');
    await h.detection.handlers['poller.pollNow']({});
    expect(h.events.filter((e) => e.type === 'update.available' && e.stageId === p.stages['prod']).map((e) => e.data['tag'])).toEqual(['1.1.0', '1.2.0']);
  });

  it('keeps its state across restarts, pauses and resumes, and reports failures once', async () => {
    const repo = `${reg}/it-poll/${unique('restart')}`;
    const repoPath = repo.slice(reg.length + 1);
    await buildTestApp({ repository: repo, tag: 'a1' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-poll-'));
    try {
      const h1 = await harness({ dir });
      const p = h1.addProject(repo, [{ name: 'dev', tagPattern: 'a*' }], unique('restart'));
      await h1.detection.handlers['poller.pollNow']({});
      await started.pop()?.stop();

      await retag(reg, repoPath, 'a1', 'a2');
      const h2 = await harness({ dir, settings: { pollSchedule: '* * * * * *', pollPaused: true } });
      h2.detection.poller.reschedule();
      await new Promise((r) => setTimeout(r, 2200));
      expect(h2.deploys).toEqual([]); // paused: scheduled cycles do nothing
      expect(h2.detection.poller.status()).toMatchObject({ paused: true, lastCycle: null });

      h2.setSettings({ pollPaused: false });
      await until(() => h2.deploys.length > 0, 'a deploy after resuming', 5000);
      expect(h2.deploys.map((d) => [d.stageId, d.tag])).toEqual([[p.stages['dev'], 'a2']]);
      expect(h2.events.some((e) => e.type === 'poll.resumed')).toBe(true);

      // A registry that does not answer: one event, the error on the stage, state untouched.
      h2.setSettings({ pollPaused: true });
      h2.db.prepare('UPDATE projects SET image = ? WHERE id = ?').run('127.0.0.1:9/it-poll/gone', p.projectId);
      const failed = await h2.detection.handlers['poller.pollNow']({});
      await h2.detection.handlers['poller.pollNow']({});
      expect(failed.stages[0]?.error).toMatch(/not reachable|ECONNREFUSED/);
      expect(h2.events.filter((e) => e.type === 'poll.failed')).toHaveLength(1);
      expect(h2.detection.poller.stageState(p.stages['dev']!).lastError).toMatch(/not reachable|ECONNREFUSED/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never overlaps cycles, and a per-stage schedule polls only its stage', async () => {
    const repo = `${reg}/it-poll/${unique('overlap')}`;
    await buildTestApp({ repository: repo, tag: 'x1' });
    // A real client that takes its time listing tags and notes how many listings run at once.
    class SlowClient extends RegistryClient {
      active = 0;
      maxActive = 0;
      override async listTags(...args: Parameters<RegistryClient['listTags']>): Promise<string[]> {
        this.maxActive = Math.max(this.maxActive, ++this.active);
        try {
          await new Promise((r) => setTimeout(r, 200));
          return await super.listTags(...args);
        } finally {
          this.active--;
        }
      }
    }
    const registry = new SlowClient();
    const h = await harness({ registry });
    const p = h.addProject(repo, [{ name: 'a' }, { name: 'b' }], unique('overlap'));
    const [, r2] = await Promise.all([h.detection.handlers['poller.pollNow']({}), h.detection.handlers['poller.pollNow']({}), h.detection.handlers['poller.pollNow']({ stageId: p.stages['a']! })]);
    expect(registry.maxActive).toBe(1);

    const state = await h.detection.handlers['poller.setSchedule']({ stageId: p.stages['b']!, schedule: '* * * * * *' });
    expect(state).toMatchObject({ schedule: '* * * * * *', effectiveSchedule: '* * * * * *' });
    // The next run is the next whole second; the stage without its own schedule follows the global one.
    expect(state.nextRunAt).not.toBeNull();
    expect(state.nextRunAt! % 1000).toBe(0);
    expect(state.nextRunAt! - Date.now()).toBeLessThanOrEqual(1000);
    expect(h.detection.poller.status().nextCycleAt).toBe(h.detection.poller.status().stages.find((s) => s.stageId === p.stages['a'])?.nextRunAt);
    const preview = await h.detection.handlers['poller.previewSchedule']({ schedule: '0 3 * * *' });
    expect(preview.valid).toBe(true);
    expect(preview.nextRuns.map((t) => [new Date(t).getHours(), new Date(t).getMinutes()])).toEqual([
      [3, 0],
      [3, 0],
      [3, 0],
    ]);
    expect(await h.detection.handlers['poller.previewSchedule']({ schedule: 'every minute' })).toMatchObject({ valid: false, message: expect.stringContaining('not a cron expression'), nextRuns: [] });
    expect(() => h.detection.handlers['poller.setSchedule']({ stageId: p.stages['b']!, schedule: 'every minute' })).toThrow(/cron/);
    const before = h.detection.poller.status().stages.find((s) => s.stageId === p.stages['a'])?.lastPollAt;
    await until(() => (h.detection.poller.status().stages.find((s) => s.stageId === p.stages['b'])?.lastPollAt ?? 0) > r2.startedAt, 'the per-stage poll', 5000);
    expect(h.detection.poller.status().stages.find((s) => s.stageId === p.stages['a'])?.lastPollAt).toBe(before);
  });
});

describeEngine('registry poller in the full app', (engine) => {
  it('a tag pushed before the project existed is not deployed; one pushed after is live within one interval', async () => {
    const { startApp, tempDir } = await import('./hooks-support');
    const { removeLocalImages } = await import('../rig/containers');
    const { rigDocker } = await import('../rig/fixtures');
    const repo = `${engine.registry}/it-poll/${unique('app')}`;
    const dataDir = tempDir('slipway-poll-app-');
    const app = await startApp(dataDir);
    const call = async <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => {
      const r = await app.dispatch(m, input);
      if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
      return r.value as MethodOutput<M>;
    };
    let projectId: number | null = null;
    try {
      await buildTestApp({ repository: repo, tag: 'v1.0.0' });
      await call('settings.update', { pollSchedule: '*/2 * * * * *', autoCreate: false });
      const project = await call('projects.create', { image: repo, port: 8080, stages: [{ name: 'dev', tagPattern: 'v*' }] });
      projectId = project.id;
      const stage = project.stages[0]!;

      await until(async () => (await call('poller.status', {})).stages.find((s) => s.stageId === stage.id)?.baselineAt, 'the baseline poll', 10_000);
      // Another scheduled cycle passes: still nothing deployed.
      const baselineCycle = (await call('poller.status', {})).lastCycle?.startedAt ?? 0;
      await until(async () => ((await call('poller.status', {})).lastCycle?.startedAt ?? 0) > baselineCycle, 'a second cycle', 10_000);
      expect((await call('deploys.list', { stageId: stage.id, limit: 10 })).deploys).toEqual([]);

      const v2 = await buildTestApp({ repository: repo, tag: 'v1.1.0' });
      await until(async () => (await fetch(stage.url).then((r) => r.text()).catch(() => '')).trim() === 'v1.1.0', 'v1.1.0 live on the stable URL', 60_000);
      // Live at the switch; "succeeded" once the old instance has drained.
      const deploys = await until(async () => {
        const list = (await call('deploys.list', { stageId: stage.id, limit: 10 })).deploys;
        return list.every((d) => d.status === 'succeeded') ? list : null;
      }, 'the deploy to finish');
      expect(deploys.map((d) => [d.tag, d.digest, d.trigger, d.status])).toEqual([['v1.1.0', v2.digest, 'poll', 'succeeded']]);
      // "Within one interval" is checked cycle by cycle in the first test of this file.
    } finally {
      if (projectId !== null) await call('projects.remove', { id: projectId }).catch(() => undefined);
      await app.stop();
      await removeLocalImages(rigDocker(), repo);
    }
  });
});
