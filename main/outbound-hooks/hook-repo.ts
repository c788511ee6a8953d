import type { AppEvent, DeliveryAttempt, Hook, HookDelivery, NotableEventType } from '../../preload/contract';
import type { Db } from '../store/db';
import { eventFromRow, type EventRow } from '../store/event-repo';
import type { SecretBox } from '../secrets/secret-box';
import { boxForStoreFile, openStored, sealForStore } from '../secrets/store-box';
import { secretHint } from './signing';
import { filterClause, setClause } from '../store/filter-clause';

/** An outbox target: a signed webhook, or a notification channel (main/channels) sending through the same outbox. */
export type TargetKind = 'webhook' | 'channel';

export interface HookRow {
  readonly id: number;
  readonly kind: TargetKind;
  readonly url: string;
  readonly events: readonly NotableEventType[] | null;
  readonly secret: string;
  /** `user:password` sent as `Authorization: Basic` (moved out of a URL an earlier version accepted), or null. */
  readonly basicAuth: string | null;
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly failingSince: number | null;
  readonly failedDeliveries: number;
  readonly createdAt: number;
}

/** What the dispatcher needs to make one attempt. */
export interface DueDelivery {
  readonly id: number;
  readonly hookId: number;
  readonly messageId: string;
  readonly eventType: string;
  readonly body: string;
  readonly autoAttempts: number;
  readonly manualPending: boolean;
}

/** Kept with the other internal values in the settings table (see SettingsRepo.getInternal). */
const CURSOR_KEY = 'internal:hooksEventCursor';

export interface NewDelivery {
  readonly hookId: number;
  readonly messageId: string;
  readonly eventId: number;
  readonly eventType: string;
  readonly body: string;
}

export interface NewAttempt {
  readonly deliveryId: number;
  readonly startedAt: number;
  readonly durationMs: number;
  readonly status: number | null;
  readonly ok: boolean;
  readonly error: string | null;
  readonly responseSnippet: string | null;
  readonly manual: boolean;
}

interface HookSql {
  id: number;
  kind: TargetKind;
  url: string;
  events: string | null;
  secret: string;
  basic_auth: string | null;
  enabled: number;
  disabled_reason: string | null;
  failing_since: number | null;
  failed_deliveries: number;
  created_at: number;
}

interface DeliverySql {
  id: number;
  hook_id: number;
  message_id: string;
  event_id: number | null;
  event_type: string;
  body: string;
  status: HookDelivery['status'];
  auto_attempts: number;
  manual_pending: number;
  next_attempt_at: number | null;
  created_at: number;
}

interface AttemptSql {
  id: number;
  delivery_id: number;
  started_at: number;
  duration_ms: number;
  status: number | null;
  ok: number;
  error: string | null;
  response_snippet: string | null;
  manual: number;
}

const hookFromSql = (r: HookSql, box: SecretBox | null): HookRow => ({
  id: r.id,
  kind: r.kind,
  url: r.url,
  events: r.events === null ? null : (JSON.parse(r.events) as NotableEventType[]),
  secret: openStored(box, r.secret),
  basicAuth: r.basic_auth === null ? null : openStored(box, r.basic_auth),
  enabled: r.enabled === 1,
  disabledReason: r.disabled_reason,
  failingSince: r.failing_since,
  failedDeliveries: r.failed_deliveries,
  createdAt: r.created_at,
});

const attemptFromSql = (r: AttemptSql): DeliveryAttempt => ({
  id: r.id,
  startedAt: r.started_at,
  durationMs: r.duration_ms,
  status: r.status,
  ok: r.ok === 1,
  error: r.error,
  responseSnippet: r.response_snippet,
  manual: r.manual === 1,
});

/** Hooks, their outbox rows and attempts. Every write is one statement or one transaction. */
export class HookRepo {
  private readonly box: SecretBox | null;

  /** `box` seals the signing secrets at rest; default: the key file next to the store. */
  constructor(
    private readonly db: Db,
    box?: SecretBox,
  ) {
    this.box = box ?? boxForStoreFile(db.name);
  }

  create(url: string, events: readonly NotableEventType[] | null, secret: string, now: number, kind: TargetKind = 'webhook'): HookRow {
    const info = this.db
      .prepare('INSERT INTO hooks(url, events, secret, enabled, created_at, kind) VALUES (?, ?, ?, 1, ?, ?)')
      .run(url, events === null ? null : JSON.stringify(events), sealForStore(this.box, secret), now, kind);
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): HookRow | undefined {
    const row = this.db.prepare<[number], HookSql>('SELECT * FROM hooks WHERE id = ?').get(id);
    return row ? hookFromSql(row, this.box) : undefined;
  }

