import { useEffect, useState, type ReactElement } from 'react';
import type { HookDelivery } from '../../../../preload/contract/hooks';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { RelativeTime } from '../../ui/relative-time';
import { TableHead } from '../../ui/table-head';

export interface DeliveryLogProps {
  /** The hook or channel (both are outbox targets; live updates carry its id as hookId). */
  readonly targetId: number;
  readonly label: string;
  readonly load: () => Promise<readonly HookDelivery[]>;
  readonly redeliver: (deliveryId: number) => Promise<unknown>;
}

/** The outbox log of one hook or channel: each delivery with its attempts, live, with Redeliver. */
export function DeliveryLog({ targetId, label, load, redeliver }: DeliveryLogProps): ReactElement {
  const [list, setList] = useState<readonly HookDelivery[] | null>(null);
  useEffect(() => {
    load()
      .then(setList)
      .catch(() => setList([]));
    return api().subscribe('hooks.delivery', (d) => {
      if (d.hookId === targetId) setList((cur) => [d, ...(cur ?? []).filter((x) => x.id !== d.id)].slice(0, 20));
    });
    // `load` is a new function each render; the target is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [targetId]);
  if (list === null) return <p className="muted">Loading deliveries…</p>;
  if (list.length === 0) return <p className="muted">No deliveries yet.</p>;
  return (
    <table className="table" aria-label={label}>
      <TableHead columns={['Event', 'Status', 'Attempts', 'When']} />
      <tbody>
        {list.map((d) => {
          const last = d.attempts[d.attempts.length - 1];
          return (
            <tr key={d.id}>
              <td>{d.eventType}</td>
              <td>
                <span className={`chip ${d.status === 'succeeded' ? 'chip-ok' : d.status === 'failed' ? 'chip-error' : 'chip-warn'}`}>{d.status}</span>
              </td>
              <td>
                {d.attempts.length}
                {last && ` · last ${last.status ?? 'no answer'}${last.error !== null ? ` (${last.error})` : ''} in ${String(last.durationMs)} ms`}
              </td>
              <td>
                <RelativeTime ts={d.createdAt} />
              </td>
              <td>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={() => void redeliver(d.id).catch((e: unknown) => localToast('Redeliver failed', 'error', errorMessage(e)))}
                >
                  Redeliver
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
