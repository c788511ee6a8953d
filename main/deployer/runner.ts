import type { DeployProgress, DeployStepName } from '../../preload/contract';
import { HealthAborted } from '../health/wait-healthy';
import type { DeployRecord } from '../store/deploy-repo';
import type { InstanceRecord } from '../store/instance-repo';
import { DeployAborted, StepFailure, type CandidateFacts, type CandidateSteps, type RunCtx, type StepProgress } from '../sources/source';
import { claimAttempt } from './attempt';
import { crashPoint } from './crash-point';
import { alreadyLive, failureAt, MAX_ATTEMPTS, nextMove, reuseRule, stepAfter, type Move } from './deploy-machine';
import { deployEventData, shortDigest } from './deploy-events';
import type { DeployerDeps } from './deps';
import { warmUntil } from './retire-plan';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

type Deps = Pick<DeployerDeps, 'db' | 'deploys' | 'stages' | 'projects' | 'instances' | 'bus'>;

/**
 * Runs one deploy through its steps: pull → create → start → health → switch, and hands the
 * previous instance over to be retired (drain, cleanup) in the background: the deploy ends at the
 * switch. Which step comes next, and what a failure leaves behind, is the state machine's
 * (deploy-machine.ts); what each step does on the engine is the source's (`CandidateSteps`). Each
 * step ends with a durable marker; a deploy found half-done after a crash runs again from its
 * marker, and every step tolerates having been half-done before.
 * A deploy of a digest whose instance is still warm (running since the last switch away from it)
 * reuses that instance: pull, create and start have nothing to do, so a rollback is a health probe
 * and a switch.
 */
export class DeployRunner<F extends CandidateFacts> {
  constructor(
    private readonly d: Deps,
    private readonly steps: CandidateSteps<F>,
  ) {}

  async run(id: number, signal: AbortSignal): Promise<DeployRecord> {
    const attempt = claimAttempt(this.d, id);
    if (!attempt) return this.d.deploys.require(id);
    const { dep, stage, project, resumed, giveUpAt } = attempt;
    const ctx: RunCtx<F> = { dep, project, stage, signal, facts: null, warm: false };
    this.announce(ctx, resumed);
    if (giveUpAt !== null) {
      return this.failBeforeSwitch(ctx, new StepFailure(giveUpAt, `Slipway stopped ${String(MAX_ATTEMPTS)} times during this deploy; giving up — deploy again`));
    }
    try {
      for (let move = this.next(ctx); !isAfterSwitch(move); move = this.next(ctx)) {
        const skipped = await this.perform(ctx, move);
        if (skipped) return skipped;
      }
    } catch (error) {
      if (error instanceof DeployAborted || error instanceof HealthAborted || signal.aborted) throw new DeployAborted();
      if (error instanceof StepFailure) return this.failBeforeSwitch(ctx, error);
      return this.failBeforeSwitch(ctx, new StepFailure(stepAfter(ctx.dep.marker), messageOf(error)));
    }
    // Live now: the old instance is retired in the background, and nothing here can undo the deploy.
    for (let move = this.next(ctx); move.kind === 'step'; move = this.next(ctx)) this.recordHandOver(ctx, move.step);
    const done = this.succeed(ctx);
    this.steps.retire(stage.id);
    const inst = ctx.dep.instanceId !== null ? this.d.instances.get(ctx.dep.instanceId) : null;
    if (inst) this.steps.settle(ctx, inst);
    return done;
  }

  private next(ctx: RunCtx<F>): Move {
    const warmWaiting = ctx.dep.marker === null && this.reusable(ctx)?.status === 'draining';
    return nextMove({ marker: ctx.dep.marker, warmWaiting, warm: ctx.warm, factsKnown: ctx.facts !== null });
  }

