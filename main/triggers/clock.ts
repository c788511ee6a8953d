import { schedule as cronSchedule } from 'node-cron';

/**
 * Time for the schedules and update windows, injectable so tests can move it: what time it is, a timer,
 * and cron ticks. The system clock uses node-cron (local time) and real timers.
 */
export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; answers a cancel. */
  after(ms: number, fn: () => void): () => void;
  /** Calls `fn` whenever the (valid) cron expression fires; answers a stop. */
  cron(expression: string, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
  cron(expression, fn) {
    const task = cronSchedule(expression, () => fn(), { name: `schedule ${expression}` });
    return () => void task.destroy();
  },
};

const pad = (n: number): string => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** "09:00" today, "Mon 09:00" on another day within a week, "2026-03-09 09:00" further away (local time). */
export function clockTime(ts: number, now: number): string {
  const d = new Date(ts);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const n = new Date(now);
  if (d.toDateString() === n.toDateString()) return hm;
  if (Math.abs(ts - now) < 6 * 86_400_000) return `${DAYS[d.getDay()] ?? ''} ${hm}`;
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}
