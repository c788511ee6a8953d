import type { AppEvent, Level } from '../../../preload/contract';

/** How many events the window keeps in memory; older ones load on demand. */
export const EVENT_CAP = 5000;

/** Merges events into a newest-first list without duplicates (replays and gap fills overlap), capped. */
export function mergeEvents(current: readonly AppEvent[], incoming: readonly AppEvent[], cap = EVENT_CAP): readonly AppEvent[] {
  if (incoming.length === 0) return current;
  const byId = new Map<number, AppEvent>();
  for (const e of current) byId.set(e.id, e);
  for (const e of incoming) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, cap);
}

/** Appends one live event; the fast path keeps arrival in id order cheap. */
export function addEvent(current: readonly AppEvent[], event: AppEvent, cap = EVENT_CAP): readonly AppEvent[] {
  const head = current[0];
  if (head === undefined || event.id > head.id) return [event, ...current].slice(0, cap);
  return mergeEvents(current, [event], cap);
}

export const highestId = (events: readonly AppEvent[]): number => events[0]?.id ?? 0;
export const lowestId = (events: readonly AppEvent[]): number | undefined => events[events.length - 1]?.id;

const rank: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface EventFilter {
  /** Minimum level. */
  readonly level: Level;
  readonly projectId: number | null;
  readonly stageId: number | null;
  readonly text: string;
}

export const emptyFilter: EventFilter = { level: 'debug', projectId: null, stageId: null, text: '' };

export function matchesFilter(e: AppEvent, f: EventFilter): boolean {
  if (rank[e.level] < rank[f.level]) return false;
  if (f.projectId !== null && e.projectId !== f.projectId) return false;
  if (f.stageId !== null && e.stageId !== f.stageId) return false;
  const text = f.text.trim().toLowerCase();
  return text === '' || e.message.toLowerCase().includes(text) || e.type.toLowerCase().includes(text);
}

export function filterEvents(events: readonly AppEvent[], f: EventFilter): readonly AppEvent[] {
  return events.filter((e) => matchesFilter(e, f));
}
