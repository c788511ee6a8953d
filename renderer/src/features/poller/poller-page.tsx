import { useCallback, useEffect, useState, type ReactElement } from 'react';
import type { PollerStatus } from '../../../../preload/contract';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { useNames } from '../../state/names';
import { useSettings } from '../../state/settings-store';
import { ActionButton } from '../../ui/action-button';
import { EmptyState } from '../../ui/empty-state';
import { ErrorNote } from '../../ui/error-note';
import { RelativeTime } from '../../ui/relative-time';
import { Stat } from '../../ui/stat';
import { StatusDot } from '../../ui/status-dot';
import { TableHead } from '../../ui/table-head';
import { duration } from '../../ui/time';
import { ScheduleEditor } from './schedule-editor';
import { schedulePreview } from './schedule-text';

function CycleLine({ status }: { readonly status: PollerStatus }): ReactElement {
  const last = status.lastCycle;
  const [now] = useState(() => Date.now());
  return (
    <dl className="stat-grid">
      <Stat label="Schedule" mono note={<span className="preview-ok">{schedulePreview(status.schedule, status.nextCycleAt, now) ?? ''}</span>}>
        {status.schedule}
      </Stat>
      <Stat
        label="Last cycle"
        note={
          last && (
            <span className="preview-ok">
              {duration(last.durationMs)}, {last.repositories} repositories, {last.requests} requests
            </span>
          )
        }
      >
        {last ? <RelativeTime ts={last.startedAt} /> : 'not yet'}
      </Stat>
      <Stat label="Found last time">{last?.found ?? 0}</Stat>
      <Stat label="Errors last time">{last?.errors ?? 0}</Stat>
    </dl>
  );
}

/** The registry poller: state, last and next cycle, and each stage's schedule and last result. */
export function PollerPage(): ReactElement {
  const [status, setStatus] = useState<PollerStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const projectName = useNames((s) => s.projects);
  const stageName = useNames((s) => s.stages);
  const paused = useSettings((s) => s.settings?.pollPaused ?? false);
  const reload = useCallback(() => {
    api()
      .call('poller.status', {})
      .then((s) => {
        setStatus(s);
        setError(null);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  }, []);
  useEffect(() => {
    reload();
    return api().subscribe('event', (e) => {
      if (e.type.startsWith('poll.') || e.type.startsWith('deploy.') || e.type === 'settings.changed') reload();
    });
  }, [reload, paused]);
  const label = (stageId: number): string => {
    const s = stageName.get(stageId);
    return s ? `${projectName.get(s.projectId) ?? 'project'} · ${s.name}` : `stage ${String(stageId)}`;
  };
  return (
    <section className="page page-scroll" aria-labelledby="poller-title">
      <header className="page-header">
        <h1 id="poller-title">Poller</h1>
        <span className="engine-line" role="status" aria-label="Poller state">
          <StatusDot tone={paused ? 'off' : status?.running ? 'busy' : 'ok'} /> {paused ? 'Paused: scheduled polls are skipped (webhooks still deploy).' : status?.running ? 'Polling now…' : 'Polling on schedule'}
        </span>
        <PollerActions paused={paused} reload={reload} />
      </header>
      {error !== null && <ErrorNote message={`The poller's state could not be loaded: ${error}`} />}
      {status !== null && (
        <div className="page-body">
          <section className="card" aria-label="Cycles">
            <CycleLine status={status} />
            <p className="muted">The global schedule is set in Settings → Polling; a stage can have its own below.</p>
          </section>
          {status.stages.length === 0 ? (
            <EmptyState title="Nothing to poll yet">
              <p>Add a project (Projects → New project): each stage with polling on is checked against its registry on the schedule.</p>
            </EmptyState>
          ) : (
            <table className="table" aria-label="Stages polled">
              <TableHead columns={['Stage', 'Schedule', 'Last poll', 'Next']} />
              <tbody>
                {status.stages.map((s) => (
                  <StageRow key={s.stageId} state={s} label={label(s.stageId)} projectId={stageName.get(s.stageId)?.projectId} paused={paused} reload={reload} />
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

/** One polled stage: its schedule (editable), last poll, next run and a Check now button. */
function StageRow({ state: s, label, projectId, paused, reload }: { readonly state: PollerStatus['stages'][number]; readonly label: string; readonly projectId: number | undefined; readonly paused: boolean; readonly reload: () => void }): ReactElement {
  return (
    <tr aria-label={`Polling of ${label}`}>
      <td>
        {label}
        {!s.pollEnabled && <span className="muted"> (polling off)</span>}
      </td>
      <td>
        <ScheduleEditor key={`${String(s.stageId)}:${s.schedule ?? ''}`} state={s} label={label} onSaved={reload} />
      </td>
      <td>
        {s.lastPollAt !== null ? <RelativeTime ts={s.lastPollAt} /> : <span className="muted">{s.baselineAt === null ? 'not yet' : 'baseline only'}</span>}
        {s.lastError !== null && <div className="preview-bad">{s.lastError}</div>}
        {s.lastError === null && s.lastPollAt !== null && <div className="preview-ok">ok</div>}
      </td>
      <td>{paused ? <span className="muted">paused</span> : s.nextRunAt !== null ? <RelativeTime ts={s.nextRunAt} /> : '—'}</td>
      <td className="row-actions">
        <ActionButton
          className="btn btn-small"
          label="Check now"
          busyLabel="Checking…"
          ariaLabel={`Check ${label} now`}
          failure={`Checking ${label} failed`}
          run={async () => {
            const r = await api().call('poller.pollNow', { stageId: s.stageId });
            reload();
            const st = r.stages[0];
            if (st?.error) throw new Error(st.error);
            const n = st?.found.length ?? 0;
            return { title: n > 0 ? `Found ${String(n)} for ${label}` : `No new tags for ${label}`, route: projectId !== undefined ? `/projects/${String(projectId)}` : '/poller' };
          }}
        />
      </td>
    </tr>
  );
}

/** Pause or resume scheduled polling, and check every stage now. */
function PollerActions({ paused, reload }: { readonly paused: boolean; readonly reload: () => void }): ReactElement {
  return (
    <>
    <ActionButton
      label={paused ? 'Resume polling' : 'Pause polling'}
      busyLabel={paused ? 'Resuming…' : 'Pausing…'}
      failure={paused ? 'Could not resume polling' : 'Could not pause polling'}
      run={async () => {
        await useSettings.getState().update({ pollPaused: !paused });
        reload();
        return { title: paused ? 'Polling resumed' : 'Polling paused', body: paused ? 'Registries are checked on schedule again.' : 'Check now still works; webhooks still deploy.', route: '/poller' };
      }}
    />
    <ActionButton
      label="Check all now"
      busyLabel="Checking…"
      failure="The check failed"
      run={async () => {
        const r = await api().call('poller.pollNow', {});
        reload();
        const found = r.stages.reduce((n, s) => n + s.found.length, 0);
        return { title: found > 0 ? `Found ${String(found)} new ${found === 1 ? 'tag' : 'tags'}` : 'No new tags', body: `${String(r.stages.length)} stages checked in ${duration(r.durationMs)}.`, route: found > 0 ? '/projects' : '/poller' };
      }}
    />
    </>
  );
}
