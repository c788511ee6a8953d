// How close a Slipway deploy comes to the engine's own floor, and whether the stable URL drops anything.
// In one run, on the same test-app images:
//   raw floor   dockerode create + start + first HTTP 200 (no Slipway), median of N;
//   Slipway     trigger (stages.deploy / enqueue) → the new version answering on the stable URL, median;
//   ratio       Slipway / floor (goal ≤ 1.10);
//   failures    failed requests from keep-alive clients on the stable URL through ≥ 20 deploys,
//               including failed deploys and rollbacks (goal 0);
//   back-to-back  deploys each triggered 200 ms after the previous version is seen on the stable URL,
//               trigger → live against the same floor (goal ≤ 1.25, stretch 1.10): nothing waits for a drain;
//   Swarm       a rolling update of a 2-replica Swarm service, trigger → all replicas on the new digest,
//               next to `docker service update` run by hand in the same run (goal ≤ 1.10; bench/deploy-swarm.ts);
//   compose     the same deploy of a new `web` tag, with `web` the tracked service of a compose stack that
//               has a companion (kept running, untouched), against the same floor;
//   warm rollback  stages.rollback → the previous version answering on the stable URL while its instance
//               is still warm (goal ≤ 50 ms), on its own stage of an app that answers in about a millisecond
//               (busybox httpd), so the figure is Slipway's and not the app's; the app's own answer time and
//               the rollbacks in the mix above (on the shell app, which forks a shell per request) are shown too.
// The app ignores SIGTERM (no handler, as PID 1 it would only die at the 10 s stop timeout), as many do.
// The load is paced (default 400 requests/s over 4 connections, a busy local app); rate 0 sends as fast
// as the clients can, which saturates both cores and makes every timing above include CPU queueing.
// Needs the test rig's engine and registry (DOCKER_HOST, localhost:5000). Run: npx tsx bench/deploy.ts [rounds] [rate]
// [--only=compose] (only the compose row, against its own interleaved floor).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { createApp } from '../main/app';
import { dockerOptions } from '../main/docker/endpoint';
import { findFreePort } from '../main/proxy';
import { buildTestApp } from '../test/rig/fixtures';
import { RIG_DOCKER_HOST } from '../test/rig/paths';
import { median } from './median';
import { swarmRow } from './deploy-swarm';

const ARGS = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const COMPOSE_ONLY = process.argv.includes('--only=compose');
const ROUNDS = Math.max(20, Number(ARGS[0] ?? 36));
const RATE = Number(ARGS[1] ?? 400);
const REPO = 'localhost:5000/bench-deploy/web';
const VERSIONS = ['b-1', 'b-2', 'b-3', 'b-4', 'b-5', 'b-6'];
const FAST_REPO = 'localhost:5000/bench-deploy/fast';
const WARM_ROUNDS = Math.max(10, Math.round(ROUNDS / 2));

process.env['DOCKER_HOST'] ??= RIG_DOCKER_HOST;
const docker = new Docker(dockerOptions(process.env['DOCKER_HOST']));

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One GET on a fresh connection. */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/**
 * Resolves when `url` first answers 200 (with `body` when given). A new request goes out every
 * millisecond without waiting for the ones in flight, so the moment is seen to within about a
 * millisecond however long one request takes (a request that lands on the old version still
 * takes its full time).
 */
function until200(url: string, body?: string): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    let inflight = 0;
    const fire = (): void => {
      if (done) return;
      if (inflight < 32) {
        inflight++;
        get(url)
          .then((r) => {
            if (!done && r.status === 200 && (body === undefined || r.body.trim() === body)) {
              done = true;
              resolve();
            }
          })
          .catch(() => undefined) // not up yet
          .finally(() => inflight--);
      }
      setTimeout(fire, 1);
    };
    fire();
  });
}

const floorParts: [number, number, number][] = [];

