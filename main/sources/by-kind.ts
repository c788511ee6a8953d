import type { DeployRecord } from '../store/deploy-repo';
import type { ProjectKind } from '../../preload/contract';
import type { ProjectRepo } from '../store/project-repo';
import type { DeployRepo } from '../store/deploy-repo';

/** What the deploy queue needs from a source: run one deploy to its end (or throw DeployAborted). */
export interface SourceRunner {
  run(deployId: number, signal: AbortSignal): Promise<DeployRecord>;
}

/** Sources of the kinds other than `image` (whose steps live in main/deployer). */
export type OtherSources = Readonly<Partial<Record<Exclude<ProjectKind, 'image'>, SourceRunner>>>;

/** One runner for the queue: each deploy goes to its project kind's source. */
export function bySourceKind(d: { readonly projects: ProjectRepo; readonly deploys: DeployRepo }, image: SourceRunner, others: OtherSources | undefined): SourceRunner {
  if (!others) return image;
  return {
    run(deployId, signal) {
      const dep = d.deploys.get(deployId);
      const kind = dep ? d.projects.get(dep.projectId)?.kind : undefined;
      const source = kind && kind !== 'image' ? others[kind] : undefined;
      return (source ?? image).run(deployId, signal);
    },
  };
}
