import type { Db } from '../store/db';

/** The engine a Slipway container runs on: its instance's stage's ("local" for one Slipway does not know). */
export function engineOfContainer(db: Db, containerId: string): string {
  const row = db
    .prepare<[string, string], { engine: string }>('SELECT s.engine AS engine FROM instances i JOIN stages s ON s.id = i.stage_id WHERE i.container_id = ? OR i.container_name = ? LIMIT 1')
    .get(containerId, containerId);
  return row?.engine ?? 'local';
}
