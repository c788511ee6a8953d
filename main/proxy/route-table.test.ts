import { describe, expect, it } from 'vitest';
import { planSetRoute, upstreamsOf, withoutRoute, withRoute } from './route-table';
import { Upstreams } from './route-runtime';
import type { RouteSpec } from './types';

const a: RouteSpec = { key: 'stage:1', publicPort: 8001, mode: 'http', targetPort: 9001 };
const b: RouteSpec = { key: 'stage:2', publicPort: 8002, mode: 'tcp', targetPort: null };
const table = new Map([
  [a.key, a],
  [b.key, b],
]);

describe('planSetRoute', () => {
  it('creates a listener for a new key', () => {
    expect(planSetRoute(table, { key: 'stage:3', publicPort: 8003, mode: 'http', targetPort: null })).toEqual({ kind: 'create' });
  });

  it('only retargets when port and mode stay', () => {
    expect(planSetRoute(table, { ...a, targetPort: 9002 })).toEqual({ kind: 'retarget', from: 9001, to: 9002 });
    expect(planSetRoute(table, { ...a, targetPort: null })).toEqual({ kind: 'retarget', from: 9001, to: null });
    expect(planSetRoute(table, { ...b, targetPort: 9003 })).toEqual({ kind: 'retarget', from: null, to: 9003 });
  });

  it('reports an identical spec as unchanged', () => {
    expect(planSetRoute(table, { ...a })).toEqual({ kind: 'unchanged' });
  });

  it('rebinds when the port or the mode changes', () => {
    expect(planSetRoute(table, { ...a, publicPort: 8009 })).toEqual({ kind: 'rebind', samePort: false });
    expect(planSetRoute(table, { ...a, mode: 'tcp' })).toEqual({ kind: 'rebind', samePort: true });
  });

  it("refuses another route's public port, naming its owner", () => {
    const plan = planSetRoute(table, { key: 'stage:3', publicPort: 8002, mode: 'http', targetPort: null });
    expect(plan).toEqual({ kind: 'conflict', message: 'port 8002 is already the stable port of stage:2' });
    expect(planSetRoute(table, { ...a, publicPort: 8002 }).kind).toBe('conflict');
  });
});

describe('withRoute / withoutRoute', () => {
  it('returns new tables and leaves the input alone', () => {
    const added = withRoute(table, { ...a, targetPort: 9009 });
    expect(added.get(a.key)?.targetPort).toBe(9009);
    expect(table.get(a.key)?.targetPort).toBe(9001);
    const removed = withoutRoute(table, b.key);
    expect([...removed.keys()]).toEqual([a.key]);
    expect(table.size).toBe(2);
  });
});

describe('upstream pools', () => {
  it('a changed pool is a retarget, the same pool is unchanged', () => {
    const p: RouteSpec = { key: 'stage:5', publicPort: 8005, mode: 'http', targetPort: 9001, pool: [9001, 9002] };
    const routes = new Map([[p.key, p]]);
    expect(planSetRoute(routes, { ...p, pool: [9001, 9002] })).toEqual({ kind: 'unchanged' });
    expect(planSetRoute(routes, { ...p, pool: [9001, 9003] }).kind).toBe('retarget');
    expect(planSetRoute(routes, { ...p, pool: undefined }).kind).toBe('retarget');
  });

  it('a route forwards to its pool, else to its one target', () => {
    expect(upstreamsOf({ targetPort: 9001, pool: [9001, 9002] })).toEqual([9001, 9002]);
    expect(upstreamsOf({ targetPort: 9001 })).toEqual([9001]);
    expect(upstreamsOf({ targetPort: null })).toEqual([]);
  });
});

describe('round robin over upstreams', () => {
  it('turns over every upstream, and a retry goes to another one', () => {
    const u = new Upstreams([1, 2, 3]);
    const picks = [u.pick(), u.pick(), u.pick()];
    expect(new Set(picks)).toEqual(new Set([1, 2, 3]));
    for (let i = 0; i < 5; i++) expect(u.other(2)).not.toBe(2);
    expect(u.set([3, 4])).toEqual([1, 2]);
    expect(u.first).toBe(3);
    expect(new Upstreams([7]).other(7)).toBe(7);
    expect(new Upstreams([]).pick()).toBeNull();
  });
});
