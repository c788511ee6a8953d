import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { AppEvent, LogBatch } from '../../preload/contract';
import type { EventListener } from '../../main/events/bus';
import type { LogLine } from '../../main/logscan/scanner';
import { logRawRoutes } from '../../main/logs/http-routes';
import { LogService } from '../../main/logs/log-service';
import { openStore, type Db } from '../../main/store/db';
import { InstanceRepo } from '../../main/store/instance-repo';
import { ProjectRepo } from '../../main/store/project-repo';
import { StageRepo } from '../../main/store/stage-repo';
import { describeEngine } from '../rig/engine-available';
import { buildTestApp, rigDocker } from '../rig/fixtures';
import { serveRawRoutes } from './volumes-support';

const REPO = 'localhost:5000/it-logs/web';
const LABEL = 'it-logs';

describeEngine('live logs against a real engine', () => {
  const docker = rigDocker();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slw-logs-'));
  let db: Db;
  let instances: InstanceRepo;
  let stages: StageRepo;
  let image = '';
  let projectId = 0;
  const containers: Docker.Container[] = [];
  const pushes: LogBatch[] = [];
  const listeners = new Set<EventListener>();
  const bus = {
    push: (topic: string, payload: unknown) => {
      if (topic === 'logs') pushes.push(payload as LogBatch);
    },
    onEvent: (fn: EventListener) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  const services: LogService[] = [];

  const newStage = (name: string): number =>
    stages.insert({ projectId, name, tagPattern: '*', semverRange: null, autoDeploy: true, autoPromote: false, publicPort: 42000 + stages.all().length, maxInstances: 2, upstreamStageId: null, env: {}, pollEnabled: false, mode: 'http' }).id;

  /** A container running a shell script, recorded as an instance of the stage. */
  const runInstance = async (stageId: number, script: string, tag: string, status: 'live' | 'stopped' = 'live') => {
    const c = await docker.createContainer({ Image: image, Entrypoint: ['/bin/sh', '-c', script], Cmd: [], Labels: { 'slipway.test': LABEL } });
    containers.push(c);
    await c.start();
    const i = instances.insert({ stageId, deployId: null, containerName: `it-logs-${tag}-${String(containers.length)}`, tag, digest: `sha256:${tag}`, imageRef: image, hostPort: 1 });
    instances.setContainer(i.id, c.id);
    instances.setStatus(i.id, status);
    return { id: i.id, container: c };
  };

  const service = (opts: Partial<ConstructorParameters<typeof LogService>[0]> = {}): LogService => {
    const s = new LogService({ docker: () => docker, instances, stages, bus, recheckMs: 200, ...opts });
    services.push(s);
    s.start();
    return s;
  };

  const linesFor = (id: string): string[] => pushes.filter((p) => p.subscriptionId === id).flatMap((p) => p.lines.map((l) => `${l[1] === 1 ? 'err' : 'out'}:${l[2]}`));
  const until = async (what: () => boolean, ms = 10_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!what()) {
      if (Date.now() > end) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  beforeAll(async () => {
    image = (await buildTestApp({ repository: REPO, tag: '1.0', push: false })).ref;
    db = openStore(path.join(dataDir, 'slipway.db'));
    instances = new InstanceRepo(db);
    stages = new StageRepo(db);
    projectId = new ProjectRepo(db).insert({ name: 'logs', image: REPO, port: 8080, health: null, env: {}, volumes: [], limits: {}, pullPolicy: 'never', restartPolicy: 'no', stopTimeoutSec: 1 }).id;
  });

  afterEach(() => {
    for (const s of services.splice(0)) s.stop();
    pushes.length = 0;
  });

  afterAll(async () => {
    for (const c of containers) await c.remove({ force: true }).catch(() => undefined);
    db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('sends an instance’s history and live lines, stdout and stderr apart, with engine timestamps', async () => {
    const stageId = newStage('hist');
    const before = Date.now() - 1000;
    const inst = await runInstance(stageId, 'echo first; sleep 0.1; echo oops >&2; sleep 0.3; echo later; sleep 30', 'h1');
    const s = service();
    const { subscriptionId } = s.subscribe({ kind: 'instance', instanceId: inst.id }, 100);
    await until(() => linesFor(subscriptionId).includes('out:later'));
    expect(linesFor(subscriptionId)).toEqual(['out:first', 'err:oops', 'out:later']);
    const stamps = pushes.flatMap((p) => p.lines.map((l) => l[0]));
    for (const t of stamps) expect(t).toBeGreaterThanOrEqual(before);
    expect(pushes.every((p) => p.instanceId === inst.id)).toBe(true);
  });

  it('follows a stage across a blue-green swap', async () => {
    const stageId = newStage('swap');
    const blue = await runInstance(stageId, 'i=0; while true; do i=$((i+1)); echo "blue $i"; sleep 0.05; done', 'blue');
    const s = service();
    const { subscriptionId } = s.subscribe({ kind: 'stage', stageId }, 0);
    await until(() => linesFor(subscriptionId).some((l) => l.startsWith('out:blue')));
    instances.setStatus(blue.id, 'draining');
    const green = await runInstance(stageId, 'echo "green starting"; while true; do echo green; sleep 0.05; done', 'green');
    const event: AppEvent = { id: 1, ts: Date.now(), type: 'deploy.succeeded', level: 'info', message: 'swap', projectId, stageId, deployId: null, data: {} };
    for (const l of listeners) l(event);
    await until(() => linesFor(subscriptionId).includes('out:green'));
    const notices = pushes.filter((p) => p.subscriptionId === subscriptionId && p.notice !== null).map((p) => p.notice);
    expect(notices).toContain(`Now following instance ${String(green.id)} (green).`);
    // the new instance's start-up output is included, and green lines are stamped as its own
    expect(linesFor(subscriptionId)).toContain('out:green starting');
    const greenBatches = pushes.filter((p) => p.subscriptionId === subscriptionId && p.lines.some((l) => l[2] === 'green'));
    expect(greenBatches.every((p) => p.instanceId === green.id)).toBe(true);
  });

  it('feeds every live instance’s new output to the log-scan rules', async () => {
    const stageId = newStage('scan');
    const scanned: LogLine[] = [];
    service({ scan: { consume: (b) => scanned.push(...b) } });
    const inst = await runInstance(stageId, 'sleep 0.5; echo "ERROR disk full"; sleep 30', 'scan');
    for (const l of listeners) l({ id: 2, ts: Date.now(), type: 'deploy.succeeded', level: 'info', message: '', projectId, stageId, deployId: null, data: {} });
    await until(() => scanned.some((l) => l.text === 'ERROR disk full'));
    const hit = scanned.find((l) => l.text === 'ERROR disk full');
    expect(hit).toMatchObject({ projectId, stageId, stream: 'stdout' });
    expect(hit?.containerId).toBe((await inst.container.inspect()).Id);
  });

  it('bounds what it holds for a slow window and counts what it dropped', async () => {
    const stageId = newStage('flood');
    const inst = await runInstance(stageId, '/bin/busybox seq 1 100000; sleep 30', 'flood');
    const s = service({ batcher: { maxPending: 2000, maxBatch: 500, flushMs: 20 } });
    const { subscriptionId } = s.subscribe({ kind: 'instance', instanceId: inst.id }, 1_000_000);
    const total = (): number => pushes.filter((p) => p.subscriptionId === subscriptionId).reduce((n, p) => n + p.lines.length + p.dropped, 0);
    await until(() => total() >= 100_000, 30_000);
    const batches = pushes.filter((p) => p.subscriptionId === subscriptionId);
    const dropped = batches.reduce((n, p) => n + p.dropped, 0);
    expect(total()).toBe(100_000);
    expect(dropped).toBeGreaterThan(0);
    expect(Math.max(...batches.map((p) => p.lines.length))).toBeLessThanOrEqual(500);
    // what got through is in order and ends with the last line
    const numbers = batches.flatMap((p) => p.lines.map((l) => Number(l[2])));
    expect(numbers.at(-1)).toBe(100_000);
    expect(numbers.every((n, i) => i === 0 || n > (numbers[i - 1] ?? 0))).toBe(true);
  });

  it('ends a subscription nobody renews', async () => {
    const stageId = newStage('lease');
    await runInstance(stageId, 'sleep 30', 'lease');
    const s = service({ leaseMs: 300 });
    const { subscriptionId } = s.subscribe({ kind: 'stage', stageId }, 0);
    s.renew(subscriptionId);
    expect(s.subscriptionCount).toBe(1);
    await until(() => s.subscriptionCount === 0, 3000);
    expect(() => s.renew(subscriptionId)).toThrow(/ended/);
  });

  it('downloads a stage’s whole log as text', async () => {
    const stageId = newStage('dl');
    // Apart in time: lines of the two streams written in the same instant have no defined order.
    await runInstance(stageId, 'echo one; sleep 0.2; echo two >&2; sleep 30', 'dl');
    await new Promise((r) => setTimeout(r, 500));
    const server = await serveRawRoutes(logRawRoutes({ docker: () => docker, instances, stages }));
    try {
      const res = await fetch(`${server.url}/api/raw/logs?stageId=${String(stageId)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain('dl-dl.log');
      const text = await res.text();
      expect(text).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z stdout one\n\S+ stderr two\n$/);
      const missing = await fetch(`${server.url}/api/raw/logs?stageId=999`);
      expect(missing.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