  all(kind: TargetKind = 'webhook'): HookRow[] {
    return this.db.prepare<[TargetKind], HookSql>('SELECT * FROM hooks WHERE kind = ? ORDER BY id').all(kind).map((r) => hookFromSql(r, this.box));
  }

  update(id: number, patch: { url?: string; events?: readonly NotableEventType[] | null; secret?: string; basicAuth?: null; enabled?: boolean; disabledReason?: string | null }): void {
    const change = setClause([
      ['url', patch.url],
      ['events', patch.events === undefined ? undefined : patch.events === null ? null : JSON.stringify(patch.events)],
      ['secret', patch.secret === undefined ? undefined : sealForStore(this.box, patch.secret)],
      ['basic_auth', patch.basicAuth],
      ['enabled', patch.enabled === undefined ? undefined : patch.enabled ? 1 : 0],
      ['disabled_reason', patch.disabledReason],
    ]);
    if (change) this.db.prepare(`UPDATE hooks SET ${change.set} WHERE id = ?`).run(...change.params, id);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM hooks WHERE id = ?').run(id).changes > 0;
  }

  /** A success clears the failure streak. */
  markHealthy(hookId: number): void {
    this.db.prepare('UPDATE hooks SET failing_since = NULL, failed_deliveries = 0 WHERE id = ?').run(hookId);
  }

  /** A failed attempt starts (or continues) the streak; `gaveUp` counts a delivery that ran out of retries. */
  markFailing(hookId: number, at: number, gaveUp: boolean): HookRow | undefined {
    this.db
      .prepare('UPDATE hooks SET failing_since = COALESCE(failing_since, ?), failed_deliveries = failed_deliveries + ? WHERE id = ?')
      .run(at, gaveUp ? 1 : 0, hookId);
    return this.get(hookId);
  }

  pendingCounts(): Map<number, number> {
    const rows = this.db
      .prepare<[], { hook_id: number; n: number }>("SELECT hook_id, COUNT(*) AS n FROM hook_deliveries WHERE status = 'pending' GROUP BY hook_id")
      .all();
    return new Map(rows.map((r) => [r.hook_id, r.n]));
  }

  toHook(row: HookRow, pending: number): Hook {
    return {
      id: row.id,
      url: row.url,
      events: row.events === null ? null : [...row.events],
      enabled: row.enabled,
      disabledReason: row.disabledReason,
      secretHint: secretHint(row.secret),
      basicAuth: row.basicAuth !== null,
      createdAt: row.createdAt,
      failingSince: row.failingSince,
      pendingDeliveries: pending,
    };
  }

  /**
   * Outbox rows for a batch of events, and the event cursor, in one transaction. Every event with
   * an id up to the cursor has been turned into rows; a restart resumes from it.
   */
  enqueue(rows: readonly NewDelivery[], cursor: number, now: number): void {
    this.db.transaction(() => {
      this.insertDeliveries(rows, now);
      this.setCursor(cursor);
    })();
  }

  /** Outbox rows due now; answers their ids (0 for a row that already existed). */
  insertDeliveries(rows: readonly (Omit<NewDelivery, 'eventId'> & { readonly eventId: number | null })[], now: number): number[] {
    const insert = this.db.prepare(
      "INSERT OR IGNORE INTO hook_deliveries(hook_id, message_id, event_id, event_type, body, status, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)",
    );
    return this.db.transaction(() => rows.map((r) => {
      const info = insert.run(r.hookId, r.messageId, r.eventId, r.eventType, r.body, now, now);
      return info.changes > 0 ? Number(info.lastInsertRowid) : 0;
    }))();
  }

  /** The last event id considered for delivery; null before the first start. */
  cursor(): number | null {
    const row = this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(CURSOR_KEY);
    return row ? Number(row.value) : null;
  }

