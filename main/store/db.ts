import Database from 'better-sqlite3';
import { migrate } from './migrate';
import { migrations } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the store and brings its schema up to date. With
 * `backgroundCheckpoints` the caller runs a Checkpointer and SQLite's own
 * automatic checkpoint (which stalls the committing request) is switched off.
 */
export function openStore(file: string, opts: { backgroundCheckpoints?: boolean } = {}): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (opts.backgroundCheckpoints) db.pragma('wal_autocheckpoint = 0');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}
