import type { DeployProgress } from '../../../preload/contract/deploys';

/** Latest live progress per running deploy. */
export function applyProgress(current: ReadonlyMap<number, DeployProgress>, p: DeployProgress): ReadonlyMap<number, DeployProgress> {
  const next = new Map(current);
  next.set(p.deployId, p);
  return next;
}

/** Progress is live-only: drop it once the deploy has ended (its steps are in the deploy record). */
export function forgetProgress(current: ReadonlyMap<number, DeployProgress>, deployId: number): ReadonlyMap<number, DeployProgress> {
  if (!current.has(deployId)) return current;
  const next = new Map(current);
  next.delete(deployId);
  return next;
}
