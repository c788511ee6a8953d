import type { SourceRunner } from '../sources/by-kind';
import type { DeployRepo } from '../store/deploy-repo';
import type { StageRepo } from '../store/stage-repo';

/** One runner for image deploys: a stage that targets a Swarm service goes to `swarm`, every other one to `container`. */
export function byTarget(d: { readonly stages: StageRepo; readonly deploys: DeployRepo }, container: SourceRunner, swarm: SourceRunner | null): SourceRunner {
  if (!swarm) return container;
  return {
    run(deployId, signal) {
      const dep = d.deploys.get(deployId);
      const stage = dep ? d.stages.get(dep.stageId) : null;
      return stage?.target.kind === 'swarm' ? swarm.run(deployId, signal) : container.run(deployId, signal);
    },
  };
}
