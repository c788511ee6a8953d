// The Swarm row of bench/deploy: a rolling update of a 2-replica service, trigger → every replica
// running (healthy) on the new digest, for Slipway (a webhook-style enqueue on a Swarm stage) and for
// `docker service update --image repo@sha256:…` run by hand on a service with the same spec, in the
// same run, alternating. Ratio Slipway / by hand, goal ≤ 1.10. Both are timed by the same task poller.
// Run alone: npx tsx bench/deploy-swarm.ts [rounds]
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Docker from 'dockerode';
import { createApp } from '../main/app';
import { dockerOptions } from '../main/docker/endpoint';
import { buildTestApp } from '../test/rig/fixtures';
import { RIG_DOCKER_HOST } from '../test/rig/paths';
import { ensureSwarm } from '../test/rig/swarm';
import { median } from './median';

const run = promisify(execFile);
const REPO = 'localhost:5000/bench-swarm/web';
const VERSIONS = ['w-1', 'w-2', 'w-3'];
const REPLICAS = 2;

interface TaskInfo {
  readonly DesiredState: string;
  readonly Spec: { readonly ContainerSpec: { readonly Image: string } };
  readonly Status: { readonly State: string };
}

/** Resolves once every replica meant to run is running on `digest` (and none of another digest is meant to run). */
async function allOn(docker: Docker, service: string, digest: string): Promise<void> {
  for (;;) {
    const tasks = ((await docker.listTasks({ filters: { service: [service] } })) as TaskInfo[]).filter((t) => t.DesiredState === 'running');
    if (tasks.length === REPLICAS && tasks.every((t) => t.Spec.ContainerSpec.Image.endsWith(`@${digest}`) && t.Status.State === 'running')) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function updateDone(docker: Docker, service: string): Promise<void> {
  for (;;) {
    const s = (await docker.getService(service).inspect()) as { UpdateStatus?: { State?: string } };
    const state = s.UpdateStatus?.State;
    if (state === undefined || state === 'completed') return;
    if (state.startsWith('rollback') || state === 'paused') throw new Error(`the hand-made service's update ended ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SwarmRow {
  readonly slipwayMs: number[];
  readonly handMs: number[];
  readonly lines: string[];
}

export async function swarmRow(rounds: number): Promise<SwarmRow> {
  const dockerHost = process.env['DOCKER_HOST'] ?? RIG_DOCKER_HOST;
  const docker = new Docker(dockerOptions(dockerHost));
  await ensureSwarm(dockerHost);
  const digests: Record<string, string> = {};
  for (const v of VERSIONS) digests[v] = (await buildTestApp({ repository: REPO, tag: v })).digest;
  const ref = (v: string): string => `${REPO}:${v}@${digests[v] ?? ''}`;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-bench-swarm-'));
  const app = createApp({ dataDir, mode: 'headless', version: 'bench', webhookPort: 0 });
  await app.start();
  const hand = `slw-bench-hand-${String(process.pid)}`;
  const env = { ...process.env, DOCKER_HOST: dockerHost };
  const slipwayMs: number[] = [];
  const handMs: number[] = [];
  try {
    const r = await app.dispatch('projects.create', {
      image: REPO,
      name: `bench-swarm-${String(process.pid)}`,
      pullPolicy: 'if-missing',
      health: { kind: 'http', path: '/health', timeoutMs: 3000 },
      stages: [{ name: 'prod', tagPattern: 'w-*', autoDeploy: false, target: { kind: 'swarm', engine: 'local', replicas: REPLICAS } }],
    });
    if (!r.ok) throw new Error(r.error.message);
    const project = r.value as { id: number; stages: { id: number }[] };
    const stageId = project.stages[0]?.id ?? 0;
    const { deployer } = app.deployments;
    const slipwayService = `slipway-${app.deployments.installId.slice(0, 6)}-bench-swarm-${String(process.pid)}-prod`;
    const first = await deployer.waitFor(deployer.enqueue({ stageId, tag: 'w-1', digest: digests['w-1'] ?? null, trigger: 'webhook' }).deploy.id);
    if (first.status !== 'succeeded') throw new Error(`first Swarm deploy ${first.status}: ${first.error ?? ''}`);
    // The same service by hand: replicas, health check, host-mode port, start-first update with rollback.
    await run(
      'docker',
      ['service', 'create', '--detach', '--name', hand, '--replicas', String(REPLICAS), '--publish', 'mode=host,target=8080', '--update-order', 'start-first', '--update-failure-action', 'rollback', '--update-monitor', '5s', '--update-parallelism', '1', '--health-cmd', 'wget -q -O /dev/null http://127.0.0.1:8080/health || exit 1', '--health-interval', '1s', '--health-retries', '3', '--health-start-period', '3s', ref('w-1')],
      { env },
    );
    await allOn(docker, hand, digests['w-1'] ?? '');

    let live = 'w-1';
    for (let i = 0; i < rounds; i++) {
      const next = VERSIONS[(VERSIONS.indexOf(live) + 1) % VERSIONS.length] ?? 'w-1';
      const digest = digests[next] ?? '';
      // Alternate which goes first, so neither always runs on a machine the other just loaded.
      const slipway = async (): Promise<void> => {
        const t0 = performance.now();
        const id = deployer.enqueue({ stageId, tag: next, digest, trigger: 'webhook' }).deploy.id;
        await allOn(docker, slipwayService, digest);
        slipwayMs.push(performance.now() - t0);
        const done = await deployer.waitFor(id);
        if (done.status !== 'succeeded') throw new Error(`Swarm deploy of ${next} ${done.status}: ${done.error ?? ''}`);
      };
      const byHand = async (): Promise<void> => {
        const t0 = performance.now();
        await run('docker', ['service', 'update', '--detach', '--image', ref(next), hand], { env });
        await allOn(docker, hand, digest);
        handMs.push(performance.now() - t0);
        await updateDone(docker, hand);
      };
      if (i % 2 === 0) {
        await slipway();
        await byHand();
      } else {
        await byHand();
        await slipway();
      }
      live = next;
    }
    await app.dispatch('projects.remove', { id: project.id, purgeData: true });
  } finally {
    await docker.getService(hand).remove().catch(() => undefined);
    await app.deployments.proxy()?.shutdown();
    await app.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const s = median(slipwayMs);
  const h = median(handMs);
  const fmt = (ms: number): string => `${ms.toFixed(0)} ms`;
  return {
    slipwayMs,
    handMs,
    lines: [
      `Swarm rolling update (${String(REPLICAS)} replicas, start-first), trigger → all replicas on the new digest, median of ${String(slipwayMs.length)}: Slipway ${fmt(s)} (min ${fmt(Math.min(...slipwayMs))}, max ${fmt(Math.max(...slipwayMs))}), docker service update by hand ${fmt(h)} (min ${fmt(Math.min(...handMs))}, max ${fmt(Math.max(...handMs))})`,
      `ratio Swarm Slipway / by hand:                           ${(s / h).toFixed(3)}   (goal ≤ 1.10)`,
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.env['DOCKER_HOST'] ??= RIG_DOCKER_HOST;
  const row = await swarmRow(Math.max(1, Number(process.argv[2] ?? 5)));
  process.stdout.write(`\n${row.lines.join('\n')}\n`);
}
