import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InflightCounter } from './inflight';

describe('InflightCounter', () => {
  it('counts per target and forgets drained targets', () => {
    const c = new InflightCounter();
    const r1 = c.begin(9001);
    const r2 = c.begin(9001);
    const r3 = c.begin(9002);
    expect(c.snapshot()).toEqual({ '9001': 2, '9002': 1 });
    expect(c.total()).toBe(3);
    r1();
    r1(); // releasing twice is harmless
    expect(c.count(9001)).toBe(1);
    r2();
    r3();
    expect(c.snapshot()).toEqual({});
    expect(c.total()).toBe(0);
  });

  it('resolves whenDrained at once when idle, and when the last unit ends otherwise', async () => {
    const c = new InflightCounter();
    await c.whenDrained(9001);
    const release = c.begin(9001);
    const other = c.begin(9002);
    let drained = false;
    const wait = c.whenDrained(9001).then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    release();
    await wait;
    expect(drained).toBe(true);
    expect(c.count(9002)).toBe(1);
    other();
  });

  it('tells idle listeners which target went idle', () => {
    const c = new InflightCounter();
    const idle: number[] = [];
    const off = c.onIdle((t) => idle.push(t));
    const a = c.begin(1);
    const b = c.begin(1);
    a();
    expect(idle).toEqual([]);
    b();
    expect(idle).toEqual([1]);
    off();
    c.begin(2)();
    expect(idle).toEqual([1]);
  });

  it('matches a simple model under any interleaving of begins and releases', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 4 }), fc.nat(20))), (ops) => {
        const c = new InflightCounter();
        const open: { target: number; release: () => void }[] = [];
        const model = new Map<number, number>();
        for (const [start, target, pick] of ops) {
          if (start || open.length === 0) {
            open.push({ target, release: c.begin(target) });
            model.set(target, (model.get(target) ?? 0) + 1);
          } else {
            const [unit] = open.splice(pick % open.length, 1);
            if (!unit) continue;
            unit.release();
            unit.release();
            model.set(unit.target, (model.get(unit.target) ?? 0) - 1);
          }
          for (const t of [1, 2, 3, 4]) expect(c.count(t)).toBe(model.get(t) ?? 0);
        }
        expect(c.total()).toBe(open.length);
      }),
    );
  });
});
