import { useEffect, useState, type ReactElement } from 'react';
import type { z } from 'zod';
import type { SecretKindSchema, VendorSecretStateSchema } from '../../../../preload/contract/deliveries';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { Dialog } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';

type SecretState = z.infer<typeof VendorSecretStateSchema>;
type Kind = z.infer<typeof SecretKindSchema>;

/** Per-vendor signing secrets for inbound webhooks: which are set (never their values), set or remove. */
export function SigningSecrets(): ReactElement | null {
  const [secrets, setSecrets] = useState<readonly SecretState[] | null>(null);
  const [editing, setEditing] = useState<Kind | null>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api()
      .call('webhook.secrets', {})
      .then((r) => setSecrets(r.secrets))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  const save = async (kind: Kind, secret: string | null): Promise<void> => {
    try {
      setSecrets((await api().call('webhook.setSecret', { kind, secret })).secrets);
      setEditing(null);
      setValue('');
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  if (secrets !== null && secrets.length === 0 && error === null) return null;
  return (
    <div className="signing">
      <h3>Signing secrets</h3>
      <p className="muted">Where a vendor signs its requests, set the same secret here: unsigned or wrongly signed requests are then refused.</p>
      {error !== null && <ErrorNote message={error} />}
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
                  <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => void save(s.kind, null)}>
                    Remove
                  </button>
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
              <button type="button" className="btn btn-primary" disabled={value === ''} onClick={() => void save(editing, value)}>
                Save
              </button>
            </>
          }
        >
          <div className="field">
            <label htmlFor="vendor-secret">Secret</label>
            <input id="vendor-secret" type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
        </Dialog>
      )}
    </div>
  );
}
