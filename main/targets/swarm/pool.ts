import type Docker from 'dockerode';
import type { SwarmTask } from '../../../preload/contract';
import { routeKey, type StableRoutes } from '../../deployer/deps';
import type { ProjectRepo } from '../../store/project-repo';
import type { StageRecord, StageRepo } from '../../store/stage-repo';
import { engineClient } from '../engine-client';
import { defaultServiceName } from './service-spec';
import { SwarmApi } from './swarm-api';
import { poolPorts, servicePort, taskViews, type Task } from './tasks';

export interface PoolDeps {
  readonly stages: StageRepo;
  readonly projects: ProjectRepo;
  readonly routes: StableRoutes;
  readonly docker: () => Docker;
  readonly installId: string;
}

/** The service a Swarm stage runs as. */
export function serviceNameOf(d: Pick<PoolDeps, 'projects' | 'installId'>, stage: StageRecord): string {
  const named = stage.target.kind === 'swarm' ? stage.target.service : null;
  return named ?? defaultServiceName(d.installId, d.projects.require(stage.projectId).name, stage.name);
}

/** The engine that manages a Swarm stage's service. */
export function swarmEngineOf(stage: StageRecord): string {
  return stage.target.kind === 'swarm' ? stage.target.engine : 'local';
}

/** The Swarm API of the engine a stage names. */
export function swarmFor(d: Pick<PoolDeps, 'docker'>, stage: StageRecord): SwarmApi {
  const engine = swarmEngineOf(stage);
  return new SwarmApi(engineClient(engine, d.docker), engine);
}

/**
 * Keeps each Swarm stage's stable URL balanced over its service's tasks that are running and
 * healthy (see `poolPorts`). A deploy reports what it reads while it follows an update (several
 * times a second); in between, every stage is looked at every few seconds.
 */
export class SwarmPools {
  private readonly sent = new Map<number, string>();
  private readonly seen = new Map<number, SwarmTask[]>();
  /** Stages whose deploy follows the tasks itself (its reads are newer than a background pass's). */
  private readonly held = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;

  constructor(
    private readonly d: PoolDeps,
    private readonly intervalMs = 3_000,
  ) {}

  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      this.timer = setTimeout(() => void this.refreshAll().finally(() => this.timer && tick()), this.intervalMs);
      this.timer.unref();
    };
    tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The stage's tasks as last seen (the stage card shows them). */
  tasks(stageId: number): SwarmTask[] | undefined {
    return this.seen.get(stageId);
  }

  /** While a deploy follows a stage's update, only the deploy routes it. */
  async hold<T>(stageId: number, fn: () => Promise<T>): Promise<T> {
    this.held.add(stageId);
    try {
      return await fn();
    } finally {
      this.held.delete(stageId);
    }
  }

  forget(stageId: number): void {
    this.sent.delete(stageId);
    this.seen.delete(stageId);
  }

  /** Routes the stage's stable port to the pool of these tasks; answers the pool's ports. */
  async apply(stage: StageRecord, tasks: readonly Task[], containerPort: number | null, force = false): Promise<number[]> {
    this.seen.set(stage.id, containerPort === null ? [] : taskViews(tasks, containerPort));
    const node = await this.nodeOf(stage);
    const ports = containerPort === null || stage.stopped ? [] : poolPorts(tasks, containerPort, node);
    const spec = { key: routeKey(stage.id), publicPort: stage.publicPort, mode: stage.mode, targetPort: ports[0] ?? null, pool: ports };
    const text = JSON.stringify(spec);
    if (!force && this.sent.get(stage.id) === text) return ports;
    await this.d.routes.setRoute(spec);
    this.sent.set(stage.id, text);
    return ports;
  }

  private readonly nodes = new Map<string, string | undefined>();

  /** The node of the stage's engine, asked once per engine. */
  private async nodeOf(stage: StageRecord): Promise<string | undefined> {
    const engine = stage.target.kind === 'swarm' ? stage.target.engine : 'local';
    if (!this.nodes.has(engine)) this.nodes.set(engine, await swarmFor(this.d, stage).nodeId().catch(() => undefined));
    return this.nodes.get(engine);
  }

  /** Reads one stage's service and tasks and routes to them. */
  async refresh(stage: StageRecord, force = false): Promise<number[]> {
    if (this.held.has(stage.id)) return [];
    const api = swarmFor(this.d, stage);
    const name = serviceNameOf(this.d, stage);
    const service = await api.service(name);
    const tasks = service ? await api.tasks(name) : [];
    return this.apply(stage, tasks, service ? servicePort(service) : null, force);
  }

  /** Every Swarm stage once; a route the proxy lost or changed is set again. */
  refreshAll(): Promise<void> {
    this.pass ??= (async () => {
      const stages = this.d.stages.swarm();
      if (stages.length === 0) return;
      const routes = await this.d.routes.listRoutes().catch(() => []);
      for (const stage of stages) {
        if (this.held.has(stage.id)) continue;
        const have = routes.find((r) => r.key === routeKey(stage.id));
        const drifted = !have || !have.listening || have.pool === undefined || have.publicPort !== stage.publicPort || have.mode !== stage.mode;
        await this.refresh(stage, drifted).catch(() => undefined);
      }
    })().finally(() => (this.pass = null));
    return this.pass;
  }
}
