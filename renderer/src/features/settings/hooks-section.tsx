import { useState, type ReactElement } from 'react';
import { notableEventTypes, type NotableEventType } from '../../../../preload/contract';
import type { Hook } from '../../../../preload/contract/hooks';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { useLoaded } from '../../state/use-live';
import { useSubmit } from '../../state/use-submit';
import { BusyButton } from '../../ui/action-button';
import { ConfirmButton } from '../../ui/confirm-button';
import { EnabledSwitch } from '../../ui/enabled-switch';
import { CopyButton } from '../../ui/copy-button';
import { Dialog } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';
import { DeliveryLog, TargetHealth } from './delivery-log';
import { EventPicker, type Chosen } from './event-picker';
import { StatusDot } from '../../ui/status-dot';

/** The signing secret, shown once after create or rotate. */
function SecretOnce({ secret, onClose }: { readonly secret: string; readonly onClose: () => void }): ReactElement {
  return (
    <Dialog open title="Signing secret" onClose={onClose} actions={<button type="button" className="btn btn-primary" onClick={onClose}>Done</button>}>
      <p>Give this secret to the receiver so it can verify deliveries (Standard Webhooks). It is shown only now.</p>
      <div className="input-row">
        <input className="mono" type="text" readOnly aria-label="Hook signing secret" value={secret} />
        <CopyButton text={secret} label="Copy signing secret" />
      </div>
    </Dialog>
  );
}

const listHooks = async (): Promise<readonly Hook[]> => (await api().call('hooks.list', {})).hooks;

/** Outbound hooks: signed deliveries of notable events to URLs the user names. */
export function HooksSection(): ReactElement {
  const { data, error: loadError, reload: load } = useLoaded(listHooks);
  const hooks = data ?? [];
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<Chosen<NotableEventType>>(null);
  const [rowError, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const error = rowError ?? loadError;

  const adding = useSubmit();
  const add = (): Promise<void> =>
    adding.submit(async () => {
      const h = await api().call('hooks.create', { url: url.trim(), events: events === null ? null : [...events] });
      setUrl('');
      setError(null);
      setSecret(h.secret);
      await load();
      localToast('Hook added', 'success', `Deliveries to ${h.url} start with the next notable event.`, '/settings');
    });
  return (
    <section className="card settings-section" aria-labelledby="set-hooks">
      <h2 id="set-hooks">Hooks</h2>
      <p className="muted">Slipway POSTs signed JSON (Standard Webhooks) to these URLs when something notable happens, retrying until they answer 2xx.</p>
      {hooks.map((h) => (
        <HookRow key={h.id} hook={h} open={open === h.id} onOpen={() => setOpen(open === h.id ? null : h.id)} onSecret={setSecret} onError={setError} reload={load} />
      ))}
      <div className="field">
        <label htmlFor="hook-url">New hook URL</label>
        <div className="input-row">
          <input id="hook-url" type="text" className="mono" placeholder="https://example.com/slipway" value={url} onChange={(e) => setUrl(e.target.value)} />
          <BusyButton busy={adding.busy} label="Add hook" busyLabel="Adding…" disabled={url.trim() === ''} onClick={() => void add()} />
        </div>
      </div>
      <EventPicker types={notableEventTypes} idPrefix="hook-event" value={events} onChange={setEvents} />
      {(adding.error ?? error) !== null && <ErrorNote message={adding.error ?? error ?? ''} />}
      {secret !== null && <SecretOnce secret={secret} onClose={() => setSecret(null)} />}
    </section>
  );
}

interface HookRowProps {
  readonly hook: Hook;
  /** Whether its delivery log is shown. */
  readonly open: boolean;
  readonly onOpen: () => void;
  readonly onSecret: (secret: string) => void;
  readonly onError: (message: string) => void;
  readonly reload: () => Promise<void>;
}

/** One hook: its state, the enabled switch, secret rotation, removal and (opened) its delivery log. */
function HookRow({ hook: h, open, onOpen, onSecret, onError, reload }: HookRowProps): ReactElement {
  return (
    <div className="hook-row" role="group" aria-label={`Hook ${h.url}`}>
      <div className="row">
        <StatusDot tone={!h.enabled ? 'off' : h.failingSince !== null ? 'bad' : 'ok'} />
        <code className="grow">{h.url}</code>
        <span className="muted">{h.events === null ? 'all events' : h.events.join(', ')}</span>
        <EnabledSwitch label={`Hook ${h.url} enabled`} checked={h.enabled} onToggle={(enabled) => api().call('hooks.update', { id: h.id, enabled }).then(reload)} onError={onError} />
        <button type="button" className="btn btn-small" aria-expanded={open} onClick={onOpen}>
          Deliveries{h.pendingDeliveries > 0 ? ` (${String(h.pendingDeliveries)} pending)` : ''}
        </button>
        <ConfirmButton
          label="Rotate secret"
          className="btn btn-small"
          title="Rotate the signing secret?"
          confirmLabel="Rotate"
          onConfirm={async () => {
            const r = await api().call('hooks.update', { id: h.id, rotateSecret: true });
            if (r.secret !== undefined) onSecret(r.secret);
          }}
        >
          <p>Deliveries are signed with the new secret from now on; the receiver must be given it.</p>
        </ConfirmButton>
        <ConfirmButton label="Remove" title={`Remove the hook to ${h.url}?`} confirmLabel="Remove" destructive outcome={{ title: 'Hook removed', body: h.url, route: '/settings' }} onConfirm={async () => (await api().call('hooks.remove', { id: h.id }), await reload())}>
          <p>Its delivery log goes too.</p>
        </ConfirmButton>
      </div>
      <TargetHealth disabledReason={h.disabledReason} failingSince={h.failingSince} />
      {open && (
        <DeliveryLog
          targetId={h.id}
          label={`Deliveries to ${h.url}`}
          load={async (beforeId, limit) => (await api().call('hooks.deliveries', { hookId: h.id, limit, ...(beforeId !== undefined ? { beforeId } : {}) })).deliveries}
          redeliver={(deliveryId) => api().call('hooks.redeliver', { deliveryId })}
        />
      )}
    </div>
  );
}
