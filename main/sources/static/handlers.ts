import type { Deploy } from '../../../preload/contract';
import { AppError, notFound } from '../../dispatch/app-error';
import type { PartialHandlers } from '../../dispatch/dispatch';
import type { Deployer, Enqueued } from '../../deployer/deployer';
import type { ProjectService } from '../../projects/service';
import type { ProjectRepo } from '../../store/project-repo';
import type { StageRecord, StageRepo } from '../../store/stage-repo';
import type { StaticSites } from './static-sites';

type Methods = 'stages.deploy' | 'stages.rollback' | 'stages.promote' | 'stages.restart' | 'stages.stop';

const SHA = /^[0-9a-f]{40}$/i;

/**
 * The stage methods for static projects; other kinds go to `base` unchanged. Deploys still go through
 * the one deploy queue (records, events, one at a time per stage).
 */
export function staticStageHandlers(
  base: PartialHandlers<Methods>,
  o: { readonly sites: StaticSites; readonly deployer: Deployer; readonly stages: StageRepo; readonly projects: ProjectRepo; readonly service: ProjectService },
): PartialHandlers<Methods> {
  const staticStage = (stageId: number): StageRecord | null => {
    const stage = o.stages.get(stageId);
    if (!stage) throw notFound('Stage', stageId);
    return o.projects.get(stage.projectId)?.kind === 'static' ? stage : null;
  };
  const answer = async (e: Enqueued, wait: boolean): Promise<Deploy> => (wait ? o.deployer.waitFor(e.deploy.id) : e.deploy);
  return {
    'stages.deploy': (input) => {
      const stage = staticStage(input.stageId);
      if (!stage) return base['stages.deploy'](input);
      const ref = input.ref ?? input.tag ?? o.sites.defaultRef(stage.projectId);
      return answer(o.deployer.enqueue({ stageId: stage.id, tag: ref, digest: SHA.test(ref) ? ref.toLowerCase() : null, trigger: 'manual', reason: 'deployed by hand', force: true }), input.wait);
    },
    'stages.rollback': (input) => {
      const stage = staticStage(input.stageId);
      if (!stage) return base['stages.rollback'](input);
      if (input.instanceId !== undefined) throw new AppError('INVALID_INPUT', 'instanceId: a static site rolls back to its previous snapshot; leave instanceId out.');
      const t = o.sites.rollbackTarget(stage);
      const live = o.sites.liveSite(stage.id);
      return answer(o.deployer.enqueue({ stageId: stage.id, tag: t.ref, digest: t.commit, trigger: 'rollback', reason: `rollback from ${live?.shortSha ?? '?'}`, force: true }), input.wait);
    },
    'stages.promote': (input) => {
      const stage = staticStage(input.stageId);
      if (!stage) return base['stages.promote'](input);
      return answer(o.deployer.promote(stage.id), input.wait);
    },
    'stages.restart': (input) => {
      const stage = staticStage(input.stageId);
      if (!stage) return base['stages.restart'](input);
      const live = o.sites.liveSite(stage.id) ?? null;
      const ref = live?.commit ?? o.sites.defaultRef(stage.projectId);
      return answer(o.deployer.enqueue({ stageId: stage.id, tag: live?.ref ?? ref, digest: live?.commit ?? null, trigger: 'manual', reason: 'restart', force: true }), input.wait);
    },
    'stages.stop': async (input) => {
      const stage = staticStage(input.stageId);
      if (!stage) return base['stages.stop'](input);
      await o.deployer.locks.run(stage.id, async () => {
        o.stages.update(stage.id, { stopped: true });
        await o.sites.setRoute(o.stages.require(stage.id));
      });
      return o.service.stageView(o.stages.require(stage.id));
    },
  };
}

/** `static.refs`: a static project's branches and tags for the Deploy dialog. */
export function staticRefHandlers(sites: StaticSites): PartialHandlers<'static.refs'> {
  return { 'static.refs': ({ projectId }) => sites.refs(projectId) };
}