  setCursor(id: number): void {
    this.db.prepare('INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(CURSOR_KEY, String(id));
  }

  lastEventId(): number {
    return this.db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM events').get()?.id ?? 0;
  }

  /** Events of the given types after `afterId`, oldest first (catch-up after a crash). */
  eventsAfter(afterId: number, types: readonly string[], limit: number): AppEvent[] {
    return this.db
      .prepare<(string | number)[], EventRow>(`SELECT * FROM events WHERE id > ? AND type IN (${types.map(() => '?').join(',')}) ORDER BY id LIMIT ?`)
      .all(afterId, ...types, limit)
      .map(eventFromRow);
  }

  /** Hooks (enabled) that have pending deliveries due by `now`. */
  hooksWithDue(now: number): number[] {
    return this.db
      .prepare<[number], { hook_id: number }>(
        "SELECT DISTINCT d.hook_id FROM hook_deliveries d JOIN hooks h ON h.id = d.hook_id WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND h.enabled = 1",
      )
      .all(now)
      .map((r) => r.hook_id);
  }

  dueFor(hookId: number, now: number, limit: number): DueDelivery[] {
    return this.db
      .prepare<[number, number, number], DeliverySql>(
        "SELECT * FROM hook_deliveries WHERE hook_id = ? AND status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
      )
      .all(hookId, now, limit)
      .map((r) => ({
        id: r.id,
        hookId: r.hook_id,
        messageId: r.message_id,
        eventType: r.event_type,
        body: r.body,
        autoAttempts: r.auto_attempts,
        manualPending: r.manual_pending === 1,
      }));
  }

  /** The earliest future time a pending delivery of an enabled hook becomes due. */
  nextDueAfter(now: number): number | null {
    const row = this.db
      .prepare<[number], { t: number | null }>(
        "SELECT MIN(d.next_attempt_at) AS t FROM hook_deliveries d JOIN hooks h ON h.id = d.hook_id WHERE d.status = 'pending' AND d.next_attempt_at > ? AND h.enabled = 1",
      )
      .get(now);
    return row?.t ?? null;
  }

  /** Records an attempt and the delivery's next state together. */
  recordAttempt(a: NewAttempt, next: { status: HookDelivery['status']; nextAttemptAt: number | null; countsAsAuto: boolean }): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO hook_attempts(delivery_id, started_at, duration_ms, status, ok, error, response_snippet, manual) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(a.deliveryId, a.startedAt, a.durationMs, a.status, a.ok ? 1 : 0, a.error, a.responseSnippet, a.manual ? 1 : 0);
      this.db
        .prepare('UPDATE hook_deliveries SET status = ?, next_attempt_at = ?, auto_attempts = auto_attempts + ?, manual_pending = 0 WHERE id = ?')
        .run(next.status, next.nextAttemptAt, next.countsAsAuto ? 1 : 0, a.deliveryId);
    })();
  }

  /** Makes a delivery due now for one manual attempt. */
  markManual(deliveryId: number, now: number): void {
    this.db.prepare("UPDATE hook_deliveries SET status = 'pending', manual_pending = 1, next_attempt_at = ? WHERE id = ?").run(now, deliveryId);
  }

  /** Re-enabling a hook resumes its pending deliveries at once rather than at their old times. */
  resumeHook(hookId: number, now: number): void {
    this.db.prepare("UPDATE hook_deliveries SET next_attempt_at = ? WHERE hook_id = ? AND status = 'pending'").run(now, hookId);
  }

  delivery(id: number): HookDelivery | undefined {
    const row = this.db.prepare<[number], DeliverySql>('SELECT * FROM hook_deliveries WHERE id = ?').get(id);
    return row ? this.withAttempts([row])[0] : undefined;
  }

  deliveries(hookId: number, f: { status?: HookDelivery['status'] | undefined; beforeId?: number | undefined; limit: number }): HookDelivery[] {
    const { where, params } = filterClause([
      ['hook_id = ?', hookId],
      ['status = ?', f.status],
      ['id < ?', f.beforeId],
    ]);
    const rows = this.db
      .prepare<(string | number)[], DeliverySql>(`SELECT * FROM hook_deliveries ${where} ORDER BY id DESC LIMIT ?`)
      .all(...params, f.limit);
    return this.withAttempts(rows);
  }

  /** Drops finished deliveries older than `before` (their attempts go with them). */
  prune(before: number): number {
    return this.db.prepare("DELETE FROM hook_deliveries WHERE status != 'pending' AND created_at < ?").run(before).changes;
  }

  private withAttempts(rows: DeliverySql[]): HookDelivery[] {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const attempts = this.db
      .prepare<number[], AttemptSql>(`SELECT * FROM hook_attempts WHERE delivery_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`)
      .all(...ids);
    const byDelivery = new Map<number, DeliveryAttempt[]>();
    for (const a of attempts) {
      const list = byDelivery.get(a.delivery_id) ?? [];
      list.push(attemptFromSql(a));
      byDelivery.set(a.delivery_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      hookId: r.hook_id,
      messageId: r.message_id,
      eventId: r.event_id,
      eventType: r.event_type,
      status: r.status,
      createdAt: r.created_at,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
      attempts: byDelivery.get(r.id) ?? [],
    }));
  }
}
