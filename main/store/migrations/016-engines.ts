import type { Migration } from '../migrate';

/**
 * Remote engines (TLS, SSH, Docker CLI contexts) and the engine each stage runs on; "local" is
 * this machine's Docker and has no row. SSH host keys accepted in Slipway are kept per engine.
 */
export const engines: Migration = {
  name: 'engines',
  up: (db) => {
    db.exec(`
      CREATE TABLE engines (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('tls', 'ssh', 'context')),
        url TEXT NOT NULL DEFAULT '',
        config TEXT NOT NULL DEFAULT '{}',
        host_keys TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL
      );
      ALTER TABLE stages ADD COLUMN engine TEXT NOT NULL DEFAULT 'local';
    `);
  },
};
