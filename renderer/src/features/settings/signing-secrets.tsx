import { useState, type ReactElement } from 'react';
import type { z } from 'zod';
import type { SecretKindSchema, VendorSecretStateSchema } from '../../../../preload/contract/deliveries';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { useSubmit } from '../../state/use-submit';
import { useLoaded } from '../../state/use-live';
import { BusyButton } from '../../ui/action-button';
import { Dialog } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';

type SecretState = z.infer<typeof VendorSecretStateSchema>;
type Kind = z.infer<typeof SecretKindSchema>;

const listSecrets = async (): Promise<readonly SecretState[]> => (await api().call('webhook.secrets', {})).secrets;

/** Per-vendor signing secrets for inbound webhooks: which are set (never their values), set or remove. */
export function SigningSecrets(): ReactElement | null {
  const { data: secrets, error, setData: setSecrets } = useLoaded(listSecrets);
  const [editing, setEditing] = useState<Kind | null>(null);
  const [value, setValue] = useState('');
  const saving = useSubmit();
  const save = (kind: Kind, secret: string | null): Promise<void> =>
    saving.submit(async () => {
      setSecrets((await api().call('webhook.setSecret', { kind, secret })).secrets);
      setEditing(null);
      setValue('');
      localToast(secret === null ? `Signing secret for ${kind} removed` : `Signing secret for ${kind} saved`, 'success', secret === null ? 'Its requests are accepted unsigned again.' : 'Unsigned or wrongly signed requests are refused from now on.', '/settings');
    });
  if (secrets !== null && secrets.length === 0 && error === null) return null;
  return (
    <div className="signing">
      <h3>Signing secrets</h3>
      <p className="muted">Where a vendor signs its requests, set the same secret here: unsigned or wrongly signed requests are then refused.</p>
      {(saving.error ?? error) !== null && editing === null && <ErrorNote message={saving.error ?? error ?? ''} />}
      <table className="table" aria-label="Signing secrets">
        <tbody>
          {(secrets ?? []).map((s) => (
            <tr key={s.kind}>
              <td>{s.kind}</td>
              <td>{s.configured ? <span className="chip chip-ok">set{s.hint !== null ? ` …${s.hint}` : ''}</span> : <span className="chip">not set</span>}</td>
              <td className="muted">{s.checks}</td>
              <td className="row-actions">
                <button type="button" className="btn btn-small" onClick={() => setEditing(s.kind)}>
                  {s.configured ? 'Change' : 'Set'}
                </button>
                {s.configured && (
                  <BusyButton className="btn btn-small btn-danger-quiet" busy={saving.busy} label="Remove" busyLabel="Removing…" ariaLabel={`Remove the ${s.kind} secret`} onClick={() => void save(s.kind, null)} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing !== null && (
        <Dialog
          open
          title={`Signing secret for ${editing}`}
          onClose={() => setEditing(null)}
          actions={
            <>
              <button type="button" className="btn" onClick={() => setEditing(null)}>
                Cancel
              </button>
              <BusyButton primary busy={saving.busy} label="Save" busyLabel="Saving…" disabled={value === ''} onClick={() => void save(editing, value)} />
            </>
          }
        >
          <div className="field">
            <label htmlFor="vendor-secret">Secret</label>
            <input id="vendor-secret" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
          {saving.error !== null && <ErrorNote message={saving.error} />}
        </Dialog>
      )}
    </div>
  );
}
