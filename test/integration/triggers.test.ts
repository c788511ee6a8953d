import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../main/app';
import type { AppEvent } from '../../preload/contract';
import { requireEngine } from '../rig/engine-available';
import { buildTestApp } from '../rig/fixtures';
import { ManualClock } from '../support/manual-clock';
import { call, startApp, stopApp, tempDir, waitFor } from './hooks-support';

const engine = requireEngine();
// Fresh repositories per run: the registry keeps the tags earlier runs pushed.
const RUN = Date.now().toString(36);
const SCHED_REPO = `localhost:5000/it-triggers-schedule-${RUN}/web`;
const WINDOW_REPO = `localhost:5000/it-triggers-window-${RUN}/web`;
// Local time (schedules and windows use it): 2026-03-02 is a Monday.
const local = (h: number, m = 0): number => new Date(2026, 2, 2, h, m).getTime();

describe.skipIf(!engine.available)('stage schedules and update windows against the real engine and registry, on a clock the test moves', () => {
  let app: App;
  let dir: string;
  const clock = new ManualClock(local(2, 50));
  const events: AppEvent[] = [];
  const projects: number[] = [];

  beforeAll(async () => {
    dir = tempDir('slipway-triggers-');
    app = await startApp(dir, { clock });
    app.bus.onEvent((e) => events.push(e));
    await Promise.all([
      buildTestApp({ repository: SCHED_REPO, tag: '1.0' }),
      buildTestApp({ repository: SCHED_REPO, tag: '1.1' }),
      buildTestApp({ repository: SCHED_REPO, tag: 'dev-x' }),
      buildTestApp({ repository: WINDOW_REPO, tag: '1.0' }),
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const id of projects) await app.dispatch('projects.remove', { id });
    await stopApp(app);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const project = async (image: string, name: string, autoDeploy: boolean): Promise<{ projectId: number; stageId: number }> => {
    const p = await call(app, 'projects.create', {
      image,
      name,
      health: { kind: 'http', path: '/health', timeoutMs: 5000 },
      stopTimeoutSec: 1,
      stages: [{ name: 'dev', tagPattern: '1.*', autoDeploy }],
    });
    projects.push(p.id);
    return { projectId: p.id, stageId: p.stages[0]!.id };
  };

  it('refuses a cron expression with what is wrong in it, and stores nothing', async () => {
    const { stageId } = await project(SCHED_REPO, 'it-triggers-refuse', false);
    const r = await app.dispatch('schedules.create', { stageId, cron: '61 3 * * *', action: 'restart' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message).toContain('the minute field "61" is not valid (minutes go from 0 to 59)');
    expect((await call(app, 'schedules.list', { stageId })).schedules).toEqual([]);
  });

  it('a redeploy-newest schedule deploys the pattern’s newest tag at its time, never overlaps itself, and a restart schedule replaces the live container', async () => {
    const { projectId, stageId } = await project(SCHED_REPO, 'it-triggers-schedule', false);
    // Fires at 03:00 and again at 03:01, while the 03:00 run still waits for its deploy.
    const redeploy = await call(app, 'schedules.create', { stageId, cron: '0,1 3 * * *', action: 'redeploy-newest' });
    expect(redeploy).toMatchObject({ stageId, projectId, enabled: true, running: false, lastRun: null });
    expect(redeploy.nextRunAt).not.toBeNull();

    await clock.advanceTo(local(3, 0));
    await waitFor('the 03:00 run to start', async () => (await call(app, 'schedules.list', { stageId })).schedules[0]?.running);
    const again = await app.dispatch('schedules.run', { id: redeploy.id });
    expect(again.ok ? null : again.error.code).toBe('CONFLICT');
    await clock.advanceTo(local(3, 1));
    const ran = await waitFor('the run recorded', () => events.find((e) => e.type === 'schedule.ran' && e.data['scheduleId'] === redeploy.id), 60_000);
    expect(events.filter((e) => e.type === 'schedule.skipped' && e.data['scheduleId'] === redeploy.id)).toHaveLength(1);
    expect(ran).toMatchObject({ projectId, stageId, data: { cron: '0,1 3 * * *', action: 'redeploy-newest', ok: true, how: 'scheduled' } });
    expect(String(ran.data['outcome'])).toBe(`redeploy the newest tag: 1.1 is live (deploy #${String(ran.deployId)})`);
    const deploy = await call(app, 'deploys.get', { id: ran.deployId! });
    expect(deploy).toMatchObject({ tag: '1.1', trigger: 'schedule', status: 'succeeded' });
    expect(deploy.reason).toContain(`schedule #${String(redeploy.id)}`);
    const listed = (await call(app, 'schedules.list', { stageId })).schedules[0]!;
    expect(listed.lastRun).toMatchObject({ ok: true, deployId: ran.deployId });
    expect(listed.running).toBe(false);

    // The restart schedule: a fresh container of the same image.
    const before = (await call(app, 'projects.get', { id: projectId })).stages[0]!.live!;
    const restart = await call(app, 'schedules.create', { stageId, cron: '30 3 * * *', action: 'restart' });
    await call(app, 'schedules.update', { id: redeploy.id, enabled: false });
    await clock.advanceTo(local(3, 30));
    const restarted = await waitFor('the restart run', () => events.find((e) => e.type === 'schedule.ran' && e.data['scheduleId'] === restart.id), 60_000);
    expect(restarted.data['outcome']).toMatch(/^restart: 1\.1 is live \(deploy #\d+\)$/);
    const after = (await call(app, 'projects.get', { id: projectId })).stages[0]!.live!;
    expect(after.tag).toBe('1.1');
    expect(after.digest).toBe(before.digest);
    expect(after.containerId).not.toBe(before.containerId);
    expect((await call(app, 'deploys.get', { id: restarted.deployId! })).trigger).toBe('schedule');
    // The disabled schedule did not fire at 03:30 (its times are 03:00 and 03:01 only anyway: one run in all).
    expect(events.filter((e) => e.type === 'schedule.ran' && e.data['scheduleId'] === redeploy.id)).toHaveLength(1);
  });

  it('an update window holds a tag that arrives outside it, a newer tag replaces the held one, and it deploys when the clock enters the window', async () => {
    await clock.advanceTo(local(6, 0));
    const { projectId, stageId } = await project(WINDOW_REPO, 'it-triggers-window', true);
    const state = await call(app, 'updateWindow.set', { stageId, window: { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' } });
    expect(state).toMatchObject({ description: 'weekdays 09:00–18:00', openNow: false, nextOpenAt: local(9, 0), held: null });
    // The first check records what is there (1.0): nothing is deployed.
    expect((await call(app, 'poller.pollNow', { stageId })).stages[0]!.baseline).toBe(true);

    await buildTestApp({ repository: WINDOW_REPO, tag: '1.1' });
    const found = (await call(app, 'poller.pollNow', { stageId })).stages[0]!.found;
    expect(found).toMatchObject([{ tag: '1.1', action: 'deploy', deployId: null, notBefore: local(9, 0) }]);
    const held = events.find((e) => e.type === 'update.available' && e.stageId === stageId && e.data['tag'] === '1.1');
    expect(held?.message).toBe('it-triggers-window/dev: 1.1 is available (deploys at 09:00, when the update window weekdays 09:00–18:00 opens)');
    expect(held?.data['deploysAt']).toBe(local(9, 0));
    expect((await call(app, 'updateWindow.get', { stageId })).held).toEqual({ tag: '1.1', deploysAt: local(9, 0) });

    await clock.advanceTo(local(8, 0));
    await buildTestApp({ repository: WINDOW_REPO, tag: '1.2' });
    expect((await call(app, 'poller.pollNow', { stageId })).stages[0]!.found.map((f) => f.tag)).toEqual(['1.2']);
    expect((await call(app, 'updateWindow.get', { stageId })).held).toEqual({ tag: '1.2', deploysAt: local(9, 0) });
    await clock.advanceTo(local(8, 59));
    expect((await call(app, 'deploys.list', { projectId })).deploys).toEqual([]);

    await clock.advanceTo(local(9, 0));
    const live = await waitFor('1.2 live', async () => {
      const s = (await call(app, 'projects.get', { id: projectId })).stages[0]!;
      return s.live?.tag === '1.2' && s.activeDeployId === null ? s : null;
    }, 60_000);
    expect(live.live?.tag).toBe('1.2');
    const deploys = (await call(app, 'deploys.list', { projectId })).deploys;
    expect(deploys.map((d) => [d.tag, d.trigger, d.status])).toEqual([['1.2', 'poll', 'succeeded']]);
    expect((await call(app, 'updateWindow.get', { stageId })).held).toBeNull();
  });

  it('a manual deploy ignores the window, and taking the window off releases the held tag', async () => {
    await clock.advanceTo(local(19, 0));
    const { projectId, stageId } = await project(WINDOW_REPO, 'it-triggers-window-manual', true);
    await call(app, 'updateWindow.set', { stageId, window: { days: [1], from: '09:00', to: '18:00' } });
    expect((await call(app, 'updateWindow.get', { stageId })).nextOpenAt).toBe(new Date(2026, 2, 9, 9, 0).getTime());
    const d = await call(app, 'stages.deploy', { stageId, tag: '1.1', wait: true });
    expect(d).toMatchObject({ status: 'succeeded', trigger: 'manual' });
    expect((await call(app, 'projects.get', { id: projectId })).stages[0]!.live?.tag).toBe('1.1');

    // A tag held for next Monday goes as soon as the window is taken off.
    expect((await call(app, 'poller.pollNow', { stageId })).stages[0]!.baseline).toBe(true);
    await buildTestApp({ repository: WINDOW_REPO, tag: '1.3' });
    expect((await call(app, 'poller.pollNow', { stageId })).stages[0]!.found).toMatchObject([{ tag: '1.3', action: 'deploy', notBefore: new Date(2026, 2, 9, 9, 0).getTime() }]);
    expect((await call(app, 'updateWindow.get', { stageId })).held?.tag).toBe('1.3');
    expect(await call(app, 'updateWindow.set', { stageId, window: null })).toMatchObject({ window: null, openNow: true, held: null });
    const released = await waitFor('1.3 live', async () => {
      const s = (await call(app, 'projects.get', { id: projectId })).stages[0]!;
      return s.live?.tag === '1.3' && s.activeDeployId === null ? s : null;
    }, 60_000);
    expect(released.live?.tag).toBe('1.3');
  });

  it('a check schedule polls the registry for its stage and says what it found', async () => {
    const { stageId } = await project(SCHED_REPO, 'it-triggers-check', false);
    const check = await call(app, 'schedules.create', { stageId, cron: '0 4 * * *', action: 'check' });
    expect(await call(app, 'schedules.run', { id: check.id })).toMatchObject({ ok: true, outcome: 'check now: first check, the tags there now were recorded (nothing deployed)', deployId: null });
    await buildTestApp({ repository: SCHED_REPO, tag: '1.2' });
    expect((await call(app, 'schedules.run', { id: check.id })).outcome).toBe('check now: found 1.2 (update-available)');
    expect(await call(app, 'schedules.run', { id: check.id })).toMatchObject({ ok: true, outcome: 'check now: nothing new' });
    const runs = events.filter((e) => e.data['scheduleId'] === check.id);
    expect(runs.map((e) => [e.type, e.data['how']])).toEqual([
      ['schedule.ran', 'run by hand'],
      ['schedule.ran', 'run by hand'],
      ['schedule.ran', 'run by hand'],
    ]);
  });
});
