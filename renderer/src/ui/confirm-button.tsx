import { useState, type ReactElement, type ReactNode } from 'react';
import { errorMessage } from '../api/api-error';
import { Dialog } from './dialog';
import { ErrorNote } from './error-note';
import type { Outcome } from './action-button';
import { localToast } from '../state/toasts-store';

export interface ConfirmButtonProps {
  /** The button's visible text and accessible name. */
  readonly label: string;
  readonly title: string;
  readonly children: ReactNode;
  /** Text of the confirming button, e.g. "Regenerate". */
  readonly confirmLabel: string;
  readonly onConfirm: () => Promise<unknown>;
  readonly destructive?: boolean;
  readonly disabled?: boolean;
  readonly className?: string;
  readonly icon?: ReactNode;
  /** Said in a toast (with its "Open" link) once the action succeeded. */
  readonly outcome?: Outcome;
}

/** A button whose action asks first; failures stay in the dialog, next to the question. */
export function ConfirmButton(p: ConfirmButtonProps): ReactElement {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await p.onConfirm();
      setOpen(false);
      if (p.outcome) localToast(p.outcome.title, 'success', p.outcome.body ?? '', p.outcome.route ?? null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className={p.className ?? (p.destructive ? 'btn btn-danger-quiet' : 'btn')} disabled={p.disabled} onClick={() => setOpen(true)}>
        {p.icon}
        {p.label}
      </button>
      <Dialog
        open={open}
        title={p.title}
        onClose={() => setOpen(false)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="button" className={p.destructive ? 'btn btn-danger' : 'btn btn-primary'} disabled={busy} onClick={() => void confirm()}>
              {busy && <span className="spinner" aria-hidden="true" />}
              {busy ? 'Working…' : p.confirmLabel}
            </button>
          </>
        }
      >
        {p.children}
        {error !== null && <ErrorNote message={error} />}
      </Dialog>
    </>
  );
}
