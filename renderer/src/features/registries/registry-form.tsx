import { useState, type ReactElement } from 'react';
import type { RegistryEntry, RegistryTestResult } from '../../../../preload/contract/registries';
import { api } from '../../state/client-ref';
import { BusyButton } from '../../ui/action-button';
import { Dialog } from '../../ui/dialog';
import { ErrorNote } from '../../ui/error-note';
import { Field } from '../new-project/form-field';
import { formErrors, missingFields, verdictChip, type FormErrors, type FormField } from './registries-model';

/** One labelled input with its error under it. */
function Input(p: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly error: string | undefined;
  readonly help?: string;
  readonly type?: 'text' | 'password';
  readonly readOnly?: boolean;
  readonly autoComplete: string;
  readonly placeholder?: string;
}): ReactElement {
  return (
    <Field label={p.label} error={p.error} help={p.help}>
      {(a11y) => (
        <input
          {...a11y}
          type={p.type ?? 'text'}
          className={p.type === 'password' ? undefined : 'mono'}
          value={p.value}
          readOnly={p.readOnly}
          placeholder={p.placeholder}
          autoComplete={p.autoComplete}
          spellCheck={false}
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

/** The form's fields and what Test and Save do with them; a field's edit clears its error and the last test. */
function useRegistryForm(editing: RegistryEntry | null, onSaved: (e: RegistryEntry) => void) {
  const [host, setHost] = useState(editing?.host ?? '');
  const [username, setUsername] = useState(editing?.username ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [tested, setTested] = useState<RegistryTestResult | null>(null);

  const change = (field: FormField, set: (v: string) => void) => (v: string) => {
    set(v);
    setTested(null);
    setErrors((cur) => ({ ...cur, [field]: undefined, form: undefined }));
  };
  const check = (): boolean => {
    const missing = missingFields({ host, username, password });
    setErrors(missing);
    return Object.keys(missing).length === 0;
  };
  /** Test or Save: the fields checked first, the button busy while it runs, a refusal shown on its field. */
  const act = async (what: 'test' | 'save', work: () => Promise<void>): Promise<void> => {
    if (!check()) return;
    setBusy(what);
    try {
      await work();
    } catch (e) {
      setErrors(formErrors(e));
    } finally {
      setBusy(null);
    }
  };
  const test = (): Promise<void> =>
    act('test', async () => {
      setTested(null);
      setTested(await api().call('registries.test', { host, username, password }));
    });
  const save = (): Promise<void> => act('save', async () => onSaved(await api().call('registries.save', { host, username, password })));
  const onChange = { host: change('host', setHost), username: change('username', setUsername), password: change('password', setPassword) };
  return { host, username, password, errors, busy, tested, onChange, test, save };
}

/** Add credentials (no `editing`) or replace those of one host. The password is never shown back: it is typed again. */
export function RegistryForm({ editing, onClose, onSaved }: { readonly editing: RegistryEntry | null; readonly onClose: () => void; readonly onSaved: (e: RegistryEntry) => void }): ReactElement {
  const { host, username, password, errors, busy, tested, onChange, test, save } = useRegistryForm(editing, onSaved);

  const chip = tested ? verdictChip(tested.verdict) : null;
  return (
    <Dialog
      open
      title={editing ? `Credentials for ${editing.host}` : 'Add registry credentials'}
      onClose={onClose}
      actions={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <BusyButton busy={busy === 'test'} disabled={busy !== null} label="Test" busyLabel="Testing…" onClick={() => void test()} />
          <BusyButton primary busy={busy === 'save'} disabled={busy !== null} label="Save" busyLabel="Saving…" onClick={() => void save()} />
        </>
      }
    >
      {/* Enter in a field saves (the dialog's buttons live outside the form). */}
      <form
        aria-label="Registry credentials"
        onSubmit={(e) => e.preventDefault()}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || busy !== null) return;
          e.preventDefault();
          void save();
        }}
      >
        <Input
          label="Registry host"
          value={host}
          onChange={onChange.host}
          error={errors.host}
          readOnly={editing !== null}
          autoComplete="off"
          placeholder="ghcr.io"
          help={editing ? 'To use another host, add it as a new registry.' : 'As in image names: ghcr.io, localhost:5000, docker.io for Docker Hub.'}
        />
        <Input label="Username" value={username} onChange={onChange.username} error={errors.username} autoComplete="username" />
        <Input
          label="Password or access token"
          type="password"
          value={password}
          onChange={onChange.password}
          error={errors.password}
          autoComplete="new-password"
          help={editing ? 'The saved password is never shown; type it (or a new one) again.' : 'Stored encrypted; never shown again.'}
        />
      </form>
      <div role="status" aria-live="polite" aria-label="Test result">
        {tested && chip && (
          <p>
            <span className={chip.className}>{chip.label}</span> {tested.message}
          </p>
        )}
      </div>
      {errors.form !== undefined && <ErrorNote message={errors.form} />}
    </Dialog>
  );
}
