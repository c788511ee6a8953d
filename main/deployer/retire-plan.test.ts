import { describe, expect, it } from 'vitest';
import { retirePlan, warmUntil } from './retire-plan';

describe('retirePlan', () => {
  it('keeps the newest warm instance until its window ends and stops the rest', () => {
    const plan = retirePlan(
      [
        { id: 1, warmUntil: 5_000 },
        { id: 2, warmUntil: 9_000 },
        { id: 3, warmUntil: null },
      ],
      1_000,
    );
    expect(plan).toEqual({ stop: [1, 3], warm: 2, wakeAt: 9_000 });
  });

  it('stops an instance whose window has ended', () => {
    expect(retirePlan([{ id: 4, warmUntil: 1_000 }], 1_000)).toEqual({ stop: [4], warm: null, wakeAt: null });
  });

  it('has nothing to do without draining instances', () => {
    expect(retirePlan([], 0)).toEqual({ stop: [], warm: null, wakeAt: null });
  });

  it('breaks a tie on the window by the newer instance', () => {
    expect(retirePlan([{ id: 7, warmUntil: 2_000 }, { id: 8, warmUntil: 2_000 }], 0).warm).toBe(8);
  });
});

describe('warmUntil', () => {
  it('opens a window of warmRollbackSec, or none for 0', () => {
    expect(warmUntil(1_000, 120)).toBe(121_000);
    expect(warmUntil(1_000, 0)).toBeNull();
  });
});
