import { useState, type ReactElement, type ReactNode } from 'react';
import { errorMessage } from '../api/api-error';
import { localToast } from '../state/toasts-store';

/** What a finished action tells the user: a title, a line of detail and where "Open" leads. */
export interface Outcome {
  readonly title: string;
  readonly body?: string;
  readonly route?: string | null;
}

export interface ActionButtonProps {
  readonly label: string;
  /** Shown while the action runs, e.g. "Saving…". */
  readonly busyLabel: string;
  readonly run: () => Promise<Outcome>;
  /** Title of the error toast, e.g. "Could not save the rule". */
  readonly failure: string;
  /** Where the failure's "Open" leads (the thing it concerns). */
  readonly failureRoute?: string | null;
  readonly className?: string;
  readonly disabled?: boolean;
  readonly icon?: ReactNode;
  /** An accessible name when the visible label alone is ambiguous (e.g. in a table row). */
  readonly ariaLabel?: string;
}

/** A button that shows progress while its action runs and then the outcome as a toast with an "Open" link. */
export function ActionButton(p: ActionButtonProps): ReactElement {
  const [busy, setBusy] = useState(false);
  const click = async (): Promise<void> => {
    setBusy(true);
    try {
      const o = await p.run();
      localToast(o.title, 'success', o.body ?? '', o.route ?? null);
    } catch (e) {
      localToast(p.failure, 'error', errorMessage(e), p.failureRoute ?? null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className={p.className ?? 'btn'} disabled={p.disabled === true || busy} aria-busy={busy} aria-label={p.ariaLabel} onClick={() => void click()}>
      {busy ? <span className="spinner" aria-hidden="true" /> : p.icon}
      {busy ? p.busyLabel : p.label}
    </button>
  );
}

/** A form's button while its `useSubmit` step runs: a spinner and the busy label, disabled. */
export function BusyButton(p: {
  readonly label: string;
  readonly busyLabel: string;
  readonly busy: boolean;
  readonly onClick: () => void;
  readonly disabled?: boolean;
  readonly primary?: boolean;
  readonly className?: string;
  readonly ariaLabel?: string;
}): ReactElement {
  return (
    <button
      type="button"
      className={p.className ?? (p.primary === true ? 'btn btn-primary' : 'btn')}
      disabled={p.disabled === true || p.busy}
      aria-busy={p.busy}
      aria-label={p.ariaLabel}
      onClick={p.onClick}
    >
      {p.busy && <span className="spinner" aria-hidden="true" />}
      {p.busy ? p.busyLabel : p.label}
    </button>
  );
}
