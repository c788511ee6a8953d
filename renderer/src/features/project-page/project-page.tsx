import type { ReactElement } from 'react';
import { projectTabs, type ProjectTab } from '../../state/route-model';
import { useProjects } from '../../state/projects-store';
import { useRoute } from '../../state/route-store';
import { localToast } from '../../state/toasts-store';
import { ConfirmButton } from '../../ui/confirm-button';
import { EmptyState } from '../../ui/empty-state';
import { BackButton } from '../../ui/back-button';
import { FilesTab } from '../files/files-tab';
import { LogRulesPanel } from '../log-rules/log-rules-panel';
import { LogsTab } from '../logs/logs-tab';
import { DeploysTab } from './deploys-tab';
import { SettingsTab } from './settings-tab';
import { StagesTab } from './stages-tab';
import { api } from '../../state/client-ref';

const tabNames: Record<ProjectTab, string> = { stages: 'Stages', deploys: 'Deploys', logs: 'Logs', files: 'Files', rules: 'Log rules', settings: 'Settings' };

export function ProjectPage({ projectId, tab }: { readonly projectId: number; readonly tab: ProjectTab }): ReactElement {
  const go = useRoute((s) => s.go);
  const project = useProjects((s) => s.projects.find((p) => p.id === projectId) ?? null);
  const loaded = useProjects((s) => s.loaded);
  if (!project) {
    return (
      <section className="page">
        {loaded ? (
          <EmptyState title="Project not found">
            <p>It may have been removed.</p>
          </EmptyState>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </section>
    );
  }
  return (
    <section className="page project-page" aria-labelledby="project-title">
      <header className="page-header">
        <BackButton label="Back to projects" onClick={() => go({ page: 'projects' })} />
        <h1 id="project-title">{project.name}</h1>
        <code className="muted" title={project.image}>
          {project.image}
        </code>
        <ConfirmButton
          label="Remove project"
          title={`Remove ${project.name}?`}
          confirmLabel="Remove"
          destructive
          onConfirm={async () => {
            const r = await api().call('projects.remove', { id: project.id, purgeData: false });
            localToast(`${project.name} removed`, 'success', `${String(r.removedContainers)} containers removed; its volume folders are kept.`);
            go({ page: 'projects' });
            await useProjects.getState().load();
          }}
        >
          <p>Every container of {project.name} is stopped and removed and its stable URLs stop answering. Volume folders stay on disk.</p>
        </ConfirmButton>
      </header>
      <div className="tabs" role="tablist" aria-label="Project sections">
        {projectTabs.map((t) => (
          <button key={t} type="button" role="tab" className="tab" aria-selected={t === tab} onClick={() => go({ page: 'project', projectId, tab: t })}>
            {tabNames[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={tabNames[tab]} className="tab-panel">
        {tab === 'stages' && <StagesTab project={project} />}
        {tab === 'deploys' && <DeploysTab project={project} />}
        {tab === 'logs' && <LogsTab project={project} />}
        {tab === 'files' && <FilesTab project={project} />}
        {tab === 'rules' && <LogRulesPanel projectId={project.id} />}
        {tab === 'settings' && <SettingsTab key={project.updatedAt} project={project} />}
      </div>
    </section>
  );
}
