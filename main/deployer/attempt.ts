import { isInProgress, type DeployRecord } from '../store/deploy-repo';
import type { ProjectRecord } from '../store/project-repo';
import type { StageRecord } from '../store/stage-repo';
import type { Repos } from './deps';

export interface Attempt {
  readonly dep: DeployRecord;
  readonly stage: StageRecord;
  readonly project: ProjectRecord;
  /** It was under way before (a crash or quit interrupted it). */
  readonly resumed: boolean;
}

/** Starts one more attempt of a deploy (counting it, stamping its start); null when it has already finished. */
export function claimAttempt(d: Pick<Repos, 'deploys' | 'stages' | 'projects'>, id: number): Attempt | null {
  const found = d.deploys.require(id);
  if (found.status !== 'queued' && !isInProgress(found.status)) return null;
  const resumed = found.status !== 'queued';
  const dep = d.deploys.update(id, { attempts: found.attempts + 1, startedAt: found.startedAt ?? Date.now(), status: resumed ? found.status : 'pulling' });
  return { dep, stage: d.stages.require(dep.stageId), project: d.projects.require(dep.projectId), resumed };
}
