import { z } from 'zod';
import {
  DeliveryEventSchema,
  DeliveryVerdictSchema,
  SignatureStateSchema,
  type Delivery,
  type DeliveryEvent,
  type DeliverySummary,
  type DeliveryVerdict,
} from '../../preload/contract';
import type { Db } from '../store/db';
import { recordedResponse } from './response';
import { filterClause } from '../store/filter-clause';

export type SignatureState = z.infer<typeof SignatureStateSchema>;

export interface NewDelivery {
  readonly receivedAt: number;
  readonly source: string;
  readonly vendor: string;
  readonly event: string;
  readonly deliveryId: string | null;
  readonly dedupeKey: string | null;
  readonly verdict: DeliveryVerdict;
  readonly status: number;
  readonly reason: string | null;
  readonly signature: SignatureState | null;
  readonly events: readonly DeliveryEvent[];
  /** The JSON answered, without the delivery id. Not stored: rebuilt from verdict, reason and events on read. */
  readonly response: Record<string, unknown>;
  /** Masked headers, already serialised. */
  readonly headersJson: string | null;
  readonly body: Buffer | null;
  readonly bodyBytes: number;
  readonly replayOf: number | null;
  readonly duplicateOf: number | null;
}

export interface StoredRequest {
  readonly id: number;
  readonly verdict: DeliveryVerdict;
  readonly signature: SignatureState | null;
  readonly source: string;
  readonly headers: Record<string, string | string[]> | null;
  readonly body: Buffer | null;
}

interface Row {
  id: number;
  received_at: number;
  source: string;
  vendor: string;
  event: string;
  delivery_id: string | null;
  verdict: string;
  status: number;
  reason: string | null;
  signature: string | null;
  events: string;
  response: string;
  body_bytes: number;
  replay_of: number | null;
  duplicate_of: number | null;
}

interface FullRow extends Row {
  headers: string | null;
  body: Buffer | null;
}

const SUMMARY_COLUMNS =
  'id, received_at, source, vendor, event, delivery_id, verdict, status, reason, signature, events, response, body_bytes, replay_of, duplicate_of';

const HeadersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseEvents(text: string): DeliveryEvent[] {
  const parsed = z.array(DeliveryEventSchema).safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : [];
}

const toSummary = (r: Row): DeliverySummary => ({
  id: r.id,
  receivedAt: r.received_at,
  source: r.source,
  vendor: r.vendor,
  event: r.event,
  deliveryId: r.delivery_id,
  verdict: DeliveryVerdictSchema.catch('error').parse(r.verdict),
  status: r.status,
  reason: r.reason,
  signature: r.signature === null ? null : SignatureStateSchema.catch('invalid').parse(r.signature),
  events: parseEvents(r.events),
  replayOf: r.replay_of,
  duplicateOf: r.duplicate_of,
  bodyBytes: r.body_bytes,
});

export interface DeliveryFilter {
  readonly verdict?: DeliveryVerdict | undefined;
  readonly vendor?: string | undefined;
  readonly beforeId?: number | undefined;
  readonly limit: number;
}

export interface DeliveryRepoOptions {
  /** The longest dedupe window: keys younger than this are kept in memory. */
  readonly windowMs?: number;
  /** Keys kept in memory at most; beyond that, look-ups of older keys go to the store. */
  readonly maxKeys?: number;
  readonly now?: () => number;
  /** Full bodies kept at most (the newest); older deliveries keep their headers and verdict only. */
  readonly keepBodies?: number;
}

/** Stored bodies are bounded by this many (at most 1 MiB each), so disk use stays bounded under a flood. */
export const KEEP_BODIES = 1000;
/** Bodies beyond the bound are dropped every this many inserts, not only at the periodic prune. */
const STRIP_EVERY = 100;

const FIRST_VERDICTS: ReadonlySet<string> = new Set(['accepted', 'ignored', 'own']);
const isFirst = (d: NewDelivery): boolean => d.dedupeKey !== null && d.duplicateOf === null && d.replayOf === null && FIRST_VERDICTS.has(d.verdict);

/**
 * The inbound delivery log. Statements are prepared once: `insert` and `firstWithKey` sit on the webhook
 * hot path. The first delivery of each recent dedupe key is indexed in memory, so that a new key (the
 * common case) is known to be new without a query; a key found there is confirmed in the store (a rolled-back
 * write may have left it behind). The table itself has no index on keys: beyond `maxKeys`, the oldest keys
 * are moved to `delivery_keys` in bulk, after the write that overflowed (never inside it, so a rollback
 * cannot lose them).
 */
