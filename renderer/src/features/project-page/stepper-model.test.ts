import { describe, expect, it } from 'vitest';
import type { Deploy, DeployProgress } from '../../../../preload/contract/deploys';
import { stepperModel } from './stepper-model';

const deploy = (steps: Deploy['steps'], finishedAt: number | null = null, status: Deploy['status'] = 'checking'): Deploy => ({
  id: 1,
  projectId: 1,
  stageId: 1,
  tag: '1.1',
  digest: null,
  trigger: 'manual',
  reason: null,
  status,
  error: null,
  note: null,
  steps,
  instanceId: null,
  previousInstanceId: null,
  createdAt: 0,
  startedAt: 0,
  finishedAt,
  durationMs: null,
});
const step = (name: Deploy['steps'][number]['name'], status: Deploy['steps'][number]['status'], detail: string | null = null): Deploy['steps'][number] => ({ name, status, startedAt: 0, endedAt: null, detail });

describe('stepperModel', () => {
  it('shows five steps, live health attempts on the running one', () => {
    const d = deploy([step('pull', 'done', 'image already present'), step('create', 'done'), step('start', 'done')]);
    const p: DeployProgress = { deployId: 1, stageId: 1, step: 'health', status: 'running', detail: null, pull: null, health: { attempts: 4, last: 'GET /health → 503', elapsedMs: 80 } };
    const v = stepperModel(d, p);
    expect(v.map((s) => [s.label, s.status])).toEqual([
      ['Pull', 'done'],
      ['Start', 'done'],
      ['Health', 'running'],
      ['Switch', 'pending'],
      ['Drain', 'pending'],
    ]);
    expect(v[0]?.detail).toBe('image already present');
    expect(v[2]?.health).toEqual({ attempts: 4, last: 'GET /health → 503' });
  });
  it('carries pull bytes while pulling', () => {
    const p: DeployProgress = { deployId: 1, stageId: 1, step: 'pull', status: 'running', detail: null, pull: { layers: [], current: 10, total: 40 }, health: null };
    expect(stepperModel(deploy([]), p)[0]).toMatchObject({ status: 'running', bytes: { current: 10, total: 40 } });
  });
  it("carries a Swarm rolling update's progress on the Start step", () => {
    const d = deploy([step('pull', 'done'), step('create', 'done'), step('start', 'running', '1/3 updated')]);
    const p: DeployProgress = { deployId: 1, stageId: 1, step: 'start', status: 'running', detail: '1/3 updated: slot 1 running (new), slot 2 starting (new), slot 3 running (old)', pull: null, health: null, rollout: { updated: 1, total: 3, tasks: [] } };
    const v = stepperModel(d, p);
    expect(v[1]?.rollout).toEqual({ updated: 1, total: 3 });
    expect(v[1]?.detail).toMatch(/^1\/3 updated/);
    expect(v[2]?.rollout).toBeNull();
  });

  it('marks the failed step', () => {
    const v = stepperModel(deploy([step('pull', 'done'), step('create', 'done'), step('start', 'done'), step('health', 'failed', 'GET /health answered 500 for 30 s')], 5, 'failed'), null);
    expect(v[2]).toMatchObject({ status: 'failed', detail: 'GET /health answered 500 for 30 s' });
    expect(v[3]?.status).toBe('pending');
  });
  it('counts a group done once any step of a finished deploy is done', () => {
    const v = stepperModel(deploy([step('drain', 'done')], 5, 'succeeded'), null);
    expect(v[4]?.status).toBe('done');
  });

  it('gives each finished group its duration, from its first step starting to its last one ending', () => {
    const t = (name: Deploy['steps'][number]['name'], startedAt: number, endedAt: number | null): Deploy['steps'][number] => ({ name, status: endedAt === null ? 'running' : 'done', startedAt, endedAt, detail: null });
    const v = stepperModel(deploy([t('pull', 100, 350), t('create', 350, 400), t('start', 400, 1600), t('health', 1600, null)]), null);
    expect(v.map((s) => s.durationMs)).toEqual([250, 1250, null, null, null]);
  });
});
