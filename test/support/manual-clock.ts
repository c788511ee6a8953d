import { createTask, type ScheduledTask } from 'node-cron';
import type { Clock } from '../../main/triggers/clock';

interface Timer {
  readonly at: number;
  readonly fn: () => void;
}

/**
 * A clock the test moves: timers and cron ticks fire as `advanceTo` passes their time, minute by minute,
 * with node-cron itself deciding which minutes match an expression. Async work a firing starts (a drain
 * that re-arms its timer) gets to run between steps.
 */
export class ManualClock implements Clock {
  private readonly timers = new Set<Timer>();
  private readonly crons = new Set<{ readonly task: ScheduledTask; readonly fn: () => void }>();

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + Math.max(0, ms), fn };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  cron(expression: string, fn: () => void): () => void {
    const entry = { task: createTask(expression, () => undefined, { name: `manual ${expression}` }), fn };
    this.crons.add(entry);
    return () => {
      this.crons.delete(entry);
      void entry.task.destroy();
    };
  }

  /** Moves to `to` (never back), firing due timers and every cron tick on the way. */
  async advanceTo(to: number): Promise<void> {
    if (to < this.t) throw new Error('a clock does not go back');
    for (;;) {
      const minute = (Math.floor(this.t / 60_000) + 1) * 60_000;
      const timer = Math.min(...[...this.timers].map((x) => x.at), Number.POSITIVE_INFINITY);
      const step = Math.min(minute, Math.max(timer, this.t), to);
      this.t = step;
      let fired = false;
      for (const x of [...this.timers]) {
        if (x.at > this.t) continue;
        this.timers.delete(x);
        x.fn();
        fired = true;
      }
      if (this.t % 60_000 === 0) {
        for (const c of [...this.crons]) {
          if (!c.task.match(new Date(this.t))) continue;
          c.fn();
          fired = true;
        }
      }
      // Lets the work a firing started settle (and re-arm its timers) before time moves on.
      if (fired) for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
      if (this.t >= to) return;
    }
  }
}
