import { useState, type ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { ApiError, errorMessage } from '../../api/api-error';
import { useProjects } from '../../state/projects-store';
import { localToast } from '../../state/toasts-store';
import { ErrorNote } from '../../ui/error-note';
import { ContainerSection, EnvSection, VolumesSection } from '../new-project/container-section';
import { RetireSettings } from './retire-settings';
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
    healthKind: h?.kind ?? 'auto',
    healthPath: h?.kind === 'http' ? h.path : '/',
    env: Object.entries(p.env).map(([name, value]) => ({ key: newKey(), name, value })),
    volumes: p.volumes.map((v) => ({ key: newKey(), scope: v.scope, target: v.target, source: v.source ?? '', readOnly: v.readOnly })),
    cpus: p.limits.cpus === undefined ? '' : String(p.limits.cpus),
    memoryMb: p.limits.memoryMb === undefined ? '' : String(p.limits.memoryMb),
  };
}

/** Container settings of an existing project; they apply from the next deploy. */
export function SettingsTab({ project }: { readonly project: Project }): ReactElement {
  const [form, setForm] = useState(() => formOf(project));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const save = async (): Promise<void> => {
    const built = toCreateInput(form);
    if ('errors' in built) return setErrors(built.errors);
    const i = built.input;
    setBusy(true);
    try {
      await api().call('projects.update', { id: project.id, port: i.port ?? null, health: i.health ?? null, env: i.env ?? {}, volumes: i.volumes ?? [], limits: i.limits ?? {} });
      setErrors({});
      await useProjects.getState().load();
      localToast('Settings saved', 'success', 'They apply from the next deploy.');
    } catch (e) {
      setErrors(e instanceof ApiError && e.code === 'INVALID_INPUT' && e.details !== undefined ? errorsFromIssues(e.message, e.details) : e instanceof ApiError ? errorsFromMessage(e.message) : { form: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="tab-scroll">
      <StageSettings project={project} />
      <TriggerSettings project={project} />
      <RetireSettings key={project.updatedAt} project={project} />
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <ContainerSection form={form} errors={errors} onChange={setForm} />
        <EnvSection form={form} errors={errors} onChange={setForm} />
        <VolumesSection form={form} errors={errors} onChange={setForm} />
        {errors['form'] !== undefined && <ErrorNote message={errors['form']} />}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
    </div>
  );
}
