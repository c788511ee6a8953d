import type { DeployTrigger } from '../../preload/contract';

export interface PastDeploy {
  readonly id: number;
  readonly tag: string;
  readonly digest: string | null;
  readonly trigger: DeployTrigger;
}

/**
 * The digest a rollback goes back to: the newest successful deploy before the one that first
 * brought today's live digest, with a different digest. Rollbacks do not count as "bringing"
 * a digest, so rolling back twice walks further back instead of flipping between two versions.
 * `succeeded` is newest first.
 */
export function rollbackTarget(succeeded: readonly PastDeploy[], liveDigest: string): { tag: string; digest: string } | null {
  const intro = succeeded.find((d) => d.trigger !== 'rollback' && d.digest === liveDigest);
  const earlier = intro ? succeeded.filter((d) => d.id < intro.id) : succeeded;
  const target = earlier.find((d) => d.digest !== null && d.digest !== liveDigest);
  return target?.digest ? { tag: target.tag, digest: target.digest } : null;
}
