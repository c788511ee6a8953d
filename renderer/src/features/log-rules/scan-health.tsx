import type { ReactElement } from 'react';
import { ErrorNote } from '../../ui/error-note';
import { RelativeTime } from '../../ui/relative-time';
import { StatusDot } from '../../ui/status-dot';
import { useLogRules } from './use-log-rules';

/** The scanner's drop counters and whether it has fallen behind the log stream (`log-scan.behind`). */
export function ScanHealth(): ReactElement {
  const { data, error } = useLogRules(null);
  const s = data?.stats;
  return (
    <section className="card settings-section" aria-labelledby="set-scan-health">
      <h2 id="set-scan-health">Log scanner</h2>
      {error !== null && <ErrorNote message={`The scanner's counters could not be loaded: ${error}`} />}
      {s && (
        <>
          <p className="engine-line" role="status" aria-label="Scanner state">
            {s.behindAt === null ? (
              <>
                <StatusDot tone="ok" /> Keeping up with every log line since Slipway started.
              </>
            ) : (
              <>
                <StatusDot tone="warn" /> Fell behind <RelativeTime ts={s.behindAt} /> and skipped lines (log delivery was not slowed). Fewer or simpler rules help.
              </>
            )}
          </p>
          <dl className="stat-grid">
            <div className="stat">
              <dt>Lines scanned</dt>
              <dd>{s.linesScanned.toLocaleString()}</dd>
            </div>
            <div className="stat">
              <dt>Lines dropped</dt>
              <dd>{s.linesDropped.toLocaleString()}</dd>
            </div>
            <div className="stat">
              <dt>Lines cut to 4 KB</dt>
              <dd>{s.linesTruncated.toLocaleString()}</dd>
            </div>
            <div className="stat">
              <dt>Rules fired</dt>
              <dd>{s.fired.toLocaleString()}</dd>
            </div>
            <div className="stat">
              <dt>Waiting to scan</dt>
              <dd>{s.queued.toLocaleString()}</dd>
            </div>
          </dl>
        </>
      )}
    </section>
  );
}
