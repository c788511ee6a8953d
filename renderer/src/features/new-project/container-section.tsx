import { useState, type ReactElement } from 'react';
import { VolumeScopeSchema } from '../../../../preload/contract/projects';
import { Field } from './form-field';
import { newKey, type FieldErrors, type HealthKind, type ProjectForm } from './project-form';

const healthNames: Record<HealthKind, string> = {
  auto: "Automatic (the image's HEALTHCHECK, else GET /)",
  http: 'HTTP request',
  tcp: 'TCP connect',
  docker: "The image's HEALTHCHECK",
  running: 'Keeps running',
};

interface Props {
  readonly form: ProjectForm;
  readonly errors: FieldErrors;
  readonly onChange: (f: ProjectForm) => void;
}

/** The first problem the server or the form found with the extra ports ("ports", "ports.2"). */
const portsError = (errors: FieldErrors): string | undefined => errors['ports'] ?? Object.entries(errors).find(([k]) => k.startsWith('ports.'))?.[1];

export function ContainerSection({ form, errors, onChange, extraPorts = true }: Props & { readonly extraPorts?: boolean }): ReactElement {
  return (
    <section className="card form-section" aria-labelledby="np-container">
      <h2 id="np-container">Container</h2>
      <div className="grid-3">
        <Field label="Container port" error={errors['port']} help="The port the app listens on inside the container.">
          {(a) => <input {...a} type="text" inputMode="numeric" value={form.port} placeholder="from EXPOSE" onChange={(e) => onChange({ ...form, port: e.target.value })} />}
        </Field>
        {extraPorts && (
          <Field label="Extra ports" error={portsError(errors)} help="More container ports, each with its own stable URL per stage, e.g. 9090, 9091.">
            {(a) => <input {...a} type="text" className="mono" value={form.ports} placeholder="none" onChange={(e) => onChange({ ...form, ports: e.target.value })} />}
          </Field>
        )}
        <Field label="Health check" error={errors['health']}>
          {(a) => (
            <select {...a} value={form.healthKind} onChange={(e) => onChange({ ...form, healthKind: e.target.value as HealthKind })}>
              {(Object.keys(healthNames) as HealthKind[]).map((k) => (
                <option key={k} value={k}>
                  {healthNames[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {form.healthKind === 'http' && (
          <Field label="Health path" error={errors['health.path']}>
            {(a) => <input {...a} type="text" className="mono" value={form.healthPath} onChange={(e) => onChange({ ...form, healthPath: e.target.value })} />}
          </Field>
        )}
        <Field label="CPUs" error={errors['limits.cpus']} help="Cores, e.g. 0.5. Empty: no limit.">
          {(a) => <input {...a} type="text" inputMode="decimal" value={form.cpus} onChange={(e) => onChange({ ...form, cpus: e.target.value })} />}
        </Field>
        <Field label="Memory (MB)" error={errors['limits.memoryMb']} help="Empty: no limit.">
          {(a) => <input {...a} type="text" inputMode="numeric" value={form.memoryMb} onChange={(e) => onChange({ ...form, memoryMb: e.target.value })} />}
        </Field>
      </div>
    </section>
  );
}

export function EnvSection({ form, errors, onChange }: Props): ReactElement {
  const [shown, setShown] = useState<ReadonlySet<number>>(new Set());
  const set = (key: number, patch: Partial<{ name: string; value: string }>): void => onChange({ ...form, env: form.env.map((e) => (e.key === key ? { ...e, ...patch } : e)) });
  return (
    <section className="card form-section" aria-labelledby="np-env">
      <h2 id="np-env">Environment</h2>
      {errors['env'] !== undefined && <p className="field-error">{errors['env']}</p>}
      {form.env.map((e, i) => (
        <div className="row form-row" key={e.key}>
          <input type="text" className="mono" aria-label={`Variable ${String(i + 1)} name`} placeholder="NAME" value={e.name} onChange={(ev) => set(e.key, { name: ev.target.value })} />
          <input
            type={shown.has(e.key) ? 'text' : 'password'}
            className="mono grow"
            aria-label={`Variable ${String(i + 1)} value`}
            autoComplete="off"
            value={e.value}
            onChange={(ev) => set(e.key, { value: ev.target.value })}
          />
          <button type="button" className="btn btn-small" aria-pressed={shown.has(e.key)} onClick={() => setShown((s) => (s.has(e.key) ? new Set([...s].filter((k) => k !== e.key)) : new Set([...s, e.key])))}>
            {shown.has(e.key) ? 'Hide' : 'Show'}
          </button>
          <button type="button" className="btn btn-small" aria-label={`Remove variable ${String(i + 1)}`} onClick={() => onChange({ ...form, env: form.env.filter((x) => x.key !== e.key) })}>
            Remove
          </button>
          {errors[`env.${String(i)}`] !== undefined && <span className="field-error">{errors[`env.${String(i)}`]}</span>}
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange({ ...form, env: [...form.env, { key: newKey(), name: '', value: '' }] })}>
        Add variable
      </button>
    </section>
  );
}

export function VolumesSection({ form, errors, onChange }: Props): ReactElement {
  const set = (key: number, patch: Partial<ProjectForm['volumes'][number]>): void => onChange({ ...form, volumes: form.volumes.map((v) => (v.key === key ? { ...v, ...patch } : v)) });
  return (
    <section className="card form-section" aria-labelledby="np-volumes">
      <h2 id="np-volumes">Volumes</h2>
      <p className="muted">project: shared by all stages · stage: one per stage · instance: one per container · named: a Docker volume · absolute: a host folder · ephemeral: in memory.</p>
      {form.volumes.map((v, i) => (
        <div className="row form-row" key={v.key}>
          <select aria-label={`Volume ${String(i + 1)} scope`} value={v.scope} onChange={(e) => set(v.key, { scope: VolumeScopeSchema.parse(e.target.value) })}>
            {VolumeScopeSchema.options.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <input type="text" className="mono" aria-label={`Volume ${String(i + 1)} path in the container`} placeholder="/data" value={v.target} onChange={(e) => set(v.key, { target: e.target.value })} />
          <input
            type="text"
            className="mono grow"
            aria-label={`Volume ${String(i + 1)} source`}
            placeholder={v.scope === 'named' ? 'volume name' : v.scope === 'absolute' ? '/host/path' : 'folder name (optional)'}
            value={v.source}
            onChange={(e) => set(v.key, { source: e.target.value })}
          />
          <label className="inline-check">
            <input type="checkbox" checked={v.readOnly} onChange={(e) => set(v.key, { readOnly: e.target.checked })} /> read-only
          </label>
          <button type="button" className="btn btn-small" aria-label={`Remove volume ${String(i + 1)}`} onClick={() => onChange({ ...form, volumes: form.volumes.filter((x) => x.key !== v.key) })}>
            Remove
          </button>
          {Object.entries(errors)
            .filter(([k]) => k.startsWith(`volumes.${String(i)}`))
            .map(([k, m]) => (
              <span key={k} className="field-error">
                {m}
              </span>
            ))}
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange({ ...form, volumes: [...form.volumes, { key: newKey(), scope: 'project', target: '', source: '', readOnly: false }] })}>
        Add volume
      </button>
    </section>
  );
}
