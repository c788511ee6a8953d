import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from './limiter';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('KeyedLimiter', () => {
  it('never runs more than max per key, and keys are independent', async () => {
    const limiter = new KeyedLimiter(3);
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const task = () =>
      limiter.run('a', async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
      });
    const all = Array.from({ length: 10 }, task);
    await tick();
    expect(limiter.active('a')).toBe(3);
    let other = false;
    await limiter.run('b', () => Promise.resolve((other = true)));
    expect(other).toBe(true);
    while (gates.length > 0) {
      gates.shift()?.();
      await tick();
    }
    await Promise.all(all);
    expect(peak).toBe(3);
    expect(limiter.active('a')).toBe(0);
  });

  it('releases the slot when a task fails', async () => {
    const limiter = new KeyedLimiter(1);
    await expect(limiter.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run('a', () => Promise.resolve(7))).resolves.toBe(7);
  });

  it('rejects a nonsensical limit', () => {
    expect(() => new KeyedLimiter(0)).toThrow(RangeError);
  });
});
