import type { Deployer } from '../deployer/deployer';
import type { InstanceRepo } from '../store/instance-repo';
import type { FollowDeployer } from './types';

/**
 * Follow actions through the deploy queue: re-resolve the tag (a moving one like `dev`) and
 * deploy it; the deployer makes it a no-op when the digest behind it is already live.
 */
export function followDeployer(deployer: Pick<Deployer, 'enqueue'>, instances: Pick<InstanceRepo, 'live'>): FollowDeployer {
  return {
    redeploy: ({ stageId, tag, reason }) => {
      const target = tag ?? instances.live(stageId)?.tag ?? null;
      if (target === null) {
        return Promise.resolve({ deployId: null, note: 'nothing is live on the stage and the follow names no tag; set a tag on the follow' });
      }
      const { deploy, verdict } = deployer.enqueue({ stageId, tag: target, trigger: 'webhook', reason });
      const note = verdict === 'queued' ? null : verdict === 'duplicate' ? `deploy ${String(deploy.id)} of ${target} is already queued` : `${target} is already live`;
      return Promise.resolve({ deployId: verdict === 'skipped' ? null : deploy.id, note });
    },
  };
}