  private announce(ctx: RunCtx<F>, resumed: boolean): void {
    const { dep, project, stage } = ctx;
    const ids = { projectId: project.id, stageId: stage.id, deployId: dep.id };
    if (!resumed) {
      this.d.bus.emit({ type: 'deploy.started', message: `Deploying ${project.name}:${dep.tag} to ${stage.name}`, ...ids, data: deployEventData(project, stage, dep, { reason: dep.reason }) });
      return;
    }
    this.d.bus.emit({
      type: 'deploy.resumed',
      message: `Resuming deploy #${String(dep.id)} of ${project.name}:${dep.tag} on ${stage.name} after "${dep.marker ?? 'queued'}"`,
      ...ids,
      data: deployEventData(project, stage, dep, { marker: dep.marker, attempt: dep.attempts }),
    });
  }

  /** One move before the switch. Answers a finished deploy when there is nothing to do. */
  private async perform(ctx: RunCtx<F>, move: Move): Promise<DeployRecord | null> {
    switch (move.kind) {
      case 'take-warm':
        this.check(ctx);
        this.takeWarm(ctx, this.reusable(ctx)!);
        return null;
      case 'refresh-facts':
        ctx.facts = await this.steps.prepare(ctx, this.stepProgress(ctx, 'pull'));
        return null;
      case 'step':
        return this.stepBeforeSwitch(ctx, move.step, move.alreadyRunning);
      case 'done':
        return null;
    }
  }

  private async stepBeforeSwitch(ctx: RunCtx<F>, step: DeployStepName, alreadyRunning: boolean): Promise<DeployRecord | null> {
    switch (step) {
      case 'pull':
        return this.pullStep(ctx);
      case 'create':
        await this.createStep(ctx);
        return null;
      case 'start':
        await this.startStep(ctx, alreadyRunning);
        return null;
      case 'health':
        await this.healthStep(ctx);
        return null;
      default:
        await this.switchStep(ctx);
        return null;
    }
  }

  // ── pull, create, start, health ────────────────────────────────────────────

  /** Pull: always ask the engine (cheap when present); also gives the facts the later steps need. */
  private async pullStep(ctx: RunCtx<F>): Promise<DeployRecord | null> {
    this.check(ctx);
    const warm = this.reusable(ctx);
    this.begin(ctx, 'pull', 'pulling');
    const facts = await this.steps.prepare(ctx, this.stepProgress(ctx, 'pull'));
    ctx.facts = facts;
    if (alreadyLive(ctx.dep, this.d.instances.live(ctx.stage.id)?.digest ?? null, facts.digest, ctx.stage.stopped)) {
      return this.skip(ctx, `${ctx.project.name}:${ctx.dep.tag} (${shortDigest(facts.digest)}) is already live on ${ctx.stage.name}; nothing to do`);
    }
    ctx.dep = this.d.deploys.update(ctx.dep.id, { digest: facts.digest, marker: 'pull' });
    this.end(ctx, 'pull', warm ? `${warm.status === 'draining' ? 'warm' : 'kept'} instance #${String(warm.id)} is ready; no pull needed` : facts.detail);
    crashPoint('pull');
    return null;
  }

  /** Create (or reuse a kept instance for a rollback). */
  private async createStep(ctx: RunCtx<F>): Promise<void> {
    this.check(ctx);
    this.begin(ctx, 'create', 'starting');
    const reusable = this.reusable(ctx);
    if (reusable) {
      const running = reusable.status === 'draining';
      this.d.db.transaction(() => {
        this.d.instances.setStatus(reusable.id, 'ready');
        ctx.dep = this.d.deploys.update(ctx.dep.id, { instanceId: reusable.id, marker: 'create' });
      })();
      ctx.warm = running;
      this.end(ctx, 'create', `reusing ${running ? 'warm' : 'stopped'} instance #${String(reusable.id)} (${reusable.containerName})`, 'skipped');
    } else {
      const inst = await this.steps.createCandidate(ctx);
      this.end(ctx, 'create', `created ${inst.containerName} on 127.0.0.1:${String(inst.hostPort)}`);
    }
    crashPoint('create');
  }

