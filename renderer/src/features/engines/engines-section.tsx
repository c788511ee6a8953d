import { useCallback, useEffect, useId, useState, type ReactElement } from 'react';
import type { DockerContext, EngineInput, EngineView } from '../../../../preload/contract/engines';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { useSubmit } from '../../state/use-submit';
import { ActionButton } from '../../ui/action-button';
import { ErrorNote } from '../../ui/error-note';
import { Icon } from '../../ui/icons';
import { TableHead } from '../../ui/table-head';

type Kind = EngineInput['kind'];

function Field(p: { readonly label: string; readonly value: string; readonly onChange: (v: string) => void; readonly placeholder?: string; readonly hint?: string }): ReactElement {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{p.label}</label>
      <input id={id} type="text" className="mono" value={p.value} placeholder={p.placeholder} autoComplete="off" spellCheck={false} onChange={(e) => p.onChange(e.target.value)} />
      {p.hint !== undefined && <span className="muted">{p.hint}</span>}
    </div>
  );
}

/** The engine's state in one line: version, API, OS/arch, swarm, or why it does not answer. */
function StateLine({ e }: { readonly e: EngineView }): ReactElement {
  const s = e.state;
  if (!s.reachable) {
    return (
      <span className="field-error">
        unreachable{s.error !== null ? `: ${s.error}` : ''}
        {s.hint !== null && <span className="muted"> {s.hint}</span>}
      </span>
    );
  }
  return (
    <span>
      Docker {s.version ?? '?'} · API {s.apiVersion ?? '?'} · {s.os ?? '?'}/{s.arch ?? '?'} · swarm {s.swarm ?? 'unknown'}
    </span>
  );
}

const empty = { name: '', url: '', ca: '', cert: '', key: '', publishAddress: '0.0.0.0', keyFile: '', socket: '/var/run/docker.sock', context: '' };

function inputOf(kind: Kind, f: typeof empty): EngineInput {
  if (kind === 'tls') return { kind, name: f.name.trim(), url: f.url.trim(), ca: f.ca.trim(), cert: f.cert.trim(), key: f.key.trim(), publishAddress: f.publishAddress.trim() };
  if (kind === 'ssh') return { kind, name: f.name.trim(), url: f.url.trim(), keyFile: f.keyFile.trim() === '' ? null : f.keyFile.trim(), socket: f.socket.trim() };
  return { kind, name: f.name.trim(), context: f.context, socket: f.socket.trim() };
}

/** One engine: its state, a host key waiting to be accepted, Test and Remove. */
function EngineRow({ e, replace, reload }: { readonly e: EngineView; readonly replace: (v: EngineView) => void; readonly reload: () => Promise<void> }): ReactElement {
  return (
    <tr>
      <td>
        {e.name} <span className="muted">({e.kind})</span>
      </td>
      <td className="mono">{e.url}</td>
      <td>
        <StateLine e={e} />
        {e.hostKeyPending !== null && (
          <div role="alert">
            {e.hostKeyPending.reason === 'changed' ? 'The host key CHANGED: ' : 'New host key: '}
            <code>
              {e.hostKeyPending.algorithm} {e.hostKeyPending.fingerprint}
            </code>{' '}
            <ActionButton
              className="btn btn-small"
              label="Accept this key"
              busyLabel="Accepting…"
              ariaLabel={`Accept the host key of ${e.name}`}
              failure={`Could not accept the host key of ${e.name}`}
              run={async () => {
                const v = await api().call('engines.acceptHostKey', { name: e.name, fingerprint: e.hostKeyPending?.fingerprint ?? '' });
                replace(v);
                return { title: `Host key of ${e.name} accepted`, body: v.state.reachable ? 'The engine answers.' : (v.state.error ?? '') };
              }}
            />
          </div>
        )}
      </td>
      <td>{e.stages}</td>
      <td>
        <ActionButton
          className="btn btn-small"
          label="Test"
          busyLabel="Testing…"
          ariaLabel={`Test ${e.name}`}
          failure={`Could not test ${e.name}`}
          run={async () => {
            const v = await api().call('engines.test', { name: e.name });
            replace(v);
            return { title: v.state.reachable ? `${e.name} answers` : `${e.name} does not answer`, body: v.state.reachable ? `Docker ${v.state.version ?? '?'}` : (v.state.error ?? '') };
          }}
        />
        {!e.builtIn && (
          <ActionButton
            className="btn btn-small btn-danger-quiet"
            label="Remove"
            busyLabel="Removing…"
            ariaLabel={`Remove ${e.name}`}
            icon={<Icon name="trash" />}
            disabled={e.stages > 0}
            failure={`Could not remove ${e.name}`}
            run={async () => {
              await api().call('engines.remove', { name: e.name });
              await reload();
              return { title: `Engine ${e.name} removed` };
            }}
          />
        )}
      </td>
    </tr>
  );
}

