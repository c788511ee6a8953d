import type { DeployStepName } from '../../../preload/contract';
import { DeployAborted } from '../../sources/source';
import type { StageRecord } from '../../store/stage-repo';
import type { SwarmPools } from './pool';
import { ROLLOUT } from './service-spec';
import type { StepLog } from './steps';
import type { SwarmApi } from './swarm-api';
import { latestFailed, rollout, taskViews, updatePhase, type Task } from './tasks';
import { TaskWatch } from './task-watch';
import { StepFailure as DeployStepFailure } from '../../sources/source';

/** A failure the deploy reports at `step`; the stage keeps what it ran. */
export class StepFailure extends DeployStepFailure {
  constructor(
    step: DeployStepName,
    message: string,
    logTail: string | null = null,
    /** The service was created by this deploy (nothing was live): it is removed. */
    readonly createdHere = false,
  ) {
    super(step, message, logTail);
  }
}

/** What the rolling update is to reach. */
export interface Follow {
  readonly digest: string;
  readonly containerPort: number;
  /** This deploy created the service. */
  readonly created: boolean;
  serviceId: string;
}

/** One Swarm deploy's context, as the runner and the follower share it. */
export interface FollowCtx {
  readonly stage: StageRecord;
  readonly replicas: number;
  readonly api: SwarmApi;
  readonly name: string;
  readonly log: StepLog;
  readonly signal: AbortSignal;
}

/** Gives up on an update that makes no progress for this long (Swarm keeps going; the deploy says so). */
const STALL_MS = 10 * 60_000;

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Follows Swarm's rolling update through the service's tasks: `start` until every replica runs
 * (healthy) on the new digest ("2/3 updated"), then `health` while Swarm monitors the new tasks.
 * Each read also re-balances the stable URL over the tasks in the pool. A rollback by Swarm is
 * waited out (the old tasks serve again) and reported with the failing task's error and last lines.
 */
export async function followRollout(ctx: FollowCtx, f: Follow, pools: SwarmPools, pollMs: number): Promise<void> {
  const { log, api, name, replicas } = ctx;
  log.begin('start', 'starting', `rolling update: 0/${String(replicas)} updated`);
  let step: DeployStepName = 'start';
  let lastChange = Date.now();
  let lastSummary = '';
  const watch = new TaskWatch(api);
  for (;;) {
    if (ctx.signal.aborted) throw new DeployAborted();
    const service = await api.service(name);
    if (!service) throw new StepFailure(step, `the service ${name} was removed while it was being updated`);
    f.serviceId ||= service.ID;
    const tasks = await api.tasks(name);
    await pools.apply(ctx.stage, tasks, f.containerPort);
    const phase = updatePhase(service);
    await watch.observe(tasks, f.digest);
    const r = rollout(tasks, f.digest, replicas);
    const progress = { updated: r.updated, total: replicas, tasks: taskViews(tasks, f.containerPort) };
    if (r.summary !== lastSummary) lastChange = Date.now();
    lastSummary = r.summary;
    if (phase.kind === 'rolling-back' || phase.kind === 'rolled-back' || phase.kind === 'paused') {
      await waitRolledBack(ctx, f, { pools, watch, pollMs }, step, phase.message);
    }
    const failed = f.created ? latestFailed(tasks, f.digest) : null;
    if (failed && r.updated < replicas) {
      // A new service has nothing to roll back to: Swarm would restart the task for ever.
      const seen = watch.explain('', failed);
      const tail = seen?.tail || (await api.taskLogTail(failed));
      throw new StepFailure(step, `a task of the new service failed: ${failed.Status.Err ?? seen?.why ?? failed.Status.State}${tail ? ` — last lines: ${tail}` : ''}`, tail || null, true);
    }
    const allNew = r.updated === replicas && r.old === 0;
    if (allNew && step === 'start') {
      log.end('start', r.summary, 'done', progress);
      step = 'health';
      log.begin('health', 'checking', phase.kind === 'updating' ? `all ${String(replicas)} task(s) healthy; Swarm watches them for ${String(ROLLOUT.monitorSec)} s before the update counts as done` : null);
    } else if (step === 'start') {
      log.running('start', r.summary, progress);
    }
    if (allNew && (phase.kind === 'none' || phase.kind === 'completed')) {
      log.end('health', `${String(replicas)} task(s) healthy on ${f.digest.slice(7, 19)}; update completed`);
      return;
    }
    if (Date.now() - lastChange > STALL_MS) throw new StepFailure(step, `the update made no progress for ${String(STALL_MS / 60_000)} minutes (${r.summary}); Swarm keeps trying — see docker service ps ${name}`);
    await sleep(pollMs, ctx.signal);
  }
}

/** Swarm rolls back on its own; the pool keeps following the tasks until the old ones serve again. */
async function waitRolledBack(ctx: FollowCtx, f: Follow, o: { pools: SwarmPools; watch: TaskWatch; pollMs: number }, step: DeployStepName, message: string): Promise<never> {
  const { api, name, log } = ctx;
  const { pools, pollMs } = o;
  let tasks: Task[] = await api.tasks(name);
  const failed = latestFailed(tasks, f.digest);
  const seen = o.watch.explain(message, failed);
  const tail = seen?.tail || (failed ? await api.taskLogTail(failed) : '');
  const why = seen?.why ?? failed?.Status.Err ?? (message || 'a new task failed');
  log.running(step, `Swarm is rolling back: ${why}`, null);
  const deadline = Date.now() + 5 * 60_000;
  let phase = updatePhase((await api.service(name)) ?? { ID: '', Version: { Index: 0 }, Spec: { Name: name } });
  while (phase.kind === 'rolling-back' && Date.now() < deadline && !ctx.signal.aborted) {
    await pools.apply(ctx.stage, tasks, f.containerPort);
    await sleep(pollMs, ctx.signal);
    tasks = await api.tasks(name);
    const s = await api.service(name);
    if (!s) break;
    phase = updatePhase(s);
  }
  if (ctx.signal.aborted) throw new DeployAborted();
  await pools.apply(ctx.stage, tasks, f.containerPort);
  const outcome = phase.kind === 'rolled-back' ? 'Swarm rolled the update back' : `Swarm's rollback did not finish (${phase.kind}: ${'message' in phase ? phase.message : ''})`;
  throw new StepFailure(step, `${outcome}: ${why}${tail ? ` — last lines: ${tail}` : ''}`, tail || null);
}