  private async startStep(ctx: RunCtx<F>, alreadyRunning: boolean): Promise<void> {
    if (alreadyRunning) {
      // Still running since the switch away from it: the health probe confirms it answers.
      ctx.dep = this.d.deploys.update(ctx.dep.id, { marker: 'start' });
      this.end(ctx, 'start', 'already running', 'skipped');
      return;
    }
    this.check(ctx);
    this.begin(ctx, 'start', 'starting');
    const inst = this.candidate(ctx);
    try {
      await this.steps.startCandidate(inst);
    } catch (error) {
      if (inst.deployId === ctx.dep.id) throw new StepFailure('start', `the container would not start: ${messageOf(error)}`);
      // A kept instance would not start (e.g. its port is taken now): build a fresh one instead.
      this.d.instances.setStatus(inst.id, 'stopped');
      ctx.dep = this.d.deploys.update(ctx.dep.id, { instanceId: null });
      await this.steps.startCandidate(await this.steps.createCandidate(ctx));
    }
    ctx.dep = this.d.deploys.update(ctx.dep.id, { marker: 'start' });
    this.end(ctx, 'start', null);
    crashPoint('start');
  }

  private async healthStep(ctx: RunCtx<F>): Promise<void> {
    this.check(ctx);
    this.begin(ctx, 'health', 'checking');
    const detail = await this.steps.checkHealth(ctx, this.candidate(ctx), this.stepProgress(ctx, 'health'));
    ctx.dep = this.d.deploys.update(ctx.dep.id, { marker: 'health' });
    this.end(ctx, 'health', detail);
    crashPoint('health');
  }

  /**
   * A warm instance has run since the switch away from it, answered its health check before that,
   * and the reconciler ends its warm window the moment the engine reports it dead: it is only a
   * switch away. Nothing is pulled, started or probed, so a rollback inside the window takes
   * milliseconds. The steps are recorded as skipped in one write.
   */
  private takeWarm(ctx: RunCtx<F>, warm: InstanceRecord): void {
    const { deploys, instances, db } = this.d;
    const now = Date.now();
    const since = warm.retiredAt !== null ? `, running without traffic for ${((now - warm.retiredAt) / 1000).toFixed(1)} s` : '';
    const skipped: [DeployStepName, string][] = [
      ['pull', `warm instance #${String(warm.id)} is ready; no pull needed`],
      ['create', `reusing warm instance #${String(warm.id)} (${warm.containerName})`],
      ['start', 'already running'],
      ['health', `healthy when it was last live${since}; a warm instance is not probed again`],
    ];
    db.transaction(() => {
      instances.setStatus(warm.id, 'ready');
      ctx.dep = deploys.update(ctx.dep.id, { digest: warm.digest, instanceId: warm.id, marker: 'health', status: 'switching' });
      for (const [name, detail] of skipped) ctx.dep = deploys.recordStep(ctx.dep.id, { name, status: 'skipped', startedAt: now, endedAt: now, detail });
    })();
    ctx.warm = true;
    for (const [name, detail] of skipped) this.progress(ctx, name, 'skipped', detail);
  }

  // ── switch, drain, cleanup ─────────────────────────────────────────────────

  private async switchStep(ctx: RunCtx<F>): Promise<void> {
    const { instances, deploys, stages, db } = this.d;
    this.check(ctx);
    this.begin(ctx, 'switch', 'switching');
    const inst = this.candidate(ctx);
    const prev = instances.live(ctx.stage.id);
    await this.steps.switchTo(ctx, inst);
    crashPoint('switch:effect');
    const durationMs = Math.max(0, Date.now() - (ctx.dep.startedAt ?? Date.now()));
    const previous = prev && prev.id !== inst.id ? prev : null;
    db.transaction(() => {
      if (previous) instances.retire(previous.id, warmUntil(Date.now(), ctx.project.warmRollbackSec));
      instances.setStatus(inst.id, 'live');
      if (ctx.stage.stopped) stages.update(ctx.stage.id, { stopped: false });
      ctx.dep = deploys.update(ctx.dep.id, { marker: 'switch', previousInstanceId: previous?.id ?? null, durationMs });
    })();
    this.end(ctx, 'switch', `127.0.0.1:${String(ctx.stage.publicPort)} → 127.0.0.1:${String(inst.hostPort)}`);
    crashPoint('switch');
  }

