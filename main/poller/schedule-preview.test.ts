import { describe, expect, it } from 'vitest';
import { nextRuns } from './schedule-preview';

describe('nextRuns', () => {
  it('lists upcoming times on the expression\'s boundaries, soonest first', () => {
    const runs = nextRuns('*/5 * * * *', 3);
    expect(runs).toHaveLength(3);
    const [a, b, c] = runs as [number, number, number];
    expect(a).toBeGreaterThan(Date.now() - 1);
    expect(new Date(a).getMinutes() % 5).toBe(0);
    expect(new Date(a).getSeconds()).toBe(0);
    expect([b - a, c - b]).toEqual([300_000, 300_000]);
  });

  it('answers null for what is not a cron expression', () => {
    expect(nextRuns('every five minutes', 1)).toBeNull();
    expect(nextRuns('61 * * * *', 1)).toBeNull();
  });
});
