import type { ReactElement } from 'react';
import { FieldError } from '../../ui/field-error';

/** The foot of a settings section: the server's refusal, then its Save button with progress. */
export function SectionSave({ error, busy, label, onSave }: { readonly error: string | null; readonly busy: boolean; readonly label: string; readonly onSave: () => void }): ReactElement {
  return (
    <>
      <FieldError>{error}</FieldError>
      <div className="form-actions">
        <button type="button" className="btn" disabled={busy} onClick={onSave}>
          {busy ? 'Saving…' : label}
        </button>
      </div>
    </>
  );
}
