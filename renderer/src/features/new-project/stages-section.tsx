import type { ReactElement } from 'react';
import { TableHead } from '../../ui/table-head';
import { newKey, type FieldErrors, type ProjectForm, type StageRow } from './project-form';
import { FieldError } from '../../ui/field-error';

interface Props {
  readonly form: ProjectForm;
  readonly errors: FieldErrors;
  readonly onChange: (f: ProjectForm) => void;
}

/** Stage rows: name, tag pattern, auto-deploy, public port, instances kept, upstream. */
export function StagesSection({ form, errors, onChange }: Props): ReactElement {
  const set = (key: number, patch: Partial<StageRow>): void => onChange({ ...form, stages: form.stages.map((s) => (s.key === key ? { ...s, ...patch } : s)) });
  const err = (i: number, field: string): string | undefined => errors[`stages.${String(i)}.${field}`];
  return (
    <section className="card form-section" aria-labelledby="np-stages">
      <h2 id="np-stages">Stages</h2>
      <table className="form-table">
        <TableHead columns={['Name', 'Tag pattern', 'Auto-deploy', 'Public port', 'Instances kept', 'Promoted from']} actions="Remove" />
        <tbody>
          {form.stages.map((s, i) => {
            const n = String(i + 1);
            const rowErrors = ['name', 'tagPattern', 'publicPort', 'maxInstances', 'upstream'].map((f) => err(i, f)).filter((x) => x !== undefined);
            return (
              <tr key={s.key}>
                <td>
                  <input type="text" aria-label={`Stage ${n} name`} aria-invalid={err(i, 'name') !== undefined} value={s.name} onChange={(e) => set(s.key, { name: e.target.value })} />
                </td>
                <td>
                  <input type="text" className="mono" aria-label={`Stage ${n} tag pattern`} aria-invalid={err(i, 'tagPattern') !== undefined} value={s.tagPattern} onChange={(e) => set(s.key, { tagPattern: e.target.value })} />
                </td>
                <td>
                  <input type="checkbox" aria-label={`Stage ${n} auto-deploy`} checked={s.autoDeploy} onChange={(e) => set(s.key, { autoDeploy: e.target.checked })} />
                </td>
                <td>
                  <input type="text" inputMode="numeric" aria-label={`Stage ${n} public port`} aria-invalid={err(i, 'publicPort') !== undefined} placeholder="any free" value={s.publicPort} onChange={(e) => set(s.key, { publicPort: e.target.value })} />
                </td>
                <td>
                  <input type="text" inputMode="numeric" aria-label={`Stage ${n} instances kept`} aria-invalid={err(i, 'maxInstances') !== undefined} value={s.maxInstances} onChange={(e) => set(s.key, { maxInstances: e.target.value })} />
                </td>
                <td>
                  <select aria-label={`Stage ${n} promoted from`} value={s.upstream} onChange={(e) => set(s.key, { upstream: e.target.value })}>
                    <option value="">(none)</option>
                    {form.stages
                      .filter((o) => o.key !== s.key && o.name !== '')
                      .map((o) => (
                        <option key={o.key} value={o.name}>
                          {o.name}
                        </option>
                      ))}
                  </select>
                </td>
                <td>
                  <button type="button" className="btn btn-small" aria-label={`Remove stage ${n}`} disabled={form.stages.length === 1} onClick={() => onChange({ ...form, stages: form.stages.filter((x) => x.key !== s.key) })}>
                    Remove
                  </button>
                  <FieldError>{rowErrors.join(' ')}</FieldError>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          const last = form.stages[form.stages.length - 1];
          onChange({ ...form, stages: [...form.stages, { key: newKey(), name: '', tagPattern: '*', autoDeploy: false, publicPort: '', maxInstances: '2', upstream: last?.name ?? '' }] });
        }}
      >
        Add stage
      </button>
    </section>
  );
}
