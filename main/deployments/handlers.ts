import type { Deploy } from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { deployMethods } from '../../preload/contract/deploys';
import type { HandlersOf } from '../dispatch/dispatch';
import type { ProjectService } from '../projects/service';
import type { DeployRepo } from '../store/deploy-repo';
import type { Deployer, Enqueued } from '../deployer/deployer';

export function deployHandlers(deployer: Deployer, deploys: DeployRepo, projects: ProjectService): HandlersOf<typeof deployMethods> {
  const answer = async (e: Enqueued, wait: boolean): Promise<Deploy> => (wait ? deployer.waitFor(e.deploy.id) : e.deploy);
  return {
    'stages.deploy': ({ stageId, tag, wait }) => {
      if (tag === undefined) throw new AppError('INVALID_INPUT', 'tag: give the tag to deploy ("ref" is for static sites).');
      return answer(deployer.deployTag(stageId, tag), wait);
    },
    'stages.rollback': ({ stageId, instanceId, wait }) => answer(deployer.rollback(stageId, instanceId), wait),
    'stages.promote': ({ stageId, wait }) => answer(deployer.promote(stageId), wait),
    'stages.restart': ({ stageId, wait }) => answer(deployer.restart(stageId), wait),
    'stages.stop': async ({ stageId }) => {
      await deployer.stopStage(stageId);
      return projects.stageView(projects.requireStage(stageId));
    },
    'deploys.get': ({ id }) => {
      const d = deploys.get(id);
      if (!d) throw notFound('Deploy', id);
      return d;
    },
    'deploys.list': (f) => ({ deploys: deploys.list(f) }),
  };
}
