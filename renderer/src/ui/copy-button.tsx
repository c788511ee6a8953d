import { useState, type ReactElement } from 'react';
import { Icon } from './icons';

type CopyState = 'idle' | 'copied' | 'failed';

const text: Record<CopyState, string> = { idle: 'Copy', copied: 'Copied', failed: 'Select and press Ctrl+C' };

export function CopyButton({ text: value, label }: { readonly text: string; readonly label: string }): ReactElement {
  const [state, setState] = useState<CopyState>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      // Clipboard denied (no permission or window not focused): say how to copy by hand.
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" className="btn" aria-label={label} onClick={() => void copy()}>
      <Icon name="copy" />
      <span aria-live="polite">{text[state]}</span>
    </button>
  );
}
