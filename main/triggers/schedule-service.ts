import type { MethodArgs, ScheduleRun, StageSchedule } from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import { nextRuns } from '../poller/schedule-preview';
import type { Clock } from './clock';
import { cronProblem } from './cron-check';
import type { ScheduleActionRunner, ScheduleTarget } from './schedule-actions';
import type { ScheduleRecord, ScheduleRepo } from './schedule-repo';

export interface ScheduleServiceDeps {
  readonly repo: ScheduleRepo;
  readonly bus: EventBus;
  readonly clock: Clock;
  /** The image stage a schedule may act on; null when there is none. */
  readonly target: (stageId: number) => ScheduleTarget | null;
  /** Whether the stage exists at all (a static site's stage has no image to act on). */
  readonly stageExists: (stageId: number) => boolean;
  readonly run: ScheduleActionRunner;
}

const ACTION_WORDS = { 'redeploy-newest': 'redeploy the newest tag', restart: 'restart', check: 'check now' } as const;

/**
 * Per-stage schedules: at each cron time, redeploy the newest matching tag, restart the live instance,
 * or check the registry. A schedule never overlaps itself (a tick while it runs is skipped and logged),
 * and every run is an event with the schedule and its outcome.
 */
export class ScheduleService {
  private readonly ticks = new Map<number, { readonly cron: string; readonly stop: () => void }>();
  private readonly running = new Map<number, Promise<ScheduleRun>>();
  private stopped = true;
  private abort = new AbortController();

  constructor(private readonly d: ScheduleServiceDeps) {}

  start(): void {
    this.stopped = false;
    if (this.abort.signal.aborted) this.abort = new AbortController();
    this.sync();
  }

  /** Stops the ticks; runs in progress stop waiting for their deploys (which go on in the queue). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.ticks.values()) t.stop();
    this.ticks.clear();
    this.abort.abort();
    await Promise.allSettled([...this.running.values()]);
  }

  list(stageId?: number): StageSchedule[] {
    return this.d.repo.list(stageId).flatMap((r) => this.view(r) ?? []);
  }

  create(input: MethodArgs<'schedules.create'>): StageSchedule {
    const target = this.requireTarget(input.stageId);
    const cron = this.checkCron(input.cron);
    const id = this.d.repo.insert({ stageId: target.stageId, cron, action: input.action, enabled: input.enabled, createdAt: this.d.clock.now() });
    this.sync();
    return this.require(id);
  }

  update(input: MethodArgs<'schedules.update'>): StageSchedule {
    const rec = this.d.repo.get(input.id);
    if (!rec) throw notFound('Schedule', input.id);
    const cron = input.cron === undefined ? rec.cron : this.checkCron(input.cron);
    this.d.repo.update(rec.id, { cron, action: input.action ?? rec.action, enabled: input.enabled ?? rec.enabled });
    this.sync();
    return this.require(rec.id);
  }

  remove(id: number): void {
    if (!this.d.repo.remove(id)) throw notFound('Schedule', id);
    this.sync();
  }

  /** "Run now": the same run a tick makes, answered when it is over. */
  async runNow(id: number): Promise<ScheduleRun> {
    const rec = this.d.repo.get(id);
    if (!rec) throw notFound('Schedule', id);
    if (this.running.has(id)) throw new AppError('CONFLICT', `Schedule #${String(id)} is running already; wait for that run to finish.`);
    return this.execute(rec, 'run by hand');
  }

  /** One cron tick per enabled schedule (added, changed or removed schedules). */
  sync(): void {
    if (this.stopped) return;
    const wanted = new Map(this.d.repo.list().filter((r) => r.enabled).map((r) => [r.id, r.cron]));
    for (const [id, tick] of this.ticks) {
      if (wanted.get(id) === tick.cron) continue;
      tick.stop();
      this.ticks.delete(id);
    }
    for (const [id, cron] of wanted) {
      if (this.ticks.has(id) || cronProblem(cron) !== null) continue;
      this.ticks.set(id, { cron, stop: this.d.clock.cron(cron, () => this.fire(id)) });
    }
  }

