import type { ScheduleAction, ScheduleRun } from '../../preload/contract/triggers';
import type { Db } from '../store/db';

export interface ScheduleRecord {
  readonly id: number;
  readonly stageId: number;
  readonly cron: string;
  readonly action: ScheduleAction;
  readonly enabled: boolean;
  readonly createdAt: number;
  readonly lastRun: ScheduleRun | null;
}

interface Row {
  id: number;
  stage_id: number;
  cron: string;
  action: ScheduleAction;
  enabled: number;
  created_at: number;
  last_run_at: number | null;
  last_ok: number | null;
  last_outcome: string | null;
  last_deploy_id: number | null;
}

const fromRow = (r: Row): ScheduleRecord => ({
  id: r.id,
  stageId: r.stage_id,
  cron: r.cron,
  action: r.action,
  enabled: r.enabled === 1,
  createdAt: r.created_at,
  lastRun: r.last_run_at === null ? null : { at: r.last_run_at, ok: r.last_ok === 1, outcome: r.last_outcome ?? '', deployId: r.last_deploy_id },
});

/** Stage schedules (table stage_schedules). */
export class ScheduleRepo {
  constructor(private readonly db: Db) {}

  list(stageId?: number): ScheduleRecord[] {
    const rows =
      stageId === undefined
        ? this.db.prepare<[], Row>('SELECT * FROM stage_schedules ORDER BY stage_id, id').all()
        : this.db.prepare<[number], Row>('SELECT * FROM stage_schedules WHERE stage_id = ? ORDER BY id').all(stageId);
    return rows.map(fromRow);
  }

  get(id: number): ScheduleRecord | null {
    const row = this.db.prepare<[number], Row>('SELECT * FROM stage_schedules WHERE id = ?').get(id);
    return row ? fromRow(row) : null;
  }

  insert(s: { stageId: number; cron: string; action: ScheduleAction; enabled: boolean; createdAt: number }): number {
    return Number(
      this.db
        .prepare('INSERT INTO stage_schedules(stage_id, cron, action, enabled, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(s.stageId, s.cron, s.action, s.enabled ? 1 : 0, s.createdAt).lastInsertRowid,
    );
  }

  update(id: number, s: { cron: string; action: ScheduleAction; enabled: boolean }): void {
    this.db.prepare('UPDATE stage_schedules SET cron = ?, action = ?, enabled = ? WHERE id = ?').run(s.cron, s.action, s.enabled ? 1 : 0, id);
  }

  recordRun(id: number, run: ScheduleRun): void {
    this.db
      .prepare('UPDATE stage_schedules SET last_run_at = ?, last_ok = ?, last_outcome = ?, last_deploy_id = ? WHERE id = ?')
      .run(run.at, run.ok ? 1 : 0, run.outcome, run.deployId, id);
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM stage_schedules WHERE id = ?').run(id).changes > 0;
  }
}
