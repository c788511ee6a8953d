import cronstrue from 'cronstrue';
import { clockTime } from '../../ui/time';

/** "Every 5 minutes" for a cron expression (null when cronstrue cannot read it). */
export function describeCron(expression: string): string | null {
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return null;
  }
}

/** The human preview: "Every 5 minutes, next at 14:05" (the date is added when the next run is not today). */
export function schedulePreview(expression: string, next: number | null, now: number): string | null {
  const text = describeCron(expression);
  if (text === null) return null;
  if (next === null) return text;
  const sameDay = new Date(next).toDateString() === new Date(now).toDateString();
  const at = clockTime(next).slice(0, 5);
  return `${text}, next at ${sameDay ? at : `${new Date(next).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })} ${at}`}`;
}
