import { sqlMigration } from '../migrate';

/**
 * Stage schedules (cron → redeploy the newest tag, restart, check now), update windows (a stage's
 * auto-deploys wait for them) and the time a tag held for its stage's window is due.
 */
export const triggers = sqlMigration('triggers', `
      CREATE TABLE stage_schedules (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        stage_id         INTEGER NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
        cron             TEXT NOT NULL,
        action           TEXT NOT NULL CHECK (action IN ('redeploy-newest','restart','check')),
        enabled          INTEGER NOT NULL DEFAULT 1,
        created_at       INTEGER NOT NULL,
        last_run_at      INTEGER,
        last_ok          INTEGER,
        last_outcome     TEXT,
        last_deploy_id   INTEGER
      ) STRICT;
      CREATE INDEX stage_schedules_stage ON stage_schedules(stage_id);

      -- JSON {days, from, to} in the machine's local time; NULL = auto-deploy at any time.
      ALTER TABLE stages ADD COLUMN update_window TEXT;

      -- An owed deploy held for its stage's update window is due at max(not_before, window_at).
      ALTER TABLE tag_actions ADD COLUMN window_at INTEGER;
    `);
