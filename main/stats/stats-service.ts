import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { StatsSample } from '../../preload/contract/stats';
import { AppError } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import type { InstanceRepo } from '../store/instance-repo';
import type { StageRepo } from '../store/stage-repo';
import { streamStats } from './stats-stream';
import { TaskStatsFollower, type SwarmStatsTarget } from './task-stats';

export interface StatsServiceDeps {
  /** The client of the engine a container runs on. */
  readonly docker: (containerId?: string) => Docker;
  readonly instances: Pick<InstanceRepo, 'live'>;
  readonly stages: Pick<StageRepo, 'get'>;
  readonly bus: Pick<EventBus, 'push' | 'onEvent'>;
  /** A Swarm stage's running tasks (null: the stage runs containers, not a service). */
  readonly swarmTasks?: (stageId: number) => Promise<SwarmStatsTarget[] | null>;
  /** A compose service's container by name (as the log service's `companion`): null while it has none, undefined for the live instance. */
  readonly service?: (stageId: number, service: string) => { containerId: string; instanceId?: number } | null | undefined;
  readonly leaseMs?: number;
  readonly recheckMs?: number;
}

interface Sub {
  readonly stageId: number;
  readonly service: string | undefined;
  expiresAt: number;
  instanceId: number | null;
  /** The container measured now. */
  containerId: string | null;
  stream: Readable | null;
  /** Swarm stages: the service's tasks, each followed on its own. */
  tasks: TaskStatsFollower | null;
}

/** CPU and memory of stages' live instances, streamed from the engine while a window watches (leased). */
export class StatsService {
  private readonly subs = new Map<string, Sub>();
  private timer: NodeJS.Timeout | null = null;
  private offEvent: (() => void) | null = null;
  readonly leaseMs: number;

  constructor(private readonly d: StatsServiceDeps) {
    this.leaseMs = d.leaseMs ?? 60_000;
  }

  subscribe(stageId: number, service?: string): { subscriptionId: string; leaseMs: number } {
    if (!this.d.stages.get(stageId)) throw new AppError('NOT_FOUND', `Stage ${String(stageId)} does not exist. Refresh the page.`);
    // A service the stack does not have is refused now (the resolver throws NOT_FOUND naming the ones it has).
    if (service !== undefined) this.d.service?.(stageId, service);
    const id = randomUUID();
    this.subs.set(id, { stageId, service, expiresAt: Date.now() + this.leaseMs, instanceId: null, containerId: null, stream: null, tasks: null });
    setTimeout(() => void this.retarget(id), 0);
    return { subscriptionId: id, leaseMs: this.leaseMs };
  }

  renew(id: string): void {
    const s = this.subs.get(id);
    if (!s) throw new AppError('NOT_FOUND', 'That stats subscription ended (it was not renewed in time). Open the page again.');
    s.expiresAt = Date.now() + this.leaseMs;
  }

  unsubscribe(id: string): void {
    this.subs.get(id)?.stream?.destroy();
    this.subs.get(id)?.tasks?.close();
    this.subs.delete(id);
  }

  start(): void {
    this.offEvent = this.d.bus.onEvent((e) => {
      for (const [id, s] of this.subs) if (s.stageId === e.stageId) void this.retarget(id);
    });
    this.timer = setInterval(() => {
      const now = Date.now();
      for (const [id, s] of this.subs) {
        if (s.expiresAt < now) this.unsubscribe(id);
        else void this.retarget(id);
      }
    }, this.d.recheckMs ?? 5000);
    this.timer.unref();
  }

  stop(): void {
    this.offEvent?.();
    if (this.timer) clearInterval(this.timer);
    for (const id of [...this.subs.keys()]) this.unsubscribe(id);
  }

  private send(id: string, s: Sub, fields: Partial<StatsSample>): void {
    this.d.bus.push('stats', { subscriptionId: id, instanceId: s.instanceId, ts: Date.now(), cpuPercent: null, memoryBytes: null, memoryLimitBytes: null, notice: null, ...fields });
  }

  /** The container to measure now: the live instance's, or the service's (a companion, or another tracked service of the live generation). */
  private target(s: Sub): { containerId: string | null; instanceId: number | null; missing: string } {
    const live = this.d.instances.live(s.stageId);
    if (s.service !== undefined) {
      let c: { containerId: string; instanceId?: number } | null | undefined;
      try {
        c = this.d.service?.(s.stageId, s.service);
      } catch {
        c = null; // the service left the file since the subscription began
      }
      // A companion is no instance; another tracked service's container belongs to the live one.
      if (c !== undefined) return { containerId: c?.containerId ?? null, instanceId: c?.instanceId ?? null, missing: `Service ${s.service} has no container on this stage.` };
    }
    return { containerId: live?.containerId ?? null, instanceId: live?.id ?? null, missing: 'No live instance on this stage.' };
  }

  private async retarget(id: string): Promise<void> {
    const s = this.subs.get(id);
    if (!s) return;
    if (await this.retargetTasks(id, s)) return;
    const next = this.target(s);
    if (next.containerId === s.containerId && (s.stream !== null || next.containerId === null)) return;
    s.stream?.destroy();
    s.stream = null;
    s.instanceId = next.instanceId;
    s.containerId = next.containerId;
    const containerId = next.containerId;
    if (containerId === null) {
      this.send(id, s, { notice: next.missing });
      return;
    }
    try {
      const container = this.d.docker(containerId).getContainer(containerId);
      let stream: Readable | null = null;
      const ended = (): void => {
        if (stream !== null && s.stream === stream) {
          s.stream = null;
          this.send(id, s, { notice: 'The instance stopped.' });
        }
      };
      stream = await streamStats(container, (sample) => this.send(id, s, sample), ended);
      if (this.subs.get(id) !== s || s.containerId !== containerId) {
        stream.destroy();
        return;
      }
      s.stream = stream;
    } catch (error) {
      this.send(id, s, { notice: `Cannot read the instance's resource use: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** A Swarm stage: its running tasks, each followed (answers false for a stage that runs containers). */
  private async retargetTasks(id: string, s: Sub): Promise<boolean> {
    let targets: SwarmStatsTarget[] | null;
    try {
      targets = (await this.d.swarmTasks?.(s.stageId)) ?? null;
    } catch (error) {
      this.send(id, s, { notice: `Cannot read the service's tasks: ${error instanceof Error ? error.message : String(error)}`, tasks: [] });
      return true;
    }
    if (targets === null) {
      s.tasks?.close();
      s.tasks = null;
      return false;
    }
    if (this.subs.get(id) !== s) return true;
    s.instanceId = this.d.instances.live(s.stageId)?.id ?? null;
    s.tasks ??= new TaskStatsFollower((sample) => this.send(id, s, sample));
    await s.tasks.retarget(targets);
    return true;
  }
}
