import { createTask, validate } from 'node-cron';

/** The next `count` times a cron expression fires (ms), or null when it is not one. The task is never started. */
export function nextRuns(expression: string, count: number): number[] | null {
  if (!validate(expression)) return null;
  const task = createTask(expression, () => undefined, { name: 'preview' });
  try {
    return task.getNextRuns(count).map((d) => d.getTime());
  } finally {
    void task.destroy();
  }
}
