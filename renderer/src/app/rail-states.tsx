import { useCallback, useState, type ReactElement } from 'react';
import { errorMessage } from '../api/api-error';
import { engineLabel, pollingLabel } from '../state/engine-model';
import { useSettings } from '../state/settings-store';
import { useSystem } from '../state/system-store';
import { localToast } from '../state/toasts-store';
import { StatusDot } from '../ui/status-dot';
import { useEscape } from '../ui/use-escape';

type Open = 'engine' | 'polling' | null;

/** Engine and poller state at the bottom of the rail; clicking one explains it and offers the fix. */
export function RailStates(): ReactElement {
  const [open, setOpen] = useState<Open>(null);
  const engine = useSystem((s) => s.engine);
  const status = useSystem((s) => s.status);
  const settings = useSettings((s) => s.settings);
  const paused = settings?.pollPaused ?? status?.pollingPaused ?? null;
  const e = engineLabel(engine);
  const p = pollingLabel(paused);
  const toggle = (which: Exclude<Open, null>): void => setOpen((cur) => (cur === which ? null : which));
  useEscape(open !== null, useCallback(() => setOpen(null), []));

  return (
    <div className="rail-states">
      {open === 'engine' && <EngineExplainer onClose={() => setOpen(null)} />}
      {open === 'polling' && <PollingExplainer paused={paused ?? false} onClose={() => setOpen(null)} />}
      <button type="button" className="rail-state" aria-expanded={open === 'engine'} aria-label={`engine: ${e.text}`} onClick={() => toggle('engine')}>
        <span className="rail-state-key">engine:</span> <span className="rail-state-value">{e.text}</span> <StatusDot tone={e.tone} />
      </button>
      <button type="button" className="rail-state" aria-expanded={open === 'polling'} aria-label={p.text} onClick={() => toggle('polling')}>
        <span className="rail-state-value">{p.text}</span> <StatusDot tone={p.tone} />
      </button>
    </div>
  );
}

function EngineExplainer({ onClose }: { readonly onClose: () => void }): ReactElement {
  const engine = useSystem((s) => s.engine);
  const checking = useSystem((s) => s.checking);
  const check = useSystem((s) => s.checkEngine);
  return (
    <section className="popover" aria-label="Docker engine">
      <h3>Docker engine</h3>
      {engine === null ? (
        <p>Checking the engine…</p>
      ) : engine.reachable ? (
        <p>
          Docker {engine.version} (API {engine.apiVersion}) answers at <code>{engine.host}</code>. Deploys, logs and files work.
        </p>
      ) : (
        <>
          <p>
            The engine at <code>{engine.host}</code> is not answering: {engine.error}
          </p>
          <p className="hint">{engine.hint ?? 'Start Docker. Slipway reconnects by itself.'}</p>
          <p className="muted">Nothing is lost meanwhile: deliveries are kept and deploys wait until the engine is back.</p>
        </>
      )}
      <div className="row">
        <button type="button" className="btn btn-small" disabled={checking} onClick={() => void check()}>
          {checking ? 'Checking…' : 'Check now'}
        </button>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}

function PollingExplainer({ paused, onClose }: { readonly paused: boolean; readonly onClose: () => void }): ReactElement {
  const settings = useSettings((s) => s.settings);
  const update = useSettings((s) => s.update);
  const setPaused = useSystem((s) => s.setPollingPaused);
  const flip = async (): Promise<void> => {
    try {
      const next = await update({ pollPaused: !paused });
      setPaused(next.pollPaused);
    } catch (e) {
      localToast('Could not change polling', 'error', errorMessage(e));
    }
  };
  return (
    <section className="popover" aria-label="Registry polling">
      <h3>Registry polling</h3>
      <p>
        {paused
          ? 'Polling is paused: only webhooks start deploys until you resume.'
          : `Slipway checks registries for new tags on the schedule ${settings?.pollSchedule ?? ''}. Webhooks act at once either way.`}
      </p>
      <div className="row">
        <button type="button" className="btn btn-small" onClick={() => void flip()}>
          {paused ? 'Resume polling' : 'Pause polling'}
        </button>
        <button type="button" className="btn btn-small" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
