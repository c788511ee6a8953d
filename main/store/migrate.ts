import type Database from 'better-sqlite3';

/** A migration's version is its position in the list (1-based); its file is numbered to match. */
export interface Migration {
  readonly name: string;
  readonly up: (db: Database.Database) => void;
}

/** Applies every migration newer than the file's user_version, each in its own transaction. */
export function migrate(db: Database.Database, list: readonly Migration[], target = Number.POSITIVE_INFINITY): number {
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
      m.up(db);
      db.pragma(`user_version = ${String(version)}`);
    })();
  });
  return db.pragma('user_version', { simple: true }) as number;
}
