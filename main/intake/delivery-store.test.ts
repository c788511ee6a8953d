import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedBy, ChangeWatch } from './change-watch';
import { DeliveryRepo, type NewDelivery } from './delivery-repo';
import { WriteBatcher } from './write-batch';
import { openStore, type Db } from '../store/db';
import { migrate } from '../store/migrate';
import { migrations } from '../store/migrations';
import { SettingsRepo } from '../store/settings-repo';

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function store(): { db: Db; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-wstore-'));
  dirs.push(dir);
  const file = path.join(dir, 'slipway.db');
  const db = openStore(file);
  dbs.push(db);
  return { db, file };
}

const delivery = (over: Partial<NewDelivery> = {}): NewDelivery => ({
  receivedAt: Date.now(),
  source: '127.0.0.1',
  vendor: 'generic',
  event: '',
  deliveryId: null,
  dedupeKey: null,
  verdict: 'accepted',
  status: 202,
  reason: null,
  signature: 'not-configured',
  events: [],
  response: {},
  headersJson: '{}',
  body: Buffer.from('{}'),
  bodyBytes: 2,
  replayOf: null,
  duplicateOf: null,
  ...over,
});

describe('WriteBatcher (group commit)', () => {
  it('commits writes of one turn together, in order, and resolves only once committed', async () => {
    const { db, file } = store();
    const repo = new DeliveryRepo(db);
    const batch = new WriteBatcher(db);
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => batch.submit(() => repo.insert(delivery({ event: String(i) })))));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // Visible to another connection: committed, not merely written in an open transaction.
    const other = openStore(file);
    dbs.push(other);
    expect((other.prepare('SELECT count(*) AS n FROM deliveries').get() as { n: number }).n).toBe(50);
  });

  it('fails only the write that threw; the others of the batch commit', async () => {
    const { db } = store();
    const repo = new DeliveryRepo(db);
    const batch = new WriteBatcher(db);
    const results = await Promise.allSettled([
      batch.submit(() => repo.insert(delivery({ event: 'a' }))),
      batch.submit(() => {
        repo.insert(delivery({ event: 'half-done' }));
        throw new Error('boom');
      }),
      batch.submit(() => repo.insert(delivery({ event: 'c' }))),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((db.prepare('SELECT event FROM deliveries ORDER BY id').all() as { event: string }[]).map((r) => r.event)).toEqual(['a', 'c']);
  });
});

describe('ChangeWatch', () => {
  it('recomputes a cached value only after its tables change, whoever changes them', () => {
    const { db } = store();
    const watch = new ChangeWatch(db);
    const settings = new SettingsRepo(db);
    let computed = 0;
    const read = cachedBy(watch, ['settings'], () => {
      computed++;
      return settings.read().autoCreate;
    });
    expect(read()).toBe(true);
    expect(read()).toBe(true);
    expect(computed).toBe(1);
    settings.update({ autoCreate: false });
    expect(read()).toBe(false);
    expect(computed).toBe(2);
    db.prepare("DELETE FROM settings WHERE key = 'autoCreate'").run();
    expect(read()).toBe(true);
    // Other tables leave it alone.
    new DeliveryRepo(db).insert(delivery());
    read();
    expect(computed).toBe(3);
  });
});