/** The add form, with the fields of the kind picked. */
function AddEngineForm({ contexts, added }: { readonly contexts: readonly DockerContext[]; readonly added: (v: EngineView) => void }): ReactElement {
  const [kind, setKind] = useState<Kind>('tls');
  const [form, setForm] = useState(empty);
  const { submit, busy, error } = useSubmit();
  const set = (k: keyof typeof empty) => (v: string) => setForm({ ...form, [k]: v });
  return (
    <form
      aria-label="Add an engine"
      onSubmit={(ev) => {
        ev.preventDefault();
        void submit(async () => {
          added(await api().call('engines.add', inputOf(kind, form)));
          setForm(empty);
        });
      }}
    >
      <div className="row">
        <div className="field">
          <label htmlFor="engine-kind">Kind</label>
          <select id="engine-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="tls">tcp:// with TLS certificates</option>
            <option value="ssh">ssh://</option>
            <option value="context">Docker CLI context</option>
          </select>
        </div>
        <Field label="Name" value={form.name} onChange={set('name')} placeholder="prod" />
      </div>
      {kind === 'tls' && (
        <div className="row">
          <Field label="URL" value={form.url} onChange={set('url')} placeholder="tcp://build.lan:2376" />
          <Field label="CA certificate" value={form.ca} onChange={set('ca')} placeholder="~/.docker/ca.pem" />
          <Field label="Client certificate" value={form.cert} onChange={set('cert')} placeholder="~/.docker/cert.pem" />
          <Field label="Client key" value={form.key} onChange={set('key')} placeholder="~/.docker/key.pem" />
          <Field label="Publish address" value={form.publishAddress} onChange={set('publishAddress')} hint="the host's address instances publish their port on" />
        </div>
      )}
      {kind === 'ssh' && (
        <div className="row">
          <Field label="URL" value={form.url} onChange={set('url')} placeholder="ssh://deploy@prod.lan" />
          <Field label="Key file" value={form.keyFile} onChange={set('keyFile')} placeholder="empty: the SSH agent" />
          <Field label="Docker socket there" value={form.socket} onChange={set('socket')} />
        </div>
      )}
      {kind === 'context' && (
        <div className="row">
          <div className="field">
            <label htmlFor="engine-context">Context</label>
            <select id="engine-context" value={form.context} onChange={(e) => setForm({ ...form, context: e.target.value, name: form.name === '' ? e.target.value.toLowerCase() : form.name })}>
              <option value="">(pick one)</option>
              {contexts.map((c) => (
                <option key={c.name} value={c.name} disabled={!c.importable}>
                  {c.name} — {c.host}
                  {c.problem !== null ? ` (${c.problem})` : ''}
                </option>
              ))}
            </select>
          </div>
          {contexts.find((c) => c.name === form.context)?.host.startsWith('ssh://') === true && (
            <Field label="Docker socket there" value={form.socket} onChange={set('socket')} hint="ssh:// contexts log in through the SSH agent and open this socket on the host" />
          )}
        </div>
      )}
      <button type="submit" className="btn" disabled={busy || form.name.trim() === ''} aria-busy={busy}>
        <Icon name="plus" />
        {busy ? 'Adding…' : 'Add engine'}
      </button>
      {error !== null && <ErrorNote message={error} />}
    </form>
  );
}

/** Settings → Engines: where stages can run, each with its state, a Test button, and host keys to accept. */
export function EnginesSection(): ReactElement {
  const [engines, setEngines] = useState<readonly EngineView[] | null>(null);
  const [contexts, setContexts] = useState<readonly DockerContext[]>([]);
  const [error, setError] = useState<string | null>(null);

  const fetchAll = useCallback(async () => {
    const list = await api().call('engines.list', {});
    const ctx = await api().call('engines.contexts', {});
    return { engines: list.engines, contexts: ctx.contexts };
  }, []);
  const reload = useCallback(async () => {
    try {
      const r = await fetchAll();
      setEngines(r.engines);
      setContexts(r.contexts);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [fetchAll]);
  useEffect(() => {
    let live = true;
    fetchAll()
      .then((r) => {
        if (!live) return;
        setEngines(r.engines);
        setContexts(r.contexts);
      })
      .catch((e: unknown) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [fetchAll]);

  const replace = (v: EngineView): void => setEngines((list) => (list ?? []).map((e) => (e.name === v.name ? v : e)));

  return (
    <section className="card settings-section" aria-labelledby="set-engines">
      <h2 id="set-engines">Engines</h2>
      <p className="muted">
        Where stages run: this machine&apos;s Docker (&quot;local&quot;), another host reached over verified TLS or SSH, or a Docker CLI context. Stable URLs stay on this machine;
        Slipway brings each instance&apos;s port here.
      </p>
      {engines !== null && (
        <table className="table" aria-label="Engines">
          <TableHead columns={['Name', 'Where', 'State', 'Stages']} actions="Actions" />
          <tbody>
            {engines.map((e) => (
              <EngineRow key={e.name} e={e} replace={replace} reload={reload} />
            ))}
          </tbody>
        </table>
      )}
      <AddEngineForm contexts={contexts} added={(v) => setEngines((list) => [...(list ?? []), v])} />
      {error !== null && <ErrorNote message={error} />}
    </section>
  );
}
