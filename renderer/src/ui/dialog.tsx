import { useEffect, useId, useRef, type ReactElement, type ReactNode } from 'react';

export interface DialogProps {
  readonly open: boolean;
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
  readonly actions: ReactNode;
  readonly wide?: boolean;
}

/** A modal on the native <dialog>: focus trap, Escape and the top layer come for free. */
export function Dialog({ open, title, onClose, children, actions, wide }: DialogProps): ReactElement {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className={wide ? 'dialog dialog-wide' : 'dialog'} aria-labelledby={titleId} onClose={onClose}>
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">{actions}</div>
    </dialog>
  );
}

/** A dialog's Cancel and primary buttons; while `busy` the primary shows a spinner and its busy label. */
export function DialogActions({ onCancel, onConfirm, label, busyLabel, busy, disabled = false }: { readonly onCancel: () => void; readonly onConfirm: () => void; readonly label: string; readonly busyLabel: string; readonly busy: boolean; readonly disabled?: boolean }): ReactElement {
  return (
    <>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
      <button type="button" className="btn btn-primary" disabled={busy || disabled} aria-busy={busy} onClick={onConfirm}>
        {busy && <span className="spinner" aria-hidden="true" />}
        {busy ? busyLabel : label}
      </button>
    </>
  );
}
