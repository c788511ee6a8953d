import type { ScheduleAction, UpdateWindow } from '../../../../preload/contract';

export const ACTION_LABELS: Readonly<Record<ScheduleAction, string>> = {
  'redeploy-newest': 'Redeploy the newest tag',
  restart: 'Restart the live instance',
  check: 'Check the registry now',
};

const pad = (n: number): string => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

/** "09:00" today, "Mon 09:00" within the week, "9 Mar 09:00" further (local time). */
export function atTime(ts: number, now: number): string {
  const d = new Date(ts);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (d.toDateString() === new Date(now).toDateString()) return hm;
  if (Math.abs(ts - now) < 6 * 86_400_000) return `${DAYS[d.getDay()] ?? ''} ${hm}`;
  return `${String(d.getDate())} ${d.toLocaleString('en', { month: 'short' })} ${hm}`;
}

/** The window form: a checkbox per day (Monday first), opening and closing times. */
export interface WindowForm {
  readonly days: ReadonlySet<number>;
  readonly from: string;
  readonly to: string;
}

export const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
export const DAY_NAMES = DAYS;

export function windowForm(w: UpdateWindow | null): WindowForm {
  return w ? { days: new Set(w.days), from: w.from, to: w.to } : { days: new Set([1, 2, 3, 4, 5]), from: '09:00', to: '18:00' };
}

/** The window to send, or what to fix first (the same rules main checks). */
export function windowFromForm(f: WindowForm): { readonly window: UpdateWindow } | { readonly error: string } {
  if (f.days.size === 0) return { error: 'Pick at least one day.' };
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(f.from)) return { error: 'Give the opening time as HH:MM, e.g. 09:00.' };
  const to = f.to === '00:00' ? '24:00' : f.to;
  if (!/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/.test(to)) return { error: 'Give the closing time as HH:MM, e.g. 18:00.' };
  if (to === f.from) return { error: 'The window would close as it opens: pick another closing time.' };
  return { window: { days: [...f.days].sort((a, b) => a - b), from: f.from, to } };
}
