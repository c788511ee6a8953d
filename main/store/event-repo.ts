import type { z } from 'zod';
import type { AppEvent, EventFilterSchema, Level } from '../../preload/contract';
import type { Db } from './db';

export type NewEvent = Omit<AppEvent, 'id'>;
type Filter = z.output<typeof EventFilterSchema>;

/** An `events` row as SQLite returns it. */
export interface EventRow {
  id: number;
  ts: number;
  type: string;
  level: Level;
  message: string;
  project_id: number | null;
  stage_id: number | null;
  deploy_id: number | null;
  data: string;
}

const levelRank: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export const eventFromRow = (r: EventRow): AppEvent => ({
  id: r.id,
  ts: r.ts,
  type: r.type,
  level: r.level,
  message: r.message,
  projectId: r.project_id,
  stageId: r.stage_id,
  deployId: r.deploy_id,
  data: JSON.parse(r.data) as Record<string, unknown>,
});

export class EventRepo {
  private readonly insertStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      'INSERT INTO events(ts, type, level, message, project_id, stage_id, deploy_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  insert(e: NewEvent): AppEvent {
    const info = this.insertStmt.run(e.ts, e.type, e.level, e.message, e.projectId, e.stageId, e.deployId, JSON.stringify(e.data));
    return { ...e, id: Number(info.lastInsertRowid) };
  }

  list(f: Filter): AppEvent[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (clause: string, ...values: (string | number)[]): void => {
      where.push(clause);
      params.push(...values);
    };
    if (f.projectId !== undefined) add('project_id = ?', f.projectId);
    if (f.stageId !== undefined) add('stage_id = ?', f.stageId);
    if (f.beforeId !== undefined) add('id < ?', f.beforeId);
    if (f.afterId !== undefined) add('id > ?', f.afterId);
    if (f.level !== undefined) {
      const min = levelRank[f.level];
      const allowed = (Object.keys(levelRank) as Level[]).filter((l) => levelRank[l] >= min);
      add(`level IN (${allowed.map(() => '?').join(',')})`, ...allowed);
    }
    if (f.type !== undefined) {
      if (f.type.endsWith('.')) add("type LIKE ? ESCAPE '\\'", `${escapeLike(f.type)}%`);
      else add('type = ?', f.type);
    }
    if (f.text !== undefined && f.text !== '') add("message LIKE ? ESCAPE '\\'", `%${escapeLike(f.text)}%`);
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return this.db.prepare<(string | number)[], EventRow>(sql).all(...params, f.limit).map(eventFromRow);
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
