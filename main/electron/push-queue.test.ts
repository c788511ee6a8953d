import { describe, expect, it } from 'vitest';
import { PushQueue } from './push-queue';

describe('PushQueue', () => {
  it('holds items until ready, then delivers them in order and passes later ones straight through', () => {
    const got: number[] = [];
    const q = new PushQueue<number>((n) => got.push(n));
    q.push(1);
    q.push(2);
    expect(got).toEqual([]);
    q.setReady(true);
    expect(got).toEqual([1, 2]);
    q.push(3);
    expect(got).toEqual([1, 2, 3]);
  });

  it('queues again after the page goes away', () => {
    const got: number[] = [];
    const q = new PushQueue<number>((n) => got.push(n));
    q.setReady(true);
    q.setReady(false);
    q.push(9);
    expect(got).toEqual([]);
    q.setReady(true);
    expect(got).toEqual([9]);
  });

  it('keeps only the newest items when the window never loads', () => {
    const got: number[] = [];
    const q = new PushQueue<number>((n) => got.push(n), 3);
    for (let i = 1; i <= 5; i++) q.push(i);
    expect(q.size).toBe(3);
    q.setReady(true);
    expect(got).toEqual([3, 4, 5]);
  });
});
