import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './db';
import { migrate } from './migrate';
import { migrations } from './migrations';
import { SettingsRepo } from './settings-repo';
import { EventRepo } from './event-repo';
import { EventBus } from '../events/bus';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slipway-store-'));
  dirs.push(dir);
  return path.join(dir, 'slipway.db');
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Table and index definitions, to compare a migrated store with a fresh one. */
function schemaOf(db: Database.Database): string[] {
  return db
    .prepare<[], { sql: string | null }>("SELECT sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all()
    .map((r) => (r.sql ?? '').replace(/\s+/g, ' '));
}

describe('store', () => {
  it('opens in WAL mode with foreign keys and the latest schema', () => {
    const db = openStore(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();
  });

  it.each(Array.from({ length: migrations.length }, (_, i) => i))('migrates from version %i to the same schema as a fresh store', (from) => {
    const fresh = openStore(tempFile());
    const expected = schemaOf(fresh);
    fresh.close();

    const file = tempFile();
    const old = new Database(file);
    migrate(old, migrations, from);
    expect(old.pragma('user_version', { simple: true })).toBe(from);
    old.close();

    const upgraded = openStore(file);
    expect(upgraded.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(schemaOf(upgraded)).toEqual(expected);
    upgraded.close();
  });

  it('keeps the images pulled before engines had names, as pulled onto this machine\'s engine', () => {
    const file = tempFile();
    const old = new Database(file);
    const before = migrations.findIndex((m) => m.name === 'pulled-image-engines');
    migrate(old, migrations, before);
    old.prepare("INSERT INTO pulled_images(image_id, repository, digest, size, pulled_at) VALUES ('sha256:i1', 'localhost:5000/a/web', 'sha256:d1', 10, 1)").run();
    old.close();
    const db = openStore(file);
    expect(db.prepare('SELECT engine, image_id, digest FROM pulled_images').all()).toEqual([{ engine: 'local', image_id: 'sha256:i1', digest: 'sha256:d1' }]);
    // The same image may now be recorded on another engine too.
    db.prepare("INSERT INTO pulled_images(engine, image_id, repository, digest, size, pulled_at) VALUES ('far', 'sha256:i1', 'localhost:5000/a/web', 'sha256:d1', 10, 2)").run();
    expect(db.prepare('SELECT COUNT(*) AS n FROM pulled_images').get()).toEqual({ n: 2 });
    db.close();
  });

  it('refuses a store written by a newer version, saying what to do', () => {
    const file = tempFile();
    const db = new Database(file);
    db.pragma(`user_version = ${String(migrations.length + 1)}`);
    db.close();
    expect(() => openStore(file)).toThrow(/newer Slipway.*Update Slipway or use another --data-dir/);
  });

  it('keeps settings across reopen and validates updates', () => {
    const file = tempFile();
    let db = openStore(file);
    new SettingsRepo(db).update({ pollSchedule: '*/2 * * * *', notifications: { gitPush: false } });
    db.close();
    db = openStore(file);
    const s = new SettingsRepo(db).read();
    expect(s.pollSchedule).toBe('*/2 * * * *');
    expect(s.notifications.gitPush).toBe(false);
    expect(s.notifications.deployFailed).toBe(true);
    expect(() => new SettingsRepo(db).update({ webhookPort: -1 })).toThrow();
    db.close();
  });

  it('persists events and filters them', () => {
    const db = openStore(tempFile());
    const bus = new EventBus(new EventRepo(db));
    const seen: string[] = [];
    bus.onEvent((e) => seen.push(e.type));
    bus.emit({ type: 'deploy.started', message: 'a', projectId: 1 });
    bus.emit({ type: 'deploy.failed', level: 'error', message: 'b 100%_done', projectId: 2 });
    bus.emit({ type: 'engine.connected', message: 'c' });
    const repo = new EventRepo(db);
    expect(seen).toEqual(['deploy.started', 'deploy.failed', 'engine.connected']);
    expect(repo.list({ limit: 10 }).map((e) => e.message)).toEqual(['c', 'b 100%_done', 'a']);
    expect(repo.list({ limit: 10, type: 'deploy.' }).length).toBe(2);
    expect(repo.list({ limit: 10, level: 'warn' }).map((e) => e.message)).toEqual(['b 100%_done']);
    expect(repo.list({ limit: 10, projectId: 1 }).map((e) => e.message)).toEqual(['a']);
    expect(repo.list({ limit: 10, text: '%_' }).map((e) => e.message)).toEqual(['b 100%_done']);
    expect(repo.list({ limit: 10, afterId: 1 }).length).toBe(2);
    db.close();
  });
});

describe('background checkpoints', () => {
  it('keep the WAL from growing without SQLite checkpointing inside commits', async () => {
    const file = tempFile();
    const db = openStore(file, { backgroundCheckpoints: true });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const { startCheckpointer } = await import('./checkpointer');
    const checkpointer = startCheckpointer(file, 50);
    const bus = new EventBus(new EventRepo(db));
    for (let i = 0; i < 3000; i++) bus.emit({ type: 'bench.row', message: `row ${String(i)} ${'x'.repeat(200)}` });
    // The worker copies the log into the database; NOOP only reports, so this thread never checkpoints.
    const deadline = Date.now() + 5000;
    let pending = Number.POSITIVE_INFINITY;
    while (Date.now() < deadline) {
      const [r] = db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[];
      pending = r!.log - r!.checkpointed;
      if (pending === 0) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(pending).toBe(0);
    await checkpointer.stop();
    expect(new EventRepo(db).list({ limit: 1 })[0]?.message).toMatch(/^row 2999/);
    db.close();
  });
});
