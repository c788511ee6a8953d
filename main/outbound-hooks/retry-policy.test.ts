import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, parseRetryAfter, retryDelay } from './retry-policy';

describe('retryDelay', () => {
  it('follows the schedule with jitter in [base/2, base], then gives up', () => {
    const policy = { scheduleMs: [100, 400, 1600], maxDelayMs: 10_000 };
    expect(retryDelay(policy, 1, () => 0)).toBe(50);
    expect(retryDelay(policy, 1, () => 1)).toBe(100);
    expect(retryDelay(policy, 3, () => 0.5)).toBe(1200);
    expect(retryDelay(policy, 4, () => 0.5)).toBeNull();
  });

  it('caps every delay, including a long Retry-After', () => {
    const policy = { scheduleMs: [1000, 60_000], maxDelayMs: 30_000 };
    expect(retryDelay(policy, 2, () => 1)).toBe(30_000);
    expect(retryDelay(policy, 1, () => 0, 3_600_000)).toBe(30_000);
    expect(retryDelay(policy, 1, () => 0, 5_000)).toBe(5_000);
  });

  it('keeps gaps growing whatever the jitter when each step at least doubles', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 9, maxLength: 9 }), (rolls) => {
        const delays = rolls.map((r, i) => retryDelay(defaultRetryPolicy, i + 1, () => r)!);
        for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1]!);
      }),
    );
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
