import { useState, type ReactElement } from 'react';
import {
  channelEventTypes,
  channelKinds,
  channelUrlExamples,
  type Channel,
  type ChannelEventType,
  type ChannelKind,
  type ChannelTestResult,
} from '../../../../preload/contract/channels';
import { Refusal } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { useProjects } from '../../state/projects-store';
import { useLoaded } from '../../state/use-live';
import { localToast } from '../../state/toasts-store';
import { useSubmit } from '../../state/use-submit';
import { ActionButton, BusyButton, type Outcome } from '../../ui/action-button';
import { ConfirmButton } from '../../ui/confirm-button';
import { EnabledSwitch } from '../../ui/enabled-switch';
import { Dialog } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';
import { StatusDot } from '../../ui/status-dot';
import { DeliveryLog, TargetHealth } from './delivery-log';
import { EventPicker, type Chosen } from './event-picker';
import { IdOptions } from '../../ui/id-options';

const KIND_LABELS: Record<ChannelKind, string> = {
  matrix: 'Matrix',
  ntfy: 'ntfy',
  gotify: 'Gotify',
  slack: 'Slack (incoming webhook)',
  discord: 'Discord (webhook)',
  telegram: 'Telegram (bot)',
  smtp: 'Email (SMTP)',
};

const EVENT_LABELS: Record<ChannelEventType, string> = {
  'deploy.succeeded': 'deploy succeeded',
  'deploy.failed': 'deploy failed',
  'update.available': 'update available',
  'instance.died': 'instance died',
  'log-rule.fired': 'log rule fired',
  'git.push': 'git push',
  'hook.disabled': 'hook or channel turned off',
};

type Events = Chosen<ChannelEventType>;
const SETTINGS = '/settings';
const eventLabel = (t: ChannelEventType): string => EVENT_LABELS[t];

function ProjectPicker({ value, onChange, id }: { readonly value: number | null; readonly onChange: (p: number | null) => void; readonly id: string }): ReactElement {
  const projects = useProjects((s) => s.projects);
  return (
    <div className="field">
      <label htmlFor={id}>Projects</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}>
        <IdOptions items={projects} all="All projects" />
      </select>
    </div>
  );
}

function TestAnswer({ result }: { readonly result: ChannelTestResult }): ReactElement {
  const head = result.ok ? `Sent. The server answered ${String(result.status ?? '')}` : `Not sent: ${result.error ?? 'no answer'}`;
  return (
    <p role="status" className={result.ok ? undefined : 'field-error'}>
      {head}
      {result.answer !== null && (
        <>
          {': '}
          <code>{result.answer}</code>
        </>
      )}
    </p>
  );
}

function EditChannel({ channel, onClose, onSaved }: { readonly channel: Channel; readonly onClose: () => void; readonly onSaved: () => Promise<void> }): ReactElement {
  const [name, setName] = useState(channel.name);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<Events>(channel.events === null ? null : new Set(channel.events));
  const [projectId, setProjectId] = useState<number | null>(channel.projectId);
  const { submit, busy, error } = useSubmit();
  const save = (): Promise<void> =>
    submit(async () => {
      await api().call('channels.update', {
        id: channel.id,
        name: name.trim(),
        events: events === null ? null : [...events],
        projectId,
        ...(url.trim() !== '' ? { url: url.trim() } : {}),
      });
      await onSaved();
      localToast(`Channel ${name.trim()} saved`, 'success', '', SETTINGS);
      onClose();
    });
  return (
    <Dialog
      open
      title={`Edit ${channel.name}`}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <BusyButton primary busy={busy} label="Save" busyLabel="Saving…" disabled={name.trim() === ''} onClick={() => void save()} />
        </>
      }
    >
      <div className="field">
        <label htmlFor="channel-edit-name">Name</label>
        <input id="channel-edit-name" type="text" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="channel-edit-url">New URL</label>
        <input id="channel-edit-url" type="text" className="mono" placeholder={`keep ${channel.url}`} value={url} onChange={(e) => setUrl(e.target.value)} />
        <p className="muted">The stored URL is never shown, since it holds secrets. Leave this empty to keep it.</p>
      </div>
      <ProjectPicker id="channel-edit-project" value={projectId} onChange={setProjectId} />
      <EventPicker types={channelEventTypes} label={eventLabel} idPrefix="channel-edit-event" value={events} onChange={setEvents} />
      {error !== null && <ErrorNote message={error} />}
    </Dialog>
  );
}

