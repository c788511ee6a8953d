import { useState, type ReactElement } from 'react';
import type { Project, Stage } from '../../../../preload/contract/projects';
import { errorMessage } from '../../api/api-error';
import { localToast } from '../../state/toasts-store';
import { ConfirmButton } from '../../ui/confirm-button';
import { stageCommands } from '../project-list/stage-commands';
import { DeployDialog } from './deploy-dialog';
import { StaticDeployDialog } from './static-deploy-dialog';
import { api } from '../../state/client-ref';

/** Every stage action; destructive ones (roll back, restart, stop) ask first. */
export function StageActions({ project, stage }: { readonly project: Project; readonly stage: Stage }): ReactElement {
  const [deploying, setDeploying] = useState(false);
  const upstream = project.stages.find((s) => s.id === stage.upstreamStageId) ?? null;
  const name = `${project.name} ${stage.name}`;
  const act = async (label: string, fn: () => Promise<unknown>): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      localToast(`${label} failed`, 'error', errorMessage(e));
    }
  };
  return (
    <div className="row" role="group" aria-label={`Actions for ${stage.name}`}>
      <button type="button" className="btn btn-small btn-primary" onClick={() => setDeploying(true)}>
        Deploy…
      </button>
      {upstream && (
        <button type="button" className="btn btn-small" disabled={!upstream.live} onClick={() => void act('Promotion', () => stageCommands.promote(stage.id))}>
          Promote from {upstream.name}
        </button>
      )}
      <ConfirmButton
        label="Roll back"
        className="btn btn-small"
        title={`Roll back ${name}?`}
        confirmLabel="Roll back"
        destructive
        onConfirm={() => stageCommands.rollback(stage.id)}
      >
        <p>The previous successful version goes live again on {stage.url}; instantly if its instance is still kept.</p>
      </ConfirmButton>
      <button type="button" className="btn btn-small" aria-pressed={!stage.autoDeploy} onClick={() => void act('Changing auto-deploy', () => stageCommands.setAutoDeploy(stage.id, !stage.autoDeploy))}>
        {stage.autoDeploy ? 'Pause auto-deploy' : 'Resume auto-deploy'}
      </button>
      <ConfirmButton label="Restart" className="btn btn-small" title={`Restart ${name}?`} confirmLabel="Restart" disabled={!stage.live && !stage.stopped} onConfirm={() => stageCommands.restart(stage.id)}>
        <p>A fresh container of the same version replaces the live one, without downtime.</p>
      </ConfirmButton>
      <ConfirmButton label="Stop" className="btn btn-small btn-danger-quiet" title={`Stop ${name}?`} confirmLabel="Stop" destructive disabled={!stage.live || stage.stopped} onConfirm={() => stageCommands.stop(stage.id)}>
        <p>The live instance stops and {stage.url} answers 503 until the next deploy or a restart.</p>
      </ConfirmButton>
      <button
        type="button"
        className="btn btn-small"
        onClick={() =>
          void act('Checking the registry', async () => {
            const r = await api().call('poller.pollNow', { stageId: stage.id });
            const found = r.stages.flatMap((x) => x.found.map((f) => `${f.tag} (${f.action})`));
            const err = r.stages.find((x) => x.error !== null)?.error ?? null;
            if (err !== null) localToast(`Checking ${stage.name} failed`, 'error', err);
            else localToast(found.length > 0 ? `Found ${found.join(', ')}` : `No new tags for ${stage.name}`, found.length > 0 ? 'success' : 'info', r.stages[0]?.baseline ? 'First check: existing tags were recorded, nothing deployed.' : '');
          })
        }
      >
        Check now
      </button>
      {deploying &&
        (project.kind === 'static' ? (
          <StaticDeployDialog projectId={project.id} stage={stage} onClose={() => setDeploying(false)} />
        ) : (
          <DeployDialog image={project.image} stage={stage} onClose={() => setDeploying(false)} />
        ))}
    </div>
  );
}
