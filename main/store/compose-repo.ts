import type { Db } from './db';

export interface ComposeProjectRecord {
  readonly projectId: number;
  readonly yaml: string;
  readonly allowHostAccess: boolean;
}

/** Compose files, as saved and as last applied per stage. */
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
}
