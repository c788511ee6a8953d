/**
 * A static deploy, as a pure state machine. Steps, in order:
 *   pull    resolve the ref to a commit and fetch it (shallow), unless its snapshot is already built
 *   create  build the snapshot directory (folder extraction, Markdown, size limit), written aside and renamed
 *   switch  point the stage's stable URL at the snapshot (one swap in the proxy)
 *   cleanup forget snapshots beyond the stage's maxInstances, delete directories no stage keeps
 * A failure at pull/create/switch leaves the previous snapshot serving: nothing live was touched
 * before the switch, and the switch is a single swap. A failure at cleanup does not fail the deploy.
 */
export type StaticStep = 'pull' | 'create' | 'switch' | 'cleanup';

export interface StaticDeployState {
  /** The commit, once the ref is resolved (rollback and promote know it from the start). */
  readonly commit: string | null;
  /** A finished snapshot directory for this commit and these build settings exists. */
  readonly snapshotReady: boolean;
  readonly switched: boolean;
  readonly cleaned: boolean;
}

export type StaticNext =
  | { readonly step: StaticStep; readonly skip: false }
  | { readonly step: StaticStep; readonly skip: true; readonly why: string }
  | { readonly step: null };

export function nextStaticStep(s: StaticDeployState): StaticNext {
  if (s.commit === null) return { step: 'pull', skip: false };
  if (!s.snapshotReady) return { step: 'create', skip: false };
  if (!s.switched) return { step: 'switch', skip: false };
  if (!s.cleaned) return { step: 'cleanup', skip: false };
  return { step: null };
}

export interface FailureOutcome {
  /** The deploy's final status. */
  readonly status: 'failed' | 'succeeded';
  /** The stage's live snapshot is still the one from before the deploy. */
  readonly previousServing: boolean;
}

export function afterFailure(step: StaticStep): FailureOutcome {
  return step === 'cleanup' ? { status: 'succeeded', previousServing: false } : { status: 'failed', previousServing: true };
}

export interface SnapshotRow {
  readonly id: number;
  readonly stageId: number;
  readonly dir: string;
  readonly status: 'live' | 'kept' | 'removed';
}

/**
 * Which of a stage's snapshots to forget (newest first in `stageRows`): the live one plus the
 * `maxInstances - 1` newest others are kept. A directory is deleted only when no row of any
 * stage that is not being forgotten still points at it (stages at the same commit share one).
 */
export function snapshotsToPrune(stageRows: readonly SnapshotRow[], maxInstances: number, allRows: readonly SnapshotRow[]): { forget: number[]; deleteDirs: string[] } {
  const present = stageRows.filter((r) => r.status !== 'removed');
  const live = present.filter((r) => r.status === 'live');
  const others = present.filter((r) => r.status !== 'live');
  const keepOthers = Math.max(0, maxInstances - live.length);
  const forget = others.slice(keepOthers).map((r) => r.id);
  const gone = new Set(forget);
  const stillUsed = new Set(allRows.filter((r) => r.status !== 'removed' && !gone.has(r.id)).map((r) => r.dir));
  const deleteDirs = [...new Set(present.filter((r) => gone.has(r.id)).map((r) => r.dir))].filter((d) => !stillUsed.has(d));
  return { forget, deleteDirs };
}

/** The snapshot a rollback goes back to: the newest kept one with another commit than the live one. */
export function rollbackSnapshot<T extends SnapshotRow & { readonly commitSha: string }>(stageRows: readonly T[]): T | null {
  const live = stageRows.find((r) => r.status === 'live');
  return stageRows.find((r) => r.status === 'kept' && r.commitSha !== live?.commitSha) ?? null;
}
