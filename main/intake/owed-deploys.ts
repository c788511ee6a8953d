import type { TagActionRepo } from './tag-action-repo';
import type { TagRouter } from '../matcher/tag-router';
import { systemClock, type Clock } from '../triggers/clock';

const MAX_SLEEP_MS = 60_000;

/**
 * Queues deploys that were owed for later: those waiting out the minimum image age or their stage's
 * update window, and any left behind by a crash between recording a match and queueing its deploy.
 * Runs at start and when due.
 */
export class OwedDeploys {
  private timer: (() => void) | null = null;
  private draining: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly actions: TagActionRepo,
    private readonly router: TagRouter,
    private readonly clock: Pick<Clock, 'now' | 'after'> = systemClock,
    /** Until when the stage's update window holds its auto-deploys now (null: open, or no window). */
    private readonly windowHold: (stageId: number, now: number) => number | null = () => null,
  ) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.timer?.();
    this.timer = null;
    return this.draining ?? Promise.resolve();
  }

  /** Something new is owed (or the deployer became available): look again. */
  wake(): void {
    if (this.stopped) return;
    this.timer?.();
    this.timer = null;
    void this.drain().then(() => this.schedule());
  }

  /** Queues every owed deploy that is due. */
  drain(): Promise<void> {
    if (this.draining) return this.draining;
    const run = (async () => {
      const now = this.clock.now();
      for (const d of this.actions.owed(now)) {
        // The window may have changed (or the clock jumped) since the deploy was held: it waits again.
        const hold = this.windowHold(d.stageId, now);
        if (hold !== null) {
          this.actions.hold(d.id, hold);
          continue;
        }
        await this.router.enqueue(d.id, d.stageId, d.tag, d.digest === '' ? null : d.digest, d.source, d.reason);
      }
    })().finally(() => {
      if (this.draining === run) this.draining = null;
    });
    this.draining = run;
    return run;
  }

  private schedule(): void {
    // Without a deploy queue nothing can be handed over; wake() is called again when there is one.
    if (this.stopped || !this.router.canQueue()) return;
    const next = this.actions.nextDue();
    if (next === null) return;
    const wait = Math.min(Math.max(next - this.clock.now(), 0), MAX_SLEEP_MS);
    this.timer = this.clock.after(wait, () => this.wake());
  }
}
