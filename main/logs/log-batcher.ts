import type { LogLineTuple } from '../../preload/contract/logs';

export interface BatcherOptions {
  /** Lines held waiting to be sent; beyond this the oldest are dropped and counted. */
  readonly maxPending: number;
  /** Lines sent per flush (this and flushMs cap the rate the window is asked to take). */
  readonly maxBatch: number;
  readonly flushMs: number;
}

export const defaultBatcherOptions: BatcherOptions = { maxPending: 200_000, maxBatch: 20_000, flushMs: 50 };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * Groups lines into batches sent at most every `flushMs`, at most `maxBatch` at a time, holding at most
 * `maxPending`: a flood cannot grow memory or swamp the window; what had to go is counted and reported.
 */
export class LogBatcher {
  private pending: LogLineTuple[] = [];
  private dropped = 0;
  private timer: unknown = null;
  private closed = false;

  constructor(
    private readonly send: (lines: LogLineTuple[], dropped: number) => void,
    private readonly opts: BatcherOptions = defaultBatcherOptions,
    private readonly timers: Timers = realTimers,
  ) {}

  push(lines: readonly LogLineTuple[]): void {
    if (this.closed || lines.length === 0) return;
    for (const l of lines) this.pending.push(l);
    const excess = this.pending.length - this.opts.maxPending;
    if (excess > 0) {
      this.pending = this.pending.slice(excess);
      this.dropped += excess;
    }
    this.schedule();
  }

  /** Sends one batch now (tests, and the timer). */
  flush(): void {
    this.timer = null;
    if (this.pending.length === 0 && this.dropped === 0) return;
    const lines = this.pending.length <= this.opts.maxBatch ? this.pending : this.pending.slice(0, this.opts.maxBatch);
    this.pending = lines === this.pending ? [] : this.pending.slice(this.opts.maxBatch);
    const dropped = this.dropped;
    this.dropped = 0;
    this.send(lines, dropped);
    if (this.pending.length > 0) this.schedule();
  }

  get queued(): number {
    return this.pending.length;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.pending = [];
  }

  private schedule(): void {
    if (this.timer === null && !this.closed) this.timer = this.timers.set(() => this.flush(), this.opts.flushMs);
  }
}
