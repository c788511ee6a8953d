/**
 * Holds pushes until the window has loaded, then delivers them in order; a reload
 * queues again until the new page is ready. Pure, so it is unit-tested without Electron.
 */
export class PushQueue<T> {
  private readonly pending: T[] = [];
  private ready = false;

  constructor(
    private readonly deliver: (item: T) => void,
    private readonly limit = 5000,
  ) {}

  push(item: T): void {
    if (this.ready) return this.deliver(item);
    this.pending.push(item);
    // Bounded: if the window never loads, keep only the newest items.
    if (this.pending.length > this.limit) this.pending.splice(0, this.pending.length - this.limit);
  }

  setReady(ready: boolean): void {
    this.ready = ready;
    if (!ready) return;
    for (const item of this.pending.splice(0)) this.deliver(item);
  }

  get size(): number {
    return this.pending.length;
  }
}
