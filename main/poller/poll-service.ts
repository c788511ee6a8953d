import { nextRuns } from './schedule-preview';
import { schedule as cronSchedule, validate as validateCron, type ScheduledTask } from 'node-cron';
import type { PollerStatus, PollResult, StagePollState } from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import type { StageSubscription } from '../matcher/subscription';
import type { PollCycle } from './poller';
import type { PollStateRepo } from './poll-state-repo';

export interface PollServiceDeps {
  readonly cycle: PollCycle;
  readonly state: PollStateRepo;
  readonly bus: EventBus;
  readonly stages: () => StageSubscription[];
  readonly stage: (stageId: number) => StageSubscription | null;
  readonly globalSchedule: () => string;
  readonly paused: () => boolean;
  /** Largest random delay before a scheduled cycle (so many Slipways do not hit a registry at the same second). */
  readonly maxJitterMs?: number;
  readonly random?: () => number;
}

type LastCycle = NonNullable<PollerStatus['lastCycle']>;

/**
 * Runs poll cycles on node-cron schedules (the global one and any per-stage ones), with jitter,
 * pause/resume, and "Check now". Cycles never overlap: a tick that comes while one runs is run right after
 * it (ticks coalesce), and a "Check now" waits its turn.
 */
export class PollService {
  private readonly tasks = new Map<string, ScheduledTask>();
  private chain: Promise<unknown> = Promise.resolve();
  private running = false;
  private readonly pending = new Set<string>();
  private pendingRun: Promise<void> | null = null;
  private last: LastCycle | null = null;
  private stopped = true;
  private abort = new AbortController();
  private readonly jitterTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly d: PollServiceDeps) {}

  start(): void {
    this.stopped = false;
    if (this.abort.signal.aborted) this.abort = new AbortController();
    this.reschedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.tasks.values()) await t.destroy();
    this.tasks.clear();
    for (const t of this.jitterTimers) clearTimeout(t);
    this.jitterTimers.clear();
    this.abort.abort();
    await this.chain.catch(() => undefined);
  }

  /** One task per distinct schedule in use (settings or stage overrides changed). */
  reschedule(): void {
    if (this.stopped) return;
    const wanted = new Set<string>([this.d.globalSchedule()]);
    for (const row of this.d.state.all().values()) if (row.schedule !== null) wanted.add(row.schedule);
    for (const [expr, task] of this.tasks) {
      if (!wanted.has(expr)) {
        void task.destroy();
        this.tasks.delete(expr);
      }
    }
    for (const expr of wanted) {
      if (this.tasks.has(expr) || !validateCron(expr)) continue;
      const task = cronSchedule(expr, () => this.tick(expr, task), { name: `poll ${expr}` });
      this.tasks.set(expr, task);
    }
  }

  /** "Check now": one stage (even with polling off) or every stage with polling on; works while paused. */
  async pollNow(stageId?: number): Promise<PollResult> {
    let stages: StageSubscription[];
    if (stageId !== undefined) {
      const s = this.d.stage(stageId);
      if (!s) throw notFound('Stage', stageId);
      stages = [s];
    } else {
      stages = this.d.stages().filter((s) => s.pollEnabled);
    }
    return this.exclusive(async () => {
      const result = await this.d.cycle.run(stages, this.abort.signal);
      this.remember(result);
      return result;
    });
  }

  setSchedule(stageId: number, schedule: string | null): StagePollState {
    if (schedule !== null && !validateCron(schedule)) {
      throw new AppError('INVALID_INPUT', `schedule: "${schedule}" is not a cron expression. Example: "*/15 * * * *" (every 15 minutes).`);
    }
    if (!this.d.stage(stageId)) throw notFound('Stage', stageId);
    this.d.state.setSchedule(stageId, schedule);
    this.reschedule();
    return this.stageState(stageId);
  }

  status(): PollerStatus {
    const rows = this.d.state.all();
    return {
      paused: this.d.paused(),
      schedule: this.d.globalSchedule(),
      running: this.running,
      nextCycleAt: nextRuns(this.d.globalSchedule(), 1)?.[0] ?? null,
      lastCycle: this.last,
      stages: this.d.stages().map((s) => this.stateOf(s, rows.get(s.stageId) ?? null)),
    };
  }

  stageState(stageId: number): StagePollState {
    const s = this.d.stage(stageId);
    if (!s) throw notFound('Stage', stageId);
    return this.stateOf(s, this.d.state.all().get(stageId) ?? null);
  }

  /** A scheduled tick: skipped while paused; run after the current cycle when one is running. */
  private tick(expr: string, task: ScheduledTask): void {
    if (this.stopped || this.d.paused()) return;
    const jitter = this.jitterFor(task);
    if (jitter <= 0) return this.enqueueScheduled(expr);
    const timer = setTimeout(() => {
      this.jitterTimers.delete(timer);
      if (!this.stopped && !this.d.paused()) this.enqueueScheduled(expr);
    }, jitter);
    timer.unref();
    this.jitterTimers.add(timer);
  }

  private enqueueScheduled(expr: string): void {
    this.pending.add(expr);
    if (this.pendingRun) return; // coalesces with the run already waiting
    this.pendingRun = this.exclusive(async () => {
      this.pendingRun = null;
      const exprs = new Set(this.pending);
      this.pending.clear();
      const global = this.d.globalSchedule();
      const rows = this.d.state.all();
      const stages = this.d.stages().filter((s) => s.pollEnabled && exprs.has(rows.get(s.stageId)?.schedule ?? global));
      if (stages.length === 0) return;
      const result = await this.d.cycle.run(stages, this.abort.signal);
      this.remember(result);
      const found = result.stages.reduce((n, s) => n + s.found.length, 0);
      if (found > 0) {
        this.d.bus.emit({
          type: 'poll.found',
          message: `Polling found ${found} new tag${found === 1 ? '' : 's'} (${result.repositories} repositories, ${result.requests} requests)`,
          data: { found: result.stages.filter((s) => s.found.length > 0).map((s) => ({ stageId: s.stageId, found: s.found })) },
        });
      }
    }).catch((error: unknown) => {
      this.d.bus.emit({ type: 'poll.failed', level: 'error', message: `A poll cycle failed: ${error instanceof Error ? error.message : String(error)}` });
    });
  }

  /** Runs `fn` after every cycle before it; records the cycle's figures. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(async () => {
      this.running = true;
      try {
        return await fn();
      } finally {
        this.running = false;
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private remember(r: PollResult): void {
    const { stages, ...figures } = r;
    this.last = { ...figures, errors: stages.filter((s) => s.error !== null).length, found: stages.reduce((n, s) => n + s.found.length, 0) };
  }

  /** Up to 10% of the interval, at most maxJitterMs. */
  private jitterFor(task: ScheduledTask): number {
    const max = this.d.maxJitterMs ?? 30_000;
    if (max <= 0) return 0;
    const [a, b] = task.getNextRuns(2);
    const interval = a && b ? b.getTime() - a.getTime() : 60_000;
    return Math.floor((this.d.random ?? Math.random)() * Math.min(max, interval / 10));
  }

  private stateOf(s: StageSubscription, row: ReturnType<PollStateRepo['stage']> | null): StagePollState {
    return {
      stageId: s.stageId,
      pollEnabled: s.pollEnabled,
      schedule: row?.schedule ?? null,
      effectiveSchedule: row?.schedule ?? this.d.globalSchedule(),
      baselineAt: row?.baselineAt ?? null,
      lastPollAt: row?.lastPollAt ?? null,
      lastError: row?.lastError ?? null,
      nextRunAt: nextRuns(row?.schedule ?? this.d.globalSchedule(), 1)?.[0] ?? null,
    };
  }
}
