import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../../preload/contract';
import type { Deploy, DeployProgress } from '../../../../preload/contract/deploys';
import { deployFraction, orderChain, pendingUpdates, shortDigest, stageView } from './chain-model';
import { stage } from './stage-fixture';

const deploy = (id: number, stageId: number, over: Partial<Deploy> = {}): Deploy => ({
  id,
  projectId: 1,
  stageId,
  tag: '1.1',
  digest: null,
  trigger: 'webhook',
  reason: null,
  status: 'succeeded',
  error: null,
  note: null,
  steps: [],
  instanceId: null,
  previousInstanceId: null,
  createdAt: 100 * id,
  startedAt: 100 * id,
  finishedAt: 100 * id + 50,
  durationMs: 50,
  ...over,
});

describe('orderChain', () => {
  it('puts each stage after its upstream', () => {
    const chain = orderChain([stage(3, 'prod', 2), stage(1, 'dev'), stage(2, 'staging', 1)]);
    expect(chain.map((s) => s.name)).toEqual(['dev', 'staging', 'prod']);
  });
  it('survives a cycle', () => {
    expect(orderChain([stage(1, 'a', 2), stage(2, 'b', 1)]).map((s) => s.id)).toHaveLength(2);
  });
});

describe('stageView', () => {
  const none = new Map();
  it('is green with the live tag and short digest when healthy', () => {
    const v = stageView(stage(1, 'dev'), [deploy(1, 1)], none, none);
    expect(v).toMatchObject({ tone: 'ok', state: 'healthy', liveTag: '1.0', digest: 'abcdef012345' });
    expect(v.lastDeploy?.id).toBe(1);
  });
  it('is amber with progress while deploying', () => {
    const p: DeployProgress = { deployId: 5, stageId: 1, step: 'health', status: 'running', detail: null, pull: null, health: { attempts: 3, last: '503', elapsedMs: 40 } };
    const v = stageView(stage(1, 'dev', null, { activeDeployId: 5 }), [], new Map([[5, p]]), none);
    expect(v.tone).toBe('busy');
    expect(v.deploying?.step).toBe('health');
    expect(v.deploying?.fraction).toBeGreaterThan(0.4);
    expect(v.deploying?.fraction).toBeLessThan(0.6);
  });
  it('is red after a failed deploy and says the old version still serves', () => {
    const v = stageView(stage(1, 'dev'), [deploy(2, 1, { status: 'failed', tag: '1.1', error: 'GET /health answered 500' }), deploy(1, 1)], none, none);
    expect(v.tone).toBe('bad');
    expect(v.problem).toBe('Deploy of 1.1 failed: GET /health answered 500. 1.0 still serves.');
  });
  it('shows an update only where auto-deploy is off (or the tag waits for the update window)', () => {
    const updates = new Map([[1, { tag: '2.0', ts: 5, deploysAt: null }]]);
    expect(stageView(stage(1, 'dev'), [], none, updates).update).toBeNull();
    expect(stageView(stage(1, 'dev', null, { autoDeploy: false }), [], none, updates).update?.tag).toBe('2.0');
  });
  it('says when the live instance is down, stopped or missing', () => {
    const s = stage(1, 'dev');
    expect(stageView({ ...s, live: s.live ? { ...s.live, running: false } : null }, [], none, none).state).toBe('down');
    expect(stageView({ ...s, stopped: true }, [], none, none).state).toBe('stopped');
    expect(stageView({ ...s, live: null }, [], none, none).state).toBe('empty');
    // A static site serves a commit, with no container.
    const site = { commit: 'c'.repeat(40), shortSha: 'ccccccc', message: 'docs: typo', author: 'Ana', ref: 'main', deployId: 3, files: 4, bytes: 900, liveSince: 0 };
    expect(stageView({ ...s, live: null, site }, [], none, none)).toMatchObject({ state: 'serving', tone: 'ok', liveTag: 'main', digest: 'ccccccc' });
  });
});

describe('pendingUpdates', () => {
  const ev = (id: number, stageId: number, tag: string, ts: number): AppEvent => ({ id, ts, type: 'update.available', level: 'info', message: '', projectId: 1, stageId, deployId: null, data: { tag } });
  it('keeps the newest update per stage until a later deploy of that stage', () => {
    const u = pendingUpdates([ev(1, 1, '1.1', 10), ev(2, 1, '1.2', 20), ev(3, 2, '3.0', 30)], [deploy(1, 2, { createdAt: 40 })]);
    expect([...u.entries()]).toEqual([[1, { tag: '1.2', ts: 20, deploysAt: null }]]);
  });

  it('a tag held for the update window says when it deploys, and shows even with auto-deploy on', () => {
    const held: AppEvent = { ...ev(4, 1, '1.3', 50), data: { tag: '1.3', deploysAt: 9_000 } };
    const u = pendingUpdates([ev(1, 1, '1.1', 10), held], []);
    expect(u.get(1)).toEqual({ tag: '1.3', ts: 50, deploysAt: 9_000 });
    expect(stageView(stage(1, 'dev', null, { autoDeploy: true }), [], new Map(), u).update).toEqual({ tag: '1.3', ts: 50, deploysAt: 9_000 });
    expect(stageView(stage(1, 'dev', null, { autoDeploy: true }), [], new Map(), pendingUpdates([ev(1, 1, '1.1', 10)], [])).update).toBeNull();
  });
});

describe('helpers', () => {
  it('shortens digests and measures pull progress', () => {
    expect(shortDigest('sha256:0123456789abcdef')).toBe('0123456789ab');
    const p: DeployProgress = { deployId: 1, stageId: 1, step: 'pull', status: 'running', detail: null, pull: { layers: [], current: 50, total: 100 }, health: null };
    expect(deployFraction(p, null)).toBeCloseTo(0.5 / 7);
  });
});
