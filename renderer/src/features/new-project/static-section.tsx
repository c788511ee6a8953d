import type { ReactElement } from 'react';
import type { MethodInput } from '../../../../preload/contract';
import { Field } from './form-field';

export interface StaticForm {
  readonly name: string;
  readonly url: string;
  readonly branch: string;
  readonly folder: string;
  readonly provider: 'gitea' | 'forgejo' | 'github' | 'gitlab' | 'generic';
  readonly token: string;
  readonly markdown: boolean;
}

export const emptyStaticForm = (): StaticForm => ({ name: '', url: '', branch: 'main', folder: '/', provider: 'generic', token: '', markdown: false });

/** The contract input for a static site (empty token: none). */
export function toStaticInput(f: StaticForm): MethodInput<'projects.create'> {
  return {
    kind: 'static',
    name: f.name.trim(),
    git: { url: f.url.trim(), branch: f.branch.trim() || 'main', folder: f.folder.trim() || '/', provider: f.provider, ...(f.token !== '' ? { token: f.token } : {}) },
    markdown: f.markdown,
  };
}

/** A static site's source: a folder of a git repository at a branch. */
export function StaticSection(p: { readonly form: StaticForm; readonly errors: Readonly<Record<string, string>>; readonly onChange: (f: StaticForm) => void }): ReactElement {
  const { form, errors, onChange } = p;
  return (
    <section className="card form-section" aria-labelledby="np-static">
      <h2 id="np-static">Git repository</h2>
      <div className="grid-2">
        <Field label="Clone URL" error={errors['git.url'] ?? errors['git']} help="http(s), e.g. https://git.example.com/acme/site.git">
          {(a) => <input {...a} type="text" className="mono" value={form.url} placeholder="https://git.example.com/acme/site.git" onChange={(e) => onChange({ ...form, url: e.target.value })} />}
        </Field>
        <Field label="Provider" help="The forge that sends the push webhook.">
          {(a) => (
            <select {...a} value={form.provider} onChange={(e) => onChange({ ...form, provider: e.target.value as StaticForm['provider'] })}>
              {(['gitea', 'forgejo', 'github', 'gitlab', 'generic'] as const).map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Branch" error={errors['git.branch']} help="Pushes to it are deployed.">
          {(a) => <input {...a} type="text" value={form.branch} onChange={(e) => onChange({ ...form, branch: e.target.value })} />}
        </Field>
        <Field label="Folder" error={errors['git.folder']} help="The folder served, e.g. /docs or /public.">
          {(a) => <input {...a} type="text" className="mono" value={form.folder} onChange={(e) => onChange({ ...form, folder: e.target.value })} />}
        </Field>
        <Field label="Token" error={errors['git.token']} help="For a private repository; stored sealed, never shown again.">
          {(a) => <input {...a} type="password" autoComplete="off" value={form.token} onChange={(e) => onChange({ ...form, token: e.target.value })} />}
        </Field>
        <Field label="Project name" error={errors['name']} help="Lower-case letters, digits, . - _">
          {(a) => <input {...a} type="text" value={form.name} onChange={(e) => onChange({ ...form, name: e.target.value })} />}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={form.markdown} onChange={(e) => onChange({ ...form, markdown: e.target.checked })} /> Render Markdown (index.md → index.html)
      </label>
    </section>
  );
}
