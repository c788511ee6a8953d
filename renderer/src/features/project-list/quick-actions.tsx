import type { ReactElement } from 'react';
import type { Project, Stage } from '../../../../preload/contract/projects';
import { ActionButton } from '../../ui/action-button';
import type { StageView } from './chain-model';
import { stageCommands } from './stage-commands';

/** The one-click actions a card offers in the list: deploy an available update, promote from upstream. */
export function QuickActions({ project, stage, view }: { readonly project: Project; readonly stage: Stage; readonly view: StageView }): ReactElement | null {
  const upstream = project.stages.find((s) => s.id === stage.upstreamStageId) ?? null;
  const canPromote = upstream?.live != null && upstream.live.digest !== stage.live?.digest && view.deploying === null;
  const update = view.update;
  if (!update && !canPromote) return null;
  const deploysTab = `/projects/${String(project.id)}/deploys`;
  return (
    <>
      {update && (
        <ActionButton
          label="Deploy"
          busyLabel="Deploying…"
          className="btn btn-small btn-primary"
          ariaLabel={`Deploy ${update.tag} to ${stage.name}`}
          failure={`Deploy of ${update.tag} failed`}
          failureRoute={`/projects/${String(project.id)}`}
          run={async () => {
            const d = await stageCommands.deploy(stage.id, update.tag);
            return { title: `Deploying ${update.tag} to ${stage.name}`, body: `Deploy #${String(d.id)} is ${d.status}.`, route: deploysTab };
          }}
        />
      )}
      {canPromote && upstream && (
        <ActionButton
          label={`Promote ${upstream.live?.tag ?? ''} ▸`}
          busyLabel="Promoting…"
          className="btn btn-small"
          ariaLabel={`Promote ${upstream.live?.tag ?? ''} from ${upstream.name} to ${stage.name}`}
          failure={`Promotion to ${stage.name} failed`}
          failureRoute={`/projects/${String(project.id)}`}
          run={async () => {
            const d = await stageCommands.promote(stage.id);
            return { title: `Promoting ${d.tag} to ${stage.name}`, body: `Deploy #${String(d.id)} is ${d.status}.`, route: deploysTab };
          }}
        />
      )}
    </>
  );
}
