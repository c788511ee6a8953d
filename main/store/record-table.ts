import type { Db } from './db';

/** What every table of records with an integer `id` answers: one record by id, or a loud failure when it must exist. */
export abstract class RecordTable<Row, Rec> {
  constructor(
    protected readonly db: Db,
    protected readonly now: () => number = Date.now,
  ) {}

  /** The table's name in SQL, and the record's noun in errors. */
  protected abstract readonly table: string;
  protected abstract readonly noun: string;
  protected abstract readonly fromRow: (row: Row) => Rec;

  get(id: number): Rec | null {
    return this.first(`SELECT * FROM ${this.table} WHERE id = ?`, id);
  }

  require(id: number): Rec {
    const record = this.get(id);
    if (!record) throw new Error(`${this.noun} ${String(id)} vanished`);
    return record;
  }

  /** The first record a query finds, or null. */
  protected first(sql: string, ...params: readonly (string | number | null)[]): Rec | null {
    const row = this.db.prepare<(string | number | null)[], Row>(sql).get(...params);
    return row ? this.fromRow(row) : null;
  }

  /** Every record a query finds, in its order. */
  protected every(sql: string, ...params: readonly (string | number | null)[]): Rec[] {
    return this.db.prepare<(string | number | null)[], Row>(sql).all(...params).map((row) => this.fromRow(row));
  }
}
