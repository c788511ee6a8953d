import type { DeployProgress, DeployStepName } from '../../preload/contract';
import type { RouteState } from '../deployer/deps';
import type { EnqueueRequest, Enqueued } from '../deployer/queue';
import type { DeployRecord } from '../store/deploy-repo';
import type { InstanceRecord } from '../store/instance-repo';
import type { ProjectRecord } from '../store/project-repo';
import type { StageRecord } from '../store/stage-repo';

/** Thrown when work stops because the app is stopping or the stage is being removed; the deploy resumes later. */
export class DeployAborted extends Error {
  constructor() {
    super('deploy interrupted');
  }
}

/** A failure before the switch: the new instance is discarded and the old one stays live. */
export class StepFailure extends Error {
  constructor(
    readonly step: DeployStepName,
    message: string,
    readonly logTail: string | null = null,
  ) {
    super(message);
  }
}

/** What a kind's prepare step found out about the version it deploys. */
export interface CandidateFacts {
  /** The pinned version (registry digest, commit). */
  readonly digest: string;
  /** For the timeline: "pulled 3 layers (2.1 MB)", "already present". */
  readonly detail: string;
}

/** One deploy as its steps see it; the runner keeps `dep` current as markers are written. */
export interface RunCtx<F extends CandidateFacts> {
  dep: DeployRecord;
  /** The candidate is a warm (running) instance taken over. */
  warm: boolean;
  readonly project: ProjectRecord;
  readonly stage: StageRecord;
  readonly signal: AbortSignal;
  facts: F | null;
}

/** Live progress of a running step (pull layers, health probes) for the window. */
export type StepProgress = (extra: Partial<Pick<DeployProgress, 'pull' | 'health'>>) => void;

/**
 * The steps of a blue-green deploy that differ by kind. The runner (main/deployer/runner.ts) drives
 * them through the deploy state machine, writes the markers and the timeline, and owns the instance
 * rows' statuses; a step throws a StepFailure to fail the deploy before the switch.
 */
export interface CandidateSteps<F extends CandidateFacts> {
  /** Makes the version available (pull) and answers its facts. */
  prepare(ctx: RunCtx<F>, progress: StepProgress): Promise<F>;
  /** Makes a new candidate instance from `ctx.facts` (its row, then its container) and writes the `create` marker. */
  createCandidate(ctx: RunCtx<F>): Promise<InstanceRecord>;
  startCandidate(inst: InstanceRecord): Promise<void>;
  /** Waits until the candidate is healthy; answers what the timeline says. */
  checkHealth(ctx: RunCtx<F>, inst: InstanceRecord, progress: StepProgress): Promise<string>;
  /** Points the stage's stable URL(s) at the candidate. */
  switchTo(ctx: RunCtx<F>, inst: InstanceRecord): Promise<void>;
  /** After a failure before the switch: removes the candidate, or stops a kept one it reused (`kept`). */
  discard(ctx: RunCtx<F>, inst: InstanceRecord, kept: boolean): Promise<void>;
  /** Once live: what only applies to a live instance (the restart policy). */
  settle(ctx: RunCtx<F>, inst: InstanceRecord): void;
  /** The stage switched away from an instance: retire it (warm window, drain, stop, prune) in the background. */
  retire(stageId: number): void;
}

/** What promoting a stage deploys: its upstream's live version, pinned. */
export interface PromoteTarget {
  readonly tag: string;
  readonly digest: string;
  /** Where it comes from, for the reason ("deploy #12", "commit 1a2b3c4"); empty when unknown. */
  readonly from: string;
  /** Deploy even when that version is live already (a source whose versions are not content-addressed). */
  readonly force: boolean;
}

/**
 * One workload kind (image, static, compose), as the deployer, the queue and the reconciler see it.
 * main/sources/registry.ts keys them by project kind.
 */
export interface Source {
  /** Runs one deploy to its end (or throws DeployAborted to resume it later). */
  run(deployId: number, signal: AbortSignal): Promise<DeployRecord>;
  /** What promoting `stage` from `upstream` deploys; throws a clear error when there is nothing to promote. */
  promoteTarget(stage: StageRecord, upstream: StageRecord): PromoteTarget;
  /** Removes what the stage has on the engine (under the stage's lock); answers how many containers went. */
  tearDown(stageId: number): Promise<number>;
  /** One reconciler pass over one stage (not busy with a deploy); null when the kind keeps its own state (its routes are restored at start). */
  readonly reconcile: ((stage: StageRecord, pass: StagePass) => Promise<void>) | null;
}

/** A container of this installation as the engine lists it. */
export interface ListedContainer {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly State: string;
}

/** What one reconciler pass changed (for the event log and tests). */
export interface ReconcileReport {
  readonly orphansRemoved: string[];
  readonly restarted: string[];
  readonly redeployed: number[];
  readonly routesRestored: string[];
  readonly instancesForgotten: number[];
  readonly pruned: string[];
  readonly skippedStages: number[];
}

/** What the reconciler hands a source for one stage of a pass. */
export interface StagePass {
  /** This installation's containers on the engine, listed once per pass. */
  readonly listed: readonly ListedContainer[];
  readonly routes: readonly RouteState[];
  readonly report: ReconcileReport;
  /** Container ids and names accounted for (the rest are orphans and removed). */
  readonly known: Set<string>;
  /** The first pass after a Quit that stopped the deployments: they come back without alarms. */
  readonly resumingAfterQuit: boolean;
  /** Last known running state per container id (shared with the engine's event stream). */
  readonly running: Map<string, boolean>;
  /** Containers already reported dead. */
  readonly reported: Set<string>;
  /** Reports a live instance dead (once per container). */
  died(stage: StageRecord, inst: InstanceRecord, what: string, exitCode: number | null, tail?: string): void;
  /** Queues a redeploy. */
  enqueue(req: EnqueueRequest): Enqueued;
}
