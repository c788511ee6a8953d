import { useEffect, useState, type ReactElement } from 'react';
import type { Project, Stage } from '../../../../preload/contract/projects';
import { useProjects } from '../../state/projects-store';
import { localToast } from '../../state/toasts-store';
import { useSubmit } from '../../state/use-submit';
import { BusyButton } from '../../ui/action-button';
import { orderChain } from '../project-list/chain-model';
import { api } from '../../state/client-ref';
import { FieldError } from '../../ui/field-error';
import { TableHead } from '../../ui/table-head';

interface Row {
  readonly tagPattern: string;
  readonly autoDeploy: boolean;
  readonly autoPromote: boolean;
  readonly publicPort: string;
  readonly maxInstances: string;
  readonly upstream: string;
  readonly pollEnabled: boolean;
  readonly engine: string;
}

const rowOf = (s: Stage): Row => ({
  tagPattern: s.tagPattern,
  autoDeploy: s.autoDeploy,
  autoPromote: s.autoPromote,
  publicPort: String(s.publicPort),
  maxInstances: String(s.maxInstances),
  upstream: s.upstream ?? '',
  pollEnabled: s.pollEnabled,
  engine: s.engine,
});

function StageRow({ project, stage, engines }: { readonly project: Project; readonly stage: Stage; readonly engines: readonly string[] }): ReactElement {
  const [row, setRow] = useState(() => rowOf(stage));
  const { submit, busy, error, setError } = useSubmit();
  const n = stage.name;
  const save = async (): Promise<void> => {
    const port = Number(row.publicPort);
    const kept = Number(row.maxInstances);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return setError('The public port is a whole number from 1 to 65535.');
    if (!Number.isInteger(kept) || kept < 1) return setError('Instances kept is a whole number from 1.');
    await submit(async () => {
      await api().call('stages.update', {
        stageId: stage.id,
        tagPattern: row.tagPattern.trim(),
        autoDeploy: row.autoDeploy,
        autoPromote: row.autoPromote,
        publicPort: port,
        maxInstances: kept,
        upstream: row.upstream === '' ? null : row.upstream,
        pollEnabled: row.pollEnabled,
        // Only a change is sent: moving a stage is refused while it has instances.
        ...(row.engine !== stage.engine ? { engine: row.engine } : {}),
      });
      await useProjects.getState().load();
      localToast(`Stage ${n} saved`, 'success', 'Its settings apply from now on.', `/projects/${String(project.id)}`);
    });
  };
  return (
    <tr>
      <th scope="row">{n}</th>
      <td>
        <input type="text" className="mono" aria-label={`${n} tag pattern`} value={row.tagPattern} onChange={(e) => setRow({ ...row, tagPattern: e.target.value })} />
      </td>
      <td>
        <input type="checkbox" aria-label={`${n} auto-deploy`} checked={row.autoDeploy} onChange={(e) => setRow({ ...row, autoDeploy: e.target.checked })} />
      </td>
      <td>
        <input type="checkbox" aria-label={`${n} auto-promote`} checked={row.autoPromote} disabled={row.upstream === ''} onChange={(e) => setRow({ ...row, autoPromote: e.target.checked })} />
      </td>
      <td>
        <input type="checkbox" aria-label={`${n} polling`} checked={row.pollEnabled} onChange={(e) => setRow({ ...row, pollEnabled: e.target.checked })} />
      </td>
      <td>
        <input type="text" inputMode="numeric" aria-label={`${n} public port`} value={row.publicPort} onChange={(e) => setRow({ ...row, publicPort: e.target.value })} />
      </td>
      <td>
        <input type="text" inputMode="numeric" aria-label={`${n} instances kept`} value={row.maxInstances} onChange={(e) => setRow({ ...row, maxInstances: e.target.value })} />
      </td>
      <td>
        <select aria-label={`${n} promoted from`} value={row.upstream} onChange={(e) => setRow({ ...row, upstream: e.target.value })}>
          <option value="">(none)</option>
          {project.stages
            .filter((o) => o.id !== stage.id)
            .map((o) => (
              <option key={o.id} value={o.name}>
                {o.name}
              </option>
            ))}
        </select>
      </td>
      <td>
        <select aria-label={`${n} engine`} value={row.engine} onChange={(e) => setRow({ ...row, engine: e.target.value })}>
          {[...new Set([stage.engine, ...engines])].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        {stage.engineReachable === false && <div className="field-error">unreachable</div>}
      </td>
      <td>
        <BusyButton className="btn btn-small" busy={busy} label={`Save ${n}`} busyLabel="Saving…" onClick={() => void save()} />
        <FieldError>{error}</FieldError>
      </td>
    </tr>
  );
}

/** Stage settings of an existing project: pattern, auto-deploy/promote, polling, port, instances kept, upstream, engine. */
export function StageSettings({ project }: { readonly project: Project }): ReactElement {
  const [engines, setEngines] = useState<readonly string[]>(['local']);
  useEffect(() => {
    let live = true;
    api()
      .call('engines.list', {})
      .then((r) => live && setEngines(r.engines.map((e) => e.name)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return (
    <section className="card form-section" aria-labelledby="ps-stages">
      <h2 id="ps-stages">Stages</h2>
      <table className="form-table">
        <TableHead columns={['Stage', 'Tag pattern', 'Auto-deploy', 'Auto-promote', 'Polling', 'Public port', 'Instances kept', 'Promoted from', 'Engine']} actions="Save" />
        <tbody>
          {orderChain(project.stages).map((s) => (
            <StageRow key={`${String(s.id)}-${String(project.updatedAt)}`} project={project} stage={s} engines={engines} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
