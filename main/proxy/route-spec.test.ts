import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRouteSpec, parseRoutesFile, serializeRoutes } from './route-spec';
import type { RouteSpec } from './types';

const port = fc.integer({ min: 1, max: 65535 });
const spec = fc
  .record({
    key: fc.stringMatching(/^[a-z]{1,8}:[0-9]{1,4}$/),
    publicPort: port,
    mode: fc.constantFrom('http' as const, 'tcp' as const),
    targetPort: fc.option(port, { nil: null }),
  })
  .filter((s) => s.targetPort !== s.publicPort);
const table = fc.uniqueArray(spec, { selector: (s) => s.key }).map((routes) => {
  const seen = new Set<number>();
  return routes.filter((r) => !seen.has(r.publicPort) && seen.add(r.publicPort));
});

describe('routes.json (de)serialisation', () => {
  it('round-trips any valid table', () => {
    fc.assert(
      fc.property(table, (routes) => {
        const parsed = parseRoutesFile(serializeRoutes(routes));
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect(new Map(parsed.routes.map((r) => [r.key, r]))).toEqual(new Map(routes.map((r) => [r.key, r])));
      }),
    );
  });

  it('writes routes sorted by key, without extra fields', () => {
    const routes: RouteSpec[] = [
      { key: 'stage:2', publicPort: 8002, mode: 'tcp', targetPort: null },
      { key: 'stage:1', publicPort: 8001, mode: 'http', targetPort: 9001, ...{ listening: true } },
    ];
    const json = JSON.parse(serializeRoutes(routes));
    expect(json).toEqual({
      version: 1,
      routes: [
        { key: 'stage:1', publicPort: 8001, mode: 'http', targetPort: 9001 },
        { key: 'stage:2', publicPort: 8002, mode: 'tcp', targetPort: null },
      ],
    });
  });

  it('rejects a file that is not JSON', () => {
    const parsed = parseRoutesFile('{"version":1,"rou');
    expect(parsed).toMatchObject({ ok: false });
    if (!parsed.ok) expect(parsed.error).toMatch(/not JSON/);
  });

  it('rejects an unknown version, bad ports and duplicate keys or ports', () => {
    expect(parseRoutesFile(JSON.stringify({ version: 2, routes: [] })).ok).toBe(false);
    expect(parseRoutesFile(JSON.stringify({ version: 1, routes: [{ key: 'a', publicPort: 70000, mode: 'http', targetPort: null }] })).ok).toBe(false);
    const twoRoutes = (second: { key: string; publicPort: number; mode: 'http' | 'tcp' }) =>
      parseRoutesFile(JSON.stringify({ version: 1, routes: [{ key: 'a', publicPort: 8001, mode: 'http', targetPort: null }, { ...second, targetPort: null }] }));
    const dupKey = twoRoutes({ key: 'a', publicPort: 8002, mode: 'http' });
    expect(dupKey.ok).toBe(false);
    if (!dupKey.ok) expect(dupKey.error).toMatch(/duplicate route key a/);
    const dupPort = twoRoutes({ key: 'b', publicPort: 8001, mode: 'tcp' });
    expect(dupPort.ok).toBe(false);
    if (!dupPort.ok) expect(dupPort.error).toMatch(/duplicate public port 8001/);
  });
});

describe('parseRouteSpec', () => {
  it('accepts a well-formed spec', () => {
    expect(parseRouteSpec({ key: 'stage:12', publicPort: 8080, mode: 'http', targetPort: 32768 })).toEqual({
      ok: true,
      spec: { key: 'stage:12', publicPort: 8080, mode: 'http', targetPort: 32768 },
    });
  });

  it.each([
    [{ key: '', publicPort: 8080, mode: 'http', targetPort: null }, /key/],
    [{ key: 'a b', publicPort: 8080, mode: 'http', targetPort: null }, /route key may only contain/],
    [{ key: 'a', publicPort: 0, mode: 'http', targetPort: null }, /publicPort/],
    [{ key: 'a', publicPort: 8080, mode: 'udp', targetPort: null }, /mode/],
    [{ key: 'a', publicPort: 8080, mode: 'http', targetPort: 8080 }, /its own public port/],
    [{ key: 'a', publicPort: 8080, mode: 'http' }, /targetPort/],
  ])('rejects %j with a reason', (input, reason) => {
    const parsed = parseRouteSpec(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(reason);
  });
});

describe('pool routes (several upstreams)', () => {
  it('round-trips a pool and requires targetPort to be its first port', () => {
    const pool: RouteSpec = { key: 'stage:9', publicPort: 8009, mode: 'http', targetPort: 9001, pool: [9001, 9002] };
    const parsed = parseRoutesFile(serializeRoutes([pool]));
    expect(parsed.ok && parsed.routes).toEqual([pool]);
    expect(parseRouteSpec({ ...pool, targetPort: 9002 }).ok).toBe(false);
    expect(parseRouteSpec({ ...pool, pool: [], targetPort: null }).ok).toBe(true);
    expect(parseRouteSpec({ ...pool, pool: [8009], targetPort: 8009 }).ok).toBe(false);
  });
});
