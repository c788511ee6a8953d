import type { Db } from '../store/db';

type Listener = () => void;

let nextId = 0;

/**
 * Tells JS when rows of some tables change on this connection, through temporary triggers that call a
 * JS function: hot-path caches (subscriptions, settings) stay correct without a query per request.
 * Temporary triggers belong to this connection only and are never stored in the file.
 */
export class ChangeWatch {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly fn = `slipway_changed_${String(nextId++)}`;

  constructor(private readonly db: Db) {
    db.function(this.fn, { deterministic: false, varargs: false }, (table: unknown) => {
      const set = this.listeners.get(String(table));
      if (set) for (const l of set) l();
      return null;
    });
  }

  /** Calls `listener` after any insert, update or delete on `table` (a table of the main schema). */
  on(table: string, listener: Listener): void {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
    let set = this.listeners.get(table);
    if (!set) {
      set = new Set();
      this.listeners.set(table, set);
      for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
        this.db.exec(
          `CREATE TEMP TRIGGER IF NOT EXISTS ${this.fn}_${table}_${op.toLowerCase()} AFTER ${op} ON main.${table} BEGIN SELECT ${this.fn}('${table}'); END`,
        );
      }
    }
    set.add(listener);
  }
}

/** A value computed from the store, recomputed only after a watched table changed. */
export function cachedBy<T>(watch: ChangeWatch, tables: readonly string[], compute: () => T): () => T {
  let valid = false;
  let value: T;
  for (const t of tables) watch.on(t, () => (valid = false));
  return () => {
    if (!valid) {
      value = compute();
      valid = true;
    }
    return value;
  };
}
