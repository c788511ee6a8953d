import { sqlMigration } from '../migrate';

/** Inbound deliveries, what each matched tag did per stage, and the registry poller's state. */
export const changeDetection = sqlMigration('change-detection', `
      -- Every request that came through the secret URL, as received (headers masked) and as answered.
      CREATE TABLE deliveries (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        received_at  INTEGER NOT NULL,
        source       TEXT NOT NULL,
        vendor       TEXT NOT NULL,
        event        TEXT NOT NULL,
        delivery_id  TEXT,
        dedupe_key   TEXT,                 -- set on requests that were understood; a repeat within the window is a duplicate
        verdict      TEXT NOT NULL,
        status       INTEGER NOT NULL,
        reason       TEXT,
        signature    TEXT,
        events       TEXT NOT NULL DEFAULT '[]',
        response     TEXT NOT NULL DEFAULT '{}',
        headers      TEXT,                 -- NULL once pruned
        body         BLOB,                 -- NULL once pruned
        body_bytes   INTEGER NOT NULL,
        replay_of    INTEGER,
        duplicate_of INTEGER
      ) STRICT;
      CREATE INDEX deliveries_dedupe ON deliveries(dedupe_key, id) WHERE dedupe_key IS NOT NULL;
      CREATE INDEX deliveries_received ON deliveries(received_at);

      -- What a tag (and digest) did on a stage: the same (tag, digest) acts at most once per stage.
      -- A deploy row with queued = 0 is still owed to the deploy queue (minimum image age, or a crash in between).
      CREATE TABLE tag_actions (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        stage_id    INTEGER NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
        tag         TEXT NOT NULL,
        digest      TEXT NOT NULL DEFAULT '',   -- '' when the digest could not be learnt
        action      TEXT NOT NULL CHECK (action IN ('deploy','update-available')),
        source      TEXT NOT NULL CHECK (source IN ('webhook','poll')),
        delivery_id INTEGER,
        reason      TEXT,
        not_before  INTEGER,
        queued      INTEGER NOT NULL DEFAULT 0,
        deploy_id   INTEGER,
        superseded  INTEGER NOT NULL DEFAULT 0,
        created_at  INTEGER NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX tag_actions_once ON tag_actions(stage_id, tag, digest) WHERE digest <> '';
      CREATE INDEX tag_actions_stage_tag ON tag_actions(stage_id, tag);
      CREATE INDEX tag_actions_owed ON tag_actions(not_before) WHERE action = 'deploy' AND queued = 0 AND superseded = 0;

      -- Tags the poller has seen per repository; seq is discovery order (a stage's cursor is the last seq it took in).
      CREATE TABLE poll_tags (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        repository    TEXT NOT NULL,
        tag           TEXT NOT NULL,
        first_seen_at INTEGER NOT NULL,
        UNIQUE (repository, tag)
      ) STRICT;

      CREATE TABLE poll_stages (
        stage_id       INTEGER PRIMARY KEY REFERENCES stages(id) ON DELETE CASCADE,
        schedule       TEXT,
        repository     TEXT,
        cursor         INTEGER,            -- NULL until the baseline poll
        tracked_tag    TEXT,               -- the literal tag a stage follows (latest, dev) and its last digest
        tracked_digest TEXT,
        baseline_at    INTEGER,
        last_poll_at   INTEGER,
        last_error     TEXT
      ) STRICT;
    `);
