/**
 * One holder at a time per key (a stage): deploys, the reconciler and removal take turns.
 * Waiters are served in arrival order.
 */
export class KeyedLock {
  private readonly tails = new Map<number, Promise<void>>();

  isHeld(key: number): boolean {
    return this.tails.has(key);
  }

  async run<T>(key: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Runs fn only if nobody holds or waits for the key; answers undefined otherwise. */
  async tryRun<T>(key: number, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.tails.has(key)) return undefined;
    return this.run(key, fn);
  }
}
