import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../preload/contract';
import { addEvent, emptyFilter, filterEvents, highestId, mergeEvents } from './events-model';

const ev = (id: number, over: Partial<AppEvent> = {}): AppEvent => ({
  id,
  ts: 1000 + id,
  type: 'deploy.succeeded',
  level: 'info',
  message: `event ${String(id)}`,
  projectId: null,
  stageId: null,
  deployId: null,
  data: {},
  ...over,
});

describe('mergeEvents', () => {
  it('keeps newest first without duplicates', () => {
    const merged = mergeEvents([ev(5), ev(3)], [ev(4), ev(5), ev(6)]);
    expect(merged.map((e) => e.id)).toEqual([6, 5, 4, 3]);
  });
  it('caps the list, dropping the oldest', () => {
    expect(mergeEvents([ev(2), ev(1)], [ev(3)], 2).map((e) => e.id)).toEqual([3, 2]);
  });
});

describe('addEvent', () => {
  it('prepends a newer event and ignores a replayed one', () => {
    const list = addEvent([ev(2), ev(1)], ev(3));
    expect(list.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(addEvent(list, ev(2)).map((e) => e.id)).toEqual([3, 2, 1]);
    expect(highestId(list)).toBe(3);
  });
});

describe('filterEvents', () => {
  const list = [
    ev(1, { level: 'debug' }),
    ev(2, { level: 'warn', projectId: 7, message: 'Health check failed' }),
    ev(3, { level: 'error', projectId: 7, stageId: 9 }),
    ev(4, { level: 'info', projectId: 8, type: 'engine.connected' }),
  ];
  it('filters by minimum level', () => {
    expect(filterEvents(list, { ...emptyFilter, level: 'warn' }).map((e) => e.id)).toEqual([2, 3]);
  });
  it('filters by project and stage', () => {
    expect(filterEvents(list, { ...emptyFilter, projectId: 7 }).map((e) => e.id)).toEqual([2, 3]);
    expect(filterEvents(list, { ...emptyFilter, projectId: 7, stageId: 9 }).map((e) => e.id)).toEqual([3]);
  });
  it('matches text in the message or the type, case-insensitively', () => {
    expect(filterEvents(list, { ...emptyFilter, text: 'HEALTH' }).map((e) => e.id)).toEqual([2]);
    expect(filterEvents(list, { ...emptyFilter, text: 'engine.' }).map((e) => e.id)).toEqual([4]);
  });
});
