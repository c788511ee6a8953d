import { validateDetailed } from 'node-cron';

const RANGES: Record<string, string> = {
  second: 'seconds go from 0 to 59',
  minute: 'minutes go from 0 to 59',
  hour: 'hours go from 0 to 23',
  dayOfMonth: 'days of the month go from 1 to 31 and must exist in the month',
  month: 'months go from 1 to 12 (or jan–dec)',
  dayOfWeek: 'days of the week go from 0 (Sunday) to 7 (or sun–sat)',
};

const FIELD_NAMES: Record<string, string> = { dayOfMonth: 'day of month', dayOfWeek: 'day of week' };

const EXAMPLE = 'Example: "0 3 * * 1" is 03:00 every Monday (minute hour day-of-month month day-of-week).';

/** Null when node-cron accepts the expression; otherwise what is wrong with it, field by field, and an example. */
export function cronProblem(expression: string): string | null {
  const expr = expression.trim();
  if (expr === '') return `Write a cron expression. ${EXAMPLE}`;
  const { valid, errors } = validateDetailed(expr);
  if (valid) return null;
  const parts = errors.map((e) => {
    if (e.field === 'expression') return `it has ${String(expr.split(/\s+/).length)} field${expr.split(/\s+/).length === 1 ? '' : 's'}, and a cron expression has 5 (or 6, seconds first)`;
    const name = FIELD_NAMES[e.field] ?? e.field;
    const range = RANGES[e.field];
    return `the ${name} field "${e.value ?? ''}" is not valid${range ? ` (${range})` : ''}`;
  });
  return `"${expr}" is not a cron expression: ${parts.length > 0 ? parts.join('; ') : 'node-cron cannot read it'}. ${EXAMPLE}`;
}
