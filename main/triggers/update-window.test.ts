import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UpdateWindowSchema } from '../../preload/contract/triggers';
import { describeWindow, storedWindow, windowHold, windowStatus } from './update-window';

// Local times (the window's zone): 2026-03-02 is a Monday.
const at = (day: number, h: number, m = 0): number => new Date(2026, 2, day, h, m).getTime();
const weekdays = { days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' };

describe('windowStatus', () => {
  it('is open from the opening minute up to (not including) the closing one, on window days only', () => {
    expect(windowStatus(weekdays, at(2, 9))).toEqual({ open: true, nextOpenAt: null });
    expect(windowStatus(weekdays, at(2, 17, 59)).open).toBe(true);
    expect(windowStatus(weekdays, at(2, 18))).toEqual({ open: false, nextOpenAt: at(3, 9) });
    expect(windowStatus(weekdays, at(2, 8, 59))).toEqual({ open: false, nextOpenAt: at(2, 9) });
  });

  it('skips the days without a window: Friday evening waits for Monday', () => {
    expect(windowStatus(weekdays, at(6, 19))).toEqual({ open: false, nextOpenAt: at(9, 9) });
    expect(windowStatus(weekdays, at(7, 12))).toEqual({ open: false, nextOpenAt: at(9, 9) });
  });

  it('an overnight window belongs to the day it opens on and stays open past midnight', () => {
    const nights = { days: [5], from: '22:00', to: '06:00' }; // Friday night
    expect(windowStatus(nights, at(6, 23)).open).toBe(true);
    expect(windowStatus(nights, at(7, 5, 59)).open).toBe(true);
    expect(windowStatus(nights, at(7, 6))).toEqual({ open: false, nextOpenAt: at(13, 22) });
    expect(windowStatus(nights, at(5, 5))).toEqual({ open: false, nextOpenAt: at(6, 22) });
  });

  it('24:00 closes at midnight; 00:00–24:00 is the whole day', () => {
    expect(windowStatus({ days: [1], from: '20:00', to: '24:00' }, at(2, 23, 59)).open).toBe(true);
    expect(windowStatus({ days: [1], from: '20:00', to: '24:00' }, at(3, 0)).open).toBe(false);
    expect(windowStatus({ days: [0], from: '00:00', to: '24:00' }, at(1, 0)).open).toBe(true);
  });

  it('property: the next opening is in the future, inside the window, and nothing between now and it is inside', () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }), time, time, fc.integer({ min: 0, max: 14 * 24 * 4 }), (days, from, to, quarter) => {
        fc.pre(from !== to);
        const w = { days, from, to };
        const now = at(1, 0) + quarter * 15 * 60_000;
        const s = windowStatus(w, now);
        if (s.open) return;
        expect(s.nextOpenAt).not.toBeNull();
        expect(s.nextOpenAt!).toBeGreaterThan(now);
        expect(windowStatus(w, s.nextOpenAt!).open).toBe(true);
        for (let t = now; t < s.nextOpenAt!; t += 15 * 60_000) expect(windowStatus(w, t).open).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('windowHold', () => {
  it('holds only outside a window', () => {
    expect(windowHold(null, at(2, 3))).toBeNull();
    expect(windowHold(weekdays, at(2, 10))).toBeNull();
    expect(windowHold(weekdays, at(2, 3))).toBe(at(2, 9));
  });
});

describe('describeWindow', () => {
  it('names common day sets', () => {
    expect(describeWindow(weekdays)).toBe('weekdays 09:00–18:00');
    expect(describeWindow({ days: [6, 0], from: '22:00', to: '06:00' })).toBe('weekends 22:00–06:00');
    expect(describeWindow({ days: [0, 1, 2, 3, 4, 5, 6], from: '01:00', to: '05:00' })).toBe('every day 01:00–05:00');
    expect(describeWindow({ days: [3, 1], from: '01:00', to: '05:00' })).toBe('Mon, Wed 01:00–05:00');
  });
});

describe('UpdateWindowSchema', () => {
  it('says what is wrong with a time or an empty window', () => {
    const issues = (v: unknown): string[] => (UpdateWindowSchema.safeParse(v).error?.issues ?? []).map((i) => i.message);
    expect(issues({ days: [1], from: '9:00', to: '18:00' })[0]).toMatch(/HH:MM/);
    expect(issues({ days: [1], from: '09:00', to: '25:00' })[0]).toMatch(/closing time/);
    expect(issues({ days: [], from: '09:00', to: '18:00' })[0]).toMatch(/at least one day/);
    expect(issues({ days: [1], from: '09:00', to: '09:00' })[0]).toMatch(/close as it opens/);
    expect(issues(weekdays)).toEqual([]);
  });

  it('reads stored windows, and nothing from a broken one', () => {
    expect(storedWindow(JSON.stringify(weekdays))).toEqual(weekdays);
    expect(storedWindow('{"days":[9]}')).toBeNull();
    expect(storedWindow('not json')).toBeNull();
    expect(storedWindow(null)).toBeNull();
  });
});
