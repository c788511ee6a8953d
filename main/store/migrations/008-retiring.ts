import { sqlMigration } from '../migrate';

/**
 * Retiring an instance moves off the deploy's critical path:
 * - projects.init: containers get Docker's init as PID 1 (a SIGTERM-ignoring app still stops at once);
 * - projects.warm_rollback_sec: how long the previous instance keeps running without traffic, so a
 *   rollback is only a switch (0: stop it at once);
 * - instances.warm_until: set while a draining instance is warm (a rollback may switch back to it);
 * - instances.retired_at / stop_ms: when it was switched away from and how long stopping it took,
 *   shown on the stage card;
 * - pulled_images: the images Slipway pulled, the only ones image clean-up may remove.
 */
export const retiring = sqlMigration('retiring', `
      ALTER TABLE projects ADD COLUMN init INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE projects ADD COLUMN warm_rollback_sec INTEGER NOT NULL DEFAULT 120;
      ALTER TABLE instances ADD COLUMN warm_until INTEGER;
      ALTER TABLE instances ADD COLUMN retired_at INTEGER;
      ALTER TABLE instances ADD COLUMN stop_ms INTEGER;

      CREATE TABLE pulled_images (
        image_id    TEXT PRIMARY KEY,     -- the engine's image id
        repository  TEXT NOT NULL,        -- canonical, e.g. localhost:5000/acme/web
        digest      TEXT NOT NULL,        -- the manifest digest deployed
        size        INTEGER NOT NULL,
        pulled_at   INTEGER NOT NULL,
        removed_at  INTEGER,              -- set by image clean-up
        reclaimed   INTEGER               -- bytes freed when clean-up removed it (0: other references keep it)
      ) STRICT;
    `);
