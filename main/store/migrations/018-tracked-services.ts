import { sqlMigration } from '../migrate';

/**
 * Several tracked services per compose stack. An instance is one generation of them: its own
 * container is the primary service's, `instance_containers` holds the others. Two services may
 * publish the same container port, so the stable ports and each instance's host ports are keyed
 * by service too ('' for an image project's own ports).
 */
export const trackedServices = sqlMigration(
  'tracked-services',
  `
  CREATE TABLE instance_containers (
    instance_id    INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
    service        TEXT NOT NULL,
    container_name TEXT NOT NULL,
    container_id   TEXT,
    PRIMARY KEY (instance_id, service)
  ) STRICT;

  CREATE TABLE stage_ports_018 (
    stage_id       INTEGER NOT NULL REFERENCES stages(id) ON DELETE CASCADE,
    service        TEXT NOT NULL DEFAULT '',
    container_port INTEGER NOT NULL,
    public_port    INTEGER NOT NULL UNIQUE,
    PRIMARY KEY (stage_id, service, container_port)
  ) STRICT;
  INSERT INTO stage_ports_018(stage_id, service, container_port, public_port)
    SELECT stage_id, COALESCE(service, ''), container_port, public_port FROM stage_ports ORDER BY rowid;
  DROP TABLE stage_ports;
  ALTER TABLE stage_ports_018 RENAME TO stage_ports;

  CREATE TABLE instance_ports_018 (
    instance_id    INTEGER NOT NULL REFERENCES instances(id) ON DELETE CASCADE,
    service        TEXT NOT NULL DEFAULT '',
    container_port INTEGER NOT NULL,
    host_port      INTEGER NOT NULL,
    PRIMARY KEY (instance_id, service, container_port)
  ) STRICT;
  INSERT INTO instance_ports_018(instance_id, service, container_port, host_port)
    SELECT ip.instance_id,
           COALESCE((SELECT sp.service FROM stage_ports sp JOIN instances i ON i.stage_id = sp.stage_id WHERE i.id = ip.instance_id AND sp.container_port = ip.container_port), ''),
           ip.container_port, ip.host_port
    FROM instance_ports ip;
  DROP TABLE instance_ports;
  ALTER TABLE instance_ports_018 RENAME TO instance_ports;
`,
);
