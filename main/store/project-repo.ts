import { z } from 'zod';
import {
  ContainerRunSchema,
  EnvSchema,
  ProjectKindSchema,
  type ProjectKind,
  HealthCheckSchema,
  LimitsSchema,
  PullPolicySchema,
  RestartPolicySchema,
  VolumeSchema,
  type ContainerRun,
  type Env,
  type HealthCheck,
  type Limits,
  type Volume,
} from '../../preload/contract';
import { RecordTable } from './record-table';

/** Stored secret variables: name → sealed value. */
export const SealedEnvSchema = z.record(z.string(), z.string());

export interface ProjectRecord {
  readonly id: number;
  /** `image` (one container from a registry image) or `static` (a folder of a git repository). */
  readonly kind: ProjectKind;
  readonly name: string;
  /** Canonical repository name, e.g. `localhost:5000/acme/web`. */
  readonly image: string;
  readonly port: number | null;
  /** More container ports (image projects), each with its own stable port per stage. */
  readonly ports: readonly number[];
  readonly health: HealthCheck | null;
  readonly env: Env;
  /** Secret variables: name → value sealed by the secret box (opened only to create a container). */
  readonly secretEnv: Readonly<Record<string, string>>;
  readonly volumes: readonly Volume[];
  readonly limits: Limits;
  readonly pullPolicy: z.infer<typeof PullPolicySchema>;
  readonly restartPolicy: z.infer<typeof RestartPolicySchema>;
  readonly stopTimeoutSec: number;
  /** Docker's init as PID 1, so that an app ignoring SIGTERM still stops at once. */
  readonly init: boolean;
  /** Seconds the previous instance keeps running after a switch, for an instant rollback (0: none). */
  readonly warmRollbackSec: number;
  /** Command, entrypoint, user, working directory and network where they differ from the image's. */
  readonly run: ContainerRun;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** kind defaults to image; init and warmRollbackSec to on and 120 s; run to the image's own; ports to none. */
export type NewProject = Omit<ProjectRecord, 'id' | 'createdAt' | 'updatedAt' | 'kind' | 'init' | 'warmRollbackSec' | 'secretEnv' | 'run' | 'ports'> & { readonly kind?: ProjectKind } & Partial<Pick<ProjectRecord, 'init' | 'warmRollbackSec' | 'secretEnv' | 'run' | 'ports'>>;
export type ProjectPatch = Partial<Omit<NewProject, 'image' | 'kind'>>;

interface Row {
  id: number;
  kind: string;
  name: string;
  image: string;
  port: number | null;
  health: string | null;
  env: string;
  secret_env: string;
  volumes: string;
  limits: string;
  pull_policy: string;
  restart_policy: string;
  stop_timeout_sec: number;
  init: number;
  warm_rollback_sec: number;
  run: string;
  ports: string;
  created_at: number;
  updated_at: number;
}

const fromRow = (r: Row): ProjectRecord => ({
  id: r.id,
  kind: ProjectKindSchema.parse(r.kind),
  name: r.name,
  image: r.image,
  port: r.port,
  health: r.health === null ? null : HealthCheckSchema.parse(JSON.parse(r.health)),
  env: EnvSchema.parse(JSON.parse(r.env)),
  secretEnv: SealedEnvSchema.parse(JSON.parse(r.secret_env)),
  volumes: z.array(VolumeSchema).parse(JSON.parse(r.volumes)),
  limits: LimitsSchema.parse(JSON.parse(r.limits)),
  pullPolicy: PullPolicySchema.parse(r.pull_policy),
  restartPolicy: RestartPolicySchema.parse(r.restart_policy),
  stopTimeoutSec: r.stop_timeout_sec,
  init: r.init !== 0,
  warmRollbackSec: r.warm_rollback_sec,
  run: ContainerRunSchema.parse(JSON.parse(r.run)),
  ports: z.array(z.number().int()).parse(JSON.parse(r.ports)),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The columns from `health` to `ports`, in the order insert and update write them; absent optional ones take their defaults. */
function containerColumns(p: NewProject): [string | null, string, string, string, string, string, string, number, number, number, string, string] {
  return [
    p.health === null ? null : JSON.stringify(p.health),
    JSON.stringify(p.env),
    JSON.stringify(p.secretEnv ?? {}),
    JSON.stringify(p.volumes),
    JSON.stringify(p.limits),
    p.pullPolicy,
    p.restartPolicy,
    p.stopTimeoutSec,
    (p.init ?? true) ? 1 : 0,
    p.warmRollbackSec ?? 120,
    JSON.stringify(p.run ?? {}),
    JSON.stringify(p.ports ?? []),
  ];
}

export class ProjectRepo extends RecordTable<Row, ProjectRecord> {
  protected readonly table = 'projects';
  protected readonly noun = 'project';
  protected readonly fromRow = fromRow;

  insert(p: NewProject): ProjectRecord {
    const ts = this.now();
    const info = this.db
      .prepare(
        `INSERT INTO projects(kind, name, image, port, health, env, secret_env, volumes, limits, pull_policy, restart_policy, stop_timeout_sec, init, warm_rollback_sec, run, ports, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(p.kind ?? 'image', p.name, p.image, p.port, ...containerColumns(p), ts, ts);
    return this.require(Number(info.lastInsertRowid));
  }

  byName(name: string): ProjectRecord | null {
    return this.first('SELECT * FROM projects WHERE name = ?', name);
  }

  byImage(image: string): ProjectRecord[] {
    return this.every('SELECT * FROM projects WHERE image = ? ORDER BY id', image);
  }

  list(): ProjectRecord[] {
    return this.every('SELECT * FROM projects ORDER BY name');
  }

  update(id: number, patch: ProjectPatch): ProjectRecord {
    const cur = this.require(id);
    const next = { ...cur, ...patch };
    this.db
      .prepare(
        `UPDATE projects SET name = ?, port = ?, health = ?, env = ?, secret_env = ?, volumes = ?, limits = ?, pull_policy = ?,
         restart_policy = ?, stop_timeout_sec = ?, init = ?, warm_rollback_sec = ?, run = ?, ports = ?, updated_at = ? WHERE id = ?`,
      )
      .run(next.name, next.port, ...containerColumns(next), this.now(), id);
    return this.require(id);
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM projects WHERE id = ?').run(id);
  }
}
