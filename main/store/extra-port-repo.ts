import type { Db } from './db';

/** An extra stable port of a stage: one more container port (of a compose service, or of an image project), on its own public port. */
export interface StagePortRecord {
  readonly stageId: number;
  /** The compose service whose port it is; null for an image project. */
  readonly service: string | null;
  readonly containerPort: number;
  readonly publicPort: number;
}

/** An instance's host port for one container port of one of its services. */
export interface InstancePortRecord {
  readonly service: string | null;
  readonly containerPort: number;
  readonly hostPort: number;
}

// The store keys ports by service; an image project's own ports have none ('').
const col = (service: string | null): string => service ?? '';
const fromCol = (service: string): string | null => (service === '' ? null : service);

/** The extra stable ports of stages, and where each instance publishes them on its engine. */
export class ExtraPortRepo {
  constructor(private readonly db: Db) {}

  stagePorts(stageId: number): StagePortRecord[] {
    return this.db
      .prepare<[number], { service: string; container_port: number; public_port: number }>('SELECT service, container_port, public_port FROM stage_ports WHERE stage_id = ? ORDER BY rowid')
      .all(stageId)
      .map((r) => ({ stageId, service: fromCol(r.service), containerPort: r.container_port, publicPort: r.public_port }));
  }

  addStagePort(p: StagePortRecord): void {
    this.db.prepare('INSERT INTO stage_ports(stage_id, service, container_port, public_port) VALUES (?, ?, ?, ?)').run(p.stageId, col(p.service), p.containerPort, p.publicPort);
  }

  removeStagePort(stageId: number, containerPort: number, service: string | null = null): void {
    this.db.prepare('DELETE FROM stage_ports WHERE stage_id = ? AND service = ? AND container_port = ?').run(stageId, col(service), containerPort);
  }

  /** Container port → host port of an instance's extra ports (of one service; null: an image project's own). */
  instancePorts(instanceId: number, service: string | null = null): Map<number, number> {
    const rows = this.db.prepare<[number, string], { container_port: number; host_port: number }>('SELECT container_port, host_port FROM instance_ports WHERE instance_id = ? AND service = ?').all(instanceId, col(service));
    return new Map(rows.map((r) => [r.container_port, r.host_port]));
  }

  /** Every host port of an instance, of every service. */
  allInstancePorts(instanceId: number): InstancePortRecord[] {
    return this.db
      .prepare<[number], { service: string; container_port: number; host_port: number }>('SELECT service, container_port, host_port FROM instance_ports WHERE instance_id = ?')
      .all(instanceId)
      .map((r) => ({ service: fromCol(r.service), containerPort: r.container_port, hostPort: r.host_port }));
  }

  setInstancePorts(instanceId: number, ports: ReadonlyMap<number, number>, service: string | null = null): void {
    this.db.prepare('DELETE FROM instance_ports WHERE instance_id = ? AND service = ?').run(instanceId, col(service));
    const ins = this.db.prepare('INSERT INTO instance_ports(instance_id, service, container_port, host_port) VALUES (?, ?, ?, ?)');
    for (const [c, h] of ports) ins.run(instanceId, col(service), c, h);
  }
}
