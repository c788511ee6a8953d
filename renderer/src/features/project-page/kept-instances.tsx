import { useEffect, useState, type ReactElement } from 'react';
import type { KeptInstance } from '../../../../preload/contract';
import type { Stage } from '../../../../preload/contract/projects';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { ErrorNote } from '../../ui/error-note';
import { useProjects } from '../../state/projects-store';
import { ActionButton } from '../../ui/action-button';
import { RelativeTime } from '../../ui/relative-time';
import { bytes } from '../../ui/time';
import { shortDigest } from '../project-list/chain-model';
import { TableHead } from '../../ui/table-head';

const stateWord = (i: KeptInstance, now: number): string =>
  i.status === 'live' ? 'live' : i.status === 'draining' ? (i.warmUntil !== null && i.warmUntil > now ? 'warm' : 'stopping') : 'kept';

/** A stage's kept instances (tag, digest, size, when) with "Roll back to this" on each one that is not live. */
export function KeptInstances({ projectId, stage }: { readonly projectId: number; readonly stage: Stage }): ReactElement {
  const [loaded, setLoaded] = useState<{ readonly list: readonly KeptInstance[]; readonly at: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Reload whenever what is live or retiring changes.
  const key = `${String(stage.live?.instanceId ?? 0)}:${stage.retired?.status ?? ''}:${String(stage.retired?.instanceId ?? 0)}:${String(stage.activeDeployId ?? 0)}`;
  useEffect(() => {
    let gone = false;
    api()
      .call('stages.instances', { stageId: stage.id })
      .then((r) => !gone && (setLoaded({ list: r.instances, at: Date.now() }), setError(null)))
      .catch((e: unknown) => !gone && setError(errorMessage(e)));
    return () => {
      gone = true;
    };
  }, [stage.id, key]);
  const liveDigest = stage.live?.digest ?? null;
  const list = loaded?.list ?? null;
  return (
    <section className="kept" aria-label={`Images kept on ${stage.name}`}>
      <h3 className="kept-title">Images</h3>
      {error !== null && <ErrorNote message={`Could not list the kept instances: ${error} Reload the page once the engine answers.`} />}
      {list !== null && list.length === 0 && <p className="muted">Nothing kept yet: each deploy keeps the instance it replaces (up to {stage.maxInstances} in all), to roll back to.</p>}
      {list !== null && list.length > 0 && (
        <table className="table kept-table">
          <TableHead columns={['Tag', 'Digest', 'Size', 'Live since', 'State']} actions="Action" />
          <tbody>
            {list.map((i) => (
              <tr key={i.instanceId} aria-label={`Instance ${i.tag} #${String(i.instanceId)}`}>
                <td className="mono">{i.tag}</td>
                <td className="mono" title={i.digest}>
                  {shortDigest(i.digest)}
                </td>
                <td>{i.sizeBytes !== null ? bytes(i.sizeBytes) : '—'}</td>
                <td>
                  <RelativeTime ts={i.liveAt ?? i.createdAt} />
                </td>
                <td>
                  <span className={`chip ${i.status === 'live' ? 'chip-ok' : ''}`}>{stateWord(i, loaded?.at ?? 0)}</span>
                </td>
                <td className="kept-action">
                  {i.status !== 'live' && (
                    <ActionButton
                      label="Roll back to this"
                      busyLabel="Rolling back…"
                      className="btn btn-small"
                      ariaLabel={`Roll back ${stage.name} to ${i.tag} (#${String(i.instanceId)})`}
                      disabled={i.digest === liveDigest || stage.activeDeployId !== null}
                      failure={`Could not roll back ${stage.name}`}
                      failureRoute={`/projects/${String(projectId)}`}
                      run={async () => {
                        const d = await api().call('stages.rollback', { stageId: stage.id, instanceId: i.instanceId });
                        await useProjects.getState().load();
                        return { title: `Rolling back ${stage.name} to ${i.tag}`, body: `Deploy #${String(d.id)} is ${d.status}.`, route: `/projects/${String(projectId)}/deploys` };
                      }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
