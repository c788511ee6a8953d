import { inspectContainer } from '../../deployer/containers';
import type { SwarmApi } from './swarm-api';
import { digestOf, type Task } from './tasks';

interface Note {
  readonly taskId: string;
  readonly slot: number | null;
  readonly why: string;
  readonly tail: string;
  readonly at: number;
}

/** How often one starting task's container is looked at. */
const EVERY_MS = 1_000;

/**
 * Notes, while a new task is still starting, what its container says: health check state and
 * output, exit code, last log lines. Swarm shuts a failed new task down and removes its container
 * when it rolls an update back, so this is the only moment to learn why.
 */
export class TaskWatch {
  private readonly notes = new Map<string, Note>();

  constructor(private readonly api: SwarmApi) {}

  async observe(tasks: readonly Task[], digest: string): Promise<void> {
    for (const t of tasks) {
      const id = t.Status.ContainerStatus?.ContainerID;
      if (!id || digestOf(t.Spec?.ContainerSpec?.Image) !== digest || t.Status.State === 'running') continue;
      const seen = this.notes.get(t.ID);
      if (seen && Date.now() - seen.at < EVERY_MS) continue;
      const inspect = await inspectContainer(this.api.docker, id).catch(() => null);
      if (!inspect) continue;
      const health = inspect.State.Health;
      const last = health?.Log?.at(-1)?.Output?.trim();
      const exited = inspect.State.Running ? '' : `its container exited (code ${String(inspect.State.ExitCode ?? '?')})`;
      const checked = health && health.Status !== 'healthy' ? `health check ${health.Status}${last ? `: ${last}` : ''}` : '';
      const why = [checked, exited].filter(Boolean).join(', then ') || `still ${t.Status.State}`;
      this.notes.set(t.ID, { taskId: t.ID, slot: t.Slot ?? null, why, tail: await this.api.taskLogTail(t), at: Date.now() });
    }
  }

  /** What was last noted about the failing task (named in Swarm's message), else about the latest new task. */
  explain(message: string, failed: Task | null): { why: string; tail: string } | null {
    const named = /task (\w+)/.exec(message)?.[1];
    const note = (named ? this.notes.get(named) : undefined) ?? (failed ? this.notes.get(failed.ID) : undefined) ?? [...this.notes.values()].sort((a, b) => b.at - a.at)[0];
    if (!note) return null;
    const err = failed?.ID === note.taskId ? failed.Status.Err : undefined;
    return { why: `task ${note.taskId.slice(0, 12)} (slot ${String(note.slot ?? '?')}): ${err ?? note.why}`, tail: note.tail };
  }
}
