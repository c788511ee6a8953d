import type { Db } from './db';

export interface ComposeProjectRecord {
  readonly projectId: number;
  readonly yaml: string;
  readonly allowHostAccess: boolean;
}

/** An extra stable port of a stage: one more container port of the tracked service, on its own public port. */
export interface StagePortRecord {
  readonly stageId: number;
  readonly service: string | null;
  readonly containerPort: number;
  readonly publicPort: number;
}

/** Compose files (as saved and as last applied per stage) and the extra stable ports of stages and instances. */
export class ComposeRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  project(projectId: number): ComposeProjectRecord | null {
    const r = this.db.prepare<[number], { yaml: string; allow_host_access: number }>('SELECT yaml, allow_host_access FROM compose_projects WHERE project_id = ?').get(projectId);
    return r ? { projectId, yaml: r.yaml, allowHostAccess: r.allow_host_access === 1 } : null;
  }

  saveProject(p: ComposeProjectRecord): void {
    this.db
      .prepare('INSERT INTO compose_projects(project_id, yaml, allow_host_access) VALUES (?, ?, ?) ON CONFLICT(project_id) DO UPDATE SET yaml = excluded.yaml, allow_host_access = excluded.allow_host_access')
      .run(p.projectId, p.yaml, p.allowHostAccess ? 1 : 0);
  }

  /** The file last applied to the stage's stack, or null before its first deploy. */
  applied(stageId: number): string | null {
    return this.db.prepare<[number], { applied_yaml: string }>('SELECT applied_yaml FROM compose_stages WHERE stage_id = ?').get(stageId)?.applied_yaml ?? null;
  }

  setApplied(stageId: number, yaml: string): void {
    this.db
      .prepare('INSERT INTO compose_stages(stage_id, applied_yaml, applied_at) VALUES (?, ?, ?) ON CONFLICT(stage_id) DO UPDATE SET applied_yaml = excluded.applied_yaml, applied_at = excluded.applied_at')
      .run(stageId, yaml, this.now());
  }

  stagePorts(stageId: number): StagePortRecord[] {
    return this.db
      .prepare<[number], { service: string | null; container_port: number; public_port: number }>('SELECT service, container_port, public_port FROM stage_ports WHERE stage_id = ? ORDER BY rowid')
      .all(stageId)
      .map((r) => ({ stageId, service: r.service, containerPort: r.container_port, publicPort: r.public_port }));
  }

  allStagePorts(): StagePortRecord[] {
    return this.db
      .prepare<[], { stage_id: number; service: string | null; container_port: number; public_port: number }>('SELECT stage_id, service, container_port, public_port FROM stage_ports ORDER BY rowid')
      .all()
      .map((r) => ({ stageId: r.stage_id, service: r.service, containerPort: r.container_port, publicPort: r.public_port }));
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
