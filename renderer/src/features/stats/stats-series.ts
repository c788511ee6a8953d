import type { StatsSample, TaskStats } from '../../../../preload/contract/stats';

/** Samples kept: a little over the 5 minutes shown at about one a second. */
export const STATS_WINDOW = 320;
/** What the chart's time axis spans, in seconds. */
export const CHART_SPAN_S = 300;

export interface StatsSeries {
  readonly t: readonly number[];
  readonly cpu: readonly (number | null)[];
  readonly memMb: readonly (number | null)[];
  readonly limitMb: number | null;
  readonly notice: string | null;
  /** A Swarm stage's tasks as the latest sample measured them (null for a stage of containers). */
  readonly tasks: readonly TaskStats[] | null;
}

export const emptySeries: StatsSeries = { t: [], cpu: [], memMb: [], limitMb: null, notice: null, tasks: null };

/** A figure as the chart and the task rows show it: one decimal, memory in MB. */
export const cpuLabel = (v: number | null): string => (v === null ? '–' : `${v.toFixed(1)} %`);
export const memLabel = (bytes: number | null): string => (bytes === null ? '–' : `${(bytes / 1048576).toFixed(1)} MB`);

/** Appends a sample (seconds on the x axis, memory in MB), keeping the last `max`. */
export function addSample(s: StatsSeries, x: StatsSample, max = STATS_WINDOW): StatsSeries {
  if (x.notice !== null) return { ...s, notice: x.notice, tasks: x.tasks ?? s.tasks };
  const cut = <T,>(a: readonly T[], v: T): readonly T[] => [...a, v].slice(-max);
  return {
    t: cut(s.t, x.ts / 1000),
    cpu: cut(s.cpu, x.cpuPercent === null ? null : Math.round(x.cpuPercent * 10) / 10),
    memMb: cut(s.memMb, x.memoryBytes === null ? null : Math.round((x.memoryBytes / 1048576) * 10) / 10),
    limitMb: x.memoryLimitBytes === null ? s.limitMb : Math.round(x.memoryLimitBytes / 1048576),
    notice: null,
    tasks: x.tasks ?? null,
  };
}

/**
 * The x range in seconds: the last 5 minutes up to the newest sample, so the axis reads clock
 * times from the first sample on (an empty chart shows the 5 minutes up to `nowS`).
 */
export function timeRange(t: readonly number[], nowS: number, span = CHART_SPAN_S): [number, number] {
  const last = t.length > 0 ? (t[t.length - 1] ?? nowS) : nowS;
  return [last - span, last];
}

/** Tick spacings (seconds) for the axis: whole seconds only, so a label never reads ":41.600". */
export const TICK_INCREMENTS = [15, 30, 60, 120, 300];

/** A tick's label: local wall-clock time, seconds shown only when the ticks are closer than a minute. */
export function tickLabel(sec: number, incrementS: number): string {
  const d = new Date(sec * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return incrementS < 60 ? `${hm}:${pad(d.getSeconds())}` : hm;
}
