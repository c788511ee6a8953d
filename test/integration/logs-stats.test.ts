import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StatsSample } from '../../preload/contract';
import { StatsService } from '../../main/stats/stats-service';
import { openStore, type Db } from '../../main/store/db';
import { InstanceRepo } from '../../main/store/instance-repo';
import { ProjectRepo } from '../../main/store/project-repo';
import { StageRepo } from '../../main/store/stage-repo';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';

const REPO = 'localhost:5000/it-stats/web';

describeEngine('container stats of a stage’s live instance', () => {
  const docker = rigDocker();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-stats-'));
  let db: Db;
  let container: Docker.Container | null = null;
  let service: StatsService | null = null;

  beforeAll(() => {
    db = openStore(path.join(dataDir, 'slipway.db'));
  });

  afterAll(async () => {
    service?.stop();
    await container?.remove({ force: true }).catch(() => undefined);
    db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('pushes CPU and memory samples of a busy container, then says when it stops', async () => {
    const image = (await buildTestApp({ repository: REPO, tag: '1.0', push: false })).ref;
    const instances = new InstanceRepo(db);
    const stages = new StageRepo(db);
    const projectId = new ProjectRepo(db).insert({ name: 'stats', image: REPO, port: 8080, health: null, env: {}, volumes: [], limits: {}, pullPolicy: 'never', restartPolicy: 'no', stopTimeoutSec: 1 }).id;
    const stageId = stages.insert({ projectId, name: 'dev', tagPattern: '*', semverRange: null, autoDeploy: true, autoPromote: false, publicPort: 42100, maxInstances: 1, upstreamStageId: null, env: {}, pollEnabled: false, mode: 'http' }).id;
    container = await docker.createContainer({ Image: image, Entrypoint: ['/bin/sh', '-c', 'while true; do :; done'], Cmd: [], Labels: { 'slipway.test': 'it-stats' }, HostConfig: { Memory: 64 * 1024 * 1024 } });
    await container.start();
    const inst = instances.insert({ stageId, deployId: null, containerName: 'it-stats', tag: '1.0', digest: 'sha256:s', imageRef: image, hostPort: 1 });
    instances.setContainer(inst.id, container.id);
    instances.setStatus(inst.id, 'live');

    const samples: StatsSample[] = [];
    service = new StatsService({ docker: () => docker, instances, stages, bus: { push: (t, p) => t === 'stats' && samples.push(p as StatsSample), onEvent: () => () => true }, recheckMs: 200 });
    service.start();
    const { subscriptionId } = service.subscribe(stageId);
    const deadline = Date.now() + 15_000;
    while (!samples.some((s) => s.cpuPercent !== null && s.cpuPercent > 20) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const busy = samples.find((s) => s.cpuPercent !== null && s.cpuPercent > 20);
    expect(busy).toMatchObject({ subscriptionId, instanceId: inst.id, notice: null });
    expect(busy?.memoryBytes).toBeGreaterThan(0);
    // The container's own limit, not the host's memory.
    expect(busy?.memoryLimitBytes).toBe(64 * 1024 * 1024);

    await container.stop({ t: 0 });
    instances.setStatus(inst.id, 'stopped');
    const until = Date.now() + 10_000;
    while (!samples.some((s) => s.notice !== null) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(samples.some((s) => s.notice === 'The instance stopped.' || s.notice === 'No live instance on this stage.')).toBe(true);
  });
});
