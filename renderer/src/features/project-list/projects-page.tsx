import type { ReactElement } from 'react';
import type { Route } from '../../state/route-model';
import { useProjects } from '../../state/projects-store';
import { useRoute } from '../../state/route-store';
import { engineStateLine } from '../../../../preload/contract';
import { useSystem } from '../../state/system-store';
import { ErrorNote } from '../../ui/error-note';
import { Icon } from '../../ui/icons';
import { NewProjectPage } from '../new-project/new-project-page';
import { ProjectPage } from '../project-page/project-page';
import { ProjectRow } from './project-row';
import { ProjectsEmpty } from './projects-empty';

/** With projects but no engine: nothing deploys, so say it above the list, with what to do. */
function EngineDown(): ReactElement | null {
  const engine = useSystem((s) => s.engine);
  const mode = useSystem((s) => s.status?.mode ?? 'desktop');
  if (engine === null || engine.checkedAt === 0 || engine.reachable) return null;
  return <ErrorNote id="projects-engine" message={`${engineStateLine(engine, mode)}. Deploys wait until it answers; nothing is lost.`} details={engine.hint ?? undefined} />;
}

function ProjectList(): ReactElement {
  const go = useRoute((s) => s.go);
  const projects = useProjects((s) => s.projects);
  const loaded = useProjects((s) => s.loaded);
  const error = useProjects((s) => s.error);
  return (
    <section className="page page-scroll" aria-labelledby="projects-title">
      <header className="page-header">
        <h1 id="projects-title">Projects</h1>
        <button type="button" className="btn btn-primary" onClick={() => go({ page: 'new-project' })}>
          <Icon name="plus" />
          New project
        </button>
      </header>
      {error !== null && <ErrorNote message={error} />}
      {projects.length > 0 && <EngineDown />}
      {loaded && projects.length === 0 && error === null && <ProjectsEmpty />}
      <div className="project-list">
        {projects.map((p) => (
          <ProjectRow key={p.id} project={p} />
        ))}
      </div>
    </section>
  );
}

export function ProjectsPage({ route }: { readonly route: Route }): ReactElement {
  if (route.page === 'new-project') return <NewProjectPage />;
  if (route.page === 'project') return <ProjectPage projectId={route.projectId} tab={route.tab} />;
  return <ProjectList />;
}
