import type { StatsSample } from '../../../../preload/contract/stats';

export const STATS_WINDOW = 120;

export interface StatsSeries {
  readonly t: readonly number[];
  readonly cpu: readonly (number | null)[];
  readonly memMb: readonly (number | null)[];
  readonly limitMb: number | null;
  readonly notice: string | null;
}

export const emptySeries: StatsSeries = { t: [], cpu: [], memMb: [], limitMb: null, notice: null };

/** Appends a sample (seconds on the x axis, memory in MB), keeping the last `max`. */
export function addSample(s: StatsSeries, x: StatsSample, max = STATS_WINDOW): StatsSeries {
  if (x.notice !== null) return { ...s, notice: x.notice };
  const cut = <T,>(a: readonly T[], v: T): readonly T[] => [...a, v].slice(-max);
  return {
    t: cut(s.t, x.ts / 1000),
    cpu: cut(s.cpu, x.cpuPercent === null ? null : Math.round(x.cpuPercent * 10) / 10),
    memMb: cut(s.memMb, x.memoryBytes === null ? null : Math.round((x.memoryBytes / 1048576) * 10) / 10),
    limitMb: x.memoryLimitBytes === null ? s.limitMb : Math.round(x.memoryLimitBytes / 1048576),
    notice: null,
  };
}
