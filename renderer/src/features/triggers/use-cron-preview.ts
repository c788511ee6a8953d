import { useEffect, useState } from 'react';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { schedulePreview } from '../poller/schedule-text';

export interface CronPreview {
  /** "At 03:00, only on Monday, next at Mon 9 Mar 03:00" */
  readonly text: string | null;
  /** What is wrong with the expression (main says which field). */
  readonly problem: string | null;
}

const EMPTY: CronPreview = { text: null, problem: null };

/** Preview of a cron expression as it is typed: cronstrue's words plus main's next run (asked after a pause in typing). */
export function useCronPreview(expression: string): CronPreview {
  const [state, setState] = useState<CronPreview>({ text: null, problem: null });
  useEffect(() => {
    const expr = expression.trim();
    if (expr === '') return;
    let live = true;
    const t = setTimeout(() => {
      api()
        .call('schedules.preview', { cron: expr })
        .then((p) => {
          if (!live) return;
          if (!p.valid) setState({ text: null, problem: p.message });
          else setState({ text: schedulePreview(expr, p.nextRuns[0] ?? null, Date.now()) ?? expr, problem: null });
        })
        .catch((e: unknown) => live && setState({ text: null, problem: errorMessage(e) }));
    }, 200);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [expression]);
  return expression.trim() === '' ? EMPTY : state;
}
