import type { Migration } from '../migrate';

/**
 * Dedupe keys leave the deliveries table's index: an index on random keys (UUID delivery ids, body hashes)
 * dirtied a random page per delivery. Recent keys are looked up in memory; only those that no longer fit
 * there (a flood of distinct deliveries) are written here, in bulk.
 */
export const deliveryKeys: Migration = {
  name: 'delivery-keys',
  up: (db) => {
    db.exec(`
      DROP INDEX deliveries_dedupe;
      -- The first delivery of a dedupe key, for keys moved out of memory. Normally empty.
      CREATE TABLE delivery_keys (
        key          TEXT PRIMARY KEY,
        id           INTEGER NOT NULL,     -- deliveries.id
        received_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
