import type { ChannelEventType, ChannelKind } from '../../preload/contract';
import type { Db } from '../store/db';
import { setClause } from '../store/filter-clause';

export interface ChannelRow {
  readonly id: number;
  readonly kind: ChannelKind;
  readonly name: string;
  readonly urlSealed: string;
  readonly events: readonly ChannelEventType[] | null;
  readonly projectId: number | null;
  /** From the channel's outbox target (hooks row). */
  readonly enabled: boolean;
}

interface ChannelSql {
  id: number;
  kind: ChannelKind;
  name: string;
  url_sealed: string;
  events: string | null;
  project_id: number | null;
  enabled: number;
}

const fromSql = (r: ChannelSql): ChannelRow => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  urlSealed: r.url_sealed,
  events: r.events === null ? null : (JSON.parse(r.events) as ChannelEventType[]),
  projectId: r.project_id,
  enabled: r.enabled === 1,
});

const SELECT = 'SELECT c.*, h.enabled FROM channels c JOIN hooks h ON h.id = c.id';

/** What only a channel has; its outbox target, deliveries and attempts are the hooks' (HookRepo). */
export class ChannelRepo {
  constructor(private readonly db: Db) {}

  /** Adds the channel row for an outbox target made in the same transaction (see ChannelService.create). */
  insert(id: number, c: { kind: ChannelKind; name: string; urlSealed: string; events: readonly ChannelEventType[] | null; projectId: number | null }): void {
    this.db
      .prepare('INSERT INTO channels(id, kind, name, url_sealed, events, project_id) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, c.kind, c.name, c.urlSealed, c.events === null ? null : JSON.stringify(c.events), c.projectId);
  }

  get(id: number): ChannelRow | undefined {
    const row = this.db.prepare<[number], ChannelSql>(`${SELECT} WHERE c.id = ?`).get(id);
    return row ? fromSql(row) : undefined;
  }

  all(): ChannelRow[] {
    return this.db.prepare<[], ChannelSql>(`${SELECT} ORDER BY c.id`).all().map(fromSql);
  }

  update(id: number, patch: { kind?: ChannelKind; name?: string; urlSealed?: string; events?: readonly ChannelEventType[] | null; projectId?: number | null }): void {
    const change = setClause([
      ['kind', patch.kind],
      ['name', patch.name],
      ['url_sealed', patch.urlSealed],
      ['events', patch.events === undefined ? undefined : patch.events === null ? null : JSON.stringify(patch.events)],
      ['project_id', patch.projectId],
    ]);
    if (change) this.db.prepare(`UPDATE channels SET ${change.set} WHERE id = ?`).run(...change.params, id);
  }

  /** The trigger channels_removed takes the outbox target and its deliveries along. */
  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM channels WHERE id = ?').run(id).changes > 0;
  }

  projectExists(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM projects WHERE id = ?').get(id) !== undefined;
  }

  /** A test message is tried once: if that attempt failed, it is not retried later. */
  settleTest(deliveryId: number): void {
    this.db.prepare("UPDATE hook_deliveries SET status = 'failed', next_attempt_at = NULL WHERE id = ? AND status = 'pending'").run(deliveryId);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
