import { sqlMigration } from '../migrate';

/**
 * Project kinds: every existing project is an `image` project. A `static` project takes a folder of a
 * git repository (static_sources) and serves immutable per-commit snapshots (static_snapshots).
 */
export const staticSites = sqlMigration('static-sites', `
      ALTER TABLE projects ADD COLUMN kind TEXT NOT NULL DEFAULT 'image';

      CREATE TABLE static_sources (
        project_id       INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        url              TEXT NOT NULL,
        url_key          TEXT NOT NULL,      -- normalised clone URL (host lower-cased, no .git, no credentials)
        branch           TEXT NOT NULL,
        folder           TEXT NOT NULL,
        provider         TEXT NOT NULL,
        token            TEXT,               -- sealed with the secret box; NULL = anonymous or per-host credentials
        markdown         INTEGER NOT NULL,
        storage_limit_mb INTEGER
      ) STRICT;
      CREATE INDEX static_sources_url ON static_sources(url_key);

      CREATE TABLE static_snapshots (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        stage_id    INTEGER NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
        deploy_id   INTEGER,
        commit_sha  TEXT NOT NULL,
        ref         TEXT NOT NULL,
        message     TEXT NOT NULL,
        author      TEXT NOT NULL,
        dir         TEXT NOT NULL,           -- the snapshot directory (shared by stages at the same commit)
        files       INTEGER NOT NULL,
        bytes       INTEGER NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('live','kept','removed')),
        live_at     INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX static_snapshots_stage ON static_snapshots(stage_id, id);
    `);
