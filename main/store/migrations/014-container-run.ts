import { sqlMigration } from '../migrate';

/**
 * projects.run: how the container is run where it differs from the image (command, entrypoint,
 * user, working directory, an extra network with aliases), as JSON; `{}` keeps the image's own.
 */
export const containerRun = sqlMigration('container-run', `ALTER TABLE projects ADD COLUMN run TEXT NOT NULL DEFAULT '{}';`);
