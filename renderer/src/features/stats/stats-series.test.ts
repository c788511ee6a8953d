import { describe, expect, it } from 'vitest';
import type { StatsSample } from '../../../../preload/contract/stats';
import { addSample, emptySeries } from './stats-series';

const x = (ts: number, cpu: number | null, mem: number | null, notice: string | null = null): StatsSample => ({ subscriptionId: 's', instanceId: 1, ts, cpuPercent: cpu, memoryBytes: mem, memoryLimitBytes: 1048576 * 512, notice });

describe('addSample', () => {
  it('keeps a rolling window in seconds and MB', () => {
    let s = emptySeries;
    for (let i = 0; i < 5; i++) s = addSample(s, x(1000 * i, i * 10.04, 1048576 * 2), 3);
    expect(s.t).toEqual([2, 3, 4]);
    expect(s.cpu).toEqual([20.1, 30.1, 40.2]);
    expect(s.memMb).toEqual([2, 2, 2]);
    expect(s.limitMb).toBe(512);
  });
  it('keeps the series and shows a notice when there is nothing to measure', () => {
    const s = addSample(addSample(emptySeries, x(1000, 5, 1)), x(2000, null, null, 'The instance stopped.'));
    expect(s.t).toEqual([1]);
    expect(s.notice).toBe('The instance stopped.');
  });
});
