import { describe, expect, it } from 'vitest';
import { rollbackTarget, type PastDeploy } from './rollback-target';

const d = (id: number, digest: string, trigger: PastDeploy['trigger'] = 'webhook'): PastDeploy => ({ id, tag: `t-${digest}`, digest, trigger });

describe('rollbackTarget', () => {
  it('goes back to the previous digest', () => {
    expect(rollbackTarget([d(3, 'C'), d(2, 'B'), d(1, 'A')], 'C')).toEqual({ tag: 't-B', digest: 'B' });
  });
  it('walks further back on a second rollback instead of flipping', () => {
    expect(rollbackTarget([d(4, 'B', 'rollback'), d(3, 'C'), d(2, 'B'), d(1, 'A')], 'B')).toEqual({ tag: 't-A', digest: 'A' });
  });
  it('skips redeploys of the same digest', () => {
    expect(rollbackTarget([d(4, 'C', 'manual'), d(3, 'C'), d(2, 'B')], 'C')).toEqual({ tag: 't-B', digest: 'B' });
  });
  it('answers null when there is nothing earlier', () => {
    expect(rollbackTarget([d(1, 'A')], 'A')).toBeNull();
    expect(rollbackTarget([], 'A')).toBeNull();
  });
});
