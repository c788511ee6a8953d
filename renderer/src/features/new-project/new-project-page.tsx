import { useState, type ReactElement } from 'react';
import type { MethodInput } from '../../../../preload/contract';
import { ApiError, errorMessage } from '../../api/api-error';
import { useProjects } from '../../state/projects-store';
import { useRoute } from '../../state/route-store';
import { localToast } from '../../state/toasts-store';
import { BackButton } from '../../ui/back-button';
import { ErrorNote } from '../../ui/error-note';
import { ContainerSection, EnvSection, VolumesSection } from './container-section';
import { ImageSection } from './image-section';
import { emptyForm, errorsFromIssues, errorsFromMessage, toCreateInput, type FieldErrors, type ProjectForm } from './project-form';
import { StagesSection } from './stages-section';
import { StaticSection, emptyStaticForm, toStaticInput, type StaticForm } from './static-section';
import { api } from '../../state/client-ref';

export function NewProjectPage(): ReactElement {
  const go = useRoute((s) => s.go);
  const [form, setForm] = useState<ProjectForm>(emptyForm);
  const [tag, setTag] = useState('');
  const { errors, setErrors, busy, submit } = useCreateProject();
  const [kind, setKind] = useState<'image' | 'static'>('image');
  const [site, setSite] = useState<StaticForm>(emptyStaticForm);

  const create = async (): Promise<void> => {
    if (kind === 'static') return submit(toStaticInput(site), { label: site.branch, deploy: {} });
    const built = toCreateInput(form);
    if ('errors' in built) {
      setErrors(built.errors);
      return;
    }
    return submit(built.input, tag !== '' ? { label: tag, deploy: { tag } } : null);
  };

  const known = new Set(['image', 'name', 'port', 'limits.cpus', 'limits.memoryMb', 'health', 'health.path', 'env', 'git', 'git.url', 'git.branch', 'git.folder', 'git.token']);
  const stray = Object.entries(errors).filter(([k]) => !known.has(k) && !k.startsWith('stages.') && !k.startsWith('volumes.') && !k.startsWith('env.'));

  return (
    <section className="page page-scroll" aria-labelledby="np-title">
      <header className="page-header">
        <BackButton label="Back to projects" onClick={() => go({ page: 'projects' })} />
        <h1 id="np-title">New project</h1>
      </header>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <KindPicker kind={kind} onChange={setKind} />
        {kind === 'static' ? (
          <StaticSection form={site} errors={errors} onChange={setSite} />
        ) : (
          <>
            <ImageSection form={form} errors={errors} onChange={setForm} tag={tag} onTag={setTag} />
            <StagesSection form={form} errors={errors} onChange={setForm} />
            <ContainerSection form={form} errors={errors} onChange={setForm} />
            <EnvSection form={form} errors={errors} onChange={setForm} />
            <VolumesSection form={form} errors={errors} onChange={setForm} />
          </>
        )}
        {stray.map(([k, m]) => (
          <ErrorNote key={k} message={k === 'form' ? m : `${k}: ${m}`} />
        ))}
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => go({ page: 'projects' })}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : kind === 'static' ? `Create and deploy ${site.branch || 'main'}` : tag !== '' ? `Create and deploy ${tag}` : 'Create project'}
          </button>
        </div>
      </form>
    </section>
  );
}

type FirstDeploy = { readonly label: string; readonly deploy: Omit<MethodInput<'stages.deploy'>, 'stageId'> } | null;

/** The create request with its field errors and busy state. */
function useCreateProject(): { errors: FieldErrors; setErrors: (e: FieldErrors) => void; busy: boolean; submit: (input: MethodInput<'projects.create'>, first: FirstDeploy) => Promise<void> } {
  const go = useRoute((s) => s.go);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  /** Creates the project, then (where asked) its first deploy; a failed deploy still leaves the project made. */
  const submit = async (input: MethodInput<'projects.create'>, first: FirstDeploy): Promise<void> => {
    setBusy(true);
    setErrors({});
    try {
      const project = await api().call('projects.create', input);
      const stage = project.stages[0];
      if (first && stage) {
        try {
          await api().call('stages.deploy', { ...first.deploy, stageId: stage.id });
        } catch (e) {
          localToast(`Project created; deploying ${first.label} failed`, 'error', errorMessage(e));
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
  return { errors, setErrors, busy, submit };
}

function KindPicker({ kind, onChange }: { readonly kind: 'image' | 'static'; readonly onChange: (k: 'image' | 'static') => void }): ReactElement {
  return (
    <fieldset className="card form-section" aria-label="Kind of project">
      <label className="check">
        <input type="radio" name="kind" checked={kind === 'image'} onChange={() => onChange('image')} /> Image (a container from a registry)
      </label>
      <label className="check">
        <input type="radio" name="kind" checked={kind === 'static'} onChange={() => onChange('static')} /> Static site (a folder of a git repository)
      </label>
    </fieldset>
  );
}