async function rawFloor(image: string, runs: number, network?: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await findFreePort();
    const t0 = performance.now();
    const c = await docker.createContainer({
      Image: image,
      ExposedPorts: { '8080/tcp': {} },
      Labels: { 'slipway.bench': 'floor' },
      HostConfig: { PortBindings: { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: String(port) }] }, ...(network ? { NetworkMode: network } : {}) },
    });
    const t1 = performance.now();
    await c.start();
    const t2 = performance.now();
    await until200(`http://127.0.0.1:${String(port)}/health`);
    times.push(performance.now() - t0);
    floorParts.push([t1 - t0, t2 - t1, performance.now() - t2]);
    await c.remove({ force: true });
  }
  return times;
}

interface LoadReport {
  readonly requests: number;
  readonly failures: string[];
  readonly seconds?: number;
}

/** Keep-alive clients on a stable URL in their own process, until `finish`. */
async function startLoad(url: string, rate: number): Promise<{ finish: () => Promise<LoadReport> }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(path.dirname(fileURLToPath(import.meta.url)), 'deploy-load.ts'), url, '4', String(rate)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve) => {
    const check = (): void => (out.includes('ready') ? resolve() : void setTimeout(check, 20));
    check();
  });
  return {
    finish: async () => {
      proc.stdin.end();
      await new Promise((r) => proc.on('exit', r));
      return JSON.parse(out.split('\n').find((l) => l.startsWith('{')) ?? '{"requests":0,"failures":["no report"]}') as LoadReport;
    },
  };
}

