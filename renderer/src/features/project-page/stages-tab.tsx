import { useMemo, type ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { useEvents } from '../../state/events-store';
import { useProjects } from '../../state/projects-store';
import { RelativeTime } from '../../ui/relative-time';
import { orderChain, pendingUpdates, stageView } from '../project-list/chain-model';
import { QuickActions } from '../project-list/quick-actions';
import { StageCard } from '../project-list/stage-card';
import { StatsChart } from '../stats/stats-chart';
import { DeployStepper } from './deploy-stepper';
import { KeptInstances } from './kept-instances';
import { StageActions } from './stage-actions';
import { SwarmTasks } from './swarm-tasks';

/** The chain, bigger: each stage with its actions, the running (or last) deploy, live stats and history. */
export function StagesTab({ project }: { readonly project: Project }): ReactElement {
  const deploys = useProjects((s) => s.deploys);
  const progress = useProjects((s) => s.progress);
  const events = useEvents((s) => s.events);
  const updates = useMemo(() => pendingUpdates(events, deploys), [events, deploys]);
  return (
    <div className="tab-scroll stage-stack">
      {orderChain(project.stages).map((stage) => {
        const view = stageView(stage, deploys, progress, updates);
        const history = deploys.filter((d) => d.stageId === stage.id).slice(0, 6);
        const shownDeploy = stage.activeDeployId ?? view.lastDeploy?.id ?? null;
        return (
          <StageCard key={stage.id} stage={stage} view={view} projectName={project.name} size="large" actions={<QuickActions project={project} stage={stage} view={view} />}>
            <StageActions project={project} stage={stage} />
            {stage.site && (
              <p className="site-live" aria-label={`Live commit of ${stage.name}`}>
                <span className="mono">{stage.site.shortSha}</span> {stage.site.message} · {stage.site.author} · <RelativeTime ts={stage.site.liveSince} /> ·{' '}
                <a href={stage.url} target="_blank" rel="noreferrer">
                  Open
                </a>
              </p>
            )}
            <SwarmTasks stage={stage} />
            <div className="stage-body">
              <div>
                {shownDeploy !== null && <DeployStepper deployId={shownDeploy} />}
                {history.length > 0 && (
                  <ul className="history" aria-label={`Recent deploys of ${stage.name}`}>
                    {history.map((d) => (
                      <li key={d.id}>
                        <span className={`chip ${d.status === 'succeeded' ? 'chip-ok' : d.status === 'failed' ? 'chip-error' : ''}`}>{d.status}</span> {d.tag} · {d.trigger} · <RelativeTime ts={d.createdAt} />
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              {stage.live && <StatsChart stageId={stage.id} stageName={stage.name} {...(stage.services ? { services: stage.services } : {})} />}
            </div>
            {project.kind !== 'static' && <KeptInstances projectId={project.id} stage={stage} />}
          </StageCard>
        );
      })}
    </div>
  );
}
