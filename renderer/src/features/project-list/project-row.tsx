import { useMemo, type ReactElement } from 'react';
import type { Deploy, DeployProgress } from '../../../../preload/contract/deploys';
import type { Project } from '../../../../preload/contract/projects';
import { useEvents } from '../../state/events-store';
import { useProjects } from '../../state/projects-store';
import { useRoute } from '../../state/route-store';
import { pendingUpdates, stageView, type UpdateNotice } from './chain-model';
import { chainText, chainTree, type ChainNode } from './chain-tree';
import { QuickActions } from './quick-actions';
import { StageCard } from './stage-card';

export function ProjectRow({ project }: { readonly project: Project }): ReactElement {
  const go = useRoute((s) => s.go);
  const deploys = useProjects((s) => s.deploys);
  const progress = useProjects((s) => s.progress);
  const events = useEvents((s) => s.events);
  const updates = useMemo(() => pendingUpdates(events, deploys), [events, deploys]);
  const tree = chainTree(project.stages);
  const ctx = { deploys, progress, updates };
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
      <div className="chain" aria-label={`Chain of ${project.name}: ${chainText(tree)}`}>
        {tree.map((node) => (
          <ChainBranch key={node.stage.id} node={node} project={project} ctx={ctx} />
        ))}
      </div>
    </section>
  );
}

interface CardContext {
  readonly deploys: readonly Deploy[];
  readonly progress: ReadonlyMap<number, DeployProgress>;
  readonly updates: ReadonlyMap<number, UpdateNotice>;
}

/** A stage's card and, to its right, the stages that promote from it: one row each, joined by a bracket when it forks. */
function ChainBranch({ node, project, ctx }: { readonly node: ChainNode; readonly project: Project; readonly ctx: CardContext }): ReactElement {
  const view = stageView(node.stage, ctx.deploys, ctx.progress, ctx.updates);
  return (
    <div className="chain-node">
      <StageCard stage={node.stage} view={view} projectName={project.name} actions={<QuickActions project={project} stage={node.stage} view={view} />} />
      {node.children.length > 0 && (
        <div className={node.children.length > 1 ? 'chain-branches chain-fork' : 'chain-branches'} role="group" aria-label={`Stages after ${node.stage.name}`}>
          {node.children.map((child) => (
            <div key={child.stage.id} className="chain-branch">
              <span className="chain-link" aria-hidden="true">
                →
              </span>
              <ChainBranch node={child} project={project} ctx={ctx} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
