import { sqlMigration } from '../migrate';

/**
 * projects.ports: an image project's extra container ports (JSON array), each with a stable port
 * per stage in stage_ports (service NULL) and a host port per instance in instance_ports.
 */
export const extraPorts = sqlMigration('extra-ports', `ALTER TABLE projects ADD COLUMN ports TEXT NOT NULL DEFAULT '[]';`);
