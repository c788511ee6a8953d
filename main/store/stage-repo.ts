import { EnvSchema, RouteModeSchema, StageTargetSchema, type Env, type StageTarget } from '../../preload/contract';
import { SealedEnvSchema } from './project-repo';
import { RecordTable } from './record-table';

export interface StageRecord {
  readonly id: number;
  readonly projectId: number;
  readonly name: string;
  readonly tagPattern: string;
  readonly semverRange: string | null;
  readonly autoDeploy: boolean;
  readonly autoPromote: boolean;
  readonly publicPort: number;
  readonly maxInstances: number;
  readonly upstreamStageId: number | null;
  readonly env: Env;
  /** Secret overrides: name → value sealed by the secret box. */
  readonly secretEnv: Readonly<Record<string, string>>;
  readonly pollEnabled: boolean;
  readonly mode: 'http' | 'tcp';
  /** Where it runs: one container at a time (default) or a Swarm service. */
  readonly target: StageTarget;
  /** The engine its instances run on ("local": this machine's Docker). */
  readonly engine: string;
  /** Stopped by the user: the reconciler leaves it without a live instance. */
  readonly stopped: boolean;
  readonly createdAt: number;
}

export type NewStage = Omit<StageRecord, 'id' | 'createdAt' | 'stopped' | 'secretEnv' | 'target' | 'engine'> & Partial<Pick<StageRecord, 'secretEnv' | 'target' | 'engine'>>;
export type StagePatch = Partial<Omit<StageRecord, 'id' | 'projectId' | 'name' | 'createdAt'>>;

interface Row {
  id: number;
  project_id: number;
  name: string;
  tag_pattern: string;
  semver_range: string | null;
  auto_deploy: number;
  auto_promote: number;
  public_port: number;
  max_instances: number;
  upstream_stage_id: number | null;
  env: string;
  secret_env: string;
  poll_enabled: number;
  mode: string;
  target: string;
  engine: string;
  stopped: number;
  created_at: number;
}

const fromRow = (r: Row): StageRecord => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  tagPattern: r.tag_pattern,
  semverRange: r.semver_range,
  autoDeploy: r.auto_deploy === 1,
  autoPromote: r.auto_promote === 1,
  publicPort: r.public_port,
  maxInstances: r.max_instances,
  upstreamStageId: r.upstream_stage_id,
  env: EnvSchema.parse(JSON.parse(r.env)),
  secretEnv: SealedEnvSchema.parse(JSON.parse(r.secret_env)),
  pollEnabled: r.poll_enabled === 1,
  mode: RouteModeSchema.parse(r.mode),
  target: StageTargetSchema.parse(JSON.parse(r.target)),
  engine: r.engine,
  stopped: r.stopped === 1,
  createdAt: r.created_at,
});

/** A stage's settings as the columns tag_pattern … engine, in that order: what insert and update both write. */
function settingsColumns(s: NewStage): [string, string | null, number, number, number, number, number | null, string, string, number, string, string] {
  return [s.tagPattern, s.semverRange, s.autoDeploy ? 1 : 0, s.autoPromote ? 1 : 0, s.publicPort, s.maxInstances, s.upstreamStageId, JSON.stringify(s.env), JSON.stringify(s.secretEnv ?? {}), s.pollEnabled ? 1 : 0, s.mode, s.engine ?? 'local'];
}

export class StageRepo extends RecordTable<Row, StageRecord> {
  protected readonly table = 'stages';
  protected readonly noun = 'stage';
  protected readonly fromRow = fromRow;

  insert(s: NewStage): StageRecord {
    const info = this.db
      .prepare(
        `INSERT INTO stages(project_id, name, tag_pattern, semver_range, auto_deploy, auto_promote, public_port, max_instances,
           upstream_stage_id, env, secret_env, poll_enabled, mode, engine, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.projectId, s.name, ...settingsColumns(s), this.now());
    const id = Number(info.lastInsertRowid);
    if (s.target) this.setTarget(id, s.target);
    return this.require(id);
  }

  byProject(projectId: number): StageRecord[] {
    return this.every('SELECT * FROM stages WHERE project_id = ? ORDER BY id', projectId);
  }

  all(): StageRecord[] {
    return this.every('SELECT * FROM stages ORDER BY id');
  }

  byPublicPort(port: number): StageRecord | null {
    return this.first('SELECT * FROM stages WHERE public_port = ?', port);
  }

  /** Stages promoted from this one. */
  downstreamOf(stageId: number): StageRecord[] {
    return this.every('SELECT * FROM stages WHERE upstream_stage_id = ? ORDER BY id', stageId);
  }

  update(id: number, patch: StagePatch): StageRecord {
    const next = { ...this.require(id), ...patch };
    this.db
      .prepare(
        `UPDATE stages SET tag_pattern = ?, semver_range = ?, auto_deploy = ?, auto_promote = ?, public_port = ?, max_instances = ?,
           upstream_stage_id = ?, env = ?, secret_env = ?, poll_enabled = ?, mode = ?, engine = ?, stopped = ? WHERE id = ?`,
      )
      .run(...settingsColumns(next), next.stopped ? 1 : 0, id);
    if (patch.target) this.setTarget(id, patch.target);
    return this.require(id);
  }

  /** Swarm stages (the service keeper follows these). */
  swarm(): StageRecord[] {
    return this.all().filter((s) => s.target.kind === 'swarm');
  }

  private setTarget(id: number, target: StageTarget): void {
    this.db.prepare('UPDATE stages SET target = ? WHERE id = ?').run(JSON.stringify(StageTargetSchema.parse(target)), id);
  }
}
