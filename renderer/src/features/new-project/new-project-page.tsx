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
import { ComposeSection } from './compose-section';
import { emptyComposeForm, toComposeInput, type ComposeForm } from './compose-form';
import { checkJson, createSchemaFor, toJsonText } from '../advanced-json/json-model';
import { AdvancedToggle, JsonEditor } from '../advanced-json/json-editor';
import { StaticSection, emptyStaticForm, toStaticInput, type StaticForm } from './static-section';
import { api } from '../../state/client-ref';

type Kind = 'image' | 'static' | 'compose';

/** The Advanced JSON state: whether it is shown, its text and what the contract refused in it. */
function useAdvancedJson(): { on: boolean; text: string; errors: readonly string[]; setText: (t: string) => void; setErrors: (e: readonly string[]) => void; show: (value: unknown) => void; hide: () => void } {
  const [on, setOn] = useState(false);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<readonly string[]>([]);
  return {
    on,
    text,
    errors,
    setText,
    setErrors,
    show: (value) => (setText(toJsonText(value)), setErrors([]), setOn(true)),
    hide: () => (setOn(false), setErrors([])),
  };
}

export function NewProjectPage(): ReactElement {
  const go = useRoute((s) => s.go);
  const [form, setForm] = useState<ProjectForm>(emptyForm);
  const [tag, setTag] = useState('');
  const { errors, setErrors, busy, submit } = useCreateProject();
  const [kind, setKind] = useState<Kind>('image');
  const [site, setSite] = useState<StaticForm>(emptyStaticForm);
  const [stack, setStack] = useState<ComposeForm>(emptyComposeForm);
  const json = useAdvancedJson();

  /** The create input the form stands for now, or which fields are not filled right. */
  const build = (): { readonly input: MethodInput<'projects.create'> } | { readonly errors: FieldErrors } =>
    kind === 'static' ? { input: toStaticInput(site) } : kind === 'compose' ? toComposeInput(stack, form.stages) : toCreateInput(form);

  const create = async (): Promise<void> => {
    if (json.on) {
      const checked = checkJson(json.text, createSchemaFor(json.text));
      if (!checked.ok) return json.setErrors(checked.errors);
      json.setErrors([]);
      return submit(checked.value as MethodInput<'projects.create'>, null);
    }
    const built = build();
    if ('errors' in built) return setErrors(built.errors);
    if (kind === 'static') return submit(built.input, { label: site.branch, deploy: {} });
    return submit(built.input, kind === 'image' && tag !== '' ? { label: tag, deploy: { tag } } : null);
  };
  const toggleJson = (on: boolean): void => {
    if (!on) return json.hide();
    const built = build();
    json.show('input' in built ? built.input : { kind, ...(kind === 'compose' ? { image: stack.image, compose: stack.yaml } : { image: form.image }) });
  };

  const known = new Set(['image', 'name', 'port', 'compose', 'limits.cpus', 'limits.memoryMb', 'health', 'health.path', 'env', 'git', 'git.url', 'git.branch', 'git.folder', 'git.token']);
  const stray = Object.entries(errors).filter(([k]) => json.on || (!known.has(k) && !k.startsWith('stages.') && !k.startsWith('volumes.') && !k.startsWith('env.')));
  const submitLabel = json.on || kind === 'compose' ? 'Create project' : kind === 'static' ? `Create and deploy ${site.branch || 'main'}` : tag !== '' ? `Create and deploy ${tag}` : 'Create project';

  return (
    <section className="page page-scroll" aria-labelledby="np-title">
      <header className="page-header">
        <BackButton label="Back to projects" onClick={() => go({ page: 'projects' })} />
        <h1 id="np-title">New project</h1>
        <span className="grow" />
        <AdvancedToggle on={json.on} onToggle={toggleJson} />
      </header>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        {json.on ? (
          <section className="card form-section" aria-label="Project definition">
            <JsonEditor
              label="Project definition (JSON)"
              text={json.text}
              onText={json.setText}
              errors={json.errors}
              help="The projects.create input, checked against the contract before it is sent. Back to the form keeps the form as it was."
            />
          </section>
        ) : (
          <KindForm kind={kind} onKind={setKind} form={form} onForm={setForm} tag={tag} onTag={setTag} site={site} onSite={setSite} stack={stack} onStack={setStack} errors={errors} />
        )}
        {stray.map(([k, m]) => (
          <ErrorNote key={k} message={k === 'form' ? m : `${k}: ${m}`} />
        ))}
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => go({ page: 'projects' })}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={busy} aria-busy={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? 'Creating…' : submitLabel}
          </button>
        </div>
      </form>
    </section>
  );
}

interface KindFormProps {
  readonly kind: Kind;
  readonly onKind: (k: Kind) => void;
  readonly form: ProjectForm;
  readonly onForm: (f: ProjectForm) => void;
  readonly tag: string;
  readonly onTag: (t: string) => void;
  readonly site: StaticForm;
  readonly onSite: (f: StaticForm) => void;
  readonly stack: ComposeForm;
  readonly onStack: (f: ComposeForm) => void;
  readonly errors: FieldErrors;
}

/** The kind picker and that kind's own form (every kind ships one). */
function KindForm(p: KindFormProps): ReactElement {
  return (
    <>
      <KindPicker kind={p.kind} onChange={p.onKind} />
      {p.kind === 'static' && <StaticSection form={p.site} errors={p.errors} onChange={p.onSite} />}
      {p.kind === 'compose' && (
        <>
          <ComposeSection form={p.stack} errors={p.errors} onChange={p.onStack} />
          <StagesSection form={p.form} errors={p.errors} onChange={p.onForm} />
        </>
      )}
      {p.kind === 'image' && (
        <>
          <ImageSection form={p.form} errors={p.errors} onChange={p.onForm} tag={p.tag} onTag={p.onTag} />
          <StagesSection form={p.form} errors={p.errors} onChange={p.onForm} />
          <ContainerSection form={p.form} errors={p.errors} onChange={p.onForm} />
          <EnvSection form={p.form} errors={p.errors} onChange={p.onForm} />
          <VolumesSection form={p.form} errors={p.errors} onChange={p.onForm} />
        </>
      )}
    </>
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

const KINDS: readonly { readonly kind: Kind; readonly label: string }[] = [
  { kind: 'image', label: 'Image (a container from a registry)' },
  { kind: 'compose', label: 'Compose stack (an app with its companions: database, cache, worker)' },
  { kind: 'static', label: 'Static site (a folder of a git repository)' },
];

function KindPicker({ kind, onChange }: { readonly kind: Kind; readonly onChange: (k: Kind) => void }): ReactElement {
  return (
    <fieldset className="card form-section" aria-label="Kind of project">
      {KINDS.map((k) => (
        <label key={k.kind} className="check">
          <input type="radio" name="kind" checked={kind === k.kind} onChange={() => onChange(k.kind)} /> {k.label}
        </label>
      ))}
    </fieldset>
  );
}
