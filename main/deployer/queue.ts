import type { DeployTrigger } from '../../preload/contract';
import { notFound } from '../dispatch/app-error';
import { finishedStatuses, inProgressStatuses, type DeployRecord } from '../store/deploy-repo';
import { deployEventData, shortDigest } from './deploy-events';
import type { DeployerDeps } from './deps';
import type { KeyedLock } from './keyed-lock';
import { DeployAborted, type Source } from '../sources/source';

export interface EnqueueRequest {
  readonly stageId: number;
  readonly tag: string;
  /** When known (webhook, poll, promote, rollback) the deploy is pinned to it. */
  readonly digest?: string | null;
  readonly trigger: DeployTrigger;
  /** Why, in words (delivery id, "promoted from dev"). */
  readonly reason?: string | null;
  /** Deploy even if this digest is live already (restart). */
  readonly force?: boolean;
}

/** queued: a new deploy row; duplicate: the same tag/digest is already queued or running (that row); skipped: already live. */
export type EnqueueVerdict = 'queued' | 'duplicate' | 'skipped';

export interface Enqueued {
  readonly deploy: DeployRecord;
  readonly verdict: EnqueueVerdict;
}

interface Running {
  readonly stageId: number;
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

/**
 * The durable deploy queue: rows in the store, one deploy at a time per stage, up to
 * `maxParallel` stages at once. A newer deploy supersedes older queued ones for its stage.
 * Deploys found in progress at start (after a crash) run first, from their last marker.
 */
export class DeployQueue {
  private readonly running = new Map<number, Running>();
  private readonly waiters = new Map<number, ((d: DeployRecord) => void)[]>();
  private started = false;
  private readonly maxParallel: number;

  constructor(
    private readonly d: DeployerDeps,
    private readonly runner: Pick<Source, 'run'>,
    private readonly locks: KeyedLock,
  ) {
    this.maxParallel = Math.max(1, d.maxParallel ?? 2);
  }

  start(): void {
    this.started = true;
    this.pump();
  }

