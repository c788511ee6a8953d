import type { TagActionRepo } from './tag-action-repo';
import type { TagRouter } from '../matcher/tag-router';

const MAX_SLEEP_MS = 60_000;

/**
 * Queues deploys that were owed for later: those waiting out the minimum image age, and any left
 * behind by a crash between recording a match and queueing its deploy. Runs at start and when due.
 */
export class OwedDeploys {
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly actions: TagActionRepo,
    private readonly router: TagRouter,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stopped = false;
    this.wake();
  }

  stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.draining ?? Promise.resolve();
  }

  /** Something new is owed (or the deployer became available): look again. */
  wake(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    void this.drain().then(() => this.schedule());
  }

  /** Queues every owed deploy that is due. */
  drain(): Promise<void> {
    if (this.draining) return this.draining;
    const run = (async () => {
      for (const d of this.actions.owed(this.now())) {
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
    const wait = Math.min(Math.max(next - this.now(), 0), MAX_SLEEP_MS);
    this.timer = setTimeout(() => this.wake(), wait);
    this.timer.unref();
  }
}
