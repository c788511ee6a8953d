import { sqlMigration } from '../migrate';

/** Per-host git credentials (Settings → Git credentials) for static sites without a token of their own. */
export const gitCredentials = sqlMigration('git-credentials', `
      CREATE TABLE git_credentials (
        host       TEXT PRIMARY KEY,       -- host[:port], lower-cased, as in clone URLs
        username   TEXT NOT NULL,
        secret     TEXT NOT NULL,          -- the token, sealed with the secret box
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
