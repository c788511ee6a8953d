import type { Db } from './db';

/** An extra stable port of a stage: one more container port (of a compose service, or of an image project), on its own public port. */
export interface StagePortRecord {
  readonly stageId: number;
  /** The compose service whose port it is; null for an image project. */
  readonly service: string | null;
  readonly containerPort: number;
  readonly publicPort: number;
}

/** The extra stable ports of stages, and where each instance publishes them on its engine. */
export class ExtraPortRepo {
  constructor(private readonly db: Db) {}

  stagePorts(stageId: number): StagePortRecord[] {
    return this.db
      .prepare<[number], { service: string | null; container_port: number; public_port: number }>('SELECT service, container_port, public_port FROM stage_ports WHERE stage_id = ? ORDER BY rowid')
      .all(stageId)
      .map((r) => ({ stageId, service: r.service, containerPort: r.container_port, publicPort: r.public_port }));
  }

  addStagePort(p: StagePortRecord): void {
    this.db.prepare('INSERT INTO stage_ports(stage_id, service, container_port, public_port) VALUES (?, ?, ?, ?)').run(p.stageId, p.service, p.containerPort, p.publicPort);
  }

  removeStagePort(stageId: number, containerPort: number): void {
    this.db.prepare('DELETE FROM stage_ports WHERE stage_id = ? AND container_port = ?').run(stageId, containerPort);
  }

  /** Container port → host port of an instance's extra ports. */
  instancePorts(instanceId: number): Map<number, number> {
    const rows = this.db.prepare<[number], { container_port: number; host_port: number }>('SELECT container_port, host_port FROM instance_ports WHERE instance_id = ?').all(instanceId);
    return new Map(rows.map((r) => [r.container_port, r.host_port]));
  }

  setInstancePorts(instanceId: number, ports: ReadonlyMap<number, number>): void {
    this.db.prepare('DELETE FROM instance_ports WHERE instance_id = ?').run(instanceId);
    const ins = this.db.prepare('INSERT INTO instance_ports(instance_id, container_port, host_port) VALUES (?, ?, ?)');
    for (const [c, h] of ports) ins.run(instanceId, c, h);
  }
}
