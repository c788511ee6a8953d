import { z } from 'zod';
import {
  DeployStatusSchema,
  DeployStepNameSchema,
  DeployStepSchema,
  DeployTriggerSchema,
  type Deploy,
  type DeployStatus,
  type DeployStep,
  type DeployStepName,
  type DeployTrigger,
} from '../../preload/contract';
import { filterClause } from './filter-clause';
import { RecordTable } from './record-table';

export interface DeployRecord extends Deploy {
  /** Deploy even when the digest is already live (stages.restart). */
  readonly force: boolean;
  /** The last step whose effects are durable; a restart resumes after it. */
  readonly marker: DeployStepName | null;
  /** How many times work on it began (a crash loop gives up after a few). */
  readonly attempts: number;
}

export interface NewDeploy {
  readonly projectId: number;
  readonly stageId: number;
  readonly tag: string;
  readonly digest: string | null;
  readonly trigger: DeployTrigger;
  readonly reason: string | null;
  readonly force: boolean;
  readonly status?: 'queued' | 'skipped';
  readonly note?: string | null;
}

export type DeployPatch = Partial<
  Pick<
    DeployRecord,
    'digest' | 'status' | 'marker' | 'attempts' | 'error' | 'note' | 'steps' | 'instanceId' | 'previousInstanceId' | 'startedAt' | 'finishedAt' | 'durationMs'
  >
>;

export const inProgressStatuses: readonly DeployStatus[] = ['pulling', 'starting', 'checking', 'switching'];
export const finishedStatuses: readonly DeployStatus[] = ['succeeded', 'failed', 'superseded', 'skipped'];

interface Row {
  id: number;
  project_id: number;
  stage_id: number;
  tag: string;
  digest: string | null;
  trigger: string;
  reason: string | null;
  force: number;
  status: string;
  marker: string | null;
  attempts: number;
  error: string | null;
  note: string | null;
  steps: string;
  instance_id: number | null;
  previous_instance_id: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  duration_ms: number | null;
}

const fromRow = (r: Row): DeployRecord => ({
  id: r.id,
  projectId: r.project_id,
  stageId: r.stage_id,
  tag: r.tag,
  digest: r.digest,
  trigger: DeployTriggerSchema.parse(r.trigger),
  reason: r.reason,
  force: r.force === 1,
  status: DeployStatusSchema.parse(r.status),
  marker: r.marker === null ? null : DeployStepNameSchema.parse(r.marker),
  attempts: r.attempts,
  error: r.error,
  note: r.note,
  steps: z.array(DeployStepSchema).parse(JSON.parse(r.steps)),
  instanceId: r.instance_id,
  previousInstanceId: r.previous_instance_id,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms,
});

const columns: Record<keyof DeployPatch, string> = {
  digest: 'digest',
  status: 'status',
  marker: 'marker',
  attempts: 'attempts',
  error: 'error',
  note: 'note',
  steps: 'steps',
  instanceId: 'instance_id',
  previousInstanceId: 'previous_instance_id',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
  durationMs: 'duration_ms',
};

export class DeployRepo extends RecordTable<Row, DeployRecord> {
  protected readonly table = 'deploys';
  protected readonly noun = 'deploy';
  protected readonly fromRow = fromRow;

  insert(d: NewDeploy): DeployRecord {
    const ts = this.now();
    const status = d.status ?? 'queued';
    const info = this.db
      .prepare(
        `INSERT INTO deploys(project_id, stage_id, tag, digest, trigger, reason, force, status, note, created_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.projectId, d.stageId, d.tag, d.digest, d.trigger, d.reason, d.force ? 1 : 0, status, d.note ?? null, ts, status === 'queued' ? null : ts);
    return this.require(Number(info.lastInsertRowid));
  }

  list(f: { projectId?: number | undefined; stageId?: number | undefined; beforeId?: number | undefined; limit: number }): DeployRecord[] {
    const { where, params } = filterClause([
      ['project_id = ?', f.projectId],
      ['stage_id = ?', f.stageId],
      ['id < ?', f.beforeId],
    ]);
    return this.db.prepare<(string | number)[], Row>(`SELECT * FROM deploys ${where} ORDER BY id DESC LIMIT ?`).all(...params, f.limit).map(fromRow);
  }

  withStatus(statuses: readonly DeployStatus[], stageId?: number): DeployRecord[] {
    const marks = statuses.map(() => '?').join(',');
    const sql = `SELECT * FROM deploys WHERE status IN (${marks}) ${stageId === undefined ? '' : 'AND stage_id = ?'} ORDER BY id`;
    const params: (string | number)[] = [...statuses];
    if (stageId !== undefined) params.push(stageId);
    return this.db.prepare<(string | number)[], Row>(sql).all(...params).map(fromRow);
  }

  /** Successful deploys of a stage, newest first. */
  succeeded(stageId: number, limit = 200): DeployRecord[] {
    return this.every("SELECT * FROM deploys WHERE stage_id = ? AND status = 'succeeded' ORDER BY id DESC LIMIT ?", stageId, limit);
  }

  update(id: number, patch: DeployPatch): DeployRecord {
    const sets: string[] = [];
    const params: (string | number | null)[] = [];
    for (const [key, value] of Object.entries(patch) as [keyof DeployPatch, DeployPatch[keyof DeployPatch]][]) {
      if (value === undefined) continue;
      sets.push(`${columns[key]} = ?`);
      params.push(key === 'steps' ? JSON.stringify(value) : (value as string | number | null));
    }
    if (sets.length > 0) this.db.prepare(`UPDATE deploys SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
    return this.require(id);
  }

  /** Records a step's start or end on the timeline (one entry per step name, the latest attempt wins). */
  recordStep(id: number, step: Omit<DeployStep, 'endedAt'> & { endedAt?: number | null }): DeployRecord {
    const cur = this.require(id);
    const entry: DeployStep = { ...step, endedAt: step.endedAt ?? null };
    const steps = cur.steps.some((s) => s.name === step.name)
      ? cur.steps.map((s) => (s.name === step.name ? { ...entry, startedAt: s.status === 'running' ? s.startedAt : entry.startedAt } : s))
      : [...cur.steps, entry];
    return this.update(id, { steps });
  }
}
