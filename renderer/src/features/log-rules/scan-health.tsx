import type { ReactElement } from 'react';
import { ErrorNote } from '../../ui/error-note';
import { RelativeTime } from '../../ui/relative-time';
import { Stat } from '../../ui/stat';
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
            <Stat label="Lines scanned">{s.linesScanned.toLocaleString()}</Stat>
            <Stat label="Lines dropped">{s.linesDropped.toLocaleString()}</Stat>
            <Stat label="Lines cut to 4 KB">{s.linesTruncated.toLocaleString()}</Stat>
            <Stat label="Rules fired">{s.fired.toLocaleString()}</Stat>
            <Stat label="Waiting to scan">{s.queued.toLocaleString()}</Stat>
          </dl>
        </>
      )}
    </section>
  );
}
