import { sqlMigration } from '../migrate';

/** Registry credentials from Settings → Registries; the password only ever as a sealed (encrypted) value. */
export const registries = sqlMigration('registries', `
      CREATE TABLE registries (
        host         TEXT PRIMARY KEY,     -- normalised host[:port]; docker.io for Docker Hub
        username     TEXT NOT NULL,
        secret       TEXT NOT NULL,        -- sealed by a SecretBox: "<kind>.v1:<base64>", never the password itself
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        test_verdict TEXT,                 -- the last test of these credentials
        test_message TEXT,
        tested_at    INTEGER
      ) STRICT;
    `);
