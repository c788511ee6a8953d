/** At most `max` tasks at once per key (a registry host); the rest wait in FIFO order. */
export class KeyedLimiter {
  readonly #max: number;
  readonly #slots = new Map<string, { active: number; waiting: (() => void)[] }>();

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`limiter needs max >= 1, got ${max}`);
    this.#max = max;
  }

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    await this.#acquire(key);
    try {
      return await task();
    } finally {
      this.#release(key);
    }
  }

  /** Tasks running now for a key (for tests and stats). */
  active(key: string): number {
    return this.#slots.get(key)?.active ?? 0;
  }

  #acquire(key: string): Promise<void> {
    let slot = this.#slots.get(key);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      this.#slots.set(key, slot);
    }
    if (slot.active < this.#max) {
      slot.active++;
      return Promise.resolve();
    }
    const s = slot;
    return new Promise((resolve) => s.waiting.push(resolve));
  }

  #release(key: string): void {
    const slot = this.#slots.get(key);
    if (!slot) return;
    const next = slot.waiting.shift();
    if (next) {
      next(); // the slot passes straight to the next waiter
      return;
    }
    slot.active--;
    if (slot.active === 0) this.#slots.delete(key);
  }
}
