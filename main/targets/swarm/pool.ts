import type Docker from 'dockerode';
import { LOCAL_ENGINE, type SwarmTask } from '../../../preload/contract';
import { tcpConnect } from '../../docker/tcp-connect';
import { routeKey, type PortFinder, type StableRoutes } from '../../deployer/deps';
import type { SwarmStatsTarget } from '../../stats/task-stats';
import type { ProjectRepo } from '../../store/project-repo';
import type { StageRecord, StageRepo } from '../../store/stage-repo';
import { defaultServiceName } from './service-spec';
import { SwarmApi } from './swarm-api';
import { onOtherNodes, poolUpstreams, type SwarmNode, type TaskUpstream } from './task-address';
import { TaskForwards, type TaskDialer } from './task-forwards';
import { servicePort, taskViews, type Task } from './tasks';

export interface PoolDeps {
  readonly stages: StageRepo;
  readonly projects: ProjectRepo;
  readonly routes: StableRoutes;
  readonly docker: (engine?: string) => Docker;
  readonly installId: string;
  readonly ports: Pick<PortFinder, 'findFreePort'>;
  /** Remote engines' connections (absent: only this machine's engine, tasks of other nodes reached straight from here). */
  readonly dialer?: TaskDialer;
}

/** One task of a stage's pool: where it runs, and the loopback port the proxy reaches it at. */
export interface PoolMember extends TaskUpstream {
  readonly localPort: number;
}

/** Without remote engines: this machine's loopback, other nodes straight from here. */
const directDialer: TaskDialer = {
  portHost: () => '127.0.0.1',
  dial: (_engine, host, port) => tcpConnect(host, port),
};

/** The proxy reaches a task by itself only on this machine's loopback, through this machine's engine. */
const direct = (engine: string, u: TaskUpstream): boolean => engine === LOCAL_ENGINE && (u.host === '127.0.0.1' || u.host === 'localhost');

const NODES_TTL_MS = 30_000;

/** The service a Swarm stage runs as. */
export function serviceNameOf(d: Pick<PoolDeps, 'projects' | 'installId'>, stage: StageRecord): string {
  const named = stage.target.kind === 'swarm' ? stage.target.service : null;
  return named ?? defaultServiceName(d.installId, d.projects.require(stage.projectId).name, stage.name);
}

/** The engine that manages a Swarm stage's service. */
export function swarmEngineOf(stage: StageRecord): string {
  return stage.target.kind === 'swarm' ? stage.target.engine : LOCAL_ENGINE;
}

/** The Swarm API of the engine a stage names: a manager of the swarm, this machine's or a remote one (TLS, SSH). */
export function swarmFor(d: Pick<PoolDeps, 'docker'>, stage: StageRecord): SwarmApi {
  const engine = swarmEngineOf(stage);
  return new SwarmApi(d.docker(engine), engine);
}

/** `127.0.0.1:31001, 10.0.0.5:31002 (through 127.0.0.1:41234)` */
export function describePool(members: readonly PoolMember[]): string {
  return members.map((m) => `${m.host}:${String(m.port)}${m.localPort !== m.port || m.host !== '127.0.0.1' ? ` (through 127.0.0.1:${String(m.localPort)})` : ''}`).join(', ');
}

/**
 * Keeps each Swarm stage's stable URL balanced over its service's tasks that are running and
 * healthy (see `poolMembers`), each at its node's address (see `poolUpstreams`): tasks this machine's
 * loopback does not reach get a local port forwarded through the engine's connection (`TaskForwards`). A deploy reports what it reads while it follows an update (several
 * times a second); in between, every stage is looked at every few seconds.
 */
export class SwarmPools {
  private readonly sent = new Map<number, string>();
  private readonly seen = new Map<number, SwarmTask[]>();
  /** Stages whose deploy follows the tasks itself (its reads are newer than a background pass's). */
  private readonly held = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private readonly dialer: TaskDialer;
  private readonly forwards: TaskForwards;

