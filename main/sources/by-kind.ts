import type { DeployRecord } from '../store/deploy-repo';
import type { StageRecord } from '../store/stage-repo';
import type { Source } from './source';

/**
 * The smaller shape a source may have: it runs its deploys (its own steps, records and events) and
 * says what promoting a stage deploys. It keeps no containers of its own for the deployer to remove
 * or the reconciler to watch.
 */
export interface OtherSource {
  run(deployId: number, signal: AbortSignal): Promise<DeployRecord>;
  promoteTarget(stage: StageRecord): { readonly tag: string; readonly digest: string; readonly from: string };
}

/** Plugs a source of the smaller shape into the registry. Its versions are pinned by commit, not content: a promote always deploys. */
export function runOnlySource(s: OtherSource): Source {
  return {
    run: (deployId, signal) => s.run(deployId, signal),
    promoteTarget: (stage) => ({ ...s.promoteTarget(stage), force: true }),
    tearDown: () => Promise.resolve(0),
    reconcile: null,
  };
}
