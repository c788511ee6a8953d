import { describe, expect, it } from 'vitest';
import type { Deploy } from '../../../../preload/contract/deploys';
import { timelineData } from './timeline-data';

const d = (id: number, status: Deploy['status'], createdAt: number, durationMs: number | null): Deploy => ({
  id, projectId: 1, stageId: 1, tag: 't', digest: null, trigger: 'manual', reason: null, status, error: null, note: null, steps: [], instanceId: null, previousInstanceId: null,
  createdAt, startedAt: createdAt, finishedAt: createdAt + 5000, durationMs,
});

describe('timelineData', () => {
  it('puts finished deploys in time order, split by outcome', () => {
    const t = timelineData([d(3, 'failed', 3000, null), d(1, 'succeeded', 1000, 1500), d(2, 'queued', 2000, null), d(4, 'skipped', 4000, null)]);
    expect(t).toEqual({ x: [1, 3], ok: [1.5, null], failed: [null, 5] });
  });
});
