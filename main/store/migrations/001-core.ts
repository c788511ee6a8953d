import { sqlMigration } from '../migrate';

export const core = sqlMigration('core', `
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE events (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        ts         INTEGER NOT NULL,
        type       TEXT NOT NULL,
        level      TEXT NOT NULL CHECK (level IN ('debug','info','warn','error')),
        message    TEXT NOT NULL,
        project_id INTEGER,
        stage_id   INTEGER,
        deploy_id  INTEGER,
        data       TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX events_project ON events(project_id, id);
      CREATE INDEX events_stage ON events(stage_id, id);
      CREATE INDEX events_type ON events(type, id);
    `);
