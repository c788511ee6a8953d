import { sqlMigration } from '../migrate';

/**
 * Notification channels, and actions for log-scan rules. A channel is an outbox target like a hook (a `hooks` row of kind
 * 'channel'), so its messages share the hooks' outbox, retries and delivery log; what only a
 * channel has (its sealed URL, kind, project filter) lives in `channels`.
 */
export const channels = sqlMigration('channels', `
      ALTER TABLE hooks ADD COLUMN kind TEXT NOT NULL DEFAULT 'webhook' CHECK (kind IN ('webhook','channel'));

      CREATE TABLE channels (
        id          INTEGER PRIMARY KEY REFERENCES hooks(id) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        name        TEXT NOT NULL,
        url_sealed  TEXT NOT NULL,        -- the full URL, sealed by the secret box; hooks.url holds it redacted
        events      TEXT,                 -- JSON array of channel event types; NULL = all
        project_id  INTEGER REFERENCES projects(id) ON DELETE CASCADE
      ) STRICT;

      -- Log-scan rules can act on the stage whose instance printed the line (restart or roll back).
      ALTER TABLE log_rules ADD COLUMN action TEXT NOT NULL DEFAULT 'none' CHECK (action IN ('none','restart','rollback'));
      ALTER TABLE log_rules ADD COLUMN action_max_per_hour INTEGER NOT NULL DEFAULT 3;

      -- A channel that goes (its project removed) takes its outbox target and delivery log with it.
      CREATE TRIGGER channels_removed AFTER DELETE ON channels BEGIN
        DELETE FROM hooks WHERE id = OLD.id AND kind = 'channel';
      END;
    `);
