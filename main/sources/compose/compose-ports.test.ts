import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { RouteState, StableRoutes } from '../../deployer/deps';
import { extraRouteKey, pointExtraRoutes } from '../../deployer/extra-ports';
import { ExtraPortRepo } from '../../store/extra-port-repo';
import { migrate } from '../../store/migrate';
import { migrations } from '../../store/migrations';
import type { StageRecord } from '../../store/stage-repo';
import type { ComposeService } from './compose-file';
import { syncComposePorts } from './compose-projects';

const svc = (name: string, tracked: boolean, ports: number[]): ComposeService => ({ name, image: 'x', tracked, ports, ignoredHostPorts: [], definition: {} });

/** The proxy's routes as a map (what the stage's stable ports point at). */
function routesInMemory(): StableRoutes & { readonly table: Map<string, RouteState> } {
  const table = new Map<string, RouteState>();
  return {
    table,
    setRoute: (r) => Promise.resolve(void table.set(r.key, { key: r.key, publicPort: r.publicPort, mode: r.mode, targetPort: r.targetPort } as RouteState)),
    removeRoute: (key) => Promise.resolve(void table.delete(key)),
    listRoutes: () => Promise.resolve([...table.values()]),
    waitDrained: () => Promise.resolve({ drained: true, inflight: 0 }),
  };
}

function setup(): { d: { extraPorts: ExtraPortRepo; routes: ReturnType<typeof routesInMemory> }; stage: StageRecord; freePort: () => Promise<number> } {
  const db = new Database(':memory:');
  migrate(db, migrations);
  db.exec(`INSERT INTO projects(id, name, image, pull_policy, restart_policy, stop_timeout_sec, created_at, updated_at) VALUES (1, 'shop', 'acme/shop', 'always', 'no', 10, 0, 0);
    INSERT INTO stages(id, project_id, name, tag_pattern, auto_deploy, auto_promote, public_port, max_instances, poll_enabled, mode, created_at) VALUES (7, 1, 'dev', '*', 1, 0, 41000, 2, 0, 'http', 0);
    INSERT INTO instances(id, stage_id, container_name, tag, digest, image_ref, host_port, status, created_at) VALUES (70, 7, 'c', '1', 'sha256:a', 'r', 50000, 'live', 0);`);
  let next = 41001;
  return { d: { extraPorts: new ExtraPortRepo(db), routes: routesInMemory() }, stage: { id: 7, mode: 'http' } as StageRecord, freePort: () => Promise.resolve(next++) };
}

describe('stable ports of a stack with several tracked services', () => {
  it('every port of every tracked service but the primary one\'s first gets a stable port; the same container port twice is fine', async () => {
    const { d, stage, freePort } = setup();
    await syncComposePorts(d, stage, [svc('db', false, [5432]), svc('web', true, [8080, 9090]), svc('api', true, [9090])], freePort);
    expect(d.extraPorts.stagePorts(7).map((p) => [p.service, p.containerPort, p.publicPort])).toEqual([
      ['web', 9090, 41001],
      ['api', 9090, 41002],
    ]);
    expect([...d.routes.table.keys()]).toEqual([extraRouteKey(7, 9090, 'web'), extraRouteKey(7, 9090, 'api')]);
  });

  it('a service no longer tracked loses its stable ports; the others keep theirs', async () => {
    const { d, stage, freePort } = setup();
    await syncComposePorts(d, stage, [svc('web', true, [8080, 9090]), svc('api', true, [9090, 9091])], freePort);
    await syncComposePorts(d, stage, [svc('web', true, [8080, 9090]), svc('api', false, [9090, 9091])], freePort);
    expect(d.extraPorts.stagePorts(7).map((p) => [p.service, p.containerPort, p.publicPort])).toEqual([['web', 9090, 41001]]);
    expect([...d.routes.table.keys()]).toEqual([extraRouteKey(7, 9090, 'web')]);
  });

  it('a switch points each route at its own service\'s host port, and drops routes under keys the stage no longer has', async () => {
    const { d, stage, freePort } = setup();
    await syncComposePorts(d, stage, [svc('web', true, [8080, 9090]), svc('api', true, [9090])], freePort);
    d.extraPorts.setInstancePorts(70, new Map([[9090, 50001]]), 'web');
    d.extraPorts.setInstancePorts(70, new Map([[9090, 50002]]), 'api');
    const stale: RouteState = { key: 'stage-port:7:9090', publicPort: 41009, mode: 'http', targetPort: 1 } as RouteState;
    d.routes.table.set(stale.key, stale);
    await pointExtraRoutes(d, stage, 70, await d.routes.listRoutes());
    expect([...d.routes.table.values()].map((r) => [r.key, r.targetPort])).toEqual([
      [extraRouteKey(7, 9090, 'web'), 50001],
      [extraRouteKey(7, 9090, 'api'), 50002],
    ]);
    await pointExtraRoutes(d, stage, null);
    expect([...d.routes.table.values()].map((r) => r.targetPort)).toEqual([null, null]);
  });
});