  /** Interrupts running deploys (they resume at the next start) and waits for them to let go. */
  async stop(): Promise<void> {
    this.started = false;
    for (const r of this.running.values()) r.abort.abort();
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  enqueue(req: EnqueueRequest): Enqueued {
    const { stages, projects, instances, deploys, db } = this.d;
    const stage = stages.get(req.stageId);
    if (!stage) throw notFound('Stage', req.stageId);
    const project = projects.require(stage.projectId);
    const digest = req.digest ?? null;
    const force = req.force ?? false;
    const superseded: DeployRecord[] = [];

    const result = db.transaction((): Enqueued => {
      const live = instances.live(stage.id);
      if (!force && digest !== null && live?.digest === digest && !stage.stopped) {
        const note = `${project.name}:${req.tag} (${shortDigest(digest)}) is already live on ${stage.name}; nothing to do`;
        const row = deploys.insert({ projectId: project.id, stageId: stage.id, tag: req.tag, digest, trigger: req.trigger, reason: req.reason ?? null, force, status: 'skipped', note });
        return { deploy: row, verdict: 'skipped' };
      }
      const pending = deploys.withStatus(['queued', ...inProgressStatuses], stage.id);
      const dup = force ? undefined : pending.find((p) => p.tag === req.tag && p.digest === digest) ?? (digest !== null ? pending.find((p) => p.digest === digest) : undefined);
      if (dup) return { deploy: dup, verdict: 'duplicate' };
      const row = deploys.insert({ projectId: project.id, stageId: stage.id, tag: req.tag, digest, trigger: req.trigger, reason: req.reason ?? null, force });
      for (const p of pending) {
        // Already picked up (its row may not say so yet): it runs; only waiting ones are superseded.
        if (p.status !== 'queued' || this.running.has(p.id)) continue;
        superseded.push(deploys.update(p.id, { status: 'superseded', note: `superseded by deploy #${String(row.id)} (${req.tag})`, finishedAt: Date.now() }));
      }
      return { deploy: row, verdict: 'queued' };
    })();

    const ids = { projectId: project.id, stageId: stage.id };
    for (const s of superseded) {
      this.d.bus.emit({ type: 'deploy.superseded', message: `Deploy #${String(s.id)} (${s.tag}) superseded by #${String(result.deploy.id)} (${req.tag})`, ...ids, deployId: s.id, data: deployEventData(project, stage, s) });
      this.settle(s);
    }
    if (result.verdict === 'skipped') {
      this.d.bus.emit({ type: 'deploy.skipped', message: result.deploy.note ?? 'already live', ...ids, deployId: result.deploy.id, data: deployEventData(project, stage, result.deploy) });
    } else if (result.verdict === 'queued') {
      this.d.bus.emit({
        type: 'deploy.queued',
        level: 'debug',
        message: `Queued ${project.name}:${req.tag} for ${stage.name} (${req.trigger})`,
        ...ids,
        deployId: result.deploy.id,
        data: deployEventData(project, stage, result.deploy, { reason: req.reason }),
      });
      this.pump();
    }
    return result;
  }

  /** Resolves when the deploy has finished (succeeded, failed, superseded or skipped). */
  waitFor(id: number): Promise<DeployRecord> {
    const d = this.d.deploys.get(id);
    if (!d) return Promise.reject(notFound('Deploy', id));
    if (finishedStatuses.includes(d.status)) return Promise.resolve(d);
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  isBusy(stageId: number): boolean {
    return [...this.running.values()].some((r) => r.stageId === stageId);
  }

  activeDeployId(stageId: number): number | null {
    for (const [id, r] of this.running) if (r.stageId === stageId) return id;
    return null;
  }

  /** Marks a stage's queued deploys superseded and interrupts its running one (the stage is going away). */
  async cancelStage(stageId: number, why: string): Promise<void> {
    for (const q of this.d.deploys.withStatus(['queued'], stageId)) this.settle(this.d.deploys.update(q.id, { status: 'superseded', note: why, finishedAt: Date.now() }));
    const running = [...this.running.values()].filter((r) => r.stageId === stageId);
    for (const r of running) r.abort.abort();
    await Promise.all(running.map((r) => r.done));
  }

  /** Starts whatever may start now: resumed deploys first, then queued ones, oldest first. */
  pump(): void {
    if (!this.started) return;
    const candidates = [...this.d.deploys.withStatus(inProgressStatuses), ...this.d.deploys.withStatus(['queued'])];
    for (const dep of candidates) {
      if (this.running.size >= this.maxParallel) return;
      if (this.running.has(dep.id) || this.isBusy(dep.stageId)) continue;
      // The reconciler or a removal holds the stage: it pumps again when done.
      if (this.locks.isHeld(dep.stageId)) continue;
      this.launch(dep);
    }
  }

  private launch(dep: DeployRecord): void {
    const abort = new AbortController();
    const done = this.locks
      .run(dep.stageId, () => this.runner.run(dep.id, abort.signal))
      .then(
        (final) => this.settle(final),
        (error: unknown) => {
          if (error instanceof DeployAborted) return;
          // A bug: record it on the deploy so it does not stay "in progress" forever.
          const message = error instanceof Error ? error.message : String(error);
          console.error(`deploy ${String(dep.id)} crashed`, error);
          const failed = this.d.deploys.update(dep.id, { status: 'failed', error: `Slipway hit an unexpected problem: ${message}`, finishedAt: Date.now() });
          this.d.bus.emit({ type: 'deploy.failed', level: 'error', message: `Deploy #${String(dep.id)} failed unexpectedly: ${message}`, projectId: dep.projectId, stageId: dep.stageId, deployId: dep.id });
          this.settle(failed);
        },
      )
      .finally(() => {
        this.running.delete(dep.id);
        this.pump();
      });
    this.running.set(dep.id, { stageId: dep.stageId, abort, done });
  }

  private settle(d: DeployRecord): void {
    const list = this.waiters.get(d.id);
    if (!list || !finishedStatuses.includes(d.status)) return;
    this.waiters.delete(d.id);
    for (const w of list) w(d);
  }
}

