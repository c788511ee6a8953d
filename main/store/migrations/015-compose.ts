import type { Migration } from '../migrate';

/**
 * Compose projects: the file as saved (per project), the file last applied to each stage's stack
 * (for the diff and for rollback), and the extra stable ports: one per container port of a tracked
 * service beyond the primary one (per stage), and the host port each instance got for it.
 */
export const compose: Migration = {
  name: 'compose',
  up: (db) => {
    db.exec(`
      CREATE TABLE compose_projects (
        project_id        INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
        yaml              TEXT NOT NULL,
        allow_host_access INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE compose_stages (
        stage_id     INTEGER PRIMARY KEY REFERENCES stages(id) ON DELETE CASCADE,
        applied_yaml TEXT NOT NULL,
        applied_at   INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE stage_ports (
        stage_id       INTEGER NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
        service        TEXT,
        container_port INTEGER NOT NULL,
        public_port    INTEGER NOT NULL UNIQUE,
        PRIMARY KEY (stage_id, container_port)
      ) STRICT;
      CREATE TABLE instance_ports (
        instance_id    INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
        container_port INTEGER NOT NULL,
        host_port      INTEGER NOT NULL,
        PRIMARY KEY (instance_id, container_port)
      ) STRICT;
    `);
  },
};
