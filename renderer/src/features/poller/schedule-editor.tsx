import { useId, useState, type ReactElement } from 'react';
import type { StagePollState } from '../../../../preload/contract';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { schedulePreview } from './schedule-text';
import { useCronPreview } from '../triggers/use-cron-preview';

/** A stage's own poll schedule (or the global one), with a live human preview and Save / Use global. */
export function ScheduleEditor({ state, label, onSaved }: { readonly state: StagePollState; readonly label: string; readonly onSaved: () => void }): ReactElement {
  const [text, setText] = useState(state.schedule ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const shown = text.trim() === '' ? state.effectiveSchedule : text;
  const preview = useCronPreview(shown);
  const save = async (schedule: string | null): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const saved = await api().call('poller.setSchedule', { stageId: state.stageId, schedule });
      if (schedule === null) setText('');
      localToast(`${label}: ${schedule === null ? 'follows the global schedule' : 'schedule saved'}`, 'success', schedulePreview(saved.effectiveSchedule, saved.nextRunAt, Date.now()) ?? saved.effectiveSchedule, '/poller');
      onSaved();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const dirty = (text.trim() === '' ? null : text.trim()) !== state.schedule;
  return (
    <div className="schedule-cell">
      <div className="input-row">
        <input
          type="text"
          aria-label={`${label} schedule`}
          aria-describedby={`${id}-preview`}
          placeholder={`${state.effectiveSchedule} (global)`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && dirty && preview.problem === null) void save(text.trim() === '' ? null : text.trim());
          }}
        />
        <button type="button" className="btn btn-small" disabled={!dirty || busy || preview.problem !== null} aria-busy={busy} onClick={() => void save(text.trim() === '' ? null : text.trim())}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? 'Saving…' : `Save ${label} schedule`}
        </button>
        {state.schedule !== null && (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void save(null)}>
            Use global
          </button>
        )}
      </div>
      <span id={`${id}-preview`} className={preview.problem !== null || error !== null ? 'preview-bad' : 'preview-ok'} aria-live="polite" aria-label={`${label} schedule preview`}>
        {error ?? preview.problem ?? preview.text ?? ' '}
      </span>
    </div>
  );
}
