import { sqlMigration } from '../migrate';

/**
 * pulled_images.engine: the engine an image was pulled onto, so image clean-up runs on every
 * engine with the digests its own stages need. The same image id may be on several engines, so the
 * key becomes (engine, image_id). Images pulled before are taken to be on this machine's engine.
 */
export const pulledImageEngines = sqlMigration('pulled-image-engines', `
      CREATE TABLE pulled_images_by_engine (
        engine      TEXT NOT NULL,        -- the engine's name ("local": this machine's)
        image_id    TEXT NOT NULL,        -- the engine's image id
        repository  TEXT NOT NULL,
        digest      TEXT NOT NULL,
        size        INTEGER NOT NULL,
        pulled_at   INTEGER NOT NULL,
        removed_at  INTEGER,
        reclaimed   INTEGER,
        PRIMARY KEY (engine, image_id)
      ) STRICT;
      INSERT INTO pulled_images_by_engine(engine, image_id, repository, digest, size, pulled_at, removed_at, reclaimed)
        SELECT 'local', image_id, repository, digest, size, pulled_at, removed_at, reclaimed FROM pulled_images;
      DROP TABLE pulled_images;
      ALTER TABLE pulled_images_by_engine RENAME TO pulled_images;
    `);
