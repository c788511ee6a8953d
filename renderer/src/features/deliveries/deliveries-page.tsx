import { useEffect, useState, type ReactElement } from 'react';
import { type Delivery, type DeliverySummary } from '../../../../preload/contract/deliveries';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { useRoute } from '../../state/route-store';
import { localToast } from '../../state/toasts-store';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNote } from '../../ui/error-note';
import { RelativeTime } from '../../ui/relative-time';
import { fullTime } from '../../ui/time';
import { outcome, signatureText, upsertDelivery, verdictTone } from './deliveries-model';

/** Recent inbound webhook requests (like GitHub's "Recent deliveries"): list, detail with headers/body, Replay. */
export function DeliveriesPage({ deliveryId }: { readonly deliveryId: number | null }): ReactElement {
  const go = useRoute((s) => s.go);
  const [list, setList] = useState<readonly DeliverySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    api().call('deliveries.list', { limit: 200 })
      .then((r) => setList(r.deliveries))
      .catch((e: unknown) => setError(errorMessage(e)));
    return api().subscribe('delivery', (d) => setList((cur) => upsertDelivery(cur ?? [], d)));
  }, []);

  const shown = (list ?? []).filter((d) => filter === '' || `${d.vendor} ${d.event} ${d.verdict} ${outcome(d)}`.toLowerCase().includes(filter.toLowerCase()));
  const selected = deliveryId ?? shown[0]?.id ?? null;

  return (
    <section className="page" aria-labelledby="deliveries-title">
      <header className="page-header">
        <h1 id="deliveries-title">Deliveries</h1>
        <input type="search" className="search narrow" aria-label="Search deliveries" placeholder="Search  ( / )" data-search="" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </header>
      {error !== null && <ErrorNote message={error} />}
      {list !== null && list.length === 0 ? (
        <EmptyState title="No deliveries yet">
          <p>Every request to the webhook URL (Settings → Webhook) is listed here: who sent it, what it said, and what Slipway did about it.</p>
        </EmptyState>
      ) : (
        <div className="split">
          <ul className="delivery-list" aria-label="Recent deliveries">
            {shown.map((d) => (
              <li key={d.id}>
                <button type="button" className="delivery-item" aria-current={d.id === selected ? 'true' : undefined} onClick={() => go({ page: 'deliveries', deliveryId: d.id })}>
                  <span className={`chip chip-${verdictTone[d.verdict] || 'plain'}`}>{d.verdict}</span>
                  <span className="delivery-vendor">{d.vendor}</span>
                  <span className="muted">{d.event}</span>
                  <span className="grow" />
                  <RelativeTime ts={d.receivedAt} />
                  <span className="delivery-outcome muted">{outcome(d)}</span>
                </button>
              </li>
            ))}
          </ul>
          {selected !== null && <DeliveryDetail key={selected} id={selected} onReplayed={(d) => (setList((cur) => upsertDelivery(cur ?? [], d)), go({ page: 'deliveries', deliveryId: d.id }))} />}
        </div>
      )}
    </section>
  );
}

function DeliveryDetail({ id, onReplayed }: { readonly id: number; readonly onReplayed: (d: DeliverySummary) => void }): ReactElement {
  const [d, setD] = useState<Delivery | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api().call('deliveries.get', { id })
      .then(setD)
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [id]);
  if (error !== null) return <ErrorNote message={error} />;
  if (!d) return <p className="muted">Loading…</p>;
  const replay = async (): Promise<void> => {
    setBusy(true);
    try {
      const r = await api().call('deliveries.replay', { id });
      localToast(`Replayed as delivery ${String(r.id)}`, 'success', outcome(r));
      onReplayed(r);
    } catch (e) {
      localToast('Replay failed', 'error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const body = d.body === null ? '(pruned)' : d.bodyEncoding === 'base64' ? `(binary, ${String(d.bodyBytes)} bytes, base64)\n${d.body}` : prettyJson(d.body);
  return (
    <article className="delivery-detail" aria-label={`Delivery ${String(d.id)}`}>
      <header className="row">
        <h2>
          {d.vendor} · {d.event}
        </h2>
        <span className={`chip chip-${verdictTone[d.verdict] || 'plain'}`}>
          {d.verdict} ({d.status})
        </span>
        <span className="grow" />
        <button type="button" className="btn btn-small" disabled={busy || d.verdict === 'unauthorized'} onClick={() => void replay()}>
          Replay
        </button>
      </header>
      <dl className="facts">
        <dt>Received</dt>
        <dd>{fullTime(d.receivedAt)}</dd>
        <dt>From</dt>
        <dd>{d.source}</dd>
        {d.deliveryId !== null && (
          <>
            <dt>Sender’s id</dt>
            <dd>
              <code>{d.deliveryId}</code>
            </dd>
          </>
        )}
        <dt>Signature</dt>
        <dd>{d.signature === null ? '—' : signatureText[d.signature]}</dd>
        <dt>Outcome</dt>
        <dd>{outcome(d) || '—'}</dd>
        {d.replayOf !== null && (
          <>
            <dt>Replay of</dt>
            <dd>#{d.replayOf}</dd>
          </>
        )}
      </dl>
      <h3>Request headers</h3>
      <pre className="code">{d.headers === null ? '(pruned)' : Object.entries(d.headers).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`).join('\n')}</pre>
      <h3>Request body</h3>
      <pre className="code">{body}</pre>
      <h3>Response</h3>
      <pre className="code">{JSON.stringify(d.response, null, 2)}</pre>
    </article>
  );
}

function prettyJson(s: string): string {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
}
