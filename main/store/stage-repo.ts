import { EnvSchema, RouteModeSchema, type Env } from '../../preload/contract';
import type { Db } from './db';
import { SealedEnvSchema } from './project-repo';

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
  /** The engine its instances run on ("local": this machine's Docker). */
  readonly engine: string;
  /** Stopped by the user: the reconciler leaves it without a live instance. */
  readonly stopped: boolean;
  readonly createdAt: number;
}

export type NewStage = Omit<StageRecord, 'id' | 'createdAt' | 'stopped' | 'secretEnv' | 'engine'> & Partial<Pick<StageRecord, 'secretEnv' | 'engine'>>;
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
  engine: r.engine,
  stopped: r.stopped === 1,
  createdAt: r.created_at,
});

/** A stage's settings as the columns tag_pattern … engine, in that order: what insert and update both write. */
function settingsColumns(s: NewStage): [string, string | null, number, number, number, number, number | null, string, string, number, string, string] {
  return [s.tagPattern, s.semverRange, s.autoDeploy ? 1 : 0, s.autoPromote ? 1 : 0, s.publicPort, s.maxInstances, s.upstreamStageId, JSON.stringify(s.env), JSON.stringify(s.secretEnv ?? {}), s.pollEnabled ? 1 : 0, s.mode, s.engine ?? 'local'];
}

export class StageRepo {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  insert(s: NewStage): StageRecord {
    const info = this.db
      .prepare(
        `INSERT INTO stages(project_id, name, tag_pattern, semver_range, auto_deploy, auto_promote, public_port, max_instances,
           upstream_stage_id, env, secret_env, poll_enabled, mode, engine, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.projectId, s.name, ...settingsColumns(s), this.now());
    return this.require(Number(info.lastInsertRowid));
  }

  get(id: number): StageRecord | null {
    const row = this.db.prepare<[number], Row>('SELECT * FROM stages WHERE id = ?').get(id);
    return row ? fromRow(row) : null;
  }

  require(id: number): StageRecord {
    const s = this.get(id);
    if (!s) throw new Error(`stage ${String(id)} vanished`);
    return s;
  }

  byProject(projectId: number): StageRecord[] {
    return this.db.prepare<[number], Row>('SELECT * FROM stages WHERE project_id = ? ORDER BY id').all(projectId).map(fromRow);
  }

  all(): StageRecord[] {
    return this.db.prepare<[], Row>('SELECT * FROM stages ORDER BY id').all().map(fromRow);
  }

  byPublicPort(port: number): StageRecord | null {
    const row = this.db.prepare<[number], Row>('SELECT * FROM stages WHERE public_port = ?').get(port);
    return row ? fromRow(row) : null;
  }

  /** Stages promoted from this one. */
  downstreamOf(stageId: number): StageRecord[] {
    return this.db.prepare<[number], Row>('SELECT * FROM stages WHERE upstream_stage_id = ? ORDER BY id').all(stageId).map(fromRow);
  }

  update(id: number, patch: StagePatch): StageRecord {
    const next = { ...this.require(id), ...patch };
    this.db
      .prepare(
        `UPDATE stages SET tag_pattern = ?, semver_range = ?, auto_deploy = ?, auto_promote = ?, public_port = ?, max_instances = ?,
           upstream_stage_id = ?, env = ?, secret_env = ?, poll_enabled = ?, mode = ?, engine = ?, stopped = ? WHERE id = ?`,
      )
      .run(...settingsColumns(next), next.stopped ? 1 : 0, id);
    return this.require(id);
  }
}
