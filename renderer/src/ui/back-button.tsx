import type { ReactElement } from 'react';
import { Icon } from './icons';

/** The back arrow at the start of a page header. */
export function BackButton({ label, onClick }: { readonly label: string; readonly onClick: () => void }): ReactElement {
  return (
    <button type="button" className="icon-btn" aria-label={label} onClick={onClick}>
      <Icon name="back" />
    </button>
  );
}