describe('DeliveryRepo', () => {
  it('finds the first delivery with a key inside the window only, ignoring duplicates and replays', () => {
    const { db } = store();
    const repo = new DeliveryRepo(db);
    const old = repo.insert(delivery({ dedupeKey: 'k', receivedAt: 1000 }));
    expect(repo.firstWithKey('k', 0)).toBe(old);
    expect(repo.firstWithKey('k', 2000)).toBeNull();
    repo.insert(delivery({ dedupeKey: 'k', receivedAt: 3000, verdict: 'duplicate', duplicateOf: old }));
    repo.insert(delivery({ dedupeKey: 'k', receivedAt: 3000, replayOf: old }));
    expect(repo.firstWithKey('k', 2000)).toBeNull();
    const fresh = repo.insert(delivery({ dedupeKey: 'k', receivedAt: 4000 }));
    expect(repo.firstWithKey('k', 2000)).toBe(fresh);
    // Refused requests never count as the first.
    repo.insert(delivery({ dedupeKey: 'u', verdict: 'unauthorized', status: 401 }));
    expect(repo.firstWithKey('u', 0)).toBeNull();
  });

  it('answers from memory and the store alike: after keys moved out of memory, after a rolled-back write, after a restart', async () => {
    const { db, file } = store();
    const repo = new DeliveryRepo(db, { maxKeys: 10 });
    const spilled = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM delivery_keys');
    const ids = Array.from({ length: 30 }, (_, i) => repo.insert(delivery({ dedupeKey: `k${String(i)}`, receivedAt: 1000 + i })));
    // Over the limit, keys stay in memory until the write is over; then the oldest move to the store.
    expect(spilled.get()?.n).toBe(0);
    expect(repo.firstWithKey('k0', 0)).toBe(ids[0]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(spilled.get()?.n).toBe(21);
    expect(repo.firstWithKey('k0', 0)).toBe(ids[0]);
    expect(repo.firstWithKey('k20', 0)).toBe(ids[20]);
    expect(repo.firstWithKey('k29', 0)).toBe(ids[29]);
    expect(repo.firstWithKey('k0', 1001)).toBeNull();
    expect(repo.firstWithKey('nope', 0)).toBeNull();
    // A key that comes back as a first later (outside its window) replaces the moved one.
    const again0 = repo.insert(delivery({ dedupeKey: 'k0', receivedAt: 1500 }));
    expect(repo.firstWithKey('k0', 1100)).toBe(again0);
    // A write that was rolled back leaves no duplicate behind.
    try {
      db.transaction(() => {
        repo.insert(delivery({ dedupeKey: 'ghost', receivedAt: 2000 }));
        throw new Error('roll back');
      })();
    } catch {
      // expected
    }
    expect(repo.firstWithKey('ghost', 0)).toBeNull();
    // A new repository object (a restart) loads what is recent.
    const reopened = openStore(file);
    dbs.push(reopened);
    const again = new DeliveryRepo(reopened, { now: () => 5000, windowMs: 10_000, maxKeys: 10 });
    expect(again.firstWithKey('k5', 0)).toBe(ids[5]);
    expect(again.firstWithKey('k29', 0)).toBe(ids[29]);
    expect(again.firstWithKey('k0', 1100)).toBe(again0);
    expect(again.firstWithKey('ghost', 0)).toBeNull();
  });

  it('prunes old rows and keeps bodies only for the newest (older rows keep their headers and verdict)', () => {
    const { db } = store();
    const repo = new DeliveryRepo(db);
    const a = repo.insert(delivery({ receivedAt: 1 }));
    const b = repo.insert(delivery({ receivedAt: 10_000 }));
    const c = repo.insert(delivery({ receivedAt: 10_001 }));
    repo.prune(5000, 1);
    expect(repo.get(a)).toBeNull();
    expect(repo.get(b)).toMatchObject({ body: null, headers: {}, verdict: 'accepted' });
    expect(repo.get(c)).toMatchObject({ body: '{}', headers: {} });
  });

  it('prunes keys moved out of memory along with their deliveries', () => {
    const { db } = store();
    const repo = new DeliveryRepo(db, { maxKeys: 1 });
    const old = repo.insert(delivery({ dedupeKey: 'old', receivedAt: 1 }));
    const fresh = repo.insert(delivery({ dedupeKey: 'new', receivedAt: 10_000 }));
    repo.spill();
    expect(repo.firstWithKey('old', 0)).toBe(old);
    repo.prune(5000, 10);
    expect(repo.firstWithKey('old', 0)).toBeNull();
    expect(repo.firstWithKey('new', 0)).toBe(fresh);
    expect(db.prepare<[], { key: string }>('SELECT key FROM delivery_keys').all()).toEqual([{ key: 'new' }]);
  });

  it('never hands out an id twice: pruning everything still keeps the newest row', () => {
    const { db } = store();
    const repo = new DeliveryRepo(db);
    const ids = [1, 2, 3].map((t) => repo.insert(delivery({ receivedAt: t })));
    repo.prune(10_000, 10);
    expect(ids.map((id) => repo.get(id) !== null)).toEqual([false, false, true]);
    const next = repo.insert(delivery({ receivedAt: 20_000 }));
    expect(next).toBeGreaterThan(ids[2] ?? Infinity);
  });

  it('keeps recorded deliveries, their ids and their dedupe keys across the rebuild of the deliveries table', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-wstore-'));
    dirs.push(dir);
    const file = path.join(dir, 'slipway.db');
    const old = new Database(file);
    const before = migrations.findIndex((m) => m.name === 'delivery-keys');
    migrate(old, migrations, before);
    const insert = old.prepare(
      `INSERT INTO deliveries(received_at, source, vendor, event, delivery_id, dedupe_key, verdict, status, events, headers, body, body_bytes)
       VALUES (?, '127.0.0.1', 'github', 'package', ?, ?, 'accepted', 202, '[]', '{}', ?, 2)`,
    );
    const now = Date.now();
    const ids = [1, 2, 3].map((i) => Number(insert.run(now - i, `d${String(i)}`, `github:id:d${String(i)}`, Buffer.from('{}')).lastInsertRowid));
    old.prepare('DELETE FROM deliveries WHERE id = ?').run(ids[0]);
    old.close();

    const upgraded = openStore(file);
    dbs.push(upgraded);
    const rows = upgraded.prepare<[], { id: number; dedupe_key: string; body: Buffer }>('SELECT id, dedupe_key, body FROM deliveries ORDER BY id').all();
    expect(rows.map((r) => [r.id, r.dedupe_key, r.body.toString()])).toEqual([
      [ids[1], 'github:id:d2', '{}'],
      [ids[2], 'github:id:d3', '{}'],
    ]);
    const repo = new DeliveryRepo(upgraded);
    expect(repo.firstWithKey('github:id:d3', now - 1000)).toBe(ids[2]);
    expect(repo.insert(delivery({ receivedAt: now }))).toBeGreaterThan(ids[2] ?? Infinity);
  });

  it('shows a body that is not text as base64', () => {
    const { db } = store();
    const repo = new DeliveryRepo(db);
    const id = repo.insert(delivery({ body: Buffer.from([0xff, 0xfe, 0x00]), bodyBytes: 3, verdict: 'invalid', status: 400, reason: 'the body is not valid UTF-8' }));
    expect(repo.get(id)).toMatchObject({ body: '//4A', bodyEncoding: 'base64', response: { delivery: id, error: 'the body is not valid UTF-8' } });
  });
});
