import { describe, expect, it } from 'vitest';
import { probeDelay } from './backoff';

describe('probeDelay', () => {
  it('probes fast at first, then backs off to the cap', () => {
    expect(probeDelay(1)).toBe(2);
    expect(probeDelay(150)).toBe(2);
    expect(probeDelay(151)).toBeGreaterThan(2);
    expect(probeDelay(500)).toBe(100);
    for (let a = 1; a < 200; a++) expect(probeDelay(a + 1)).toBeGreaterThanOrEqual(probeDelay(a));
  });
  it('a 30 s timeout costs a bounded number of probes', () => {
    let t = 0;
    let n = 0;
    while (t < 30_000) t += probeDelay(++n);
    expect(n).toBeLessThan(600);
  });
});
