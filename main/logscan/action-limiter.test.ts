import { describe, expect, it } from 'vitest';
import { ActionLimiter } from './action-limiter';

const M = 60_000;

describe('ActionLimiter', () => {
  it('keeps the cooldown between actions and at most N per rolling hour, per key', () => {
    const l = new ActionLimiter();
    const limits = { maxPerHour: 2, cooldownMs: 5 * M };
    expect(l.check('r1:s1', limits, 0)).toEqual({ ok: true });
    expect(l.check('r1:s1', limits, 4 * M)).toMatchObject({ ok: false, reason: 'in cooldown for 60 s more' });
    expect(l.check('r1:s2', limits, 4 * M)).toEqual({ ok: true }); // another stage
    expect(l.check('r1:s1', limits, 5 * M)).toEqual({ ok: true });
    expect(l.check('r1:s1', limits, 20 * M)).toMatchObject({ ok: false, reason: expect.stringContaining('at most 2') as string });
    expect(l.check('r1:s1', limits, 59 * M)).toMatchObject({ ok: false, reason: expect.stringContaining('next possible in 1 min') as string });
    expect(l.check('r1:s1', limits, 60 * M)).toEqual({ ok: true }); // the action at 0 has left the hour
  });
});
