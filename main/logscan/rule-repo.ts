import type { LogRule } from '../../preload/contract';
import type { Db } from '../store/db';

interface Sql {
  id: number;
  project_id: number | null;
  overrides: number | null;
  name: string;
  pattern: string;
  ignore_case: number;
  stream: LogRule['stream'];
  level: LogRule['level'];
  threshold: number;
  window_seconds: number;
  cooldown_seconds: number;
  enabled: number;
  action: LogRule['action'];
  action_max_per_hour: number;
  created_at: number;
}

const fromSql = (r: Sql): LogRule => ({
  id: r.id,
  projectId: r.project_id,
  overrides: r.overrides,
  name: r.name,
  pattern: r.pattern,
  ignoreCase: r.ignore_case === 1,
  stream: r.stream,
  level: r.level,
  threshold: r.threshold,
  windowSeconds: r.window_seconds,
  cooldownSeconds: r.cooldown_seconds,
  enabled: r.enabled === 1,
  action: r.action,
  actionMaxPerHour: r.action_max_per_hour,
  createdAt: r.created_at,
});

export type NewLogRule = Omit<LogRule, 'id'>;

export class LogRuleRepo {
  constructor(private readonly db: Db) {}

  all(): LogRule[] {
    return this.db
      .prepare<[], Sql>('SELECT * FROM log_rules ORDER BY project_id IS NOT NULL, project_id, id')
      .all()
      .map(fromSql);
  }

  get(id: number): LogRule | undefined {
    const row = this.db.prepare<[number], Sql>('SELECT * FROM log_rules WHERE id = ?').get(id);
    return row ? fromSql(row) : undefined;
  }

  insert(r: NewLogRule): LogRule {
    const info = this.db
      .prepare(
        `INSERT INTO log_rules(project_id, overrides, name, pattern, ignore_case, stream, level, threshold, window_seconds, cooldown_seconds, enabled, action, action_max_per_hour, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.projectId, r.overrides, r.name, r.pattern, r.ignoreCase ? 1 : 0, r.stream, r.level, r.threshold, r.windowSeconds, r.cooldownSeconds, r.enabled ? 1 : 0, r.action, r.actionMaxPerHour, r.createdAt);
    return this.get(Number(info.lastInsertRowid))!;
  }

  replace(r: LogRule): LogRule {
    this.db
      .prepare(
        `UPDATE log_rules SET name = ?, pattern = ?, ignore_case = ?, stream = ?, level = ?, threshold = ?, window_seconds = ?, cooldown_seconds = ?, enabled = ?, action = ?, action_max_per_hour = ?
         WHERE id = ?`,
      )
      .run(r.name, r.pattern, r.ignoreCase ? 1 : 0, r.stream, r.level, r.threshold, r.windowSeconds, r.cooldownSeconds, r.enabled ? 1 : 0, r.action, r.actionMaxPerHour, r.id);
    return this.get(r.id)!;
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM log_rules WHERE id = ?').run(id).changes > 0;
  }

  projectExists(id: number): boolean {
    return this.db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM projects WHERE id = ?').get(id)!.n > 0;
  }

  projectName(id: number): string | null {
    return this.db.prepare<[number], { name: string }>('SELECT name FROM projects WHERE id = ?').get(id)?.name ?? null;
  }
}
