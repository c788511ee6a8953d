import { useState, type ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { runForm, runFromForm, type RunForm } from './run-model';
import { SectionSave } from './section-save';
import { useProjectUpdate } from './use-project-update';
import { FieldError } from '../../ui/field-error';

const FIELDS: readonly { readonly key: keyof RunForm; readonly label: string; readonly hint: string; readonly lines?: boolean }[] = [
  { key: 'entrypoint', label: 'Entrypoint', hint: 'one argument per line; empty keeps the image’s', lines: true },
  { key: 'command', label: 'Command', hint: 'one argument per line; empty keeps the image’s', lines: true },
  { key: 'user', label: 'User', hint: 'name or id, optionally :group, e.g. 1000:1000' },
  { key: 'workingDir', label: 'Working directory', hint: 'an absolute path inside the container' },
  { key: 'network', label: 'Network', hint: 'a network the containers join (created when missing), e.g. to reach a database by name' },
  { key: 'aliases', label: 'Aliases on that network', hint: 'names others reach it by; each also gets a -<stage> twin' },
];

/** Command, entrypoint, user, working directory and network where they differ from the image's. */
export function RunSettings({ project }: { readonly project: Project }): ReactElement {
  const [form, setForm] = useState(() => runForm(project.run));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof RunForm, string>>>({});
  const { save, busy, error } = useProjectUpdate(project.id);
  const submit = async (): Promise<void> => {
    const built = runFromForm(form);
    if ('errors' in built) return setFieldErrors(built.errors);
    setFieldErrors({});
    await save({ run: built.run });
  };
  return (
    <section className="card form-section" aria-labelledby="ps-run">
      <h2 id="ps-run">How it runs</h2>
      {FIELDS.map((f) => (
        <label key={f.key}>
          {f.label} <span className="hint">({f.hint})</span>
          {f.lines ? (
            <textarea rows={2} aria-label={f.label} value={form[f.key]} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
          ) : (
            <input type="text" aria-label={f.label} value={form[f.key]} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
          )}
          <FieldError inline>{fieldErrors[f.key]}</FieldError>
        </label>
      ))}
      <SectionSave error={error} busy={busy} label="Save how it runs" onSave={() => void submit()} />
    </section>
  );
}
