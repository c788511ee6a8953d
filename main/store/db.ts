import Database from 'better-sqlite3';
import type { SecretBox } from '../secrets/secret-box';
import { boxForStoreFile } from '../secrets/store-box';
import { migrate } from './migrate';
import { migrations } from './migrations';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the store and brings its schema up to date. With
 * `backgroundCheckpoints` the caller runs a Checkpointer and SQLite's own
 * automatic checkpoint (which stalls the committing request) is switched off. `secretBox` seals the
 * secrets a migration moves to sealed storage; default: the key file next to the store.
 */
export function openStore(file: string, opts: { backgroundCheckpoints?: boolean; secretBox?: SecretBox } = {}): Db {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  if (opts.backgroundCheckpoints) db.pragma('wal_autocheckpoint = 0');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Secrets that a migration seals must not linger in freed space of the file: zero it while migrating.
  const secureDelete = db.pragma('secure_delete', { simple: true }) as number;
  db.pragma('secure_delete = ON');
  // Secrets are sealed by the same box the app uses (the key file next to the store unless given one).
  migrate(db, migrations, Number.POSITIVE_INFINITY, { box: opts.secretBox ?? boxForStoreFile(file) });
  db.pragma(`secure_delete = ${String(secureDelete)}`);
  return db;
}
