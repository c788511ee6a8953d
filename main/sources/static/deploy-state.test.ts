import { describe, expect, it } from 'vitest';
import { afterFailure, nextStaticStep, rollbackSnapshot, snapshotsToPrune, type SnapshotRow } from './deploy-state';

describe('static deploy state', () => {
  const base = { commit: null, snapshotReady: false, switched: false, cleaned: false };

  it('walks pull → create → switch → cleanup → done', () => {
    expect(nextStaticStep(base).step).toBe('pull');
    expect(nextStaticStep({ ...base, commit: 'a' }).step).toBe('create');
    expect(nextStaticStep({ ...base, commit: 'a', snapshotReady: true }).step).toBe('switch');
    expect(nextStaticStep({ ...base, commit: 'a', snapshotReady: true, switched: true }).step).toBe('cleanup');
    expect(nextStaticStep({ commit: 'a', snapshotReady: true, switched: true, cleaned: true }).step).toBeNull();
  });

  it('a failure before or at the switch fails the deploy and leaves the old snapshot serving; at cleanup it does not', () => {
    for (const step of ['pull', 'create', 'switch'] as const) expect(afterFailure(step)).toEqual({ status: 'failed', previousServing: true });
    expect(afterFailure('cleanup').status).toBe('succeeded');
  });
});

describe('snapshot retention', () => {
  const row = (id: number, stageId: number, dir: string, status: SnapshotRow['status']): SnapshotRow => ({ id, stageId, dir, status });

  it('keeps the live snapshot and maxInstances - 1 others, newest first', () => {
    const rows = [row(5, 1, 'e', 'live'), row(4, 1, 'd', 'kept'), row(3, 1, 'c', 'kept'), row(2, 1, 'b', 'kept'), row(1, 1, 'a', 'removed')];
    expect(snapshotsToPrune(rows, 2, rows)).toEqual({ forget: [3, 2], deleteDirs: ['c', 'b'] });
    expect(snapshotsToPrune(rows, 4, rows)).toEqual({ forget: [], deleteDirs: [] });
  });

  it('does not delete a directory another stage still serves or keeps', () => {
    const dev = [row(3, 1, 'x', 'live'), row(2, 1, 'shared', 'kept')];
    const all = [...dev, row(9, 2, 'shared', 'live')];
    expect(snapshotsToPrune(dev, 1, all)).toEqual({ forget: [2], deleteDirs: [] });
  });

  it('rolls back to the newest kept snapshot of another commit', () => {
    const rows = [
      { ...row(3, 1, 'c', 'live'), commitSha: 'c' },
      { ...row(2, 1, 'c', 'kept'), commitSha: 'c' },
      { ...row(1, 1, 'b', 'kept'), commitSha: 'b' },
    ];
    expect(rollbackSnapshot(rows)?.id).toBe(1);
    expect(rollbackSnapshot([rows[0]!])).toBeNull();
  });
});
