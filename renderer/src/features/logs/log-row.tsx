import { memo, type ReactElement } from 'react';
import { clockTime } from '../../ui/time';
import { lineSpans } from './ansi';
import type { Line } from './log-buffer';

export interface LogRowProps {
  readonly line: Line;
  readonly query: string;
  readonly timestamps: boolean;
  readonly current: boolean;
}

const kindLabel = ['out', 'err', 'slipway'] as const;

export const LogRow = memo(function LogRow({ line, query, timestamps, current }: LogRowProps): ReactElement {
  return (
    <div className={`log-line kind-${String(line.kind)}${current ? ' log-current' : ''}`}>
      {timestamps && <span className="log-time">{clockTime(line.ts)}</span>}
      <span className="log-stream" title={line.kind === 1 ? 'stderr' : line.kind === 2 ? 'from Slipway' : 'stdout'}>
        {kindLabel[line.kind]}
      </span>
      <span className="log-text">
        {lineSpans(line.text, query).map((s, i) =>
          s.hit ? (
            <mark key={i} className={s.className}>
              {s.text}
            </mark>
          ) : s.className !== '' ? (
            <span key={i} className={s.className}>
              {s.text}
            </span>
          ) : (
            s.text
          ),
        )}
      </span>
    </div>
  );
});
