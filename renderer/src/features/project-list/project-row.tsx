import { Fragment, useMemo, type ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { useEvents } from '../../state/events-store';
import { useProjects } from '../../state/projects-store';
import { useRoute } from '../../state/route-store';
import { orderChain, pendingUpdates, stageView } from './chain-model';
import { QuickActions } from './quick-actions';
import { StageCard } from './stage-card';

export function ProjectRow({ project }: { readonly project: Project }): ReactElement {
  const go = useRoute((s) => s.go);
  const deploys = useProjects((s) => s.deploys);
  const progress = useProjects((s) => s.progress);
  const events = useEvents((s) => s.events);
  const updates = useMemo(() => pendingUpdates(events, deploys), [events, deploys]);
  const chain = orderChain(project.stages);
  return (
    <section className="project-row" aria-label={`Project ${project.name}`}>
      <header className="project-row-head">
        <h2>
          <a
            href={`#/projects/${String(project.id)}`}
            onClick={(e) => {
              e.preventDefault();
              go({ page: 'project', projectId: project.id, tab: 'stages' });
            }}
          >
            {project.name}
          </a>
        </h2>
        <code className="muted" title={project.image}>
          {project.image}
        </code>
      </header>
      <div className="chain">
        {chain.map((stage, i) => {
          const view = stageView(stage, deploys, progress, updates);
          return (
            <Fragment key={stage.id}>
              {i > 0 && (
                <span className="chain-link" aria-hidden="true">
                  →
                </span>
              )}
              <StageCard stage={stage} view={view} projectName={project.name} actions={<QuickActions project={project} stage={stage} view={view} />} />
            </Fragment>
          );
        })}
      </div>
    </section>
  );
}
