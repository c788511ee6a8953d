import { useId, useState, type ReactElement, type ReactNode } from 'react';
import type { SettingsPatch } from '../../../../preload/contract';
import { intIn } from './parse-field';
import { errorMessage } from '../../api/api-error';
import { useSettings } from '../../state/settings-store';
import { localToast } from '../../state/toasts-store';

/** Saves one patch; the error (if any) is shown next to the field that caused it. */
function useSave(): { readonly save: (patch: SettingsPatch) => Promise<boolean>; readonly error: string | null; readonly saving: boolean } {
  const update = useSettings((s) => s.update);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async (patch: SettingsPatch): Promise<boolean> => {
    setSaving(true);
    try {
      await update(patch);
      setError(null);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { save, error, saving };
}

interface FieldShell {
  readonly label: string;
  readonly help?: ReactNode;
}

function Help({ id, help, error }: { readonly id: string; readonly help?: ReactNode; readonly error: string | null }): ReactElement {
  return (
    <div id={id} className="field-help">
      {error !== null ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : (
        help
      )}
    </div>
  );
}

/** A text setting saved on Enter or when focus leaves; `parse` turns the text into the patch. */
export function TextSetting(
  p: FieldShell & { readonly value: string; readonly toPatch: (text: string) => SettingsPatch | string; readonly placeholder?: string; readonly inputMode?: 'numeric' | 'text'; readonly multiline?: boolean },
): ReactElement {
  const id = useId();
  const [text, setText] = useState(p.value);
  // A saved value from elsewhere (another window, a reload) replaces what is shown.
  const [shownValue, setShownValue] = useState(p.value);
  if (shownValue !== p.value) {
    setShownValue(p.value);
    setText(p.value);
  }
  const [localError, setLocalError] = useState<string | null>(null);
  const { save, error, saving } = useSave();
  const commit = async (): Promise<void> => {
    if (text === p.value) return setLocalError(null);
    const patch = p.toPatch(text);
    if (typeof patch === 'string') return setLocalError(patch);
    setLocalError(null);
    if (await save(patch)) localToast(`${p.label} saved`, 'success');
  };
  const shownError = localError ?? error;
  const common = {
    id: `${id}-input`,
    value: text,
    placeholder: p.placeholder,
    'aria-describedby': `${id}-help`,
    'aria-invalid': shownError !== null,
    disabled: saving,
    onBlur: () => void commit(),
  };
  return (
    <div className="field">
      <label htmlFor={`${id}-input`}>{p.label}</label>
      {p.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => setText(e.target.value)} />
      ) : (
        <input
          {...common}
          type="text"
          inputMode={p.inputMode}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void commit();
            if (e.key === 'Escape') setText(p.value);
          }}
        />
      )}
      <Help id={`${id}-help`} help={p.help} error={shownError} />
    </div>
  );
}

export function ToggleSetting(p: FieldShell & { readonly checked: boolean; readonly toPatch: (checked: boolean) => SettingsPatch }): ReactElement {
  const id = useId();
  const { save, error, saving } = useSave();
  return (
    <div className="field field-toggle">
      <label>
        <input type="checkbox" role="switch" checked={p.checked} disabled={saving} aria-describedby={`${id}-help`} onChange={(e) => void save(p.toPatch(e.target.checked))} />
        {p.label}
      </label>
      <Help id={`${id}-help`} help={p.help} error={error} />
    </div>
  );
}

export function ChoiceSetting<T extends string>(
  p: FieldShell & { readonly value: T; readonly options: readonly { readonly value: T; readonly label: string }[]; readonly toPatch: (v: T) => SettingsPatch },
): ReactElement {
  const id = useId();
  const { save, error } = useSave();
  // Shown at once while it saves (a controlled radio would otherwise snap back until the answer).
  const [pending, setPending] = useState<T | null>(null);
  const current = pending ?? p.value;
  const choose = async (v: T): Promise<void> => {
    setPending(v);
    await save(p.toPatch(v));
    setPending(null);
  };
  return (
    <fieldset className="field segmented-field" aria-describedby={`${id}-help`}>
      <legend>{p.label}</legend>
      <div className="segmented">
        {p.options.map((o) => (
          <label key={o.value} className={o.value === current ? 'segment segment-on' : 'segment'}>
            <input type="radio" name={id} value={o.value} checked={o.value === current} onChange={() => void choose(o.value)} />
            {o.label}
          </label>
        ))}
      </div>
      <Help id={`${id}-help`} help={p.help} error={error} />
    </fieldset>
  );
}

/** The settings that hold a whole number. */
type NumberKey = { [K in keyof SettingsPatch]-?: NonNullable<SettingsPatch[K]> extends number ? K : never }[keyof SettingsPatch];

/** A whole-number setting in a range; `what` names it in the error ("The port must be…"). */
export function NumberSetting(p: FieldShell & { readonly field: NumberKey; readonly value: number; readonly min: number; readonly max: number; readonly what: string }): ReactElement {
  return (
    <TextSetting
      label={p.label}
      help={p.help}
      value={String(p.value)}
      inputMode="numeric"
      toPatch={(t) => {
        const n = intIn(t, p.min, p.max, p.what);
        return typeof n === 'string' ? n : { [p.field]: n };
      }}
    />
  );
}