function ChannelRow({ channel, onChanged }: { readonly channel: Channel; readonly onChanged: () => Promise<void> }): ReactElement {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [result, setResult] = useState<ChannelTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const projects = useProjects((s) => s.projects);
  const project = channel.projectId === null ? 'all projects' : (projects.find((p) => p.id === channel.projectId)?.name ?? `project ${String(channel.projectId)}`);
  const test = async (): Promise<Outcome> => {
    setResult(null);
    const r = await api().call('channels.test', { id: channel.id });
    setResult(r);
    await onChanged();
    if (!r.ok) throw new Refusal(r.error ?? 'The service did not answer.');
    return { title: `Test message sent to ${channel.name}`, body: `The server answered ${String(r.status ?? '')}.`, route: SETTINGS };
  };
  return (
    <div className="hook-row" aria-label={`Channel ${channel.name}`} role="group">
      <div className="row">
        <StatusDot tone={!channel.enabled ? 'off' : channel.failingSince !== null ? 'bad' : 'ok'} />
        <strong>{channel.name}</strong>
        <code className="grow">{channel.url}</code>
        <span className="muted">
          {channel.events === null ? 'all events' : channel.events.map((e) => EVENT_LABELS[e]).join(', ')} · {project}
        </span>
        <EnabledSwitch
          label={`Channel ${channel.name} enabled`}
          checked={channel.enabled}
          onToggle={(enabled) => api().call('channels.update', { id: channel.id, enabled }).then(onChanged)}
          onError={setError}
        />
        <ActionButton className="btn btn-small" label="Send test" busyLabel="Sending…" disabled={!channel.enabled} run={test} failure={`The test message to ${channel.name} was not sent`} failureRoute={SETTINGS} />
        <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
          Edit
        </button>
        <button type="button" className="btn btn-small" aria-expanded={open} onClick={() => setOpen(!open)}>
          Delivery log{channel.pendingDeliveries > 0 ? ` (${String(channel.pendingDeliveries)} pending)` : ''}
        </button>
        <ConfirmButton
          label="Remove"
          title={`Remove the channel ${channel.name}?`}
          confirmLabel="Remove"
          destructive
          outcome={{ title: `Channel ${channel.name} removed`, route: SETTINGS }}
          onConfirm={async () => (await api().call('channels.remove', { id: channel.id }), await onChanged())}>
          <p>Its delivery log goes too.</p>
        </ConfirmButton>
      </div>
      <TargetHealth disabledReason={channel.disabledReason} failingSince={channel.failingSince} />
      {result !== null && <TestAnswer result={result} />}
      {error !== null && <ErrorNote message={error} />}
      {open && (
        <DeliveryLog
          targetId={channel.id}
          label={`Messages to ${channel.name}`}
          load={async (beforeId, limit) => (await api().call('channels.deliveries', { channelId: channel.id, limit, ...(beforeId !== undefined ? { beforeId } : {}) })).deliveries}
          redeliver={(deliveryId) => api().call('channels.redeliver', { deliveryId })}
        />
      )}
      {editing && <EditChannel channel={channel} onClose={() => setEditing(false)} onSaved={onChanged} />}
    </div>
  );
}

const listChannels = async (): Promise<readonly Channel[]> => (await api().call('channels.list', {})).channels;

/** Notification channels: short messages about what happens, to chat rooms, phones and inboxes. */
export function ChannelsSection(): ReactElement {
  const { data, error, reload: load } = useLoaded(listChannels);
  const channels = data ?? [];
  const [kind, setKind] = useState<ChannelKind>('ntfy');
  const [url, setUrl] = useState('');
  const [name, setName] = useState('');
  const [events, setEvents] = useState<Events>(null);
  const [projectId, setProjectId] = useState<number | null>(null);

  const adding = useSubmit();
  const add = (): Promise<void> =>
    adding.submit(async () => {
      const c = await api().call('channels.create', {
        url: url.trim(),
        events: events === null ? null : [...events],
        projectId,
        ...(name.trim() !== '' ? { name: name.trim() } : {}),
      });
      setUrl('');
      setName('');
      await load();
      localToast(`Channel ${c.name} added`, 'success', 'Use Send test to check it.', SETTINGS);
    });
  return (
    <section className="card settings-section" aria-labelledby="set-channels">
      <h2 id="set-channels">Channels</h2>
      <p className="muted">
        Short messages to Matrix, ntfy, Gotify, Slack, Discord, Telegram or email when something happens, each with a link back here. Sent through the same outbox
        as hooks: retried until the service accepts them.
      </p>
      {channels.map((c) => (
        <ChannelRow key={c.id} channel={c} onChanged={load} />
      ))}
      <div className="field">
        <label htmlFor="channel-kind">Kind</label>
        <select id="channel-kind" value={kind} onChange={(e) => setKind(e.target.value as ChannelKind)}>
          {channelKinds.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="channel-url">Channel URL</label>
        <div className="input-row">
          <input id="channel-url" type="text" className="mono" autoComplete="off" spellCheck={false} placeholder={channelUrlExamples[kind]} value={url} onChange={(e) => setUrl(e.target.value)} />
          <BusyButton busy={adding.busy} label="Add channel" busyLabel="Adding…" disabled={url.trim() === ''} onClick={() => void add()} />
        </div>
        <p className="muted">
          The shoutrrr URL format, e.g. <code>{channelUrlExamples[kind]}</code>. Passwords and tokens in it are sealed on this machine and never shown again.
        </p>
      </div>
      <div className="field">
        <label htmlFor="channel-name">Name (optional)</label>
        <input id="channel-name" type="text" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <ProjectPicker id="channel-project" value={projectId} onChange={setProjectId} />
      <EventPicker types={channelEventTypes} label={eventLabel} idPrefix="channel-event" value={events} onChange={setEvents} />
      {(adding.error ?? error) !== null && <ErrorNote message={adding.error ?? error ?? ''} />}
    </section>
  );
}
