import { describe, expect, it } from 'vitest';
import { planSetRoute, withoutRoute, withRoute } from './route-table';
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
