import { useState, type ReactElement } from 'react';
import type { Project, Stage } from '../../../../preload/contract/projects';
import { errorMessage } from '../../api/api-error';
import { localToast } from '../../state/toasts-store';
import type { StageView } from './chain-model';
import { stageCommands } from './stage-commands';

/** The one-click actions a card offers in the list: deploy an available update, promote from upstream. */
export function QuickActions({ project, stage, view }: { readonly project: Project; readonly stage: Stage; readonly view: StageView }): ReactElement | null {
  const [busy, setBusy] = useState(false);
  const upstream = project.stages.find((s) => s.id === stage.upstreamStageId) ?? null;
  const canPromote = upstream?.live != null && upstream.live.digest !== stage.live?.digest && view.deploying === null;
  const update = view.update;
  if (!update && !canPromote) return null;
  const run = async (label: string, fn: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    try {
      await fn();
      localToast(`${label} queued`, 'info');
    } catch (e) {
      localToast(`${label} failed`, 'error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {update && (
        <button type="button" className="btn btn-small btn-primary" disabled={busy} aria-label={`Deploy ${update.tag} to ${stage.name}`} onClick={() => void run(`Deploy of ${update.tag}`, () => stageCommands.deploy(stage.id, update.tag))}>
          Deploy
        </button>
      )}
      {canPromote && upstream && (
        <button type="button" className="btn btn-small" disabled={busy} aria-label={`Promote ${upstream.live?.tag ?? ''} from ${upstream.name} to ${stage.name}`} onClick={() => void run('Promotion', () => stageCommands.promote(stage.id))}>
          Promote {upstream.live?.tag} ▸
        </button>
      )}
    </>
  );
}
