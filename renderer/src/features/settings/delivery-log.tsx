import { useEffect, type ReactElement } from 'react';
import type { HookDelivery } from '../../../../preload/contract/hooks';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { usePages } from '../../state/use-pages';
import { RelativeTime } from '../../ui/relative-time';
import { WindowedList } from '../../ui/windowed-list';

export interface DeliveryLogProps {
  /** The hook or channel (both are outbox targets; live updates carry its id as hookId). */
  readonly targetId: number;
  readonly label: string;
  /** One page, newest first: deliveries older than `beforeId` when given. */
  readonly load: (beforeId: number | undefined, limit: number) => Promise<readonly HookDelivery[]>;
  readonly redeliver: (deliveryId: number) => Promise<unknown>;
}

const PAGE = 100;
const ROW = 32;

/** The outbox log of one hook or channel: each delivery with its attempts, live, with Redeliver; windowed and paged back. */
export function DeliveryLog({ targetId, label, load, redeliver }: DeliveryLogProps): ReactElement {
  const pages = usePages<HookDelivery>(`outbox-${String(targetId)}`, load, PAGE);
  const { upsert } = pages;
  useEffect(
    () =>
      api().subscribe('hooks.delivery', (d) => {
        if (d.hookId === targetId) upsert(d);
      }),
    [targetId, upsert],
  );
  const list = pages.items;
  if (list === null) return <p className="muted">Loading deliveries…</p>;
  if (pages.error !== null && list.length === 0) return <p className="muted">Could not load the deliveries: {pages.error}</p>;
  if (list.length === 0) return <p className="muted">No deliveries yet: the next matching event is sent here (or use Send test).</p>;
  return (
    <div className="table grid-table outbox-grid" role="table" aria-label={label}>
      <div className="grid-row grid-head" role="row">
        {['Event', 'Status', 'Attempts', 'When'].map((h) => (
          <span key={h} role="columnheader">
            {h}
          </span>
        ))}
        <span role="columnheader">
          <span className="visually-hidden">Actions</span>
        </span>
      </div>
      <WindowedList
        items={list}
        rowHeight={ROW}
        rowKey={(d) => d.id}
        label={`${label}, newest first`}
        role="rowgroup"
        className="grid-body"
        fitRows={10}
        hasMore={pages.hasOlder}
        loadingMore={pages.loadingOlder}
        onEndReached={pages.loadOlder}
        renderRow={(d) => {
          const last = d.attempts[d.attempts.length - 1];
          const attempts = `${String(d.attempts.length)}${last ? ` · last ${String(last.status ?? 'no answer')}${last.error !== null ? ` (${last.error})` : ''} in ${String(last.durationMs)} ms` : ''}`;
          return (
            <div className="grid-row">
              <span role="cell" className="ellipsis">
                {d.eventType}
              </span>
              <span role="cell">
                <span className={`chip ${d.status === 'succeeded' ? 'chip-ok' : d.status === 'failed' ? 'chip-error' : 'chip-warn'}`}>{d.status}</span>
              </span>
              <span role="cell" className="ellipsis" title={attempts}>
                {attempts}
              </span>
              <span role="cell">
                <RelativeTime ts={d.createdAt} />
              </span>
              <span role="cell">
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() =>
                    void redeliver(d.id)
                      .then(() => localToast('Redelivery queued', 'success', `${d.eventType} is sent again.`, '/settings'))
                      .catch((e: unknown) => localToast('Redeliver failed', 'error', errorMessage(e), '/settings'))
                  }
                >
                  Redeliver
                </button>
              </span>
            </div>
          );
        }}
      />
    </div>
  );
}

/** Why a hook or channel was turned off, and since when it has been failing. */
export function TargetHealth({ disabledReason, failingSince }: { readonly disabledReason: string | null; readonly failingSince: number | null }): ReactElement {
  return (
    <>
      {disabledReason !== null && <p className="hint">{disabledReason}</p>}
      {failingSince !== null && (
        <p className="field-error">
          Failing since <RelativeTime ts={failingSince} />.
        </p>
      )}
    </>
  );
}