  private fire(id: number): void {
    if (this.stopped) return;
    const rec = this.d.repo.get(id);
    // Removed with its stage, or disabled since: the tick goes away.
    if (!rec?.enabled) return this.sync();
    if (this.running.has(id)) {
      const t = this.d.target(rec.stageId);
      this.d.bus.emit({
        type: 'schedule.skipped',
        level: 'warn',
        projectId: t?.projectId ?? null,
        stageId: rec.stageId,
        message: `${t ? `${t.project}/${t.stage}: ` : ''}schedule "${rec.cron}" (${ACTION_WORDS[rec.action]}) skipped a run: the previous one is still going`,
        data: { scheduleId: id, cron: rec.cron, action: rec.action },
      });
      return;
    }
    void this.execute(rec, 'scheduled');
  }

  private execute(rec: ScheduleRecord, how: 'scheduled' | 'run by hand'): Promise<ScheduleRun> {
    const run = (async (): Promise<ScheduleRun> => {
      const at = this.d.clock.now();
      const t = this.d.target(rec.stageId);
      const why = `schedule #${String(rec.id)} "${rec.cron}": ${ACTION_WORDS[rec.action]}${how === 'run by hand' ? ' (run by hand)' : ''}`;
      let result: Omit<ScheduleRun, 'at'>;
      try {
        result = t ? await this.d.run(rec.action, t, why, this.abort.signal) : { ok: false, outcome: 'the stage no longer has an image to act on', deployId: null };
      } catch (error) {
        result = { ok: false, outcome: `${ACTION_WORDS[rec.action]}: ${error instanceof Error ? error.message : String(error)}`, deployId: null };
      }
      const done: ScheduleRun = { at, ...result };
      if (this.d.repo.get(rec.id)) this.d.repo.recordRun(rec.id, done);
      this.d.bus.emit({
        type: done.ok ? 'schedule.ran' : 'schedule.failed',
        level: done.ok ? 'info' : 'warn',
        projectId: t?.projectId ?? null,
        stageId: rec.stageId,
        deployId: done.deployId,
        message: `${t ? `${t.project}/${t.stage}: ` : ''}schedule "${rec.cron}" ${how === 'run by hand' ? 'run by hand' : 'ran'}: ${done.outcome}`,
        data: { scheduleId: rec.id, cron: rec.cron, action: rec.action, how, ok: done.ok, outcome: done.outcome },
      });
      return done;
    })().finally(() => this.running.delete(rec.id));
    this.running.set(rec.id, run);
    return run;
  }

  private checkCron(cron: string): string {
    const problem = cronProblem(cron);
    if (problem !== null) throw new AppError('INVALID_INPUT', `cron: ${problem}`);
    return cron.trim();
  }

  private requireTarget(stageId: number): ScheduleTarget {
    const t = this.d.target(stageId);
    if (t) return t;
    if (!this.d.stageExists(stageId)) throw notFound('Stage', stageId);
    throw new AppError('INVALID_INPUT', 'Schedules act on image projects’ stages; a static site follows its branch (pushes and polls) instead.');
  }

  private require(id: number): StageSchedule {
    const rec = this.d.repo.get(id);
    const v = rec ? this.view(rec) : null;
    if (!v) throw notFound('Schedule', id);
    return v;
  }

  private view(r: ScheduleRecord): StageSchedule | null {
    const t = this.d.target(r.stageId);
    if (!t) return null;
    return {
      id: r.id,
      stageId: r.stageId,
      projectId: t.projectId,
      cron: r.cron,
      action: r.action,
      enabled: r.enabled,
      running: this.running.has(r.id),
      nextRunAt: r.enabled ? (nextRuns(r.cron, 1)?.[0] ?? null) : null,
      lastRun: r.lastRun,
      createdAt: r.createdAt,
    };
  }
}
