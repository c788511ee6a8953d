import { describe, expect, it } from 'vitest';
import { cpuPercent, DockerStatsSchema, memoryUsed } from './stats-math';

const sample = DockerStatsSchema.parse({
  cpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 20_000_000_000, online_cpus: 2 },
  precpu_stats: { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 10_000_000_000 },
  memory_stats: { usage: 50_000_000, limit: 1_000_000_000, stats: { cache: 10_000_000 } },
});

describe('stats math', () => {
  it('computes CPU percent over the sample interval, scaled by cores', () => {
    expect(cpuPercent(sample)).toBeCloseTo(20);
  });
  it('has no CPU figure for the first sample', () => {
    expect(cpuPercent({ ...sample, precpu_stats: {} })).toBeNull();
  });
  it('subtracts the page cache from memory (v1 cache, v2 inactive_file)', () => {
    expect(memoryUsed(sample)).toBe(40_000_000);
    expect(memoryUsed({ ...sample, memory_stats: { usage: 30, stats: { inactive_file: 10 } } })).toBe(20);
    expect(memoryUsed({ ...sample, memory_stats: {} })).toBeNull();
  });
});
