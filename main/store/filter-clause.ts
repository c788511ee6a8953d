type SqlValue = string | number;

/**
 * `WHERE a = ? AND id < ?` from the conditions whose value is set (an undefined value leaves its
 * condition out), with the parameters in order; '' when none is set.
 */
export function filterClause(conditions: readonly (readonly [sql: string, value: SqlValue | undefined])[]): { where: string; params: SqlValue[] } {
  const set = conditions.filter((c): c is readonly [string, SqlValue] => c[1] !== undefined);
  return { where: set.length > 0 ? `WHERE ${set.map(([sql]) => sql).join(' AND ')}` : '', params: set.map(([, value]) => value) };
}

/**
 * `a = ?, b = ?` from the columns whose new value is set (undefined leaves a column as it is; null
 * stores NULL), with the parameters in order; null when nothing changes.
 */
export function setClause(columns: readonly (readonly [column: string, value: SqlValue | null | undefined])[]): { set: string; params: (SqlValue | null)[] } | null {
  const changed = columns.filter((c): c is readonly [string, SqlValue | null] => c[1] !== undefined);
  return changed.length > 0 ? { set: changed.map(([column]) => `${column} = ?`).join(', '), params: changed.map(([, value]) => value) } : null;
}
