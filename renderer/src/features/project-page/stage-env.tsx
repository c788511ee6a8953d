import { useState, type ReactElement } from 'react';
import type { Project, Stage } from '../../../../preload/contract/projects';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { useProjects } from '../../state/projects-store';
import { localToast } from '../../state/toasts-store';
import { orderChain } from '../project-list/chain-model';
import { EnvEditor } from './env-editor';
import { rowsOf, toEnvInput, type EnvRow } from './env-rows';

function StageEnv({ stage }: { readonly stage: Stage }): ReactElement {
  const [rows, setRows] = useState<EnvRow[]>(() => rowsOf(stage.env, stage.secretEnv));
  const [rowErrors, setRowErrors] = useState<ReadonlyMap<number, string>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const n = stage.name;
  const save = async (): Promise<void> => {
    const built = toEnvInput(rows);
    if ('errors' in built) return setRowErrors(built.errors);
    setRowErrors(new Map());
    setBusy(true);
    try {
      const saved = await api().call('stages.update', { stageId: stage.id, env: built.env, secretEnv: built.secretEnv });
      // What was typed is gone from the window once saved: secrets come back as names only.
      setRows(rowsOf(saved.env, saved.secretEnv));
      setError(null);
      await useProjects.getState().load();
      localToast(`Overrides of ${n} saved`, 'success', 'They apply from the next deploy.');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stage-env" role="group" aria-labelledby={`stage-env-${String(stage.id)}`}>
      <h3 id={`stage-env-${String(stage.id)}`}>{n}</h3>
      <EnvEditor label={`${n} override`} rows={rows} onChange={setRows} rowErrors={rowErrors} error={error} disabled={busy} />
      <div className="form-actions">
        <button type="button" className="btn btn-primary btn-small" disabled={busy} aria-busy={busy} onClick={() => void save()}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? 'Saving…' : `Save overrides of ${n}`}
        </button>
      </div>
    </div>
  );
}

/** Per-stage environment overrides: a stage's variables replace the project's of the same name. */
export function StageEnvOverrides({ project }: { readonly project: Project }): ReactElement {
  return (
    <section className="card form-section" aria-labelledby="ps-stage-env">
      <h2 id="ps-stage-env">Environment per stage</h2>
      <p className="muted">Variables set here replace the project’s variables of the same name in that stage only.</p>
      {orderChain(project.stages).map((s) => (
        <StageEnv key={s.id} stage={s} />
      ))}
    </section>
  );
}
