/**
 * Counts what is in flight per target port (HTTP requests, WebSocket tunnels, TCP connections)
 * and lets callers wait until a target has drained. Pure bookkeeping: no timers, no I/O.
 */
export class InflightCounter {
  private readonly counts = new Map<number, number>();
  private readonly waiters = new Map<number, Set<() => void>>();
  private readonly idleListeners = new Set<(target: number) => void>();

  /** Marks one unit of work as started on `target`; the returned release is safe to call more than once. */
  begin(target: number): () => void {
    this.counts.set(target, this.count(target) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.end(target);
    };
  }

  count(target: number): number {
    return this.counts.get(target) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** Non-zero counts keyed by target port (as a string, for JSON). */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [target, n] of this.counts) out[String(target)] = n;
    return out;
  }

  /** Resolves once nothing is in flight on `target` (immediately if that is already so). */
  whenDrained(target: number): Promise<void> {
    if (this.count(target) === 0) return Promise.resolve();
    return new Promise((resolve) => {
      let set = this.waiters.get(target);
      if (!set) {
        set = new Set();
        this.waiters.set(target, set);
      }
      set.add(resolve);
    });
  }

  /** Called whenever a target's count drops to zero. Returns an unsubscribe function. */
  onIdle(fn: (target: number) => void): () => void {
    this.idleListeners.add(fn);
    return () => this.idleListeners.delete(fn);
  }

  private end(target: number): void {
    const n = this.count(target) - 1;
    if (n > 0) {
      this.counts.set(target, n);
      return;
    }
    this.counts.delete(target);
    const set = this.waiters.get(target);
    this.waiters.delete(target);
    if (set) for (const resolve of set) resolve();
    for (const fn of this.idleListeners) fn(target);
  }
}
