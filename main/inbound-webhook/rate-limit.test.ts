import { describe, expect, it } from 'vitest';
import { SourceRateLimiter } from './rate-limit';

describe('SourceRateLimiter', () => {
  it('allows a burst, then the sustained rate, per source', () => {
    let t = 0;
    const limiter = new SourceRateLimiter({ perSecond: 10, burst: 3 }, () => t);
    expect([1, 2, 3, 4].map(() => limiter.take('a').ok)).toEqual([true, true, true, false]);
    expect(limiter.take('b').ok).toBe(true); // another sender is not affected
    t += 100; // one token back after 1/10 s
    expect(limiter.take('a').ok).toBe(true);
    expect(limiter.take('a').ok).toBe(false);
    expect(limiter.refused).toBe(2);
  });

  it('says when to come back', () => {
    const limiter = new SourceRateLimiter({ perSecond: 0.5, burst: 1 }, () => 0);
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterS: 2 });
  });

  it('stays bounded in memory under many sources', () => {
    let t = 0;
    const limiter = new SourceRateLimiter({ perSecond: 1, burst: 1, maxSources: 100 }, () => t);
    for (let i = 0; i < 1000; i++) {
      t += 1;
      expect(limiter.take(`10.0.${String(i >> 8)}.${String(i & 255)}`).ok).toBe(true);
    }
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBeLessThanOrEqual(100);
  });
});
