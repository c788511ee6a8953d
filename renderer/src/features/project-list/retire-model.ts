import type { Stage } from '../../../../preload/contract/projects';

export interface RetireLines {
  /** "rollback: instant for 1:58" while the rollback target still runs. */
  readonly rollback: string | null;
  /** What became of the instance the stage last switched away from. */
  readonly previous: string | null;
}

/** m:ss, rounded up so that the countdown never shows 0:00 while it still holds. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(total / 60))}:${String(total % 60).padStart(2, '0')}`;
}

const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The stage card's lines about warm rollback and the retiring of the previous instance, at `now`. */
export function retireLines(stage: Pick<Stage, 'warmRollback' | 'retired'>, now: number): RetireLines {
  const warm = stage.warmRollback ?? null;
  const rollback = warm !== null && warm.until > now ? `rollback: instant for ${countdown(warm.until - now)}` : null;
  const r = stage.retired ?? null;
  let previous: string | null = null;
  if (r !== null) {
    const stillWarm = r.status === 'draining' && r.warmUntil !== null && r.warmUntil > now;
    if (stillWarm) previous = rollback !== null && warm?.instanceId === r.instanceId ? null : `previous ${r.tag}: warm`;
    else if (r.status === 'draining') previous = `previous ${r.tag}: draining…`;
    else if (r.stopMs !== null) previous = `previous ${r.tag}: stopped in ${secs(r.stopMs)}`;
  }
  return { rollback, previous };
}

/** When the lines change next on their own (the countdown ticks, a window ends), or null. */
export function nextTick(stage: Pick<Stage, 'warmRollback' | 'retired'>, now: number): number | null {
  const ends = [stage.warmRollback?.until, stage.retired?.warmUntil ?? undefined].filter((t): t is number => t !== undefined && t > now);
  return ends.length > 0 ? now + 1000 : null;
}
