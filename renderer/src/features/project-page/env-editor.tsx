import { useState, type ReactElement } from 'react';
import { ErrorNote } from '../../ui/error-note';
import { blankRow, replaceRow, setSecret, type EnvRow } from './env-rows';
import { FieldError } from '../../ui/field-error';

interface Props {
  /** Starts each control's name, e.g. "Variable" → "Variable 1 name", or "dev override". */
  readonly label: string;
  readonly rows: readonly EnvRow[];
  readonly onChange: (rows: EnvRow[]) => void;
  /** Problems with one row, by its key. */
  readonly rowErrors?: ReadonlyMap<number, string>;
  /** A problem the server reported for these variables. */
  readonly error?: string | null;
  readonly disabled?: boolean;
}

/**
 * Add, edit and remove variables; each can be marked secret. A secret typed here is masked and can be
 * revealed while it is being typed; a saved one is never sent back, so it shows as hidden with "Replace".
 */
export function EnvEditor({ label, rows, onChange, rowErrors, error, disabled }: Props): ReactElement {
  const [revealed, setRevealed] = useState<ReadonlySet<number>>(new Set());
  const update = (key: number, next: (r: EnvRow) => EnvRow): void => onChange(rows.map((r) => (r.key === key ? next(r) : r)));
  const toggleReveal = (key: number): void => setRevealed((s) => (s.has(key) ? new Set([...s].filter((k) => k !== key)) : new Set([...s, key])));
  return (
    <div className="env-editor">
      {rows.length === 0 && <p className="muted">No variables. Add one to pass it to the container.</p>}
      {rows.map((r, i) => {
        const n = `${label} ${String(i + 1)}`;
        const rowError = rowErrors?.get(r.key);
        return (
          <div className="row form-row env-row" key={r.key}>
            <input
              type="text"
              className="mono"
              aria-label={`${n} name`}
              placeholder="NAME"
              value={r.name}
              disabled={disabled}
              onChange={(e) => update(r.key, (x) => ({ ...x, name: e.target.value }))}
            />
            {r.secret && r.saved ? (
              <>
                <span className="env-saved grow mono" aria-label={`${n} value`}>
                  ••• (saved, hidden)
                </span>
                <button type="button" className="btn btn-small" aria-label={`Replace ${n}`} disabled={disabled} onClick={() => update(r.key, replaceRow)}>
                  Replace
                </button>
              </>
            ) : (
              <>
                <input
                  type={r.secret && !revealed.has(r.key) ? 'password' : 'text'}
                  className="mono grow"
                  aria-label={`${n} value`}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={r.secret ? 'secret value' : 'value'}
                  value={r.value}
                  disabled={disabled}
                  onChange={(e) => update(r.key, (x) => ({ ...x, value: e.target.value }))}
                />
                {r.secret && (
                  <button type="button" className="btn btn-small" aria-label={`${revealed.has(r.key) ? 'Hide' : 'Reveal'} ${n}`} aria-pressed={revealed.has(r.key)} onClick={() => toggleReveal(r.key)}>
                    {revealed.has(r.key) ? 'Hide' : 'Reveal'}
                  </button>
                )}
              </>
            )}
            <label className="inline-check">
              <input type="checkbox" aria-label={`${n} secret`} checked={r.secret} disabled={disabled} onChange={(e) => update(r.key, (x) => setSecret(x, e.target.checked))} /> secret
            </label>
            <button type="button" className="btn btn-small" aria-label={`Remove ${n}`} disabled={disabled} onClick={() => onChange(rows.filter((x) => x.key !== r.key))}>
              Remove
            </button>
            <FieldError inline>{rowError}</FieldError>
          </div>
        );
      })}
      {error !== undefined && error !== null && <ErrorNote message={error} />}
      <button type="button" className="btn btn-small" aria-label={`Add ${label.toLowerCase()}`} disabled={disabled} onClick={() => onChange([...rows, blankRow()])}>
        Add variable
      </button>
    </div>
  );
}
