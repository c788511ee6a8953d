import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import type { StatsSample, TaskStats } from '../../preload/contract/stats';
import { streamStats, type ContainerSample } from './stats-stream';

/** A running task of a Swarm stage's service, and its container when this engine can read it. */
export interface SwarmStatsTarget {
  readonly taskId: string;
  readonly slot: number | null;
  readonly nodeId: string | null;
  /** Null: the task runs on another node (its container is only known to that node's engine). */
  readonly container: Docker.Container | null;
}

/** Why a task on another node has no figures. */
export const OTHER_NODE = "runs on another node of the swarm: its resource use is read by that node's engine, which Slipway does not talk to";

/** The stage's figures: the sum over the tasks measured (null when none is); a limit only when every measured task has one. */
export function sumTasks(tasks: readonly TaskStats[]): Pick<StatsSample, 'cpuPercent' | 'memoryBytes' | 'memoryLimitBytes'> {
  const sum = (pick: (t: TaskStats) => number | null): number | null => {
    const values = tasks.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  };
  const measured = tasks.filter((t) => t.memoryBytes !== null);
  const limited = measured.length > 0 && measured.every((t) => t.memoryLimitBytes !== null);
  return { cpuPercent: sum((t) => t.cpuPercent), memoryBytes: sum((t) => t.memoryBytes), memoryLimitBytes: limited ? sum((t) => t.memoryLimitBytes) : null };
}

interface Followed {
  readonly target: SwarmStatsTarget;
  stream: Readable | null;
  latest: ContainerSample | null;
  /** Set once the task's stream ended or could not open (the task stopped, or its engine refused). */
  notice: string | null;
}

/**
 * Follows the stats of one Swarm stage's running tasks: a stream per task container this engine
 * can read, the latest sample of each, and a combined sample (sum plus one row per task) pushed
 * at most about once a second.
 */
export class TaskStatsFollower {
  private readonly followed = new Map<string, Followed>();
  private lastPush = 0;
  private closed = false;

  constructor(
    private readonly push: (sample: Pick<StatsSample, 'cpuPercent' | 'memoryBytes' | 'memoryLimitBytes' | 'notice' | 'tasks'>) => void,
    private readonly minIntervalMs = 900,
  ) {}

  /** The tasks running now: new ones are followed, gone ones let go. */
  async retarget(targets: readonly SwarmStatsTarget[]): Promise<void> {
    const ids = new Set(targets.map((t) => t.taskId));
    let changed = false;
    for (const [id, f] of this.followed) {
      if (ids.has(id)) continue;
      f.stream?.destroy();
      this.followed.delete(id);
      changed = true;
    }
    const started: Promise<void>[] = [];
    for (const target of targets) {
      if (this.followed.has(target.taskId)) continue;
      const f: Followed = { target, stream: null, latest: null, notice: target.container ? null : OTHER_NODE };
      this.followed.set(target.taskId, f);
      changed = true;
      if (target.container) started.push(this.open(f, target.container));
    }
    await Promise.all(started);
    if (changed) this.send(true);
  }

  close(): void {
    this.closed = true;
    for (const f of this.followed.values()) f.stream?.destroy();
    this.followed.clear();
  }

  private async open(f: Followed, container: Docker.Container): Promise<void> {
    try {
      const stream = await streamStats(
        container,
        (sample) => {
          f.latest = sample;
          this.send(false);
        },
        () => {
          f.stream = null;
          f.notice = 'the task stopped';
        },
      );
      if (this.closed || this.followed.get(f.target.taskId) !== f) stream.destroy();
      else f.stream = stream;
    } catch (error) {
      f.notice = `cannot read its resource use: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private send(now: boolean): void {
    if (this.closed || (!now && Date.now() - this.lastPush < this.minIntervalMs)) return;
    this.lastPush = Date.now();
    const tasks: TaskStats[] = [...this.followed.values()]
      .map((f) => ({
        taskId: f.target.taskId,
        slot: f.target.slot,
        nodeId: f.target.nodeId,
        cpuPercent: f.latest?.cpuPercent ?? null,
        memoryBytes: f.latest?.memoryBytes ?? null,
        memoryLimitBytes: f.latest?.memoryLimitBytes ?? null,
        notice: f.notice,
      }))
      .sort((a, b) => (a.slot ?? 0) - (b.slot ?? 0) || (a.taskId < b.taskId ? -1 : 1));
    this.push({ ...sumTasks(tasks), notice: tasks.length === 0 ? 'No task of the service is running.' : null, tasks });
  }
}