  constructor(
    private readonly d: PoolDeps,
    private readonly intervalMs = 3_000,
  ) {
    this.dialer = d.dialer ?? directDialer;
    this.forwards = new TaskForwards({ dialer: this.dialer, ports: d.ports });
  }

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
    this.forwards.close();
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
    this.forwards.release(stageId);
  }

  /** Routes the stage's stable port to the pool of these tasks; answers the pool's members (by local port first). */
  async apply(stage: StageRecord, tasks: readonly Task[], containerPort: number | null, force = false): Promise<PoolMember[]> {
    this.seen.set(stage.id, containerPort === null ? [] : taskViews(tasks, containerPort));
    const members = containerPort === null || stage.stopped ? [] : await this.members(stage, tasks, containerPort);
    const ports = members.map((m) => m.localPort);
    const spec = { key: routeKey(stage.id), publicPort: stage.publicPort, mode: stage.mode, targetPort: ports[0] ?? null, pool: ports };
    const text = JSON.stringify(spec);
    if (!force && this.sent.get(stage.id) === text) return members;
    await this.d.routes.setRoute(spec);
    this.sent.set(stage.id, text);
    return members;
  }

  /** The pool's tasks, each at its node's address and the local port the proxy reaches it at. */
  private async members(stage: StageRecord, tasks: readonly Task[], containerPort: number): Promise<PoolMember[]> {
    const engine = swarmEngineOf(stage);
    const selfNode = await this.nodeOf(stage);
    const nodes = onOtherNodes(tasks, selfNode) ? await this.nodesOf(stage) : [];
    const upstreams = poolUpstreams(tasks, containerPort, nodes, { selfNode, selfHost: this.dialer.portHost(engine) });
    const forwarded = upstreams.filter((u) => !direct(engine, u));
    const local = await this.forwards.portsFor(stage.id, engine, forwarded);
    const members = upstreams.map((u) => ({ ...u, localPort: direct(engine, u) ? u.port : (local[forwarded.indexOf(u)] ?? 0) }));
    return members.sort((a, b) => a.localPort - b.localPort);
  }

  private readonly selfNodes = new Map<string, string | undefined>();
  private readonly nodeLists = new Map<string, { readonly at: number; readonly nodes: readonly SwarmNode[] }>();

  /** The node of the stage's engine, asked once per engine. */
  private async nodeOf(stage: StageRecord): Promise<string | undefined> {
    const engine = swarmEngineOf(stage);
    if (!this.selfNodes.has(engine)) this.selfNodes.set(engine, await swarmFor(this.d, stage).nodeId().catch(() => undefined));
    return this.selfNodes.get(engine);
  }

  /** The swarm's nodes as the stage's engine lists them, read again every half minute (nodes join and leave). */
  private async nodesOf(stage: StageRecord): Promise<readonly SwarmNode[]> {
    const engine = swarmEngineOf(stage);
    const have = this.nodeLists.get(engine);
    if (have && Date.now() - have.at < NODES_TTL_MS) return have.nodes;
    const nodes = await swarmFor(this.d, stage).nodes().catch(() => have?.nodes ?? []);
    this.nodeLists.set(engine, { at: Date.now(), nodes });
    return nodes;
  }

  /** A Swarm stage's running tasks with their containers where this engine reads them (its own node); null for other stages. */
  async statsTargets(stageId: number): Promise<SwarmStatsTarget[] | null> {
    const stage = this.d.stages.get(stageId);
    if (stage?.target.kind !== 'swarm') return null;
    const api = swarmFor(this.d, stage);
    const selfNode = await this.nodeOf(stage);
    const tasks = await api.tasks(serviceNameOf(this.d, stage));
    return tasks
      .filter((t) => t.DesiredState === 'running' && t.Status.State === 'running')
      .map((t) => {
        const containerId = t.Status.ContainerStatus?.ContainerID;
        const here = t.NodeID === undefined || t.NodeID === selfNode;
        return { taskId: t.ID, slot: t.Slot ?? null, nodeId: t.NodeID ?? null, container: here && containerId ? api.docker.getContainer(containerId) : null };
      });
  }

  /** Reads one stage's service and tasks and routes to them. */
  async refresh(stage: StageRecord, force = false): Promise<PoolMember[]> {
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
      this.forwards.sweep();
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
