import type { ReactElement } from 'react';
import { FieldError } from '../../ui/field-error';
import { BusyButton } from '../../ui/action-button';

/** The foot of a settings section: the server's refusal, then its Save button with progress. */
export function SectionSave({ error, busy, label, onSave }: { readonly error: string | null; readonly busy: boolean; readonly label: string; readonly onSave: () => void }): ReactElement {
  return (
    <>
      <FieldError>{error}</FieldError>
      <div className="form-actions">
        <BusyButton busy={busy} label={label} busyLabel="Saving…" onClick={onSave} />
      </div>
    </>
  );
}