  /** Records the hand-over (drain, cleanup): the previous instance stays warm or drains, in the background. */
  private recordHandOver(ctx: RunCtx<F>, step: DeployStepName): void {
    this.begin(ctx, step, 'switching');
    const detail = step === 'drain' ? this.drainDetail(ctx) : `stopped instances beyond ${String(ctx.stage.maxInstances)} are removed in the background`;
    ctx.dep = this.d.deploys.update(ctx.dep.id, { marker: step });
    this.end(ctx, step, detail);
    crashPoint(step);
  }

  private drainDetail(ctx: RunCtx<F>): string {
    const prev = ctx.dep.previousInstanceId !== null ? this.d.instances.get(ctx.dep.previousInstanceId) : null;
    if (prev?.status !== 'draining') return 'no previous instance';
    return prev.warmUntil !== null
      ? `previous instance #${String(prev.id)} stays warm for ${String(ctx.project.warmRollbackSec)} s (rollback is a switch), then drains and stops in the background`
      : `previous instance #${String(prev.id)} drains and stops in the background`;
  }

  /** A warm instance of the deploy's digest (any trigger but a forced one), else for a rollback a kept one. */
  private reusable(ctx: RunCtx<F>): InstanceRecord | null {
    const { stage, dep } = ctx;
    return reuseRule(dep, () => this.d.instances.warmRunning(stage.id, dep.digest ?? ''), () => this.d.instances.warm(stage.id, dep.digest ?? ''));
  }

  private candidate(ctx: RunCtx<F>): InstanceRecord {
    return this.d.instances.require(ctx.dep.instanceId ?? 0);
  }

  // ── endings ────────────────────────────────────────────────────────────────

  private succeed(ctx: RunCtx<F>): DeployRecord {
    const dep = this.d.deploys.update(ctx.dep.id, { status: 'succeeded', finishedAt: Date.now() });
    const { project, stage } = ctx;
    const data = deployEventData(project, stage, dep, { durationMs: dep.durationMs, reason: dep.reason });
    const ids = { projectId: project.id, stageId: stage.id, deployId: dep.id };
    this.d.bus.emit({ type: 'deploy.succeeded', message: `${project.name}:${dep.tag} is live on ${stage.name} (${String(dep.durationMs ?? 0)} ms)`, ...ids, data });
    if (dep.trigger === 'rollback') {
      this.d.bus.emit({ type: 'stage.rolled-back', message: `${project.name} ${stage.name} rolled back to ${dep.tag} (${shortDigest(dep.digest)})`, ...ids, data });
    }
    if (dep.trigger === 'promote') {
      this.d.bus.emit({ type: 'stage.promoted', message: `${project.name} ${stage.name} now runs ${dep.tag} (${shortDigest(dep.digest)}), promoted`, ...ids, data });
    }
    return dep;
  }

  private skip(ctx: RunCtx<F>, note: string): DeployRecord {
    this.end(ctx, 'pull', note, 'skipped');
    const dep = this.d.deploys.update(ctx.dep.id, { status: 'skipped', note, digest: ctx.facts?.digest ?? ctx.dep.digest, finishedAt: Date.now() });
    this.d.bus.emit({
      type: 'deploy.skipped',
      message: note,
      projectId: ctx.project.id,
      stageId: ctx.stage.id,
      deployId: dep.id,
      data: deployEventData(ctx.project, ctx.stage, dep),
    });
    return dep;
  }

