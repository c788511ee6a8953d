import { useState, type ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { ApiError, errorMessage } from '../../api/api-error';
import { useProjects } from '../../state/projects-store';
import { localToast } from '../../state/toasts-store';
import { ErrorNote } from '../../ui/error-note';
import { ContainerSection, VolumesSection } from '../new-project/container-section';
import { EnvEditor } from './env-editor';
import { rowsOf, toEnvInput, type EnvRow } from './env-rows';
import { StageEnvOverrides } from './stage-env';
import { RetireSettings } from './retire-settings';
import { RunSettings } from './run-settings';
import { ComposeSettings } from './compose-settings';
import { ProjectJsonSection } from './project-json-section';
import { StageSettings } from './stage-settings';
import { TriggerSettings } from '../triggers/trigger-settings';
import { emptyForm, errorsFromIssues, errorsFromMessage, newKey, toCreateInput, type FieldErrors, type ProjectForm } from '../new-project/project-form';
import { api } from '../../state/client-ref';

function formOf(p: Project): ProjectForm {
  const h = p.health;
  return {
    ...emptyForm(),
    image: p.image,
    name: p.name,
    port: p.port === null ? '' : String(p.port),
    ports: p.ports.join(', '),
    healthKind: h?.kind ?? 'auto',
    healthPath: h?.kind === 'http' ? h.path : '/',
    volumes: p.volumes.map((v) => ({ key: newKey(), scope: v.scope, target: v.target, source: v.source ?? '', readOnly: v.readOnly })),
    cpus: p.limits.cpus === undefined ? '' : String(p.limits.cpus),
    memoryMb: p.limits.memoryMb === undefined ? '' : String(p.limits.memoryMb),
  };
}

/** What the server said about the variables ("env.X: …", "secretEnv.X: …"), shown with the editor. */
function envError(errors: FieldErrors): string | null {
  const hit = Object.entries(errors).find(([k]) => /^(env|secretEnv)(\.|$)/.test(k));
  return hit ? `${hit[0]}: ${hit[1]}` : null;
}

/** Container settings of an existing project; they apply from the next deploy. */
export function SettingsTab({ project }: { readonly project: Project }): ReactElement {
  const [form, setForm] = useState(() => formOf(project));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [envRows, setEnvRows] = useState<EnvRow[]>(() => rowsOf(project.env, project.secretEnv));
  const [envRowErrors, setEnvRowErrors] = useState<ReadonlyMap<number, string>>(new Map());
  const save = async (): Promise<void> => {
    const built = toCreateInput(form);
    const env = toEnvInput(envRows);
    setEnvRowErrors('errors' in env ? env.errors : new Map());
    if ('errors' in built) return setErrors(built.errors);
    if ('errors' in env) return;
    const i = built.input;
    setBusy(true);
    try {
      const saved = await api().call('projects.update', {
        id: project.id,
        port: i.port ?? null,
        ...(project.kind === 'image' ? { ports: i.ports ?? [] } : {}),
        health: i.health ?? null,
        env: env.env,
        secretEnv: env.secretEnv,
        volumes: i.volumes ?? [],
        limits: i.limits ?? {},
      });
      // Secret values typed here are not kept in the window once saved: they come back as names only.
      setEnvRows(rowsOf(saved.env, saved.secretEnv));
      setErrors({});
      await useProjects.getState().load();
      localToast('Settings saved', 'success', 'They apply from the next deploy.', `/projects/${String(project.id)}/settings`);
    } catch (e) {
      setErrors(e instanceof ApiError && e.code === 'INVALID_INPUT' && e.details !== undefined ? errorsFromIssues(e.message, e.details) : e instanceof ApiError ? errorsFromMessage(e.message) : { form: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="tab-scroll">
      <StageSettings project={project} />
      <StageEnvOverrides project={project} />
      <TriggerSettings project={project} />
      <RetireSettings key={project.updatedAt} project={project} />
      {project.kind === 'compose' && <ComposeSettings key={`compose-${String(project.updatedAt)}`} project={project} />}
      {project.kind === 'image' && <RunSettings key={`run-${String(project.updatedAt)}`} project={project} />}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ContainerSection form={form} errors={errors} onChange={setForm} extraPorts={project.kind === 'image'} />
        <section className="card form-section" aria-labelledby="ps-env">
          <h2 id="ps-env">Environment</h2>
          <EnvEditor label="Variable" rows={envRows} onChange={setEnvRows} rowErrors={envRowErrors} error={envError(errors)} disabled={busy} />
        </section>
        <VolumesSection form={form} errors={errors} onChange={setForm} />
        {errors['form'] !== undefined && <ErrorNote message={errors['form']} />}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
      <ProjectJsonSection key={`json-${String(project.updatedAt)}`} project={project} />
    </div>
  );
}