/** Median time of a GET straight to an instance (no proxy): what the app itself takes to answer. */
async function appAnswerMs(port: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    await get(`http://127.0.0.1:${String(port)}/`);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function main(): Promise<void> {
  process.stdout.write(`building ${String(VERSIONS.length + 1)} test-app images in ${REPO} …\n`);
  const digests: Record<string, string> = {};
  for (const v of VERSIONS) digests[v] = (await buildTestApp({ repository: REPO, tag: v })).digest;
  digests['b-bad'] = (await buildTestApp({ repository: REPO, tag: 'b-bad', health: 'fail' })).digest;
  for (const v of ['f-1', 'f-2']) digests[v] = (await buildTestApp({ repository: FAST_REPO, tag: v, server: 'httpd' })).digest;

  const pinned = (v: string): string => `${REPO}@${digests[v] ?? ''}`;
  for (const v of VERSIONS) await rawFloor(pinned(v), 1); // warm caches the same way for both
  // Floor samples are taken between Slipway's deploys, under the same load, so both see the same machine.
  const floor: number[] = [];
  /** One floor sample of version `v` into `into`; the engine settles before and after (see below). */
  const floorSample = async (v: string, into: number[], network?: string): Promise<void> => {
    await sleep(500);
    into.push(...(await rawFloor(pinned(v), 1, network)));
    await sleep(500);
  };

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-deploy-'));
  const app = createApp({ dataDir, mode: 'headless', version: 'bench', webhookPort: 0 });
  await app.start();
  const call = async (method: string, input: unknown): Promise<Record<string, unknown>> => {
    const r = await app.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value as Record<string, unknown>;
  };
  /** Resolves when the stage's next deploy has started its container: the observer samples from then on, as the
   * floor's does, since polling the old version through the proxy earlier would only load the machine while
   * the engine starts the new one. */
  const containerStarted = (stageId: number): Promise<void> =>
    new Promise<void>((resolve) => {
      const off = app.bus.onPush((topic, payload) => {
        const p = payload as { stageId?: number; step?: string; status?: string };
        if (topic === 'deploy.progress' && p.stageId === stageId && p.step === 'start' && p.status === 'done') {
          off();
          resolve();
        }
      });
    });

  /** The compose row: `web` (this repository) tracked in a stack with a companion, under the same load and floor. */
  const composeRow = async (): Promise<string[]> => {
    const stackFile = ['services:', '  web:', `    image: ${REPO}:latest`, '    environment: { IGNORE_SIGTERM: "1" }', '    ports: ["8080"]', '  db:', `    image: ${FAST_REPO}:f-1`, ''].join('\n');
    const stack = (await call('projects.create', {
      kind: 'compose',
      image: REPO,
      name: 'bench-compose',
      compose: stackFile,
      health: { kind: 'http', path: '/health', timeoutMs: 1500 },
      stages: [{ name: 'dev', tagPattern: 'b-*', maxInstances: 2 }],
    })) as { id: number; stages: { id: number; url: string }[] };
    const stackStage = stack.stages[0];
    if (!stackStage) throw new Error('no stage');
    const first = await deployer.waitFor(deployer.enqueue({ stageId: stackStage.id, tag: 'b-1', digest: digests['b-1'] ?? null, trigger: 'webhook' }).deploy.id);
    if (first.status !== 'succeeded') throw new Error(`compose deploy ${first.status}: ${first.error ?? ''}`);
    const stackLoad = await startLoad(stackStage.url, RATE);
    const composeMs: number[] = [];
    const composeFloor: number[] = [];
    // The tracked service runs on its stack's own network, where the engine takes longer to start a
    // container than on the default bridge: a second floor on such a network shows how much of the ratio is that.
    const floorNet = `slipway-bench-floor-${String(process.pid)}`;
    await docker.createNetwork({ Name: floorNet, Labels: { 'slipway.bench': 'floor' } });
    const netFloor: number[] = [];
    const composeDeploys: { steps: { name: string; startedAt: number; endedAt: number | null }[] }[] = [];
    let stackLive = 'b-1';
    for (let i = 0; i < Math.max(8, Math.round(ROUNDS / 3)); i++) {
      const v = VERSIONS[(VERSIONS.indexOf(stackLive) + 1) % VERSIONS.length] ?? 'b-2';
      if (i % 2 === 0) {
        await floorSample(v, composeFloor);
        await floorSample(v, netFloor, floorNet);
      }
      const started = containerStarted(stackStage.id);
      const t0 = performance.now();
      const id = deployer.enqueue({ stageId: stackStage.id, tag: v, digest: digests[v] ?? null, trigger: 'webhook' }).deploy.id;
      await started;
      await until200(stackStage.url, v);
      composeMs.push(performance.now() - t0);
      const d = await deployer.waitFor(id);
      if (d.status !== 'succeeded') throw new Error(`compose deploy of ${v} ${d.status}: ${d.error ?? ''}`);
      composeDeploys.push(d);
      stackLive = v;
      if (i % 2 === 1) {
        await floorSample(v, netFloor, floorNet);
        await floorSample(v, composeFloor);
      }
    }
    const stackLoadResult = await stackLoad.finish();
    await call('projects.remove', { id: stack.id, removeVolumes: true });
    await docker.getNetwork(floorNet).remove();
    const composeSteps: Record<string, number[]> = {};
    for (const d of composeDeploys) for (const st of d.steps) (composeSteps[st.name] ??= []).push((st.endedAt ?? st.startedAt) - st.startedAt);
    return [
        `compose (web tracked in a stack with a companion) trigger → new web version on the stable URL, median of ${String(composeMs.length)}: ${fmt(median(composeMs))}   (min ${fmt(Math.min(...composeMs))}, max ${fmt(Math.max(...composeMs))})`,
        `ratio compose / floor (floor interleaved with these, median of ${String(composeFloor.length)}: ${fmt(median(composeFloor))}): ${(median(composeMs) / median(composeFloor)).toFixed(3)}   (goal ≤ 1.10, as image projects); load: ${String(stackLoadResult.requests)} requests, ${String(stackLoadResult.failures.length)} failed${stackLoadResult.failures.length ? `: ${stackLoadResult.failures.slice(0, 5).join('; ')}` : ''}`,
      `  ratio compose / floor on a user-defined network like the stack's (median of ${String(netFloor.length)}: ${fmt(median(netFloor))}): ${(median(composeMs) / median(netFloor)).toFixed(3)}`,
      `  where the compose deploy's time goes (median ms): ${Object.entries(composeSteps).map(([k, v]) => `${k} ${String(median(v))}`).join(', ')}`,
    ];
  };

  /** Stops the stable URLs too, and removes every container: a bench leaves nothing running. */
  const shutdown = async (): Promise<void> => {
    const installId = app.deployments.installId;
    await app.deployments.proxy()?.shutdown();
    await app.stop();
    for (const c of await docker.listContainers({ all: true, filters: { label: [`slipway.install=${installId}`] } })) await docker.getContainer(c.Id).remove({ force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const { deployer } = app.deployments;
  if (COMPOSE_ONLY) {
    const lines = await composeRow();
    await shutdown();
    process.stdout.write(['', ...lines, ''].join('\n'));
    return;
  }

  const project = (await call('projects.create', {
    image: REPO,
    name: 'bench',
    pullPolicy: 'if-missing',
    health: { kind: 'http', path: '/health', timeoutMs: 1500 },
    stages: [{ name: 'dev', tagPattern: 'b-*', maxInstances: 2, env: { IGNORE_SIGTERM: '1' } }],
  })) as { stages: { id: number; url: string }[] };
  const stage = project.stages[0];
  if (!stage) throw new Error('no stage');
  await deployer.waitFor(deployer.enqueue({ stageId: stage.id, tag: 'b-1', digest: digests['b-1'] ?? null, trigger: 'webhook' }).deploy.id);

  // Keep-alive clients on the stable URL for the whole run, in their own process.
  const load = await startLoad(stage.url, RATE);
  const deployMs: number[] = [];
  const tagDeployMs: number[] = [];
  const rollbackMs: number[] = [];
  let failedDeploys = 0;
  const stepMs: Record<string, number[]> = {};
  const queueMs: number[] = [];
  const gapMs: Record<string, number[]> = {};
  let live = 'b-1';
  let n = 1;
  const nextVersion = (): string => {
    for (;;) {
      const v = VERSIONS[n++ % VERSIONS.length] ?? 'b-1';
      if (v !== live) return v;
    }
  };

  for (let round = 0; round < ROUNDS; round++) {
    const kind = round % 6 === 3 ? 'fail' : round % 6 === 5 ? 'rollback' : round % 6 === 4 ? 'tag' : 'digest';
    if (kind === 'fail') {
      const d = await deployer.waitFor(deployer.enqueue({ stageId: stage.id, tag: 'b-bad', digest: digests['b-bad'] ?? null, trigger: 'webhook' }).deploy.id);
      if (d.status !== 'failed') throw new Error(`expected the bad version to fail, got ${d.status}`);
      failedDeploys++;
      continue;
    }
    if (kind === 'rollback') {
      // The previous version is still warm: the rollback is a switch, observed from the call on.
      const warm = deployer.warmRollback(stage.id);
      const target = VERSIONS.find((v) => digests[v] === warm?.digest);
      if (!warm || !target) throw new Error('expected a warm instance to roll back to');
      // A warm instance is only a switch away: sampling starts with the call.
      const t0 = performance.now();
      const r = (await call('stages.rollback', { stageId: stage.id })) as { id: number };
      await until200(stage.url, target);
      rollbackMs.push(performance.now() - t0);
      const d = await deployer.waitFor(r.id);
      if (d.status !== 'succeeded') throw new Error(`rollback ${d.status}: ${d.error ?? ''}`);
      live = target;
      continue;
    }
    const v = nextVersion();
    // The floor runs on the same image as the deploy it is paired with, first in every other pair so that
    // neither side always finds the image's files warmer. The engine finishes removing a container after
    // answering: it settles in between, so that neither starts while the other's container is torn down.
    const floorFirst = kind === 'digest' && deployMs.length % 2 === 0;
    const floorRun = (): Promise<void> => floorSample(v, floor);
    if (floorFirst) await floorRun();
    const started = containerStarted(stage.id);
    const t0 = performance.now();
    // "digest": the way a webhook or poll triggers (tag and digest known); "tag": stages.deploy by hand.
    const id = kind === 'digest' ? deployer.enqueue({ stageId: stage.id, tag: v, digest: digests[v] ?? null, trigger: 'webhook' }).deploy.id : Number((await call('stages.deploy', { stageId: stage.id, tag: v })).id);
    await started;
    await until200(stage.url, v);
    const seenAt = Date.now();
    (kind === 'digest' ? deployMs : tagDeployMs).push(performance.now() - t0);
    const d = await deployer.waitFor(id);
    if (kind === 'digest') {
      for (const st of d.steps) (stepMs[st.name] ??= []).push((st.endedAt ?? st.startedAt) - st.startedAt);
      queueMs.push((d.startedAt ?? d.createdAt) - d.createdAt);
      const order = ['pull', 'create', 'start', 'health', 'switch'];
      let prevEnd = d.createdAt;
      for (const name of order) {
        const st = d.steps.find((x) => x.name === name);
        if (!st) continue;
        (gapMs[`→${name}`] ??= []).push(st.startedAt - prevEnd);
        prevEnd = st.endedAt ?? st.startedAt;
      }
      (gapMs['switch→seen'] ??= []).push(seenAt - prevEnd);
    }
    if (d.status !== 'succeeded') throw new Error(`deploy of ${v} ${d.status}: ${d.error ?? ''}`);
    live = v;
    if (kind === 'digest' && !floorFirst) await floorRun();
  }

  // Back-to-back: each deploy is triggered 200 ms after the previous version is seen on the stable URL,
  // while the instance it replaced is still warm or being stopped.
  const backToBackMs: number[] = [];
  for (let i = 0; i < Math.max(10, Math.round(ROUNDS / 3)); i++) {
    const v = nextVersion();
    const started = containerStarted(stage.id);
    const t0 = performance.now();
    const id = deployer.enqueue({ stageId: stage.id, tag: v, digest: digests[v] ?? null, trigger: 'webhook' }).deploy.id;
    await started;
    await until200(stage.url, v);
    backToBackMs.push(performance.now() - t0);
    const d = await deployer.waitFor(id);
    if (d.status !== 'succeeded') throw new Error(`back-to-back deploy of ${v} ${d.status}: ${d.error ?? ''}`);
    live = v;
    await sleep(200);
  }
  const stopMs = (await call('events.list', { type: 'instance.stopped', stageId: stage.id, limit: 500 }) as { events: { data: { stopMs?: number } }[] }).events
    .map((e) => e.data.stopMs)
    .filter((x): x is number => typeof x === 'number');

  const shellAnswerMs = await appAnswerMs(app.deployments.deployer.warmRollback(stage.id)?.hostPort ?? 0).catch(() => NaN);
  const loadResult = await load.finish();
  const { requests, failures } = loadResult;

  // Warm rollbacks on their own stage, of an app that answers in about a millisecond, under keep-alive load.
  const fast = (await call('projects.create', {
    image: FAST_REPO,
    name: 'bench-fast',
    pullPolicy: 'if-missing',
    health: { kind: 'http', path: '/health', timeoutMs: 1500 },
    stages: [{ name: 'dev', tagPattern: 'f-*', maxInstances: 2 }],
  })) as { stages: { id: number; url: string }[] };
  const fastStage = fast.stages[0];
  if (!fastStage) throw new Error('no stage');
  const deployFast = async (v: string): Promise<void> => {
    const d = await deployer.waitFor(deployer.enqueue({ stageId: fastStage.id, tag: v, digest: digests[v] ?? null, trigger: 'webhook' }).deploy.id);
    if (d.status !== 'succeeded') throw new Error(`deploy of ${v} ${d.status}: ${d.error ?? ''}`);
  };
  await deployFast('f-1');
  await deployFast('f-2');
  const fastLoad = await startLoad(fastStage.url, RATE);
  const fastAnswerMs = await appAnswerMs(deployer.warmRollback(fastStage.id)?.hostPort ?? 0);
  const warmRollbackMs: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) {
    if (!deployer.warmRollback(fastStage.id)) throw new Error('expected a warm instance to roll back to');
    const t0 = performance.now();
    const r = (await call('stages.rollback', { stageId: fastStage.id })) as { id: number };
    await until200(fastStage.url, 'f-1');
    warmRollbackMs.push(performance.now() - t0);
    const d = await deployer.waitFor(r.id);
    if (d.status !== 'succeeded') throw new Error(`rollback ${d.status}: ${d.error ?? ''}`);
    await sleep(200);
    // Forward again: f-2 is the warm one now, so this deploy is a switch as well.
    await deployFast('f-2');
    await until200(fastStage.url, 'f-2');
    await sleep(200);
  }
  const fastLoadResult = await fastLoad.finish();

  const composeLines = await composeRow();
  const loadRate = loadResult.seconds ? requests / loadResult.seconds : NaN;
  await shutdown();

  const swarm = await swarmRow(Math.max(3, Math.round(ROUNDS / 6)));

  const f = median(floor);
  const s = median(deployMs);
  const paired = median(deployMs.map((ms, i) => ms / (floor[i] ?? NaN)));
  const total = deployMs.length + tagDeployMs.length + rollbackMs.length + failedDeploys;
  process.stdout.write(
    [
      '',
      `raw floor (create + start + first 200), median of ${String(floor.length)} (interleaved): ${fmt(f)}   (min ${fmt(Math.min(...floor))}, max ${fmt(Math.max(...floor))})`,
      `Slipway trigger → new version on the stable URL, median of ${String(deployMs.length)}: ${fmt(s)}   (min ${fmt(Math.min(...deployMs))}, max ${fmt(Math.max(...deployMs))})`,
      `ratio Slipway / floor:                                   ${(s / f).toFixed(3)}   (goal ≤ 1.10; median of paired ratios ${paired.toFixed(3)})`,
      `  by hand (stages.deploy, tag only), median of ${String(tagDeployMs.length)}:      ${fmt(median(tagDeployMs))}`,
      `back-to-back (each 200 ms after the previous version is seen), trigger → live, median of ${String(backToBackMs.length)}: ${fmt(median(backToBackMs))}   (min ${fmt(Math.min(...backToBackMs))}, max ${fmt(Math.max(...backToBackMs))})`,
      `ratio back-to-back / floor:                              ${(median(backToBackMs) / f).toFixed(3)}   (goal ≤ 1.25, stretch 1.10)`,
      ...composeLines,
      `warm rollback (stages.rollback → previous version on the stable URL), fast app, median of ${String(warmRollbackMs.length)}: ${fmt(median(warmRollbackMs))}   (min ${fmt(Math.min(...warmRollbackMs))}, max ${fmt(Math.max(...warmRollbackMs))}; goal ≤ 50 ms)`,
      `  the fast app answers a GET on its own in ${fmt(fastAnswerMs)}; under keep-alive load (${String(RATE)}/s): ${String(fastLoadResult.requests)} requests, ${String(fastLoadResult.failures.length)} failed${fastLoadResult.failures.length ? `: ${fastLoadResult.failures.slice(0, 5).join('; ')}` : ''}`,
      `  rollbacks in the mix above (shell app, which answers a GET on its own in ${fmt(shellAnswerMs)}), median of ${String(rollbackMs.length)}: ${fmt(median(rollbackMs))}`,
      `  previous instances stopped in the background (init on, app ignores SIGTERM), median of ${String(stopMs.length)}: ${fmt(median(stopMs))}`,
      `  where the floor's time goes (median ms): create ${median(floorParts.map((p) => p[0])).toFixed(1)}, start ${median(floorParts.map((p) => p[1])).toFixed(1)}, first 200 ${median(floorParts.map((p) => p[2])).toFixed(1)}`,
      `  where Slipway's time goes (median ms): queue ${String(median(queueMs))}, ${['pull', 'create', 'start', 'health', 'switch'].map((k) => `${k} ${String(median(stepMs[k] ?? []))}`).join(', ')}`,
      `  gaps between steps (median ms): ${Object.entries(gapMs).map(([k, v]) => `${k} ${String(median(v))}`).join(', ')}`,
      `operations: ${String(total + backToBackMs.length)} (${String(deployMs.length + tagDeployMs.length + backToBackMs.length)} deploys, ${String(failedDeploys)} failed health, ${String(rollbackMs.length)} rollbacks)`,
      ...swarm.lines,
      `stable URL under keep-alive load (${RATE > 0 ? `paced at ${String(RATE)}/s` : 'unpaced'}, 4 connections, ${loadRate.toFixed(0)} requests/s): ${String(requests)} requests, ${String(failures.length)} failed${failures.length ? `: ${failures.slice(0, 5).join('; ')}` : ''}   (goal 0)`,
      '',
    ].join('\n'),
  );
}

await main();
