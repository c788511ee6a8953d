import { useState, type ReactElement } from 'react';
import { ApiError, errorMessage } from '../../api/api-error';
import { useProjects } from '../../state/projects-store';
import { useRoute } from '../../state/route-store';
import { localToast } from '../../state/toasts-store';
import { ErrorNote } from '../../ui/error-note';
import { Icon } from '../../ui/icons';
import { ContainerSection, EnvSection, VolumesSection } from './container-section';
import { ImageSection } from './image-section';
import { emptyForm, errorsFromIssues, errorsFromMessage, toCreateInput, type FieldErrors, type ProjectForm } from './project-form';
import { StagesSection } from './stages-section';
import { api } from '../../state/client-ref';

export function NewProjectPage(): ReactElement {
  const go = useRoute((s) => s.go);
  const [form, setForm] = useState<ProjectForm>(emptyForm);
  const [tag, setTag] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const create = async (): Promise<void> => {
    const built = toCreateInput(form);
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const project = await api().call('projects.create', built.input);
      const first = project.stages[0];
      if (tag !== '' && first) {
        try {
          await api().call('stages.deploy', { stageId: first.id, tag });
        } catch (e) {
          localToast(`Project created; deploying ${tag} failed`, 'error', errorMessage(e));
        }
      }
      await useProjects.getState().load();
      localToast(`Project ${project.name} created`, 'success');
      go({ page: 'project', projectId: project.id, tab: 'stages' });
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.code === 'INVALID_INPUT' && e.details !== undefined ? errorsFromIssues(e.message, e.details) : errorsFromMessage(e.message));
      else setErrors({ form: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const known = new Set(['image', 'name', 'port', 'limits.cpus', 'limits.memoryMb', 'health', 'health.path', 'env']);
  const stray = Object.entries(errors).filter(([k]) => !known.has(k) && !k.startsWith('stages.') && !k.startsWith('volumes.') && !k.startsWith('env.'));

  return (
    <section className="page page-scroll" aria-labelledby="np-title">
      <header className="page-header">
        <button type="button" className="icon-btn" aria-label="Back to projects" onClick={() => go({ page: 'projects' })}>
          <Icon name="back" />
        </button>
        <h1 id="np-title">New project</h1>
      </header>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <ImageSection form={form} errors={errors} onChange={setForm} tag={tag} onTag={setTag} />
        <StagesSection form={form} errors={errors} onChange={setForm} />
        <ContainerSection form={form} errors={errors} onChange={setForm} />
        <EnvSection form={form} errors={errors} onChange={setForm} />
        <VolumesSection form={form} errors={errors} onChange={setForm} />
        {stray.map(([k, m]) => (
          <ErrorNote key={k} message={k === 'form' ? m : `${k}: ${m}`} />
        ))}
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => go({ page: 'projects' })}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : tag !== '' ? `Create and deploy ${tag}` : 'Create project'}
          </button>
        </div>
      </form>
    </section>
  );
}
