import { useState, type ReactElement } from 'react';
import type { LogRule, Project } from '../../../../preload/contract';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { Dialog, DialogActions } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';
import { Field } from '../new-project/form-field';
import { PatternTester } from './pattern-tester';
import { emptyRuleForm, formOf, patternError, ruleFields, type RuleForm } from './rule-form';

/** What the editor is for: a new rule, a change to one, or a project's override of a global rule. */
export type Editing = { readonly kind: 'new' } | { readonly kind: 'edit'; readonly rule: LogRule } | { readonly kind: 'override'; readonly global: LogRule };

function titleOf(e: Editing): string {
  if (e.kind === 'new') return 'New log rule';
  if (e.kind === 'edit') return `Edit “${e.rule.name}”`;
  return `Override “${e.global.name}” for this project`;
}

/** Create or edit a rule; the pattern can be tried on recent lines first, and a refused pattern is explained under it. */
export function RuleEditor({ editing, projectId, projects, route, onClose, onSaved }: {
  readonly editing: Editing;
  readonly projectId: number | null;
  readonly projects: readonly Project[];
  /** Where the saved rule is shown, for the toast's "Open". */
  readonly route: string;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}): ReactElement {
  const [form, setForm] = useState<RuleForm>(() => (editing.kind === 'new' ? emptyRuleForm : formOf(editing.kind === 'edit' ? editing.rule : editing.global)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<RuleForm>): void => setForm((f) => ({ ...f, ...patch }));
  const setRefusal = (reason: string | null): void => setErrors((e) => (reason === null ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'pattern')) : { ...e, pattern: reason }));

  const save = async (): Promise<void> => {
    const parsed = ruleFields(form);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setError(null);
    setBusy(true);
    try {
      const saved =
        editing.kind === 'edit'
          ? await api().call('logRules.update', { id: editing.rule.id, ...parsed.fields })
          : await api().call('logRules.create', { projectId, overrides: editing.kind === 'override' ? editing.global.id : null, ...parsed.fields });
      localToast(editing.kind === 'edit' ? `Rule “${saved.name}” saved` : `Rule “${saved.name}” added`, 'success', saved.threshold === 1 ? `Fires on every line matching /${saved.pattern}/.` : `Fires on ${String(saved.threshold)} lines matching /${saved.pattern}/ within ${String(saved.windowSeconds)} s.`, route);
      onSaved();
      onClose();
    } catch (e) {
      const message = errorMessage(e);
      const refusal = patternError(message);
      if (refusal !== null) setErrors({ pattern: refusal });
      else setError(message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      wide
      title={titleOf(editing)}
      onClose={onClose}
      actions={<DialogActions onCancel={onClose} onConfirm={() => void save()} label="Save rule" busyLabel="Saving…" busy={busy} />}
    >
      <RuleFields form={form} set={set} errors={errors} />
      <PatternTester form={form} projects={projects} fixedProjectId={projectId} onRefused={setRefusal} />
      {error !== null && <ErrorNote message={error} />}
    </Dialog>
  );
}

/** The rule's fields; a number field's error (from the form or the contract) stands under it. */
function RuleFields({ form, set, errors }: { readonly form: RuleForm; readonly set: (patch: Partial<RuleForm>) => void; readonly errors: Readonly<Record<string, string>> }): ReactElement {
  return (
    <div className="rule-form">
      <Field label="Rule name" className="span-2" error={errors['name']} help="Shown in events and notifications. Empty: the pattern.">
        {(p) => <input {...p} type="text" value={form.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field label="Level" error={undefined}>
        {(p) => (
          <select {...p} value={form.level} onChange={(e) => set({ level: e.target.value as RuleForm['level'] })}>
            <option value="info">info</option>
            <option value="warn">warn</option>
            <option value="error">error</option>
          </select>
        )}
      </Field>
      <Field label="Stream" error={undefined}>
        {(p) => (
          <select {...p} value={form.stream} onChange={(e) => set({ stream: e.target.value as RuleForm['stream'] })}>
            <option value="any">stdout and stderr</option>
            <option value="stdout">stdout</option>
            <option value="stderr">stderr</option>
          </select>
        )}
      </Field>
      <Field label="Pattern" className="span-4" error={errors['pattern']} help="A JavaScript regular expression matched against each line.">
        {(p) => <input {...p} type="text" className="mono" placeholder="ERROR|FATAL" value={form.pattern} onChange={(e) => set({ pattern: e.target.value })} />}
      </Field>
      <Field label="Matches to fire" error={errors['threshold']}>
        {(p) => <input {...p} type="text" inputMode="numeric" value={form.threshold} onChange={(e) => set({ threshold: e.target.value })} />}
      </Field>
      <Field label="Within (seconds)" error={errors['windowSeconds']}>
        {(p) => <input {...p} type="text" inputMode="numeric" value={form.windowSeconds} onChange={(e) => set({ windowSeconds: e.target.value })} />}
      </Field>
      <Field label="Then quiet for (seconds)" error={errors['cooldownSeconds']}>
        {(p) => <input {...p} type="text" inputMode="numeric" value={form.cooldownSeconds} onChange={(e) => set({ cooldownSeconds: e.target.value })} />}
      </Field>
      <Field label="When it fires" error={undefined} help="Besides the event: act on the stage whose log matched.">
        {(p) => (
          <select {...p} value={form.action} onChange={(e) => set({ action: e.target.value as RuleForm['action'] })}>
            <option value="none">Only record the event</option>
            <option value="restart">Restart the live instance</option>
            <option value="rollback">Roll the stage back</option>
          </select>
        )}
      </Field>
      <Field label="At most actions per hour" error={errors['actionMaxPerHour']}>
        {(p) => <input {...p} type="text" inputMode="numeric" disabled={form.action === 'none'} value={form.actionMaxPerHour} onChange={(e) => set({ actionMaxPerHour: e.target.value })} />}
      </Field>
      <div className="field field-toggle">
        <label>
          <input type="checkbox" checked={form.ignoreCase} onChange={(e) => set({ ignoreCase: e.target.checked })} /> Ignore case
        </label>
        <label>
          <input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> Enabled
        </label>
      </div>
    </div>
  );
}
