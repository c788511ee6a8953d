import { sqlMigration } from '../migrate';

/** Projects, their stages, the instances (containers) of each stage, and the durable deploy queue. */
export const deployer = sqlMigration('deployer', `
      CREATE TABLE projects (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        name             TEXT NOT NULL UNIQUE,
        image            TEXT NOT NULL,
        port             INTEGER,
        health           TEXT,
        env              TEXT NOT NULL DEFAULT '{}',
        volumes          TEXT NOT NULL DEFAULT '[]',
        limits           TEXT NOT NULL DEFAULT '{}',
        pull_policy      TEXT NOT NULL,
        restart_policy   TEXT NOT NULL,
        stop_timeout_sec INTEGER NOT NULL,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX projects_image ON projects(image);

      CREATE TABLE stages (
        id                INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id        INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        name              TEXT NOT NULL,
        tag_pattern       TEXT NOT NULL,
        semver_range      TEXT,
        auto_deploy       INTEGER NOT NULL,
        auto_promote      INTEGER NOT NULL,
        public_port       INTEGER NOT NULL UNIQUE,
        max_instances     INTEGER NOT NULL,
        upstream_stage_id INTEGER REFERENCES stages(id) ON DELETE SET NULL,
        env               TEXT NOT NULL DEFAULT '{}',
        poll_enabled      INTEGER NOT NULL,
        mode              TEXT NOT NULL CHECK (mode IN ('http','tcp')),
        stopped           INTEGER NOT NULL DEFAULT 0,
        created_at        INTEGER NOT NULL,
        UNIQUE (project_id, name)
      ) STRICT;

      CREATE TABLE instances (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        stage_id       INTEGER NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
        deploy_id      INTEGER,
        container_id   TEXT,
        container_name TEXT NOT NULL,
        tag            TEXT NOT NULL,
        digest         TEXT NOT NULL,
        image_ref      TEXT NOT NULL,
        host_port      INTEGER NOT NULL,
        status         TEXT NOT NULL CHECK (status IN ('creating','ready','live','draining','stopped','removed')),
        created_at     INTEGER NOT NULL,
        live_at        INTEGER,
        stopped_at     INTEGER
      ) STRICT;
      CREATE INDEX instances_stage ON instances(stage_id, status);
      -- The core invariant, enforced by the store: at most one live instance per stage.
      CREATE UNIQUE INDEX instances_one_live ON instances(stage_id) WHERE status = 'live';

      CREATE TABLE deploys (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        project_id           INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
        stage_id             INTEGER NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
        tag                  TEXT NOT NULL,
        digest               TEXT,
        trigger              TEXT NOT NULL,
        reason               TEXT,
        force                INTEGER NOT NULL DEFAULT 0,
        status               TEXT NOT NULL,
        marker               TEXT,
        attempts             INTEGER NOT NULL DEFAULT 0,
        error                TEXT,
        note                 TEXT,
        steps                TEXT NOT NULL DEFAULT '[]',
        instance_id          INTEGER,
        previous_instance_id INTEGER,
        created_at           INTEGER NOT NULL,
        started_at           INTEGER,
        finished_at          INTEGER,
        duration_ms          INTEGER
      ) STRICT;
      CREATE INDEX deploys_stage ON deploys(stage_id, id);
      CREATE INDEX deploys_status ON deploys(status, id);
    `);