export class DeliveryRepo {
  private readonly insertStmt;
  private readonly spilledStmt;
  private readonly spillStmt;
  private readonly confirmStmt;
  private spillQueued = false;
  private readonly firsts = new Map<string, { readonly id: number; readonly at: number }>();
  /** Keys first seen at or before this time may be missing from `firsts`. */
  private evictedThrough = Number.NEGATIVE_INFINITY;
  private readonly maxKeys: number;
  private readonly keepBodies: number;
  private insertsSinceStrip = 0;
  /** Every body at or below this id is already dropped. */
  private strippedThrough = 0;
  private readonly getStmt;
  private readonly setEventsStmt;
  private readonly pruneOldStmt;
  private readonly pruneKeysStmt;
  private readonly stripStmt;
  private readonly maxIdStmt;
  private readonly rangeStmt;
  private readonly atOrAfterStmt;

  constructor(
    private readonly db: Db,
    opts: DeliveryRepoOptions = {},
  ) {
    this.maxKeys = opts.maxKeys ?? 200_000;
    this.keepBodies = opts.keepBodies ?? KEEP_BODIES;
    this.insertStmt = db.prepare(
      `INSERT INTO deliveries(received_at, source, vendor, event, delivery_id, dedupe_key, verdict, status, reason, signature,
         events, response, headers, body, body_bytes, replay_of, duplicate_of)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.spilledStmt = db.prepare<[string, number], { id: number }>('SELECT id FROM delivery_keys WHERE key = ? AND received_at >= ?');
    const spillOne = db.prepare<[string, number, number]>('INSERT OR REPLACE INTO delivery_keys(key, id, received_at) VALUES (?, ?, ?)');
    this.spillStmt = db.transaction((keys: readonly (readonly [string, { readonly id: number; readonly at: number }])[]) => {
      for (const [key, first] of keys) spillOne.run(key, first.id, first.at);
    });
    this.confirmStmt = db.prepare<[number, string], { id: number }>('SELECT id FROM deliveries WHERE id = ? AND dedupe_key = ?');
    this.getStmt = db.prepare<[number], FullRow>(`SELECT ${SUMMARY_COLUMNS}, headers, body FROM deliveries WHERE id = ?`);
    this.setEventsStmt = db.prepare<[string, number]>('UPDATE deliveries SET events = ? WHERE id = ?');
    this.pruneOldStmt = db.prepare<[number]>('DELETE FROM deliveries WHERE id < ?');
    this.pruneKeysStmt = db.prepare<[number]>('DELETE FROM delivery_keys WHERE received_at < ?');
    this.stripStmt = db.prepare<[number, number]>('UPDATE deliveries SET body = NULL WHERE id > ? AND id <= ? AND body IS NOT NULL');
    this.maxIdStmt = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM deliveries');
    this.rangeStmt = db.prepare<[], { lo: number | null; hi: number | null }>('SELECT min(id) AS lo, max(id) AS hi FROM deliveries');
    this.atOrAfterStmt = db.prepare<[number], { id: number; received_at: number }>('SELECT id, received_at FROM deliveries WHERE id >= ? ORDER BY id LIMIT 1');
    this.loadKeys((opts.now ?? Date.now)() - (opts.windowMs ?? 3 * 24 * 3600 * 1000));
  }

  /** The first deliveries of recent keys, newest `maxKeys` of them. */
  private loadKeys(since: number): void {
    const rows = this.db
      .prepare<[number], { dedupe_key: string; id: number; received_at: number }>(
        `SELECT dedupe_key, id, received_at FROM deliveries WHERE id >= ? AND dedupe_key IS NOT NULL AND duplicate_of IS NULL
           AND replay_of IS NULL AND verdict IN ('accepted','ignored','own') ORDER BY id`,
      )
      .all(this.firstIdSince(since));
    for (const r of rows) this.remember(r.dedupe_key, r.id, r.received_at);
    this.spill();
  }

  /**
   * The id of the first delivery received at or after `t` (one past the newest when none), by a binary search
   * on ids: they follow arrival order (a delivery that waited on a registry may be seconds out of it).
   */
  private firstIdSince(t: number): number {
    const { lo, hi } = this.rangeStmt.get() ?? { lo: null, hi: null };
    if (lo === null || hi === null) return 0;
    let low = lo;
    let high = hi + 1;
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      const row = this.atOrAfterStmt.get(mid);
      if (!row || row.received_at >= t) high = mid;
      else low = row.id + 1;
    }
    return low;
  }

  private remember(key: string, id: number, at: number): void {
    // Re-inserted so that the Map's order stays the order of arrival (the oldest are moved out first).
    this.firsts.delete(key);
    this.firsts.set(key, { id, at });
    if (this.firsts.size > this.maxKeys && !this.spillQueued) {
      this.spillQueued = true;
      setImmediate(() => this.spill());
    }
  }

  /**
   * Moves the oldest keys out of memory into `delivery_keys`: the excess and 1% of `maxKeys` more, so that this
   * runs once per thousands of deliveries and each run is short (about 15 ms for 2,000 keys). Its own
   * transaction; keys leave memory only once it committed.
   */
  spill(): void {
    this.spillQueued = false;
    const excess = this.firsts.size - this.maxKeys;
    if (excess <= 0) return;
    const moved: [string, { readonly id: number; readonly at: number }][] = [];
    for (const entry of this.firsts) {
      if (moved.length >= excess + Math.ceil(this.maxKeys / 100)) break;
      moved.push(entry);
    }
    this.spillStmt(moved);
    for (const [key, first] of moved) {
      this.firsts.delete(key);
      this.evictedThrough = Math.max(this.evictedThrough, first.at);
    }
  }

  insert(d: NewDelivery): number {
    const info = this.insertStmt.run(
      d.receivedAt,
      d.source,
      d.vendor,
      d.event,
      d.deliveryId,
      d.dedupeKey,
      d.verdict,
      d.status,
      d.reason,
      d.signature,
      JSON.stringify(d.events),
      '{}',
      d.headersJson,
      d.body,
      d.bodyBytes,
      d.replayOf,
      d.duplicateOf,
    );
    const id = Number(info.lastInsertRowid);
    if (d.dedupeKey !== null && isFirst(d)) this.remember(d.dedupeKey, id, d.receivedAt);
    // Down to `keepBodies - STRIP_EVERY` now, so that the next STRIP_EVERY inserts stay within the bound.
    if (++this.insertsSinceStrip >= STRIP_EVERY) this.stripBodies(id, Math.max(0, this.keepBodies - STRIP_EVERY));
    return id;
  }

  /** Drops the bodies of all but the newest `keep` deliveries (ids up to `maxId`); headers and verdicts stay. */
  private stripBodies(maxId: number, keep: number): void {
    this.insertsSinceStrip = 0;
    const through = maxId - keep;
    if (through <= this.strippedThrough) return;
    this.stripStmt.run(this.strippedThrough, through);
    this.strippedThrough = through;
  }

  /** The delivery this key was first seen on since `since`, if any. */
  firstWithKey(key: string, since: number): number | null {
    const known = this.firsts.get(key);
    if (known && known.at >= since) {
      if (this.confirmStmt.get(known.id, key)) return known.id;
      this.firsts.delete(key); // its write was rolled back
    }
    // Every first delivery since `since` is in memory: this key has none.
    if (since > this.evictedThrough) return null;
    const spilled = this.spilledStmt.get(key, since)?.id ?? null;
    return spilled !== null && this.confirmStmt.get(spilled, key) ? spilled : null;
  }

  /** Records deploy ids learnt after the delivery was committed. */
  setEvents(id: number, events: readonly DeliveryEvent[]): void {
    this.setEventsStmt.run(JSON.stringify(events), id);
  }

  list(f: DeliveryFilter): DeliverySummary[] {
    const { where, params } = filterClause([
      ['verdict = ?', f.verdict],
      ['vendor = ?', f.vendor],
      ['id < ?', f.beforeId],
    ]);
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM deliveries ${where} ORDER BY id DESC LIMIT ?`;
    return this.db.prepare<(string | number)[], Row>(sql).all(...params, f.limit).map(toSummary);
  }

  summary(id: number): DeliverySummary | null {
    const row = this.getStmt.get(id);
    return row ? toSummary(row) : null;
  }

  get(id: number): Delivery | null {
    const row = this.getStmt.get(id);
    if (!row) return null;
    let body: string | null = null;
    let bodyEncoding: 'utf8' | 'base64' = 'utf8';
    if (row.body !== null) {
      try {
        body = utf8.decode(row.body);
      } catch {
        body = row.body.toString('base64');
        bodyEncoding = 'base64';
      }
    }
    const summary = toSummary(row);
    const response = recordedResponse(summary.verdict, summary.reason, summary.events);
    return {
      ...summary,
      headers: row.headers === null ? null : HeadersSchema.catch({}).parse(JSON.parse(row.headers)),
      body,
      bodyEncoding,
      response: { delivery: row.id, ...response },
    };
  }

  /** What replay needs: the request as recorded and how it fared. */
  request(id: number): StoredRequest | null {
    const row = this.getStmt.get(id);
    if (!row) return null;
    return {
      id: row.id,
      verdict: DeliveryVerdictSchema.catch('error').parse(row.verdict),
      signature: row.signature === null ? null : SignatureStateSchema.catch('invalid').parse(row.signature),
      source: row.source,
      headers: row.headers === null ? null : HeadersSchema.catch({}).parse(JSON.parse(row.headers)),
      body: row.body,
    };
  }

  /**
   * Drops deliveries older than `before`, except the newest (so that ids, which are not AUTOINCREMENT, never
   * repeat); keeps the rows (headers and verdict) but not the bodies of all but the newest `keepBodies`.
   */
  prune(before: number, keepBodies = this.keepBodies): void {
    const max = this.maxIdStmt.get()?.id ?? 0;
    this.pruneOldStmt.run(Math.min(this.firstIdSince(before), max));
    this.pruneKeysStmt.run(before);
    // A full pass: the bound may have been lowered since the last one.
    this.strippedThrough = 0;
    this.stripBodies(max, keepBodies);
  }
}
