import type { ReactElement } from 'react';
import { errorMessage } from '../api/api-error';

/** An "enabled" switch that follows the saved state: it flips once `onToggle` has been answered; a refusal goes to `onError`. */
export function EnabledSwitch({ label, checked, onToggle, onError }: { readonly label: string; readonly checked: boolean; readonly onToggle: (on: boolean) => Promise<unknown>; readonly onError: (message: string) => void }): ReactElement {
  return (
    <label className="inline-check">
      <input type="checkbox" role="switch" aria-label={label} checked={checked} onChange={(e) => void onToggle(e.target.checked).catch((x: unknown) => onError(errorMessage(x)))} />
      enabled
    </label>
  );
}
