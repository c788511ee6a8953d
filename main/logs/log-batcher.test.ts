import { describe, expect, it } from 'vitest';
import type { LogLineTuple } from '../../preload/contract/logs';
import { LogBatcher, type Timers } from './log-batcher';

function manualTimers(): Timers & { fire(): void; armed(): number } {
  let fns: (() => void)[] = [];
  return {
    set: (fn) => (fns.push(fn), fn),
    clear: (h) => (fns = fns.filter((f) => f !== h)),
    fire: () => {
      const run = fns;
      fns = [];
      for (const f of run) f();
    },
    armed: () => fns.length,
  };
}

const lines = (from: number, n: number): LogLineTuple[] => Array.from({ length: n }, (_, i) => [from + i, 0, `line ${String(from + i)}`]);

describe('LogBatcher', () => {
  it('sends lines in one batch per interval', () => {
    const t = manualTimers();
    const sent: [number, number][] = [];
    const b = new LogBatcher((l, d) => sent.push([l.length, d]), { maxPending: 100, maxBatch: 50, flushMs: 50 }, t);
    b.push(lines(0, 10));
    b.push(lines(10, 5));
    expect(t.armed()).toBe(1);
    t.fire();
    expect(sent).toEqual([[15, 0]]);
  });

  it('caps each batch and keeps the rest for the next interval', () => {
    const t = manualTimers();
    const sent: LogLineTuple[][] = [];
    const b = new LogBatcher((l) => sent.push(l), { maxPending: 1000, maxBatch: 40, flushMs: 50 }, t);
    b.push(lines(0, 100));
    t.fire();
    t.fire();
    t.fire();
    expect(sent.map((s) => s.length)).toEqual([40, 40, 20]);
    expect(sent.flat().map((l) => l[0])).toEqual(lines(0, 100).map((l) => l[0]));
  });

  it('drops the oldest lines beyond the bound and reports how many', () => {
    const t = manualTimers();
    const sent: [LogLineTuple[], number][] = [];
    const b = new LogBatcher((l, d) => sent.push([l, d]), { maxPending: 30, maxBatch: 100, flushMs: 50 }, t);
    b.push(lines(0, 50));
    expect(b.queued).toBe(30);
    t.fire();
    expect(sent[0]?.[1]).toBe(20);
    expect(sent[0]?.[0][0]?.[0]).toBe(20);
    b.push(lines(50, 1));
    t.fire();
    expect(sent[1]?.[1]).toBe(0);
  });

  it('sends nothing after close', () => {
    const t = manualTimers();
    const sent: number[] = [];
    const b = new LogBatcher((l) => sent.push(l.length), undefined, t);
    b.push(lines(0, 3));
    b.close();
    t.fire();
    b.push(lines(3, 3));
    expect(sent).toEqual([]);
  });
});
