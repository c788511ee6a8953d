import { describe, expect, it } from 'vitest';
import type { StatsSample } from '../../../../preload/contract/stats';
import { addSample, CHART_SPAN_S, cpuLabel, emptySeries, memLabel, tickLabel, TICK_INCREMENTS, timeRange } from './stats-series';

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

describe("a Swarm stage's tasks", () => {
  const task = (taskId: string, slot: number, cpu: number | null, notice: string | null = null) => ({ taskId, slot, nodeId: 'n1', cpuPercent: cpu, memoryBytes: cpu === null ? null : 1048576 * 3, memoryLimitBytes: null, notice });
  it('keeps the latest sample\'s rows, also through a notice', () => {
    let s = addSample(emptySeries, { ...x(1000, 3, 6), tasks: [task('a', 1, 1), task('b', 2, 2)] });
    expect(s.tasks?.map((t) => t.taskId)).toEqual(['a', 'b']);
    s = addSample(s, { ...x(2000, 2, 3), tasks: [task('b', 2, 2)] });
    expect(s.tasks?.map((t) => t.taskId)).toEqual(['b']);
    s = addSample(s, { ...x(3000, null, null, 'No task of the service is running.'), tasks: [] });
    expect(s.tasks).toEqual([]);
    expect(addSample(emptySeries, x(1000, 1, 1)).tasks).toBeNull();
  });
  it('labels figures the way the chart does', () => {
    expect(cpuLabel(12.345)).toBe('12.3 %');
    expect(memLabel(1048576 * 2.25)).toBe('2.3 MB');
    expect(cpuLabel(null)).toBe('–');
  });
});

describe('the time axis', () => {
  it('spans the last 5 minutes up to the newest sample, from the first sample on', () => {
    expect(timeRange([1000], 5000)).toEqual([1000 - CHART_SPAN_S, 1000]);
    expect(timeRange([1000, 1001, 1002], 5000)).toEqual([1002 - 300, 1002]);
    expect(timeRange([], 5000)).toEqual([4700, 5000]);
  });

  it('labels ticks with wall-clock time: never a year, never fractions of a second', () => {
    const at = new Date(2026, 11, 5, 4, 41, 30).getTime() / 1000;
    expect(tickLabel(at, 15)).toBe('04:41:30');
    expect(tickLabel(at, 60)).toBe('04:41');
    expect(TICK_INCREMENTS.every((i) => Number.isInteger(i) && i >= 1)).toBe(true);
    for (const incr of TICK_INCREMENTS) expect(tickLabel(at + 0.6, incr)).toMatch(/^\d\d:\d\d(:\d\d)?$/);
  });
});
