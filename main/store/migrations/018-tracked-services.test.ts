import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ExtraPortRepo } from '../extra-port-repo';
import { migrate } from '../migrate';
import { migrations } from './index';

/** A store at 017 with one compose stage (an extra port of its `web`) and one image stage, each with an instance. */
function storeAt017(): Database.Database {
  const db = new Database(':memory:');
  migrate(db, migrations, 17);
  db.exec(`
    INSERT INTO projects(id, name, image, pull_policy, restart_policy, stop_timeout_sec, created_at, updated_at) VALUES
      (1, 'shop', 'acme/shop', 'always', 'no', 10, 0, 0), (2, 'site', 'acme/site', 'always', 'no', 10, 0, 0);
    INSERT INTO stages(id, project_id, name, tag_pattern, auto_deploy, auto_promote, public_port, max_instances, poll_enabled, mode, created_at) VALUES
      (10, 1, 'dev', '*', 1, 0, 41000, 2, 0, 'http', 0), (20, 2, 'dev', '*', 1, 0, 42000, 2, 0, 'http', 0);
    INSERT INTO instances(id, stage_id, container_name, tag, digest, image_ref, host_port, status, created_at) VALUES
      (100, 10, 'c100', '1', 'sha256:a', 'r', 50000, 'live', 0), (200, 20, 'c200', '1', 'sha256:b', 'r', 50100, 'live', 0);
    INSERT INTO stage_ports(stage_id, service, container_port, public_port) VALUES (10, 'web', 9090, 41001), (20, NULL, 9000, 42001);
    INSERT INTO instance_ports(instance_id, container_port, host_port) VALUES (100, 9090, 50001), (200, 9000, 50101);
  `);
  return db;
}

describe('migration 018: ports keyed by service', () => {
  it('keeps every stable port and instance host port, with the service they belong to', () => {
    const db = storeAt017();
    migrate(db, migrations, 18);
    const repo = new ExtraPortRepo(db);
    expect(repo.stagePorts(10)).toEqual([{ stageId: 10, service: 'web', containerPort: 9090, publicPort: 41001 }]);
    expect(repo.stagePorts(20)).toEqual([{ stageId: 20, service: null, containerPort: 9000, publicPort: 42001 }]);
    expect(repo.allInstancePorts(100)).toEqual([{ service: 'web', containerPort: 9090, hostPort: 50001 }]);
    expect(repo.instancePorts(200)).toEqual(new Map([[9000, 50101]]));
  });

  it('lets two services of a stage use the same container port, each with its own public and host port', () => {
    const db = storeAt017();
    migrate(db, migrations, 18);
    const repo = new ExtraPortRepo(db);
    repo.addStagePort({ stageId: 10, service: 'api', containerPort: 9090, publicPort: 41002 });
    repo.setInstancePorts(100, new Map([[9090, 50002]]), 'api');
    expect(repo.stagePorts(10).map((p) => [p.service, p.containerPort, p.publicPort])).toEqual([
      ['web', 9090, 41001],
      ['api', 9090, 41002],
    ]);
    expect(repo.instancePorts(100, 'web')).toEqual(new Map([[9090, 50001]]));
    expect(repo.instancePorts(100, 'api')).toEqual(new Map([[9090, 50002]]));
    repo.removeStagePort(10, 9090, 'api');
    expect(repo.stagePorts(10).map((p) => p.service)).toEqual(['web']);
    // A public port is still one stage port only.
    expect(() => repo.addStagePort({ stageId: 20, service: null, containerPort: 9001, publicPort: 41001 })).toThrow(/UNIQUE/);
  });
});
