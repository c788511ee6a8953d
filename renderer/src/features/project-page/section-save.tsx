import type { ReactElement } from 'react';
import { BusyButton } from '../../ui/action-button';

/** The foot of a settings section: the server's refusal, then its Save button with progress. */
export function SectionSave({ error, busy, label, onSave }: { readonly error: string | null; readonly busy: boolean; readonly label: string; readonly onSave: () => void }): ReactElement {
  return (
    <>
      {error !== null && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-actions">
        <BusyButton busy={busy} label={label} busyLabel="Saving…" onClick={onSave} />
      </div>
    </>
  );
}
