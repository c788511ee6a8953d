import type { MatchAction } from '../../preload/contract';
import { tryParseImageRef } from '../oci-client/image-ref';
import { matchesStagePattern } from './tag-order';
import type { StageSubscription } from './subscription';

/** The canonical `registry/repository` of an event (`docker.io/library/x` for `x`), or null when it is not a valid name. */
export function canonicalRepository(registry: string, repository: string): string | null {
  // The reference parser remembers valid names, so repeated repositories cost a look-up.
  return tryParseImageRef(`${registry}/${repository}`)?.name ?? null;
}

/** The stages a tag belongs to: same repository (canonical names) and a matching pattern / semver range. */
export function stagesForTag(repository: string, tag: string, subs: readonly StageSubscription[]): StageSubscription[] {
  return subs.filter((s) => s.image === repository && matchesStagePattern(tag, s.tagPattern, s.semverRange));
}

/** What a matching tag does on a stage, given whether this (tag, digest) already acted there. */
export function decideAction(sub: Pick<StageSubscription, 'autoDeploy'>, alreadyActed: boolean): MatchAction {
  if (alreadyActed) return 'duplicate';
  return sub.autoDeploy ? 'deploy' : 'update-available';
}

/** When a deploy may be queued under a minimum image age; null means now. */
export function deployNotBefore(appearedAt: number, minAgeMs: number, now: number): number | null {
  if (minAgeMs <= 0) return null;
  const due = appearedAt + minAgeMs;
  return due > now ? due : null;
}

const GLOB_MAGIC = /[*?[\]{}!+@()|]/;

/**
 * A stage follows a moving tag (`latest`, `dev`) when its pattern is one literal tag without a semver
 * range: the poller then watches that tag's digest instead of waiting for new tag names.
 */
export function followedTag(pattern: string, semverRange: string | null): string | null {
  const p = pattern.trim();
  if (p === '' || GLOB_MAGIC.test(p)) return null;
  if (semverRange !== null && semverRange.trim() !== '') return null;
  return p;
}
