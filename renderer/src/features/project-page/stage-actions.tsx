import { useState, type ReactElement } from 'react';
import type { Project, Stage } from '../../../../preload/contract/projects';
import { ApiError } from '../../api/api-error';
import { ActionButton } from '../../ui/action-button';
import { ConfirmButton } from '../../ui/confirm-button';
import { stageCommands } from '../project-list/stage-commands';
import { DeployDialog } from './deploy-dialog';
import { StaticDeployDialog } from './static-deploy-dialog';
import { api } from '../../state/client-ref';

/** Every stage action, each showing progress and then its outcome; destructive ones (roll back, restart, stop) ask first. */
export function StageActions({ project, stage }: { readonly project: Project; readonly stage: Stage }): ReactElement {
  const [deploying, setDeploying] = useState(false);
  const upstream = project.stages.find((s) => s.id === stage.upstreamStageId) ?? null;
  const name = `${project.name} ${stage.name}`;
  const here = `/projects/${String(project.id)}`;
  const deploysTab = `${here}/deploys`;
  return (
    <div className="row" role="group" aria-label={`Actions for ${stage.name}`}>
      <button type="button" className="btn btn-small btn-primary" onClick={() => setDeploying(true)}>
        Deploy…
      </button>
      {upstream && (
        <ActionButton
          label={`Promote from ${upstream.name}`}
          busyLabel="Promoting…"
          className="btn btn-small"
          disabled={!upstream.live}
          failure={`Promotion to ${stage.name} failed`}
          failureRoute={here}
          run={async () => {
            const d = await stageCommands.promote(stage.id);
            return { title: `Promoting ${d.tag} to ${stage.name}`, body: `Deploy #${String(d.id)} is ${d.status}.`, route: deploysTab };
          }}
        />
      )}
      <ConfirmButton
        label="Roll back"
        className="btn btn-small"
        title={`Roll back ${name}?`}
        confirmLabel="Roll back"
        destructive
        onConfirm={() => stageCommands.rollback(stage.id)}
        outcome={{ title: `Rolling back ${stage.name}`, body: 'The previous version goes live again.', route: deploysTab }}
      >
        <p>The previous successful version goes live again on {stage.url}; instantly if its instance is still kept. To go further back, use “Roll back to this” under Images.</p>
      </ConfirmButton>
      <AutoDeployToggle stage={stage} here={here} />
      <ConfirmButton
        label="Restart"
        className="btn btn-small"
        title={`Restart ${name}?`}
        confirmLabel="Restart"
        disabled={!stage.live && !stage.stopped}
        onConfirm={() => stageCommands.restart(stage.id)}
        outcome={{ title: `Restarting ${stage.name}`, body: 'A fresh container replaces the live one.', route: deploysTab }}
      >
        <p>A fresh container of the same version replaces the live one, without downtime.</p>
      </ConfirmButton>
      <ConfirmButton
        label="Stop"
        className="btn btn-small btn-danger-quiet"
        title={`Stop ${name}?`}
        confirmLabel="Stop"
        destructive
        disabled={!stage.live || stage.stopped}
        onConfirm={() => stageCommands.stop(stage.id)}
        outcome={{ title: `${stage.name} stopped`, body: `${stage.url} answers 503 until the next deploy or a restart.`, route: here }}
      >
        <p>The live instance stops and {stage.url} answers 503 until the next deploy or a restart.</p>
      </ConfirmButton>
      <CheckNowButton stage={stage} deploysTab={deploysTab} />
      {deploying &&
        (project.kind === 'static' ? (
          <StaticDeployDialog projectId={project.id} stage={stage} onClose={() => setDeploying(false)} />
        ) : (
          <DeployDialog image={project.image} stage={stage} onClose={() => setDeploying(false)} />
        ))}
    </div>
  );
}

/** Pauses or resumes the stage's auto-deploy (new tags are then offered as updates). */
function AutoDeployToggle({ stage, here }: { readonly stage: Stage; readonly here: string }): ReactElement {
  return (
    <ActionButton
      label={stage.autoDeploy ? 'Pause auto-deploy' : 'Resume auto-deploy'}
      busyLabel={stage.autoDeploy ? 'Pausing…' : 'Resuming…'}
      className="btn btn-small"
      failure={`Changing auto-deploy of ${stage.name} failed`}
      failureRoute={here}
      run={async () => {
        await stageCommands.setAutoDeploy(stage.id, !stage.autoDeploy);
        return stage.autoDeploy
          ? { title: `Auto-deploy paused on ${stage.name}`, body: 'New tags are offered as updates instead.', route: here }
          : { title: `Auto-deploy resumed on ${stage.name}`, body: 'Matching tags deploy by themselves again.', route: here };
      }}
    />
  );
}

/** Asks the registry for new tags of this stage now, and says what it found. */
function CheckNowButton({ stage, deploysTab }: { readonly stage: Stage; readonly deploysTab: string }): ReactElement {
  return (
    <ActionButton
      label="Check now"
      busyLabel="Checking…"
      className="btn btn-small"
      failure={`Checking ${stage.name} failed`}
      failureRoute="/poller"
      run={async () => {
        const r = await api().call('poller.pollNow', { stageId: stage.id });
        const err = r.stages.find((x) => x.error !== null)?.error ?? null;
        if (err !== null) throw new ApiError({ code: 'REGISTRY_ERROR', message: err });
        const found = r.stages.flatMap((x) => x.found.map((f) => `${f.tag} (${f.action})`));
        const baseline = r.stages[0]?.baseline ? 'First check: existing tags were recorded, nothing deployed.' : '';
        return found.length > 0 ? { title: `Found ${found.join(', ')}`, body: baseline, route: deploysTab } : { title: `No new tags for ${stage.name}`, body: baseline, route: '/poller' };
      }}
    />
  );
}
