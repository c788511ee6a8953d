import type { ReactElement } from 'react';
import { useSystem } from '../state/system-store';

/** Says so when live updates stopped (the server went away); the transport reconnects by itself. */
export function StreamBanner(): ReactElement | null {
  const stream = useSystem((s) => s.stream);
  if (stream !== 'closed') return null;
  return (
    <div className="banner banner-warn" role="status">
      Live updates are interrupted; reconnecting to Slipway… If this lasts, check that Slipway is still running.
    </div>
  );
}
