import { sqlMigration } from '../migrate';

/** Outbound hooks with their durable outbox, log-scan rules, git pushes and follows. */
export const hooksLogscanGit = sqlMigration('hooks-logscan-git', `
      CREATE TABLE hooks (
        id                  INTEGER PRIMARY KEY AUTOINCREMENT,
        url                 TEXT NOT NULL,
        events              TEXT,            -- JSON array of event types; NULL = every notable event
        secret              TEXT NOT NULL,
        enabled             INTEGER NOT NULL DEFAULT 1,
        disabled_reason     TEXT,
        failing_since       INTEGER,         -- first failed attempt since the last success
        failed_deliveries   INTEGER NOT NULL DEFAULT 0, -- deliveries given up on in a row
        created_at          INTEGER NOT NULL
      ) STRICT;

      -- The outbox: a row exists before the first attempt; pending rows are due at next_attempt_at.
      CREATE TABLE hook_deliveries (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        hook_id         INTEGER NOT NULL REFERENCES hooks(id) ON DELETE CASCADE,
        message_id      TEXT NOT NULL UNIQUE,
        event_id        INTEGER,
        event_type      TEXT NOT NULL,
        body            TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending','succeeded','failed')),
        auto_attempts   INTEGER NOT NULL DEFAULT 0,
        manual_pending  INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER,
        created_at      INTEGER NOT NULL,
        UNIQUE (hook_id, event_id)
      ) STRICT;
      CREATE INDEX hook_deliveries_due ON hook_deliveries(status, next_attempt_at) WHERE status = 'pending';
      CREATE INDEX hook_deliveries_hook ON hook_deliveries(hook_id, id);

      CREATE TABLE hook_attempts (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        delivery_id      INTEGER NOT NULL REFERENCES hook_deliveries(id) ON DELETE CASCADE,
        started_at       INTEGER NOT NULL,
        duration_ms      INTEGER NOT NULL,
        status           INTEGER,
        ok               INTEGER NOT NULL,
        error            TEXT,
        response_snippet TEXT,
        manual           INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX hook_attempts_delivery ON hook_attempts(delivery_id, id);

      CREATE TABLE log_rules (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id       INTEGER REFERENCES projects(id) ON DELETE CASCADE,
        overrides        INTEGER REFERENCES log_rules(id) ON DELETE CASCADE,
        name             TEXT NOT NULL,
        pattern          TEXT NOT NULL,
        ignore_case      INTEGER NOT NULL,
        stream           TEXT NOT NULL CHECK (stream IN ('any','stdout','stderr')),
        level            TEXT NOT NULL CHECK (level IN ('info','warn','error')),
        threshold        INTEGER NOT NULL,
        window_seconds   INTEGER NOT NULL,
        cooldown_seconds INTEGER NOT NULL,
        enabled          INTEGER NOT NULL,
        created_at       INTEGER NOT NULL,
        UNIQUE (project_id, overrides)
      ) STRICT;

      CREATE TABLE git_pushes (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        repo         TEXT NOT NULL,
        repo_key     TEXT NOT NULL,           -- lower-cased repo, for grouping and follows
        repo_url     TEXT,
        ref          TEXT NOT NULL,
        branch       TEXT,
        tag          TEXT,
        commit_sha   TEXT NOT NULL,
        pusher       TEXT,
        commit_count INTEGER NOT NULL,
        commits      TEXT NOT NULL,
        compare_url  TEXT,
        delivery_key TEXT NOT NULL UNIQUE,
        received_at  INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX git_pushes_repo ON git_pushes(repo_key, id);
      CREATE INDEX git_pushes_ref ON git_pushes(repo_key, ref, id);

      CREATE TABLE git_follows (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id        INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        stage_id          INTEGER REFERENCES stages(id) ON DELETE CASCADE,
        repo              TEXT NOT NULL,
        repo_key          TEXT NOT NULL,
        branch            TEXT NOT NULL,
        action            TEXT NOT NULL,      -- JSON FollowAction
        created_at        INTEGER NOT NULL,
        last_triggered_at INTEGER
      ) STRICT;
      CREATE INDEX git_follows_repo ON git_follows(repo_key);
    `);
