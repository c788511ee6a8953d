import type { DeployStepName } from '../../preload/contract';
import type { DeployRecord } from '../store/deploy-repo';
import type { ProjectRecord } from '../store/project-repo';
import type { StageRecord } from '../store/stage-repo';
import { opening } from './deploy-machine';
import type { Repos } from './deps';

export interface Attempt {
  readonly dep: DeployRecord;
  readonly stage: StageRecord;
  readonly project: ProjectRecord;
  /** It was under way before (a crash or quit interrupted it). */
  readonly resumed: boolean;
  /** A resumed deploy that has crashed too often: the step it gives up at; else null. */
  readonly giveUpAt: DeployStepName | null;
}

/** Starts one more attempt of a deploy (counting it, stamping its start); null when it has already finished. */
export function claimAttempt(d: Pick<Repos, 'deploys' | 'stages' | 'projects'>, id: number): Attempt | null {
  const found = d.deploys.require(id);
  const open = opening(found);
  if (open.kind === 'finished') return null;
  const resumed = open.kind === 'resume';
  const dep = d.deploys.update(id, { attempts: found.attempts + 1, startedAt: found.startedAt ?? Date.now(), status: resumed ? found.status : 'pulling' });
  return { dep, stage: d.stages.require(dep.stageId), project: d.projects.require(dep.projectId), resumed, giveUpAt: open.kind === 'resume' ? open.giveUpAt : null };
}
