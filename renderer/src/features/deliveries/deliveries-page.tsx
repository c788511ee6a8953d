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
import { outcome, signatureText, verdictTone } from './deliveries-model';
import { usePages } from '../../state/use-pages';
import { WindowedList } from '../../ui/windowed-list';

/** Deliveries fetched per page, and each row's height in the list. */
const PAGE = 500;
const ROW = 54;

/** Recent inbound webhook requests (like GitHub's "Recent deliveries"): list, detail with headers/body, Replay. */
export function DeliveriesPage({ deliveryId }: { readonly deliveryId: number | null }): ReactElement {
  const go = useRoute((s) => s.go);
  const pages = usePages<DeliverySummary>('deliveries', async (beforeId, limit) => (await api().call('deliveries.list', { limit, ...(beforeId !== undefined ? { beforeId } : {}) })).deliveries, PAGE);
  const { upsert } = pages;
  const list = pages.items;
  const error = pages.error;
  const [filter, setFilter] = useState('');

  useEffect(() => api().subscribe('delivery', upsert), [upsert]);

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
          <p>Every request to the webhook URL is listed here: who sent it, what it said, and what Slipway did about it.</p>
          <p>Next: copy the webhook URL from Settings → Webhook into your CI, forge or registry (it shows a snippet per vendor), or let the poller find new tags (Poller).</p>
          <p className="row">
            <button type="button" className="btn btn-primary" onClick={() => go({ page: 'settings' })}>
              Open Settings → Webhook
            </button>
            <button type="button" className="btn" onClick={() => go({ page: 'poller' })}>
              Open Poller
            </button>
          </p>
        </EmptyState>
      ) : (
        <div className="split">
          <WindowedList
            items={shown}
            rowHeight={ROW}
            rowKey={(d) => d.id}
            label="Recent deliveries"
            className="delivery-list"
            hasMore={pages.hasOlder}
            loadingMore={pages.loadingOlder}
            onEndReached={pages.loadOlder}
            renderRow={(d) => (
              <button type="button" className="delivery-item" aria-current={d.id === selected ? 'true' : undefined} onClick={() => go({ page: 'deliveries', deliveryId: d.id })}>
                <span className={`chip chip-${verdictTone[d.verdict] || 'plain'}`}>{d.verdict}</span>
                <span className="delivery-vendor">{d.vendor}</span>
                <span className="muted">{d.event}</span>
                <span className="grow" />
                <RelativeTime ts={d.receivedAt} />
                <span className="delivery-outcome muted">{outcome(d)}</span>
              </button>
            )}
          />
          {selected !== null && <DeliveryDetail key={selected} id={selected} onReplayed={(d) => (upsert(d), go({ page: 'deliveries', deliveryId: d.id }))} />}
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
      localToast(`Replayed as delivery ${String(r.id)}`, 'success', outcome(r), `/deliveries/${String(r.id)}`);
      onReplayed(r);
    } catch (e) {
      localToast('Replay failed', 'error', errorMessage(e), `/deliveries/${String(id)}`);
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
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? 'Replaying…' : 'Replay'}
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
