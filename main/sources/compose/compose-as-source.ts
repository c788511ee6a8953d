import type { DeployerDeps } from '../../deployer/deps';
import type { Retirer } from '../../deployer/retirer';
import type { StageRecord } from '../../store/stage-repo';
import type { ImageSource } from '../image/image-source';
import { reconcileImageStage } from '../image/reconcile-stage';
import type { Source, StagePass } from '../source';
import type { ComposeSource } from './compose-source';

/**
 * The `compose` kind behind the source port. Its tracked instances are containers like an image
 * project's, so tearing a stage down and reconciling them are the image source's; on each pass the
 * stack's own parts (extra stable URLs, companions) are looked at too. `down` of a removed project's
 * stacks is run by projects.remove, which knows whether named volumes go.
 */
export function composeAsSource(compose: ComposeSource, containers: ImageSource, d: DeployerDeps, retirer: Retirer): Source {
  return {
    run: (deployId, signal) => compose.run(deployId, signal),
    promoteTarget: (stage) => ({ ...compose.promoteTarget(stage), force: false }),
    tearDown: (stageId) => containers.tearDown(stageId),
    reconcile: async (stage: StageRecord, pass: StagePass) => {
      await reconcileImageStage(d, (id) => retirer.kick(id), stage, pass);
      await compose.reconcile(d.projects.require(stage.projectId), stage, pass.routes);
    },
  };
}
