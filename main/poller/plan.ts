import { followedTag } from '../matcher/match';
import type { StageSubscription } from '../matcher/subscription';
import { newestTags, tagVersion } from '../matcher/tag-order';
import type { KnownTag, StagePollRow } from './poll-state-repo';

/** Tags listed now that the repository has never shown before, oldest-looking first (so discovery order follows versions). */
export function unseenTags(listed: readonly string[], known: readonly KnownTag[]): string[] {
  const seen = new Set(known.map((k) => k.tag));
  const fresh = [...new Set(listed)].filter((t) => !seen.has(t));
  return newestTags(fresh).reverse();
}

export interface StageDecision {
  /** First poll of this stage (or its repository changed): record where things stand, act on nothing. */
  readonly baseline: boolean;
  /** The stage's cursor after this poll. */
  readonly cursor: number;
  /** The newest new tag matching the stage (pattern stages). */
  readonly pick: string | null;
  /** The literal tag this stage follows (`latest`, `dev`) when it is listed now: its digest is checked. */
  readonly followed: string | null;
  /** The literal tag this stage follows, listed or not. */
  readonly follows: string | null;
  /** Several new tags that are not versions competed for `pick`: creation times from the registry would order them better. */
  readonly ambiguous?: boolean;
}

/**
 * What one stage should look at in this poll, from the repository's tags and the stage's state. Pure.
 * Tags that are not versions are ordered by `createdAt` (the registry's times, where it has them), else by discovery.
 */
export function decideStage(
  sub: StageSubscription,
  state: StagePollRow,
  known: readonly KnownTag[],
  listed: ReadonlySet<string>,
  createdAt?: ReadonlyMap<string, string | number>,
): StageDecision {
  const cursor = known.reduce((max, k) => Math.max(max, k.seq), state.cursor ?? 0);
  const baseline = state.cursor === null || state.repository !== sub.image;
  const follows = followedTag(sub.tagPattern, sub.semverRange);
  const followed = follows !== null && listed.has(follows) ? follows : null;
  if (baseline || follows !== null) return { baseline, cursor, pick: null, followed, follows };
  const from = state.cursor ?? 0;
  const fresh = known.filter((k) => k.seq > from && listed.has(k.tag));
  if (fresh.length === 0) return { baseline, cursor, pick: null, followed: null, follows: null };
  // Without registry times, discovery order (seq) stands in for creation time; with them, discovery time fills gaps.
  const order = new Map<string, number>(
    fresh.map((k) => {
      if (!createdAt) return [k.tag, k.seq];
      const at = createdAt.get(k.tag);
      const t = typeof at === 'string' ? Date.parse(at) : at;
      return [k.tag, t !== undefined && Number.isFinite(t) ? t : k.firstSeenAt];
    }),
  );
  const ranked = newestTags(
    fresh.map((k) => k.tag),
    { pattern: sub.tagPattern, semverRange: sub.semverRange },
    order,
  );
  const ambiguous = ranked.filter((t) => tagVersion(t) === null).length > 1 && (ranked[0] === undefined || tagVersion(ranked[0]) === null);
  return { baseline, cursor, pick: ranked[0] ?? null, followed: null, follows: null, ...(ambiguous ? { ambiguous } : {}) };
}

export type FollowOutcome = { readonly why: 'new' | 'moved' | null; readonly trackedDigest: string | null };

/**
 * A followed tag's digest against what the stage last saw. At a baseline, or when the stage has just
 * started following another tag, the digest is only recorded.
 */
export function followOutcome(state: StagePollRow, follows: string, digest: string, baseline: boolean): FollowOutcome {
  if (baseline || state.trackedTag !== follows) return { why: null, trackedDigest: digest };
  if (state.trackedDigest === null) return { why: 'new', trackedDigest: digest };
  if (state.trackedDigest !== digest) return { why: 'moved', trackedDigest: digest };
  return { why: null, trackedDigest: digest };
}

/** The tags to HEAD for a repository: each stage's pick and followed tag, once each. */
export function tagsToResolve(decisions: readonly StageDecision[]): string[] {
  const out = new Set<string>();
  for (const d of decisions) {
    if (d.pick !== null) out.add(d.pick);
    if (d.followed !== null) out.add(d.followed);
  }
  return [...out];
}
