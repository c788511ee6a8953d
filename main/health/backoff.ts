/**
 * When to probe next. Fast at first (a container's app is usually ready within a few hundred ms,
 * and every ms between "ready" and "switched" is visible), then backing off so a slow starter
 * costs ~10 probes a second.
 */
export interface ProbeSchedule {
  readonly firstMs: number;
  /** Probes at firstMs before backing off. */
  readonly fastProbes: number;
  readonly factor: number;
  readonly maxMs: number;
}

export const defaultProbeSchedule: ProbeSchedule = { firstMs: 2, fastProbes: 150, factor: 1.25, maxMs: 100 };

/** Delay before probe number `attempt + 1` (attempt counts from 1). */
export function probeDelay(attempt: number, s: ProbeSchedule = defaultProbeSchedule): number {
  if (attempt <= s.fastProbes) return s.firstMs;
  return Math.min(s.maxMs, Math.round(s.firstMs * s.factor ** (attempt - s.fastProbes)));
}
