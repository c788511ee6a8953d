import type Database from 'better-sqlite3';
import type { SecretBox } from '../secrets/secret-box';

/** What a migration may need besides the database: the box that seals secrets (null for an in-memory store). */
export interface MigrationContext {
  readonly box: SecretBox | null;
}

/** A migration's version is its position in the list (1-based); its file is numbered to match. */
export interface Migration {
  readonly name: string;
  readonly up: (db: Database.Database, ctx: MigrationContext) => void;
}

/** A migration that only runs SQL (most of them). */
export function sqlMigration(name: string, sql: string): Migration {
  return { name, up: (db) => db.exec(sql) };
}

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database.Database, list: readonly Migration[], target = Number.POSITIVE_INFINITY, ctx: MigrationContext = { box: null }): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > list.length) {
    throw new Error(
      `This data directory was written by a newer Slipway (schema ${String(current)}, this one knows ${String(list.length)}). Update Slipway or use another --data-dir.`,
    );
  }
  list.forEach((m, i) => {
    const version = i + 1;
    if (version <= current || version > target) return;
    db.transaction(() => {
      m.up(db, ctx);
      db.pragma(`user_version = ${String(version)}`);
    })();
  });
  return db.pragma('user_version', { simple: true }) as number;
}
