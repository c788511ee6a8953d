import { UpdateWindowSchema, type UpdateWindow } from '../../preload/contract/triggers';

/**
 * Update windows: when a stage may auto-deploy. Times are the local time of the machine running
 * Slipway (the zone its clock is set to), like the cron schedules. Pure: `at` is always passed in.
 */

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

const hm = (t: string): [number, number] => {
  const [h = '0', m = '0'] = t.split(':');
  return [Number(h), Number(m)];
};

interface Span {
  readonly start: number;
  readonly end: number;
}

/** The window's span that opens on the local day `offset` days from `at`'s, or null when that is not a window day. */
function spanOn(w: UpdateWindow, at: number, offset: number): Span | null {
  const base = new Date(at);
  const day = new Date(base.getFullYear(), base.getMonth(), base.getDate() + offset);
  if (!w.days.includes(day.getDay())) return null;
  const [fh, fm] = hm(w.from);
  const [th, tm] = hm(w.to);
  // A closing time at or before the opening one is on the next day (22:00–06:00); 24:00 is the next midnight.
  const overnight = th * 60 + tm <= fh * 60 + fm;
  const start = new Date(day.getFullYear(), day.getMonth(), day.getDate(), fh, fm).getTime();
  const end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + (overnight ? 1 : 0), th, tm).getTime();
  return { start, end };
}

export interface WindowStatus {
  readonly open: boolean;
  /** When it next opens; null while open. */
  readonly nextOpenAt: number | null;
}

/** Is `at` inside the window, and if not, when does it next open? */
export function windowStatus(w: UpdateWindow, at: number): WindowStatus {
  let next: number | null = null;
  // Yesterday's overnight span may still be open; a week ahead always holds the next opening.
  for (let offset = -1; offset <= 7; offset++) {
    const span = spanOn(w, at, offset);
    if (!span) continue;
    if (span.start <= at && at < span.end) return { open: true, nextOpenAt: null };
    if (span.start > at && (next === null || span.start < next)) next = span.start;
  }
  return { open: false, nextOpenAt: next };
}

/** Until when an auto-deploy arriving at `at` must wait: null when there is no window or it is open. */
export function windowHold(w: UpdateWindow | null | undefined, at: number): number | null {
  if (!w) return null;
  return windowStatus(w, at).nextOpenAt;
}

/** "weekdays 09:00–18:00", "Sat, Sun 22:00–06:00", "every day 01:00–05:00". */
export function describeWindow(w: UpdateWindow): string {
  const days = [...new Set(w.days)].sort((a, b) => a - b);
  const key = days.join(',');
  const named = key === '1,2,3,4,5' ? 'weekdays' : key === '0,6' ? 'weekends' : days.length === 7 ? 'every day' : days.map((d) => DAY_NAMES[d]).join(', ');
  return `${named} ${w.from}–${w.to}`;
}

/** A window as stored (JSON), or null when there is none or it no longer reads as one. */
export function storedWindow(json: string | null): UpdateWindow | null {
  if (json === null) return null;
  try {
    const parsed = UpdateWindowSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
