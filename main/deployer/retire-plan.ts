/** A draining instance as the plan sees it. */
export interface Retiring {
  readonly id: number;
  readonly warmUntil: number | null;
}

export interface RetirePlan {
  /** Instances to stop now. */
  readonly stop: readonly number[];
  /** The one left warm (running, a rollback to it is only a switch), if any. */
  readonly warm: number | null;
  /** When to look again: the end of the warm window. */
  readonly wakeAt: number | null;
}

/** The end of the warm window for an instance switched away from at `now` (null: stop it at once). */
export function warmUntil(now: number, warmRollbackSec: number): number | null {
  return warmRollbackSec > 0 ? now + warmRollbackSec * 1000 : null;
}

/**
 * Of a stage's draining instances only the newest warm one stays running, until its window ends;
 * every other one is stopped now. So a stage runs at most its live instance and one warm one,
 * however fast deploys follow each other.
 */
export function retirePlan(draining: readonly Retiring[], now: number): RetirePlan {
  const warm = draining
    .filter((i) => i.warmUntil !== null && i.warmUntil > now)
    .sort((a, b) => (b.warmUntil ?? 0) - (a.warmUntil ?? 0) || b.id - a.id)[0];
  return {
    stop: draining.filter((i) => i.id !== warm?.id).map((i) => i.id),
    warm: warm?.id ?? null,
    wakeAt: warm?.warmUntil ?? null,
  };
}
