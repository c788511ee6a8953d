import { useState, type ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { ComposeFileField, HostAccessCheck } from '../new-project/compose-section';
import { SectionSave } from './section-save';
import { useProjectUpdate } from './use-project-update';

/** A compose project's file: edited with the same check as when it was created; saving recreates changed companions and redeploys tracked services. */
export function ComposeSettings({ project }: { readonly project: Project }): ReactElement | null {
  const [yaml, setYaml] = useState(project.compose?.yaml ?? '');
  const [allowHostAccess, setAllowHostAccess] = useState(project.compose?.allowHostAccess ?? false);
  const { save, busy, error } = useProjectUpdate(project.id);
  return (
    <section className="card form-section" aria-labelledby="ps-compose">
      <h2 id="ps-compose">Compose stack</h2>
      <p className="muted">
        Tracked: {project.compose?.tracked.join(', ') || 'none'} · companions: {project.compose?.companions.join(', ') || 'none'}. On save, companions whose definition changed are
        recreated and tracked services get a blue-green deploy.
      </p>
      <ComposeFileField yaml={yaml} image={project.image} allowHostAccess={allowHostAccess} error={undefined} onChange={setYaml} />
      <HostAccessCheck checked={allowHostAccess} onChange={setAllowHostAccess} />
      <SectionSave error={error} busy={busy} label="Save compose file" onSave={() => void save({ compose: yaml, allowHostAccess })} />
    </section>
  );
}
