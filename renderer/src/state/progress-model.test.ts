import { describe, expect, it } from 'vitest';
import type { DeployProgress } from '../../../preload/contract/deploys';
import { applyProgress, forgetProgress } from './progress-model';

const p = (deployId: number, step: DeployProgress['step']): DeployProgress => ({ deployId, stageId: 1, step, status: 'running', detail: null, pull: null, health: null });

describe('progress', () => {
  it('keeps the latest step per deploy and forgets finished ones', () => {
    let m = applyProgress(new Map(), p(1, 'pull'));
    m = applyProgress(m, p(1, 'health'));
    m = applyProgress(m, p(2, 'pull'));
    expect(m.get(1)?.step).toBe('health');
    m = forgetProgress(m, 1);
    expect([...m.keys()]).toEqual([2]);
    expect(forgetProgress(m, 9)).toBe(m);
  });
});
