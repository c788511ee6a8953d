import { useId, type ReactElement } from 'react';
import { CodeEditor } from '../../ui/code-editor';
import { ErrorNote } from '../../ui/error-note';
import { problemLines, problemText, type ComposeCheck, type ComposeForm } from './compose-form';
import { Field } from './form-field';
import { useComposeCheck } from './use-compose-check';

const PLACEHOLDER = `services:
  web:
    image: localhost:5000/acme/web
    ports: ["8080"]
  db:
    image: redis:7`;

/** What the check found: each problem with its line and service, or the tracked and companion services. */
function CheckResult({ check, checking, id }: { readonly check: ComposeCheck | null; readonly checking: boolean; readonly id: string }): ReactElement {
  return (
    <div id={id} role="status" aria-live="polite" aria-label="Compose check" className="compose-check">
      {checking && <span className="muted">Checking…</span>}
      {check !== null && !check.ok && (
        <ul className="check-list" aria-label="Compose problems">
          {check.problems.map((p, i) => (
            <li key={i} className="field-error">
              {problemText(p)}
            </li>
          ))}
        </ul>
      )}
      {check?.ok === true && (
        <>
          <div className="service-list" aria-label="Tracked services">
            <span>Tracked (swapped blue-green on each deploy):</span>
            {check.tracked.length === 0 ? <span className="muted">none — no service’s image names the repository above</span> : check.tracked.map((s) => <span key={s} className="chip chip-info">{s}</span>)}
          </div>
          <div className="service-list" aria-label="Companion services">
            <span>Companions (started once per stage, then kept):</span>
            {check.companions.length === 0 ? <span className="muted">none</span> : check.companions.map((s) => <span key={s} className="chip">{s}</span>)}
          </div>
        </>
      )}
    </div>
  );
}

/** The compose file in its editor, checked as it is typed: problems marked on their lines, services listed by role. */
export function ComposeFileField(p: { readonly yaml: string; readonly image: string; readonly allowHostAccess: boolean; readonly error: string | undefined; readonly onChange: (yaml: string) => void }): ReactElement {
  const { check, checking, error } = useComposeCheck(p.yaml, p.image, p.allowHostAccess);
  const resultId = useId();
  return (
    <div className="field">
      <span className="field-label">Compose file</span>
      <CodeEditor
        label="Compose file"
        rows={14}
        value={p.yaml}
        placeholder={PLACEHOLDER}
        marks={check ? problemLines(check.problems) : undefined}
        invalid={check?.ok === false || p.error !== undefined}
        describedBy={resultId}
        onChange={p.onChange}
      />
      {p.error !== undefined && (
        <span className="field-error" role="alert">
          {p.error}
        </span>
      )}
      <CheckResult check={check} checking={checking} id={resultId} />
      {error !== null && <ErrorNote message={error} />}
    </div>
  );
}

/** The "allow host access" box, with what it allows. */
export function HostAccessCheck({ checked, onChange }: { readonly checked: boolean; readonly onChange: (on: boolean) => void }): ReactElement {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> Allow host access (host networking, privileged, pid: host, cap_add, mounts of / or
      the Docker socket)
    </label>
  );
}

/** A compose stack: the tracked repository, the compose file checked as it is typed, and host access. */
export function ComposeSection(p: { readonly form: ComposeForm; readonly errors: Readonly<Record<string, string>>; readonly onChange: (f: ComposeForm) => void }): ReactElement {
  const { form, errors, onChange } = p;
  return (
    <section className="card form-section" aria-labelledby="np-compose">
      <h2 id="np-compose">Compose stack</h2>
      <div className="grid-2">
        <Field label="Tracked image repository" error={errors['image']} help="Services whose image names it are swapped blue-green on each new tag; the rest are companions.">
          {(a) => <input {...a} type="text" className="mono" value={form.image} placeholder="localhost:5000/acme/web" onChange={(e) => onChange({ ...form, image: e.target.value })} />}
        </Field>
        <Field label="Project name" error={errors['name']} help="Lower-case letters, digits, . - _ (defaults to the repository’s last part)">
          {(a) => <input {...a} type="text" value={form.name} onChange={(e) => onChange({ ...form, name: e.target.value })} />}
        </Field>
      </div>
      <ComposeFileField yaml={form.yaml} image={form.image} allowHostAccess={form.allowHostAccess} error={errors['compose']} onChange={(yaml) => onChange({ ...form, yaml })} />
      <HostAccessCheck checked={form.allowHostAccess} onChange={(allowHostAccess) => onChange({ ...form, allowHostAccess })} />
    </section>
  );
}
