import { create } from 'zustand';
import type { AppEvent } from '../../../preload/contract';
import { errorMessage } from '../api/api-error';
import { api } from './client-ref';
import { addEvent, EVENT_CAP, highestId, lowestId, mergeEvents } from './events-model';

const PAGE = 500;

interface EventsState {
  readonly events: readonly AppEvent[];
  readonly loaded: boolean;
  readonly hasOlder: boolean;
  readonly loadingOlder: boolean;
  readonly error: string | null;
  /** Grows when the user loads older pages, so live events do not push those out again. */
  readonly cap: number;
  load: () => Promise<void>;
  /** After a (re)connect: fetch what the stream may have missed. */
  fillGap: () => Promise<void>;
  loadOlder: () => Promise<void>;
  receive: (event: AppEvent) => void;
}

export const useEvents = create<EventsState>()((set, get) => ({
  events: [],
  loaded: false,
  hasOlder: true,
  loadingOlder: false,
  error: null,
  cap: EVENT_CAP,
  async load() {
    try {
      const { events } = await api().call('events.list', { limit: PAGE });
      set((s) => ({ events: mergeEvents(s.events, events), loaded: true, hasOlder: events.length === PAGE, error: null }));
    } catch (error) {
      set({ loaded: true, error: errorMessage(error) });
    }
  },
  async fillGap() {
    if (!get().loaded) return get().load();
    try {
      const { events } = await api().call('events.list', { afterId: highestId(get().events), limit: 1000 });
      set((s) => ({ events: mergeEvents(s.events, events), error: null }));
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  async loadOlder() {
    const before = lowestId(get().events);
    if (before === undefined || get().loadingOlder) return;
    set({ loadingOlder: true });
    try {
      const { events } = await api().call('events.list', { beforeId: before, limit: PAGE });
      set((s) => ({ events: mergeEvents(s.events, events, s.cap + events.length), cap: s.cap + events.length, hasOlder: events.length === PAGE, loadingOlder: false }));
    } catch (error) {
      set({ loadingOlder: false, error: errorMessage(error) });
    }
  },
  receive(event) {
    set((s) => ({ events: addEvent(s.events, event, s.cap) }));
  },
}));
