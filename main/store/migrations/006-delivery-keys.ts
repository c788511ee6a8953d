import { sqlMigration } from '../migrate';

const COLUMNS =
  'id, received_at, source, vendor, event, delivery_id, dedupe_key, verdict, status, reason, signature, events, response, headers, body, body_bytes, replay_of, duplicate_of';

/**
 * The deliveries table loses what every insert paid for and few reads need:
 * - the index on dedupe keys: random keys (GUID delivery ids, body hashes) dirtied a random page per delivery.
 *   Recent keys are looked up in memory; only those that no longer fit there (a flood of distinct
 *   deliveries) are written to `delivery_keys`, in bulk.
 * - the index on received_at: ids follow arrival order, so a time bound is found by a binary search on ids.
 * - AUTOINCREMENT (a sqlite_sequence update per row): pruning always keeps the newest row, so ids never repeat.
 */
export const deliveryKeys = sqlMigration('delivery-keys', `
      CREATE TABLE deliveries_next (
        id           INTEGER PRIMARY KEY,
        received_at  INTEGER NOT NULL,
        source       TEXT NOT NULL,
        vendor       TEXT NOT NULL,
        event        TEXT NOT NULL,
        delivery_id  TEXT,
        dedupe_key   TEXT,
        verdict      TEXT NOT NULL,
        status       INTEGER NOT NULL,
        reason       TEXT,
        signature    TEXT,
        events       TEXT NOT NULL DEFAULT '[]',
        response     TEXT NOT NULL DEFAULT '{}',
        headers      TEXT,
        body         BLOB,
        body_bytes   INTEGER NOT NULL,
        replay_of    INTEGER,
        duplicate_of INTEGER
      ) STRICT;
      INSERT INTO deliveries_next(${COLUMNS}) SELECT ${COLUMNS} FROM deliveries ORDER BY id;
      DROP TABLE deliveries;
      ALTER TABLE deliveries_next RENAME TO deliveries;
      DELETE FROM sqlite_sequence WHERE name = 'deliveries';

      -- The first delivery of a dedupe key, for keys moved out of memory. Normally empty.
      CREATE TABLE delivery_keys (
        key          TEXT PRIMARY KEY,
        id           INTEGER NOT NULL,     -- deliveries.id
        received_at  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
