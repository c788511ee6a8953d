import type { DeployRecord } from '../store/deploy-repo';
import type { ProjectKind } from '../../preload/contract';
import type { ProjectRepo } from '../store/project-repo';
import type { DeployRepo } from '../store/deploy-repo';
import type { StageRecord } from '../store/stage-repo';

/** What the deploy queue needs from a source: run one deploy to its end (or throw DeployAborted). */
export interface SourceRunner {
  run(deployId: number, signal: AbortSignal): Promise<DeployRecord>;
}

/** A source of another kind also says what promoting a stage deploys: its upstream's live version, pinned. */
export interface OtherSource extends SourceRunner {
  promoteTarget(stage: StageRecord): { readonly tag: string; readonly digest: string; readonly from: string };
}

/** Sources of the kinds other than `image` (whose steps live in main/deployer). */
export type OtherSources = Readonly<Partial<Record<Exclude<ProjectKind, 'image'>, OtherSource>>>;

/** The source of a project's kind, or null for an image project (whose steps live in main/deployer). */
export function otherSourceOf(d: { readonly projects: ProjectRepo }, others: OtherSources | undefined, projectId: number): OtherSource | null {
  const kind = d.projects.get(projectId)?.kind;
  return (kind && kind !== 'image' ? others?.[kind] : undefined) ?? null;
}

/**
 * One runner for the queue: each deploy goes to its project kind's source. `succeeded` hears of the
 * other kinds' successful deploys (the image runner reports its own).
 */
export function bySourceKind(
  d: { readonly projects: ProjectRepo; readonly deploys: DeployRepo },
  image: SourceRunner,
  others: OtherSources | undefined,
  succeeded: (dep: DeployRecord) => void,
): SourceRunner {
  if (!others) return image;
  return {
    async run(deployId, signal) {
      const dep = d.deploys.get(deployId);
      const source = dep ? otherSourceOf(d, others, dep.projectId) : null;
      if (!source) return image.run(deployId, signal);
      const done = await source.run(deployId, signal);
      if (done.status === 'succeeded') succeeded(done);
      return done;
    },
  };
}
