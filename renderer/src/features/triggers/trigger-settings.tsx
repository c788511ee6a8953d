import type { ReactElement } from 'react';
import type { Project } from '../../../../preload/contract/projects';
import { orderChain } from '../project-list/chain-model';
import { SchedulesSection } from './schedules-section';
import { UpdateWindowSection } from './update-window-section';

/** Per stage: schedules and the update window (image projects; a static site follows its branch). */
export function TriggerSettings({ project }: { readonly project: Project }): ReactElement | null {
  if (project.kind !== 'image') return null;
  return (
    <section className="card form-section" aria-labelledby="ps-triggers">
      <h2 id="ps-triggers">Schedules and update windows</h2>
      <p className="muted">Times are this computer’s local time. Manual deploys ignore the update window.</p>
      {orderChain(project.stages).map((s) => (
        <div key={s.id} className="trigger-stage">
          <h3 className="trigger-stage-name">{s.name}</h3>
          <SchedulesSection stage={s} />
          <UpdateWindowSection stage={s} />
        </div>
      ))}
    </section>
  );
}
