import type { ReactElement } from 'react';
import type { Tone } from '../state/engine-model';

/** A coloured dot; the meaning is always also in text next to it, so it is hidden from assistive tech. */
export function StatusDot({ tone }: { readonly tone: Tone }): ReactElement {
  return <span className={`dot dot-${tone}`} aria-hidden="true" />;
}
