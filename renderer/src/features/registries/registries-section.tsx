import { useState, type ReactElement } from 'react';
import type { RegistryEntry, RegistryTestResult } from '../../../../preload/contract/registries';
import { errorMessage, Refusal } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { useSubmit } from '../../state/use-submit';
import { useLoaded } from '../../state/use-live';
import { ActionButton, BusyButton, type Outcome } from '../../ui/action-button';
import { Dialog } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';
import { Icon } from '../../ui/icons';
import { RelativeTime } from '../../ui/relative-time';
import { TableHead } from '../../ui/table-head';
import { entryStatus, verdictChip } from './registries-model';
import { RegistryForm } from './registry-form';

const SETTINGS = '/settings';

function RemoveButton({ host, onRemoved }: { readonly host: string; readonly onRemoved: () => Promise<void> }): ReactElement {
  const [open, setOpen] = useState(false);
  const { submit, busy, error } = useSubmit();
  const remove = (): Promise<void> =>
    submit(async () => {
      await api().call('registries.remove', { host });
      setOpen(false);
      localToast(`Credentials for ${host} removed`, 'success', '', SETTINGS);
      await onRemoved();
    });
  return (
    <>
      <button type="button" className="btn btn-small btn-danger-quiet" aria-label={`Remove ${host}`} onClick={() => setOpen(true)}>
        <Icon name="trash" />
        Remove
      </button>
      <Dialog
        open={open}
        title={`Remove the credentials for ${host}?`}
        onClose={() => setOpen(false)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <BusyButton className="btn btn-danger" busy={busy} label="Remove" busyLabel="Removing…" onClick={() => void remove()} />
          </>
        }
      >
        <p>Polls, tag lists and pulls from {host} then use what docker login saved, or no credentials at all.</p>
        {error !== null && <ErrorNote message={error} />}
      </Dialog>
    </>
  );
}

function Row({ entry, onEdit, reload }: { readonly entry: RegistryEntry; readonly onEdit: () => void; readonly reload: () => Promise<void> }): ReactElement {
  const [result, setResult] = useState<RegistryTestResult | null>(null);
  const status = entryStatus(entry);
  const test = async (): Promise<Outcome> => {
    let r: RegistryTestResult;
    try {
      r = await api().call('registries.test', { host: entry.host });
    } catch (e) {
      r = { ok: false, verdict: 'error', message: errorMessage(e), authenticated: false, credentialsFrom: 'saved' };
    }
    setResult(r);
    await reload();
    if (!r.ok) throw new Refusal(r.message);
    return { title: `${entry.host}: ${verdictChip(r.verdict).label}`, body: r.message, route: SETTINGS };
  };
  // A test just made shows its whole message; otherwise the saved status (the last test's message only when it failed).
  const shown = result ? { ...verdictChip(result.verdict), detail: result.message, at: null, bad: !result.ok } : { ...status, bad: status.detail !== null };
  return (
    <tr>
      <td className="mono">{entry.host}</td>
      <td>{entry.username}</td>
      <td>
        <div role="status" aria-live="polite" aria-label={`Status of ${entry.host}`}>
          <span className={shown.className}>{shown.label}</span>
          {shown.at !== null && (
            <span className="muted">
              {' '}
              <RelativeTime ts={shown.at} />
            </span>
          )}
          {shown.detail !== null && <div className={shown.bad ? 'field-error' : 'muted'}>{shown.detail}</div>}
        </div>
      </td>
      <td>
        <div className="row-actions">
          <ActionButton className="btn btn-small" label="Test" busyLabel="Testing…" ariaLabel={`Test ${entry.host}`} run={test} failure={`Testing ${entry.host} failed`} failureRoute={SETTINGS} />
          <button type="button" className="btn btn-small" aria-label={`Edit ${entry.host}`} onClick={onEdit}>
            Edit
          </button>
          <RemoveButton host={entry.host} onRemoved={reload} />
        </div>
      </td>
    </tr>
  );
}

const listRegistries = async (): Promise<readonly RegistryEntry[]> => (await api().call('registries.list', {})).registries;

/** Settings → Registries: credentials for private registries, stored encrypted, with a Test button. */
export function RegistriesSection(): ReactElement {
  const { data: entries, error, reload: load } = useLoaded(listRegistries);
  // null: closed; 'new': adding; an entry: editing it.
  const [form, setForm] = useState<RegistryEntry | 'new' | null>(null);

  return (
    <section className="card settings-section" aria-labelledby="set-registries">
      <h2 id="set-registries">Registries</h2>
      <p className="muted">
        Credentials for private registries, used to list tags, poll and pull. Passwords are stored encrypted and never shown again. Credentials saved by <code>docker login</code> (
        <code>~/.docker/config.json</code>) are used too; these win.
      </p>
      {entries !== null && entries.length > 0 && (
        <table className="table" aria-label="Saved registry credentials">
          <TableHead columns={['Host', 'Username', 'Status']} />
          <tbody>
            {entries.map((e) => (
              <Row key={e.host} entry={e} onEdit={() => setForm(e)} reload={load} />
            ))}
          </tbody>
        </table>
      )}
      {entries !== null && entries.length === 0 && <p>No saved credentials. Public images and those docker login covers need none; for a private registry, use Add registry below.</p>}
      {error !== null && <ErrorNote message={error} />}
      <div className="row">
        <button type="button" className="btn" onClick={() => setForm('new')}>
          <Icon name="plus" />
          Add registry
        </button>
      </div>
      {form !== null && (
        <RegistryForm
          editing={form === 'new' ? null : form}
          onClose={() => setForm(null)}
          onSaved={(saved) => {
            setForm(null);
            localToast(`Credentials for ${saved.host} saved`, 'success', 'Use Test to check them against the registry.', SETTINGS);
            void load();
          }}
        />
      )}
    </section>
  );
}
