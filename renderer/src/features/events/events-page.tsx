import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type ReactElement } from 'react';
import { emptyFilter, filterEvents, type EventFilter } from '../../state/events-model';
import { useEvents } from '../../state/events-store';
import { projectOptions, stageOptions, useNames, whereLabel } from '../../state/names';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNote } from '../../ui/error-note';
import { EventFilters } from './event-filters';
import { EventRow } from './event-row';

export function EventsPage(): ReactElement {
  const events = useEvents((s) => s.events);
  const loaded = useEvents((s) => s.loaded);
  const error = useEvents((s) => s.error);
  const hasOlder = useEvents((s) => s.hasOlder);
  const loadingOlder = useEvents((s) => s.loadingOlder);
  const loadOlder = useEvents((s) => s.loadOlder);
  const projects = useNames((s) => s.projects);
  const stages = useNames((s) => s.stages);
  const [filter, setFilter] = useState<EventFilter>(emptyFilter);
  const shown = useMemo(() => filterEvents(events, filter), [events, filter]);
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is fine uncompiled; this component is not memoized by a compiler
  const virtual = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 30,
    overscan: 12,
    getItemKey: (i) => shown[i]?.id ?? i,
  });

  return (
    <section className="page" aria-labelledby="events-title">
      <header className="page-header">
        <h1 id="events-title">Events</h1>
        <span className="muted" aria-live="polite">
          {shown.length === events.length ? `${String(events.length)} events` : `${String(shown.length)} of ${String(events.length)} events`}
        </span>
      </header>
      <EventFilters filter={filter} onChange={setFilter} projects={projectOptions(events, projects)} stages={stageOptions(events, stages, filter.projectId)} />
      {error !== null && <ErrorNote message={error} />}
      {loaded && events.length === 0 && error === null ? (
        <EmptyState title="No events yet">
          <p>Everything Slipway notices or does — webhooks, polls, deploys, engine changes — is written here as it happens.</p>
        </EmptyState>
      ) : (
        <div className="event-list" ref={scroller} role="log" aria-label="Event log">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const e = shown[item.index];
              if (!e) return null;
              return (
                <div key={item.key} ref={virtual.measureElement} data-index={item.index} className="virtual-row" style={{ transform: `translateY(${String(item.start)}px)` }}>
                  <EventRow event={e} where={whereLabel(e, projects, stages)} />
                </div>
              );
            })}
          </div>
          {hasOlder && loaded && (
            <div className="list-footer">
              <button type="button" className="btn btn-small" disabled={loadingOlder} onClick={() => void loadOlder()}>
                {loadingOlder ? 'Loading…' : 'Load older events'}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
