import { useEffect, useState, type ReactElement } from 'react';
import type { Stage } from '../../../../preload/contract/projects';
import { nextTick, retireLines } from './retire-model';

/** The warm-rollback countdown and the previous instance's retirement, kept current every second. */
export function RetireLine({ stage }: { readonly stage: Stage }): ReactElement | null {
  const [now, setNow] = useState(() => Date.now());
  const wake = nextTick(stage, now);
  useEffect(() => {
    if (wake === null) return;
    const t = setTimeout(() => setNow(Date.now()), Math.max(50, wake - Date.now()));
    return () => clearTimeout(t);
  }, [wake]);
  const { rollback, previous } = retireLines(stage, now);
  if (rollback === null && previous === null) return null;
  return (
    <div className="stage-retire muted">
      {rollback !== null && <span className="chip chip-info">{rollback}</span>} {previous !== null && <span>{previous}</span>}
    </div>
  );
}
