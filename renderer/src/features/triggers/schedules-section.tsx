import { useCallback, useId, useState, type ReactElement } from 'react';
import type { ScheduleAction, Stage, StageSchedule } from '../../../../preload/contract';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { ConfirmButton } from '../../ui/confirm-button';
import { RelativeTime } from '../../ui/relative-time';
import { describeCron } from '../poller/schedule-text';
import { ACTION_LABELS, atTime } from './trigger-text';
import { useCronPreview } from './use-cron-preview';
import { useLive, useNow } from '../../state/use-live';
import { FieldError } from '../../ui/field-error';
import { TableHead } from '../../ui/table-head';

/** One schedule: what and when, next and last run, enable/disable, run now, remove. */
function ScheduleRow({ s, stageName, onChanged }: { readonly s: StageSchedule; readonly stageName: string; readonly onChanged: () => void }): ReactElement {
  const now = useNow();
  const [busy, setBusy] = useState<'toggle' | 'run' | null>(null);
  const [error, setError] = useState<string | null>(null);
  // The box follows the click at once; the row is keyed by the saved state, so a reload resets this.
  const [override, setOverride] = useState<boolean | null>(null);
  const enabled = override ?? s.enabled;
  const what = `${stageName} schedule ${s.cron}`;
  const act = async (kind: 'toggle' | 'run'): Promise<void> => {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'toggle') {
        setOverride(!enabled);
        await api().call('schedules.update', { id: s.id, enabled: !enabled });
      }
      else {
        const run = await api().call('schedules.run', { id: s.id });
        localToast(run.ok ? 'Schedule ran' : 'Schedule run failed', run.ok ? 'success' : 'error', run.outcome);
      }
    } catch (e) {
      setOverride(null);
      setError(errorMessage(e));
    } finally {
      setBusy(null);
      onChanged();
    }
  };
  return (
    <tr>
      <td>
        <code>{s.cron}</code>
        <div className="muted">{describeCron(s.cron) ?? ''}</div>
      </td>
      <td>{ACTION_LABELS[s.action]}</td>
      <td>
        <label className="inline-check">
          <input type="checkbox" aria-label={`${what} enabled`} checked={enabled} disabled={busy !== null} onChange={() => void act('toggle')} /> {enabled ? 'on' : 'off'}
        </label>
      </td>
      <td>{s.running || busy === 'run' ? <span className="muted">running…</span> : s.nextRunAt !== null ? atTime(s.nextRunAt, now) : <span className="muted">—</span>}</td>
      <td>
        {s.lastRun === null ? (
          <span className="muted">not run yet</span>
        ) : (
          <span className={s.lastRun.ok ? '' : 'preview-bad'}>
            {s.lastRun.ok ? '✓' : '✗'} {s.lastRun.outcome} · <RelativeTime ts={s.lastRun.at} />
          </span>
        )}
        <FieldError>{error}</FieldError>
      </td>
      <td className="row-actions">
        <button type="button" className="btn btn-small" aria-label={`Run ${what} now`} disabled={busy !== null || s.running} aria-busy={busy === 'run'} onClick={() => void act('run')}>
          {busy === 'run' && <span className="spinner" aria-hidden="true" />}
          {busy === 'run' ? 'Running…' : 'Run now'}
        </button>
        <ConfirmButton
          label="Remove"
          title={`Remove the schedule "${s.cron}" of ${stageName}?`}
          confirmLabel="Remove"
          destructive
          className="btn btn-small btn-danger-quiet"
          onConfirm={async () => {
            await api().call('schedules.remove', { id: s.id });
            onChanged();
          }}
        >
          {ACTION_LABELS[s.action]} at “{describeCron(s.cron) ?? s.cron}” stops. A run in progress finishes.
        </ConfirmButton>
      </td>
    </tr>
  );
}

/** Adding a schedule: cron with a live preview, the action, Add. */
function AddSchedule({ stage, onAdded }: { readonly stage: Stage; readonly onAdded: () => void }): ReactElement {
  const [cron, setCron] = useState('');
  const [action, setAction] = useState<ScheduleAction>('redeploy-newest');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const preview = useCronPreview(cron);
  const ready = cron.trim() !== '' && preview.problem === null && !busy;
  const add = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await api().call('schedules.create', { stageId: stage.id, cron: cron.trim(), action });
      setCron('');
      localToast(`${stage.name}: schedule added`, 'success', `${ACTION_LABELS[action]} · ${preview.text ?? cron}`);
      onAdded();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="schedule-cell">
      <div className="input-row">
        <input
          type="text"
          className="mono"
          aria-label={`${stage.name} new schedule cron`}
          aria-describedby={`${id}-preview`}
          placeholder="0 3 * * 1"
          value={cron}
          onChange={(e) => setCron(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && ready) void add();
          }}
        />
        <select aria-label={`${stage.name} new schedule action`} value={action} onChange={(e) => setAction(e.target.value as ScheduleAction)}>
          {(Object.keys(ACTION_LABELS) as ScheduleAction[]).map((a) => (
            <option key={a} value={a}>
              {ACTION_LABELS[a]}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small" disabled={!ready} aria-busy={busy} onClick={() => void add()}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? 'Adding…' : `Add ${stage.name} schedule`}
        </button>
      </div>
      <span id={`${id}-preview`} className={preview.problem !== null || error !== null ? 'preview-bad' : 'preview-ok'} aria-live="polite" aria-label={`${stage.name} new schedule preview`}>
        {error ?? preview.problem ?? preview.text ?? 'Cron in local time: minute hour day-of-month month day-of-week.'}
      </span>
    </div>
  );
}

const SCHEDULE_EVENTS = ['schedule.'] as const;

/** A stage's schedules (Settings tab): list, add with a live preview, enable/disable, run now, remove. */
export function SchedulesSection({ stage }: { readonly stage: Stage }): ReactElement {
  const fetchList = useCallback(async () => (await api().call('schedules.list', { stageId: stage.id })).schedules, [stage.id]);
  // Runs report through events: the list follows them (running, last run).
  const { data: list, error, reload: load } = useLive(fetchList, SCHEDULE_EVENTS);
  return (
    <div className="trigger-block" aria-label={`${stage.name} schedules`} role="group">
      <h4>Schedules</h4>
      {error !== null && <FieldError>Could not load the schedules: {error}</FieldError>}
      {list === null && error === null && <p className="muted">Loading…</p>}
      {list !== null && list.length === 0 && <p className="muted">No schedules: {stage.name} changes only when a tag arrives or by hand.</p>}
      {list !== null && list.length > 0 && (
        <table className="form-table">
          <TableHead columns={['When', 'Action', 'Enabled', 'Next', 'Last run']} actions="Actions" />
          <tbody>
            {list.map((s) => (
              <ScheduleRow key={`${String(s.id)}-${String(s.enabled)}`} s={s} stageName={stage.name} onChanged={load} />
            ))}
          </tbody>
        </table>
      )}
      <AddSchedule stage={stage} onAdded={load} />
    </div>
  );
}
