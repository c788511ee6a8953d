import type { GitEvent } from '../inbound-webhook/parse/types';

/** A normalised git push, as the inbound webhook parsers produce it. */
export interface GitPushEvent extends GitEvent {
  /** How many commits the forge says the push had, when it truncates the list (GitLab, Gitea). */
  readonly totalCommits?: number;
}

/**
 * What a followed repository's push asks of the deployer. Implemented by the deployer and
 * passed in by the composition root; until then follows are recorded and say so.
 */
export interface FollowDeployer {
  /** Re-resolve `tag` (null: the stage's live tag) and deploy it on the stage if its digest moved. */
  redeploy(req: { readonly stageId: number; readonly tag: string | null; readonly reason: string }): Promise<{ readonly deployId: number | null; readonly note: string | null }>;
}

/** Timers the notice coalescer uses; injected so tests can move time by hand. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
