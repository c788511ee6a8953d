import type { Migration } from '../migrate';

/**
 * stages.target: where a stage runs, as JSON — `{"kind":"container"}` (one container at a time,
 * blue-green) or `{"kind":"swarm","engine","replicas","service"}` (a Swarm service).
 */
export const stageTargets: Migration = {
  name: 'stage-targets',
  up: (db) => {
    db.exec(`ALTER TABLE stages ADD COLUMN target TEXT NOT NULL DEFAULT '{"kind":"container"}';`);
  },
};
