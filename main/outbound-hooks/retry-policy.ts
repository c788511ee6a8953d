/** When to try a failed delivery again. Delays are in milliseconds so tests can run the real schedule fast. */
export interface RetryPolicy {
  /** Delay before retry n (n = 1, 2, …); its length is the number of retries after the first attempt. */
  readonly scheduleMs: readonly number[];
  /** No single delay exceeds this, whatever the schedule or a receiver's Retry-After says. */
  readonly maxDelayMs: number;
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/** About two days of retries (each step at least doubles), from seconds to hours. */
export const defaultRetryPolicy: RetryPolicy = {
  scheduleMs: [5 * S, 30 * S, 2 * M, 10 * M, 1 * H, 3 * H, 6 * H, 12 * H, 24 * H],
  maxDelayMs: 24 * H,
};

/**
 * The delay after `failedAttempts` automatic attempts, or null when the schedule is used up.
 * Jitter spreads retries of many deliveries apart; half of each step is kept fixed ("equal
 * jitter") so that, with a schedule that at least doubles per step, gaps always grow —
 * full jitter could make a later gap shorter than an earlier one.
 */
export function retryDelay(policy: RetryPolicy, failedAttempts: number, random: () => number, retryAfterMs?: number | null): number | null {
  const base = policy.scheduleMs[failedAttempts - 1];
  if (base === undefined) return null;
  const jittered = base / 2 + random() * (base / 2);
  const wanted = Math.max(jittered, retryAfterMs ?? 0);
  return Math.round(Math.min(wanted, policy.maxDelayMs));
}

/** `Retry-After` as seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
