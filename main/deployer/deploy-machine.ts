import { deploySteps, type DeployStatus, type DeployStepName } from '../../preload/contract';

/**
 * The deploy state machine, without I/O: which step follows which, when a deploy resumes, gives up
 * or has nothing to do, and what a failure at each step leaves behind. The runner drives it: it asks
 * for the next move, performs it through its source, and writes the step's marker; a deploy found
 * half-done after a crash asks again from its marker.
 */

/** A crash loop on one deploy gives up after this many starts. */
export const MAX_ATTEMPTS = 3;

/** The marker says `step` is done (or the deploy went beyond it). */
export const isPast = (marker: DeployStepName | null, step: DeployStepName): boolean =>
  marker !== null && deploySteps.indexOf(marker) >= deploySteps.indexOf(step);

/** The step after `marker` (the first one for a deploy that has none). */
export const stepAfter = (marker: DeployStepName | null): DeployStepName =>
  marker === null ? 'pull' : (deploySteps[deploySteps.indexOf(marker) + 1] ?? 'cleanup');

/** How a run of a deploy row begins. */
export type Opening =
  /** Ended already (or superseded): nothing to run. */
  | { readonly kind: 'finished' }
  /** Queued: a first run. */
  | { readonly kind: 'fresh' }
  /** Interrupted (by a crash or a quit): run again from the marker, or give up at `giveUpAt` after too many starts. */
  | { readonly kind: 'resume'; readonly giveUpAt: DeployStepName | null };

/** `attempts` counts the starts before this one. A deploy past its switch is live: it always finishes. */
export function opening(dep: { readonly status: DeployStatus; readonly marker: DeployStepName | null; readonly attempts: number }): Opening {
  if (dep.status === 'queued') return { kind: 'fresh' };
  if (!inProgress.includes(dep.status)) return { kind: 'finished' };
  const giveUp = dep.attempts + 1 > MAX_ATTEMPTS && !isPast(dep.marker, 'switch');
  return { kind: 'resume', giveUpAt: giveUp ? stepAfter(dep.marker) : null };
}

const inProgress: readonly DeployStatus[] = ['pulling', 'starting', 'checking', 'switching'];

/** Where a run stands, as the next move needs it. */
export interface Position {
  readonly marker: DeployStepName | null;
  /** A warm instance of the deploy's digest (running, without traffic since the switch away from it) waits. */
  readonly warmWaiting: boolean;
  /** The candidate is that warm instance, taken over: it runs already. */
  readonly warm: boolean;
  /** The image (or other artefact) facts of this run are known; a resumed run fetches them again before it creates, starts or probes. */
  readonly factsKnown: boolean;
}

export type Move =
  /** Take the waiting warm instance: pull, create, start and health are recorded as skipped in one write; then the switch. */
  | { readonly kind: 'take-warm' }
  /** Fetch the facts a resumed run needs (the pull marker is already written). */
  | { readonly kind: 'refresh-facts' }
  /** `start` of a warm candidate is skipped: it runs, and the health probe confirms it answers. */
  | { readonly kind: 'step'; readonly step: DeployStepName; readonly alreadyRunning: boolean }
  | { readonly kind: 'done' };

/** The next move from `p`. Every step's move ends by writing its marker, so the machine always advances. */
export function nextMove(p: Position): Move {
  if (p.marker === null && p.warmWaiting) return { kind: 'take-warm' };
  if (isPast(p.marker, 'cleanup')) return { kind: 'done' };
  if (isPast(p.marker, 'pull') && !isPast(p.marker, 'health') && !p.factsKnown) return { kind: 'refresh-facts' };
  const step = stepAfter(p.marker);
  return { kind: 'step', step, alreadyRunning: step === 'start' && p.warm };
}

/**
 * What a failure at `step` leaves behind. Up to and including the switch, the candidate is discarded
 * (a kept instance it reused is put back to sleep) and the old instance stays live: the deploy failed.
 * After the switch the new instance is live and nothing undoes the deploy: drain and cleanup run in
 * the background and their trouble is the retirer's, never the deploy's.
 */
export type FailureOutcome = { readonly kind: 'candidate-discarded'; readonly stillLive: 'previous' } | { readonly kind: 'deploy-stands'; readonly stillLive: 'candidate' };

export function failureAt(step: DeployStepName): FailureOutcome {
  return isPast(step, 'drain') ? { kind: 'deploy-stands', stillLive: 'candidate' } : { kind: 'candidate-discarded', stillLive: 'previous' };
}

/** A deploy has nothing to do when its digest is live already, unless it is forced or the stage was stopped. */
export function alreadyLive(dep: { readonly force: boolean }, liveDigest: string | null, digest: string, stageStopped: boolean): boolean {
  return !dep.force && liveDigest === digest && !stageStopped;
}

/**
 * The kept instance a deploy reuses instead of making one: a warm one of its digest (any trigger but
 * a forced one), else, for a rollback, a stopped one.
 */
export function reuseRule<T>(dep: { readonly digest: string | null; readonly force: boolean; readonly trigger: string }, warmRunning: () => T | null, kept: () => T | null): T | null {
  if (dep.digest === null) return null;
  const warm = dep.force ? null : warmRunning();
  return warm ?? (dep.trigger === 'rollback' ? kept() : null);
}
