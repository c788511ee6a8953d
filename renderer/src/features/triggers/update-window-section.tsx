import { useCallback, useState, type ReactElement } from 'react';
import type { Stage, UpdateWindow, UpdateWindowState } from '../../../../preload/contract';
import { errorMessage } from '../../api/api-error';
import { api } from '../../state/client-ref';
import { localToast } from '../../state/toasts-store';
import { useLive, useNow } from '../../state/use-live';
import { atTime, DAY_NAMES, WEEK_ORDER, windowForm, windowFromForm, type WindowForm } from './trigger-text';
import { FieldError } from '../../ui/field-error';

/** What the window means right now: open, or when it opens, and the tag waiting for it. */
function WindowStatusLine({ state }: { readonly state: UpdateWindowState }): ReactElement {
  const now = useNow();
  if (state.window === null) return <p className="muted">Auto-deploys happen whenever a matching tag arrives.</p>;
  return (
    <p aria-live="polite">
      Auto-deploys only {state.description} (this computer’s local time):{' '}
      {state.openNow ? 'open now.' : state.nextOpenAt !== null ? `closed, opens at ${atTime(state.nextOpenAt, now)}.` : 'closed.'}
      {state.held !== null && (
        <>
          {' '}
          <span className="chip chip-info">
            update available: {state.held.tag} deploys at {atTime(state.held.deploysAt, now)}
          </span>
        </>
      )}
    </p>
  );
}

const WINDOW_EVENTS = ['update.available', 'update-window.', 'deploy.'] as const;

/** A stage's update window (Settings tab): days and times its auto-deploys wait for; manual deploys ignore it. */
export function UpdateWindowSection({ stage }: { readonly stage: Stage }): ReactElement {
  const fetchState = useCallback(() => api().call('updateWindow.get', { stageId: stage.id }), [stage.id]);
  // A held tag appears with its "update available" event and leaves with its deploy.
  const live = useLive(fetchState, WINDOW_EVENTS);
  const state = live.data;
  const [edited, setForm] = useState<WindowForm | null>(null);
  const form = edited ?? windowForm(state?.window ?? null);
  const [busy, setBusy] = useState(false);
  const [failure, setError] = useState<string | null>(null);
  const error = failure ?? live.error;
  const save = async (window: UpdateWindow | null): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const s = await api().call('updateWindow.set', { stageId: stage.id, window });
      live.reload();
      localToast(`${stage.name}: ${s.window === null ? 'auto-deploys at any time' : `auto-deploys ${s.description ?? ''}`}`, 'success');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (): void => {
    const built = windowFromForm(form);
    if ('error' in built) return setError(built.error);
    void save(built.window);
  };
  const toggleDay = (d: number): void => {
    const days = new Set(form.days);
    if (days.has(d)) days.delete(d);
    else days.add(d);
    setForm({ ...form, days });
  };
  return (
    <div className="trigger-block" aria-label={`${stage.name} update window`} role="group">
      <h4>Update window</h4>
      {state !== null && <WindowStatusLine state={state} />}
      <fieldset className="input-row" disabled={busy || state === null}>
        <legend className="visually-hidden">Days</legend>
        {WEEK_ORDER.map((d) => (
          <label key={d} className="inline-check">
            <input type="checkbox" aria-label={`${stage.name} window ${DAY_NAMES[d] ?? ''}`} checked={form.days.has(d)} onChange={() => toggleDay(d)} /> {DAY_NAMES[d]}
          </label>
        ))}
      </fieldset>
      <div className="input-row">
        <label>
          From <input type="time" aria-label={`${stage.name} window opens`} value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </label>
        <label>
          to <input type="time" aria-label={`${stage.name} window closes`} value={form.to === '24:00' ? '00:00' : form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </label>
        <button type="button" className="btn btn-small" disabled={busy || state === null} aria-busy={busy} onClick={submit}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {busy ? 'Saving…' : `Save ${stage.name} window`}
        </button>
        {state?.window != null && (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void save(null)}>
            Any time
          </button>
        )}
      </div>
      <FieldError>{error}</FieldError>
    </div>
  );
}
