import { useId, useState, type ReactElement } from 'react';
import type { GitCredential } from '../../../../preload/contract/git-credentials';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { useLoaded } from '../../state/use-live';
import { ErrorNote } from '../../ui/error-note';
import { Icon } from '../../ui/icons';
import { RelativeTime } from '../../ui/relative-time';
import { TableHead } from '../../ui/table-head';

function Field(p: { readonly label: string; readonly value: string; readonly onChange: (v: string) => void; readonly type?: 'password'; readonly placeholder?: string; readonly autoComplete: string }): ReactElement {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <input
        id={id}
        type={p.type ?? 'text'}
        className={p.type ? undefined : 'mono'}
        value={p.value}
        placeholder={p.placeholder}
        autoComplete={p.autoComplete}
        spellCheck={false}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </div>
  );
}

const listCredentials = async (): Promise<readonly GitCredential[]> => (await api().call('gitCredentials.list', {})).credentials;

/** Settings → Git credentials: a user name and token per git host, for static sites without a token of their own. */
export function GitCredentialsSection(): ReactElement {
  const { data: entries, error: loadError, reload: load } = useLoaded(listCredentials);
  const [runError, setError] = useState<string | null>(null);
  const error = runError ?? loadError;
  const [host, setHost] = useState('');
  const [username, setUsername] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);

  const run = async (what: () => Promise<string>): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      localToast(await what(), 'success', '', '/settings');
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const save = (): Promise<void> =>
    run(async () => {
      const saved = await api().call('gitCredentials.save', { host, username, token });
      setHost('');
      setUsername('');
      setToken('');
      return `Git credentials for ${saved.host} saved`;
    });

  return (
    <section className="card settings-section" aria-labelledby="set-git-credentials">
      <h2 id="set-git-credentials">Git credentials</h2>
      <p className="muted">
        A user name and access token per git host, for static sites from private repositories that have no token of their own. Tokens are stored encrypted and never shown
        again.
      </p>
      {entries !== null && entries.length > 0 && (
        <CredentialsTable
          entries={entries}
          busy={busy}
          onRemove={(h) =>
            void run(async () => {
              await api().call('gitCredentials.remove', { host: h });
              return `Git credentials for ${h} removed`;
            })
          }
        />
      )}
      {entries !== null && entries.length === 0 && <p>No saved git credentials. Public repositories need none.</p>}
      <form
        aria-label="Add git credentials"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="row">
          <Field label="Git host" value={host} onChange={setHost} placeholder="git.example.com" autoComplete="off" />
          <Field label="Username" value={username} onChange={setUsername} autoComplete="off" />
          <Field label="Access token" type="password" value={token} onChange={setToken} autoComplete="new-password" />
        </div>
        <button type="submit" className="btn" disabled={busy || host.trim() === '' || username.trim() === '' || token === ''}>
          <Icon name="plus" />
          Save credentials
        </button>
      </form>
      {error !== null && <ErrorNote message={error} />}
    </section>
  );
}

/** The saved hosts, each with its user name, when it was saved (or what is wrong with it) and a Remove button. */
function CredentialsTable({ entries, busy, onRemove }: { readonly entries: readonly GitCredential[]; readonly busy: boolean; readonly onRemove: (host: string) => void }): ReactElement {
  return (
    <table className="table" aria-label="Saved git credentials">
      <TableHead columns={['Host', 'Username', 'Saved']} actions="Actions" />
      <tbody>
        {entries.map((e) => (
          <tr key={e.host}>
            <td className="mono">{e.host}</td>
            <td>{e.username}</td>
            <td>{e.problem !== null ? <span className="field-error">{e.problem}</span> : <RelativeTime ts={e.updatedAt} />}</td>
            <td>
              <button type="button" className="btn btn-small btn-danger-quiet" aria-label={`Remove ${e.host}`} disabled={busy} onClick={() => onRemove(e.host)}>
                <Icon name="trash" />
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
