import type { ReactElement } from 'react';
import { CodeEditor } from '../../ui/code-editor';

/** The "Advanced JSON" switch: the form, or the raw definition it stands for. */
export function AdvancedToggle({ on, onToggle }: { readonly on: boolean; readonly onToggle: (on: boolean) => void }): ReactElement {
  return (
    <button type="button" className="btn btn-small" aria-pressed={on} onClick={() => onToggle(!on)}>
      {on ? 'Back to the form' : 'Advanced JSON'}
    </button>
  );
}

/** The raw definition with what the contract refused, each problem under the editor. */
export function JsonEditor({ label, text, onText, errors, help }: { readonly label: string; readonly text: string; readonly onText: (t: string) => void; readonly errors: readonly string[]; readonly help: string }): ReactElement {
  return (
    <div className="field">
      <span className="field-label">{label}</span>
      <CodeEditor label={label} rows={18} value={text} invalid={errors.length > 0} onChange={onText} />
      {errors.length > 0 ? (
        <ul className="check-list" role="alert" aria-label={`${label} problems`}>
          {errors.map((e) => (
            <li key={e} className="field-error">
              {e}
            </li>
          ))}
        </ul>
      ) : (
        <p className="field-help">{help}</p>
      )}
    </div>
  );
}