  /** Throws the new instance away (or puts a kept one back to sleep); the old one was never touched. */
  private async failBeforeSwitch(ctx: RunCtx<F>, failure: StepFailure): Promise<DeployRecord> {
    const { instances, deploys } = this.d;
    await this.discardCandidate(ctx);
    this.failStep(ctx, failure.step, failure.message);
    const dep = deploys.update(ctx.dep.id, { status: 'failed', error: failure.message, finishedAt: Date.now() });
    const live = instances.live(ctx.stage.id);
    const still = live ? ` ${ctx.stage.name} still serves ${live.tag}.` : '';
    this.d.bus.emit({
      type: 'deploy.failed',
      level: 'error',
      message: `Deploy of ${ctx.project.name}:${dep.tag} to ${ctx.stage.name} failed: ${failure.message}.${still}`,
      projectId: ctx.project.id,
      stageId: ctx.stage.id,
      deployId: dep.id,
      data: deployEventData(ctx.project, ctx.stage, dep, {
        reason: failure.message,
        step: failure.step,
        logTail: failure.logTail,
        durationMs: dep.startedAt !== null ? Date.now() - dep.startedAt : null,
      }),
    });
    return dep;
  }

  private async discardCandidate(ctx: RunCtx<F>): Promise<void> {
    const inst = ctx.dep.instanceId !== null ? this.d.instances.get(ctx.dep.instanceId) : null;
    if (!inst || inst.status === 'live') return;
    const kept = inst.deployId !== ctx.dep.id && inst.containerId !== null;
    try {
      await this.steps.discard(ctx, inst, kept);
      this.d.instances.setStatus(inst.id, kept ? 'stopped' : 'removed');
    } catch (error) {
      // The reconciler removes what could not be removed now (the row says so).
      console.error(`could not discard instance ${String(inst.id)}`, error);
    }
  }

  // ── timeline and progress ──────────────────────────────────────────────────

  private begin(ctx: RunCtx<F>, step: DeployStepName, status: DeployRecord['status']): void {
    ctx.dep = this.d.deploys.recordStep(ctx.dep.id, { name: step, status: 'running', startedAt: Date.now(), detail: null });
    if (ctx.dep.status !== status) ctx.dep = this.d.deploys.update(ctx.dep.id, { status });
    this.progress(ctx, step, 'running', null);
  }

  private end(ctx: RunCtx<F>, step: DeployStepName, detail: string | null, status: 'done' | 'skipped' | 'failed' = 'done'): void {
    const prev = ctx.dep.steps.find((s) => s.name === step);
    ctx.dep = this.d.deploys.recordStep(ctx.dep.id, { name: step, status, startedAt: prev?.startedAt ?? Date.now(), endedAt: Date.now(), detail });
    this.progress(ctx, step, status, detail);
  }

  private failStep(ctx: RunCtx<F>, step: DeployStepName, detail: string): void {
    this.end(ctx, step, detail, 'failed');
  }

  private stepProgress(ctx: RunCtx<F>, step: DeployStepName): StepProgress {
    return (extra) => this.progress(ctx, step, 'running', null, extra);
  }

  private progress(ctx: RunCtx<F>, step: DeployStepName, status: DeployProgress['status'], detail: string | null, extra: Partial<Pick<DeployProgress, 'pull' | 'health'>> = {}): void {
    this.d.bus.push('deploy.progress', { deployId: ctx.dep.id, stageId: ctx.stage.id, step, status, detail, pull: extra.pull ?? null, health: extra.health ?? null });
  }

  private check(ctx: RunCtx<F>): void {
    if (ctx.signal.aborted) throw new DeployAborted();
  }
}

/** Past the switch a failure no longer discards the candidate: those steps run outside the failure handling. */
const isAfterSwitch = (move: Move): boolean => move.kind === 'done' || (move.kind === 'step' && failureAt(move.step).kind === 'deploy-stands');
