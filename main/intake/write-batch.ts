import type { Db } from '../store/db';

interface Item {
  readonly fn: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit: writes submitted in the same turn of the event loop share one transaction. A submitter
 * hears back only once its write is committed, so an answer sent after `submit` resolves is durable.
 * Order of submission is kept. Should one write throw, the batch is rolled back and run again with each
 * write in its own savepoint, so that only the failing one fails (writes must only touch the store).
 */
export class WriteBatcher {
  private queue: Item[] = [];
  private scheduled = false;
  private readonly runAll;
  private readonly runEach;

  constructor(
    db: Db,
    private readonly maxBatch = 256,
  ) {
    const one = db.transaction((item: Item) => item.fn());
    this.runAll = db.transaction((items: readonly Item[]) => items.map((item) => ({ ok: true as const, value: item.fn() })));
    this.runEach = db.transaction((items: readonly Item[]) =>
      items.map((item) => {
        try {
          return { ok: true as const, value: one(item) };
        } catch (error) {
          return { ok: false as const, error };
        }
      }),
    );
  }

  submit<T>(fn: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits what is queued now. */
  flush(): void {
    this.scheduled = false;
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    let results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[];
    try {
      results = this.runAll(items);
    } catch {
      try {
        results = this.runEach(items);
      } catch (error) {
        // The commit itself failed: nothing of the batch is durable.
        for (const item of items) item.reject(error);
        return;
      }
    }
    items.forEach((item, i) => {
      const r = results[i];
      if (r?.ok) item.resolve(r.value);
      else item.reject(r?.error);
    });
  }
}
