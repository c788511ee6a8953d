import { memo, useState, type ReactElement } from 'react';
import type { AppEvent } from '../../../../preload/contract';
import { clockTime, fullTime } from '../../ui/time';

export interface EventRowProps {
  readonly event: AppEvent;
  readonly where: string;
}

/** One event-log line; the `data` payload is behind a disclosure so the list stays one line per event. */
export const EventRow = memo(function EventRow({ event, where }: EventRowProps): ReactElement {
  const [open, setOpen] = useState(false);
  const hasData = Object.keys(event.data).length > 0;
  return (
    <div className={`event-row level-${event.level}`}>
      <div className="event-line">
        <time className="event-time" dateTime={new Date(event.ts).toISOString()} title={fullTime(event.ts)}>
          {clockTime(event.ts)}
        </time>
        <span className={`chip chip-${event.level}`}>{event.level}</span>
        <span className="event-type">{event.type}</span>
        <span className="event-message">{event.message}</span>
        {where !== '' && <span className="event-where">{where}</span>}
        {hasData && (
          <button type="button" className="link event-more" aria-expanded={open} aria-label={`Details of event ${String(event.id)}`} onClick={() => setOpen(!open)}>
            {open ? 'less' : 'details'}
          </button>
        )}
      </div>
      {open && <pre className="event-data">{JSON.stringify(event.data, null, 2)}</pre>}
    </div>
  );
});
