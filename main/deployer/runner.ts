import fs from 'node:fs';
import type Docker from 'dockerode';
import type { DeployProgress, DeployStepName, Env, HealthCheck } from '../../preload/contract';
import { deploySteps } from '../../preload/contract';
import { AppError } from '../dispatch/app-error';
import { HealthAborted, waitHealthy, type ResolvedHealth } from '../health/wait-healthy';
import { parseImageRef, familiarName } from '../oci-client/image-ref';
import { isInProgress, type DeployRecord } from '../store/deploy-repo';
import type { InstanceRecord } from '../store/instance-repo';
import type { ProjectRecord } from '../store/project-repo';
import type { StageRecord } from '../store/stage-repo';
import { containerName, containerSpec, LABEL } from './container-spec';
import { ensureNetwork, inspectContainer, logTail, removeContainer, setRestartPolicy, startContainer, stopContainer, watchExit } from './containers';
import { crashPoint } from './crash-point';
import { deployEventData, shortDigest } from './deploy-events';
import { routeKey, type DeployerDeps } from './deps';
import { ensureImage, ImageError, KnownImages, type ImageFacts } from './image';
import { warmUntil } from './retire-plan';
import { planMounts } from './instance-volumes';
import { remoteMounts } from './remote-volumes';
import { openLevel } from '../projects/secret-env';
import { boxForStoreFile, openStored } from '../secrets/store-box';

/** A crash loop on one deploy gives up after this many starts. */
const MAX_ATTEMPTS = 3;

/** Thrown when work stops because the app is stopping or the stage is being removed; the deploy resumes later. */
export class DeployAborted extends Error {
  constructor() {
    super('deploy interrupted');
  }
}

/** A failure before the switch: the new instance is discarded and the old one stays live. */
class StepFailure extends Error {
  constructor(
    readonly step: DeployStepName,
    message: string,
    readonly logTail: string | null = null,
  ) {
    super(message);
  }
}

interface Ctx {
  dep: DeployRecord;
  /** The deploy reuses a warm (running) instance. */
  warm: boolean;
  readonly project: ProjectRecord;
  readonly stage: StageRecord;
  readonly signal: AbortSignal;
  facts: ImageFacts | null;
}

const past = (marker: DeployStepName | null, step: DeployStepName): boolean =>
  marker !== null && deploySteps.indexOf(marker) >= deploySteps.indexOf(step);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface RunnerHooks {
  /** After a successful deploy (auto-promotion hangs off this). */
  readonly succeeded: (d: DeployRecord) => void;
  /** The stage switched away from an instance: retire it in the background. */
  readonly retire: (stageId: number) => void;
}

/**
 * Runs one deploy through its steps: pull → create → start → health → switch, and hands the
 * previous instance over to be retired (drain, cleanup) in the background: the deploy ends at the
 * switch. Each step ends with a durable marker; a deploy found half-done after a crash runs again
 * from its marker, and every step tolerates having been half-done before.
 * A deploy of a digest whose instance is still warm (running since the last switch away from it)
 * reuses that instance: pull, create and start have nothing to do, so a rollback is a health probe
 * and a switch.
 */
export class DeployRunner {
  /** Digests already inspected on the engine: a deploy of one skips the inspect round trip. */
  private readonly knownImages = new KnownImages();

  constructor(
    private readonly d: DeployerDeps,
    private readonly hooks: RunnerHooks,
  ) {}

  async run(id: number, signal: AbortSignal): Promise<DeployRecord> {
    const { deploys, stages, projects } = this.d;
    let dep = deploys.require(id);
    if (dep.status !== 'queued' && !isInProgress(dep.status)) return dep;
    const stage = stages.require(dep.stageId);
    const project = projects.require(dep.projectId);
    const resumed = dep.status !== 'queued';
    const now = Date.now();
    dep = deploys.update(id, { attempts: dep.attempts + 1, startedAt: dep.startedAt ?? now, status: resumed ? dep.status : 'pulling' });
    const ctx: Ctx = { dep, project, stage, signal, facts: null, warm: false };

    if (!resumed) {
      this.d.bus.emit({
        type: 'deploy.started',
        message: `Deploying ${project.name}:${dep.tag} to ${stage.name}`,
        projectId: project.id,
        stageId: stage.id,
        deployId: id,
        data: deployEventData(project, stage, dep, { reason: dep.reason }),
      });
    } else {
      this.d.bus.emit({
        type: 'deploy.resumed',
        message: `Resuming deploy #${String(id)} of ${project.name}:${dep.tag} on ${stage.name} after "${dep.marker ?? 'queued'}"`,
        projectId: project.id,
        stageId: stage.id,
        deployId: id,
        data: deployEventData(project, stage, dep, { marker: dep.marker, attempt: dep.attempts }),
      });
      if (dep.attempts > MAX_ATTEMPTS && !past(dep.marker, 'switch')) {
        return this.failBeforeSwitch(ctx, new StepFailure(this.nextStep(dep.marker), `Slipway stopped ${String(MAX_ATTEMPTS)} times during this deploy; giving up — deploy again`));
      }
    }

    try {
      if (!past(ctx.dep.marker, 'health')) {
        const skipped = await this.prepare(ctx);
        if (skipped) return skipped;
      }
      if (!past(ctx.dep.marker, 'switch')) await this.switchStep(ctx);
    } catch (error) {
      if (error instanceof DeployAborted || error instanceof HealthAborted || signal.aborted) throw new DeployAborted();
      if (error instanceof StepFailure) return this.failBeforeSwitch(ctx, error);
      return this.failBeforeSwitch(ctx, new StepFailure(this.nextStep(ctx.dep.marker), messageOf(error)));
    }
    // Live now: the old instance is retired in the background, and nothing here can undo the deploy.
    if (!past(ctx.dep.marker, 'drain')) this.drainStep(ctx);
    if (!past(ctx.dep.marker, 'cleanup')) this.cleanupStep(ctx);
    const done = this.succeed(ctx);
    this.hooks.retire(stage.id);
    this.applyRestartPolicy(ctx);
    return done;
  }

  private nextStep(marker: DeployStepName | null): DeployStepName {
    return marker === null ? 'pull' : (deploySteps[deploySteps.indexOf(marker) + 1] ?? 'cleanup');
  }

  // ── pull, create, start, health ────────────────────────────────────────────

  /** Brings a new (or kept) instance up and healthy. Answers a finished deploy when there is nothing to do. */
  private async prepare(ctx: Ctx): Promise<DeployRecord | null> {
    const { deploys, instances } = this.d;
    this.check(ctx);
    const warm = this.reusable(ctx);
    if (warm?.status === 'draining' && ctx.dep.marker === null) {
      await this.expose(ctx, warm);
      this.takeWarm(ctx, warm);
      return null;
    }
    // Pull: always ask the engine (cheap when present); also gives the facts the later steps need.
    if (!past(ctx.dep.marker, 'pull')) {
      this.begin(ctx, 'pull', 'pulling');
      ctx.facts = await this.image(ctx);
      const live = instances.live(ctx.stage.id);
      if (!ctx.dep.force && live !== null && live.digest === ctx.facts.digest && !ctx.stage.stopped) {
        return this.skip(ctx, `${ctx.project.name}:${ctx.dep.tag} (${shortDigest(ctx.facts.digest)}) is already live on ${ctx.stage.name}; nothing to do`);
      }
      ctx.dep = deploys.update(ctx.dep.id, { digest: ctx.facts.digest, marker: 'pull' });
      this.end(ctx, 'pull', warm ? `${warm.status === 'draining' ? 'warm' : 'kept'} instance #${String(warm.id)} is ready; no pull needed` : ctx.facts.detail);
      crashPoint('pull');
    } else {
      ctx.facts = await this.image(ctx);
    }

    // Create (or reuse a kept instance for a rollback).
    if (!past(ctx.dep.marker, 'create')) {
      this.check(ctx);
      this.begin(ctx, 'create', 'starting');
      const reusable = this.reusable(ctx);
      if (reusable) {
        const running = reusable.status === 'draining';
        this.d.db.transaction(() => {
          instances.setStatus(reusable.id, 'ready');
          ctx.dep = deploys.update(ctx.dep.id, { instanceId: reusable.id, marker: 'create' });
        })();
        ctx.warm = running;
        this.end(ctx, 'create', `reusing ${running ? 'warm' : 'stopped'} instance #${String(reusable.id)} (${reusable.containerName})`, 'skipped');
      } else {
        const inst = await this.createInstance(ctx);
        this.end(ctx, 'create', `created ${inst.containerName} on 127.0.0.1:${String(inst.hostPort)}`);
      }
      crashPoint('create');
    }

    let inst = instances.require(ctx.dep.instanceId ?? 0);
    if (!past(ctx.dep.marker, 'start') && ctx.warm) {
      // Still running since the switch away from it: the health probe below confirms it answers.
      ctx.dep = deploys.update(ctx.dep.id, { marker: 'start' });
      this.end(ctx, 'start', 'already running', 'skipped');
    } else if (!past(ctx.dep.marker, 'start')) {
      this.check(ctx);
      this.begin(ctx, 'start', 'starting');
      try {
        if (!inst.containerId) throw new Error('the instance has no container');
        await startContainer(this.docker(ctx), inst.containerId);
      } catch (error) {
        if (inst.deployId !== ctx.dep.id) {
          // A kept instance would not start (e.g. its port is taken now): build a fresh one instead.
          instances.setStatus(inst.id, 'stopped');
          ctx.dep = deploys.update(ctx.dep.id, { instanceId: null });
          inst = await this.createInstance(ctx);
          await startContainer(this.docker(ctx), inst.containerId ?? '');
        } else {
          throw new StepFailure('start', `the container would not start: ${messageOf(error)}`);
        }
      }
      ctx.dep = deploys.update(ctx.dep.id, { marker: 'start' });
      this.end(ctx, 'start', null);
      crashPoint('start');
    }

    this.check(ctx);
    this.begin(ctx, 'health', 'checking');
    const resolved = resolveHealth(ctx.project.health, ctx.facts, ctx.stage.mode);
    // A warm instance has been running all along: "kept running for N s" holds already.
    const health = ctx.warm && resolved.kind === 'running' ? { kind: 'running' as const, forMs: 0 } : resolved;
    const docker = this.docker(ctx);
    const containerId = inst.containerId ?? '';
    await this.expose(ctx, inst);
    const exit = watchExit(docker, containerId);
    const started = performance.now();
    let lastPushAt = 0;
    try {
      const outcome = await waitHealthy({
        check: health,
        hostPort: inst.hostPort,
        exited: exit.exited,
        signal: ctx.signal,
        dockerHealth: async () => {
          const i = await inspectContainer(docker, containerId);
          const h = i?.State.Health;
          if (!h) return { status: 'none', lastOutput: null };
          return { status: h.Status, lastOutput: h.Log?.at(-1)?.Output ?? null };
        },
        onAttempt: (attempts, last, elapsedMs) => {
          if (elapsedMs - lastPushAt < 100 && attempts > 1) return;
          lastPushAt = elapsedMs;
          this.progress(ctx, 'health', 'running', null, { health: { attempts, last, elapsedMs } });
        },
      });
      if (!outcome.healthy) {
        const tail = await logTail(docker, containerId);
        const reason = outcome.exitCode !== null && tail ? `${outcome.reason}: ${tail}` : outcome.reason;
        throw new StepFailure('health', reason, tail || null);
      }
      ctx.dep = deploys.update(ctx.dep.id, { marker: 'health' });
      const ms = Math.round(performance.now() - started);
      this.end(ctx, 'health', `healthy after ${String(outcome.attempts)} probe(s) in ${String(ms)} ms (${outcome.last})`);
      crashPoint('health');
    } finally {
      exit.cancel();
    }
    return null;
  }

  /**
   * A warm instance has run since the switch away from it, answered its health check before that,
   * and the reconciler ends its warm window the moment the engine reports it dead: it is only a
   * switch away. Nothing is pulled, started or probed, so a rollback inside the window takes
   * milliseconds. The steps are recorded as skipped in one write.
   */
  private takeWarm(ctx: Ctx, warm: InstanceRecord): void {
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

  private async image(ctx: Ctx): Promise<ImageFacts> {
    const facts = await this.ensure(ctx);
    if (facts.pulled) this.d.pulledImages.record({ imageId: facts.imageId, repository: parseImageRef(ctx.project.image).name, digest: facts.digest, size: facts.size });
    return facts;
  }

  private async ensure(ctx: Ctx): Promise<ImageFacts> {
    const ref = parseImageRef(ctx.project.image);
    let lastPush = 0;
    try {
      return await ensureImage(this.docker(ctx), {
        repository: ref.name,
        aliases: [familiarName(ref)],
        registry: ref.registry,
        tag: ctx.dep.tag,
        digest: ctx.dep.digest,
        policy: ctx.project.pullPolicy,
        auth: () => this.d.auth(ref.registry),
        onProgress: (pull) => {
          const t = performance.now();
          if (t - lastPush < 100) return;
          lastPush = t;
          this.progress(ctx, 'pull', 'running', null, { pull: { layers: [...pull.layers], current: pull.current, total: pull.total } });
        },
      }, this.knownImages);
    } catch (error) {
      if (error instanceof ImageError || error instanceof AppError) throw new StepFailure('pull', error.message);
      throw error;
    }
  }

  private async createInstance(ctx: Ctx): Promise<InstanceRecord> {
    const { instances, deploys, db } = this.d;
    const facts = ctx.facts;
    if (!facts) throw new Error('image facts missing');
    const containerPort = ctx.project.port ?? facts.exposedPort;
    if (containerPort === null) {
      throw new StepFailure('create', `the image exposes no port and ${ctx.project.name} has none set — set the project's container port (projects.update { port })`);
    }
    const docker = this.docker(ctx);
    // A crash between writing the instance row and the "create" marker leaves a row (and maybe a
    // container under its fixed name): reuse the row, replace the container.
    const half = ctx.dep.instanceId !== null ? instances.get(ctx.dep.instanceId) : null;
    let row: InstanceRecord;
    if (half && half.deployId === ctx.dep.id && half.status === 'creating') {
      await removeContainer(docker, half.containerName);
      row = half;
    } else {
      const hostPort = await this.d.ports.findFreePort();
      row = db.transaction(() => {
        const created = instances.insert({
          stageId: ctx.stage.id,
          deployId: ctx.dep.id,
          containerName: `pending-${String(ctx.dep.id)}`,
          tag: ctx.dep.tag,
          digest: facts.digest,
          imageRef: facts.imageRef,
          hostPort,
        });
        instances.rename(created.id, containerName(this.d.installId, ctx.project.name, ctx.stage.name, created.id));
        ctx.dep = deploys.update(ctx.dep.id, { instanceId: created.id });
        return instances.require(created.id);
      })();
    }
    let mounts;
    let env;
    try {
      env = this.openEnv(ctx.project, ctx.stage);
      const owner = { dataDir: this.d.dataDir, projectId: ctx.project.id, stageId: ctx.stage.id, instanceId: row.id };
      mounts =
        this.d.reach?.publishing(ctx.stage.engine).anyPort === true
          ? remoteMounts(ctx.project.volumes, owner, this.d.installId, ctx.stage.engine)
          : planMounts(ctx.project.volumes, owner, this.d.settings.read().allowedVolumeRoots, (p) => fs.realpathSync(p));
      // The volume folder is the app's (any user id in the container); Slipway's umask keeps the rest private.
      for (const dir of mounts.dirs) if (fs.mkdirSync(dir, { recursive: true }) !== undefined) fs.chmodSync(dir, 0o755);
    } catch (error) {
      throw new StepFailure('create', messageOf(error));
    }
    const network = ctx.project.run.network;
    if (network) {
      try {
        await ensureNetwork(docker, network.name, { [LABEL.install]: this.d.installId, [LABEL.project]: String(ctx.project.id) });
      } catch (error) {
        throw new StepFailure('create', `could not create the network "${network.name}": ${messageOf(error)}`);
      }
    }
    const spec = (f: ImageFacts): Docker.ContainerCreateOptions =>
      containerSpec(
        {
          installId: this.d.installId,
          project: { ...ctx.project, env: env.project },
          stage: { ...ctx.stage, env: env.stage },
          deployId: ctx.dep.id,
          instanceId: row.id,
          tag: ctx.dep.tag,
          digest: f.digest,
          imageRef: f.imageRef,
          containerPort,
          hostPort: row.hostPort,
          mounts,
          ...(this.d.reach ? { publish: this.d.reach.publishing(ctx.stage.engine) } : {}),
        },
        row.containerName,
      );
    let containerId: string;
    try {
      containerId = (await docker.createContainer(spec(facts))).id;
    } catch (error) {
      // The image was known from an earlier deploy but has since been removed from the engine: fetch it again.
      const repository = parseImageRef(ctx.project.image).name;
      if ((error as { statusCode?: number }).statusCode !== 404 || !this.knownImages.get(repository, facts.digest)) {
        throw new StepFailure('create', `the engine refused to create the container: ${messageOf(error)}`);
      }
      this.knownImages.forget(repository, facts.digest);
      ctx.facts = await this.image(ctx);
      try {
        containerId = (await docker.createContainer(spec(ctx.facts))).id;
      } catch (again) {
        throw new StepFailure('create', `the engine refused to create the container: ${messageOf(again)}`);
      }
    }
    crashPoint('create:effect');
    db.transaction(() => {
      instances.setContainer(row.id, containerId);
      ctx.dep = deploys.update(ctx.dep.id, { marker: 'create' });
    })();
    return instances.require(row.id);
  }

  // ── switch, drain, cleanup ─────────────────────────────────────────────────

  private async switchStep(ctx: Ctx): Promise<void> {
    const { instances, deploys, stages, db } = this.d;
    this.check(ctx);
    this.begin(ctx, 'switch', 'switching');
    const inst = instances.require(ctx.dep.instanceId ?? 0);
    const prev = instances.live(ctx.stage.id);
    try {
      await this.d.routes.setRoute({ key: routeKey(ctx.stage.id), publicPort: ctx.stage.publicPort, mode: ctx.stage.mode, targetPort: inst.hostPort });
    } catch (error) {
      throw new StepFailure('switch', `could not point the stable port ${String(ctx.stage.publicPort)} at the new instance: ${messageOf(error)}`);
    }
    crashPoint('switch:effect');
    const durationMs = Math.max(0, Date.now() - (ctx.dep.startedAt ?? Date.now()));
    db.transaction(() => {
      if (prev && prev.id !== inst.id) instances.retire(prev.id, warmUntil(Date.now(), ctx.project.warmRollbackSec));
      instances.setStatus(inst.id, 'live');
      if (ctx.stage.stopped) stages.update(ctx.stage.id, { stopped: false });
      ctx.dep = deploys.update(ctx.dep.id, { marker: 'switch', previousInstanceId: prev && prev.id !== inst.id ? prev.id : null, durationMs });
    })();
    this.end(ctx, 'switch', `127.0.0.1:${String(ctx.stage.publicPort)} → 127.0.0.1:${String(inst.hostPort)}`);
    crashPoint('switch');
  }

  /** Records the hand-over: the previous instance stays warm or drains, in the background. */
  private drainStep(ctx: Ctx): void {
    this.begin(ctx, 'drain', 'switching');
    const prev = ctx.dep.previousInstanceId !== null ? this.d.instances.get(ctx.dep.previousInstanceId) : null;
    const detail =
      prev?.status !== 'draining'
        ? 'no previous instance'
        : prev.warmUntil !== null
          ? `previous instance #${String(prev.id)} stays warm for ${String(ctx.project.warmRollbackSec)} s (rollback is a switch), then drains and stops in the background`
          : `previous instance #${String(prev.id)} drains and stops in the background`;
    ctx.dep = this.d.deploys.update(ctx.dep.id, { marker: 'drain' });
    this.end(ctx, 'drain', detail);
    crashPoint('drain');
  }

  private cleanupStep(ctx: Ctx): void {
    this.begin(ctx, 'cleanup', 'switching');
    ctx.dep = this.d.deploys.update(ctx.dep.id, { marker: 'cleanup' });
    this.end(ctx, 'cleanup', `stopped instances beyond ${String(ctx.stage.maxInstances)} are removed in the background`);
    crashPoint('cleanup');
  }

  /** The project's restart policy applies once an instance is live (a trial run has none). */
  private applyRestartPolicy(ctx: Ctx): void {
    const inst = ctx.dep.instanceId !== null ? this.d.instances.get(ctx.dep.instanceId) : null;
    if (!inst?.containerId || ctx.project.restartPolicy === 'no') return;
    setRestartPolicy(this.docker(ctx), inst.containerId, ctx.project.restartPolicy).catch((error: unknown) => {
      this.d.bus.emit({
        type: 'instance.policy-failed',
        level: 'warn',
        message: `${ctx.project.name} ${ctx.stage.name}: could not set restart policy "${ctx.project.restartPolicy}" on ${inst.containerName}: ${messageOf(error)}`,
        projectId: ctx.project.id,
        stageId: ctx.stage.id,
        deployId: ctx.dep.id,
      });
    });
  }

  /** A warm instance of the deploy's digest (any trigger but a forced one), else for a rollback a kept one. */
  private reusable(ctx: Ctx): InstanceRecord | null {
    const { digest, force, trigger } = ctx.dep;
    if (digest === null) return null;
    const warm = force ? null : this.d.instances.warmRunning(ctx.stage.id, digest);
    return warm ?? (trigger === 'rollback' ? this.d.instances.warm(ctx.stage.id, digest) : null);
  }

  // ── endings ────────────────────────────────────────────────────────────────

  private succeed(ctx: Ctx): DeployRecord {
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
    this.hooks.succeeded(dep);
    return dep;
  }

  private skip(ctx: Ctx, note: string): DeployRecord {
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
  private async failBeforeSwitch(ctx: Ctx, failure: StepFailure): Promise<DeployRecord> {
    const { instances, deploys } = this.d;
    const inst = ctx.dep.instanceId !== null ? instances.get(ctx.dep.instanceId) : null;
    if (inst && inst.status !== 'live') {
      try {
        const docker = this.docker(ctx);
        if (inst.deployId !== ctx.dep.id && inst.containerId) {
          await stopContainer(docker, inst.containerId, ctx.project.stopTimeoutSec);
          instances.setStatus(inst.id, 'stopped');
        } else {
          await removeContainer(docker, inst.containerId ?? inst.containerName);
          instances.setStatus(inst.id, 'removed');
        }
      } catch (error) {
        // The reconciler removes what could not be removed now (the row says so).
        console.error(`could not discard instance ${String(inst.id)}`, error);
      }
    }
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

  // ── timeline and progress ──────────────────────────────────────────────────

  private begin(ctx: Ctx, step: DeployStepName, status: DeployRecord['status']): void {
    ctx.dep = this.d.deploys.recordStep(ctx.dep.id, { name: step, status: 'running', startedAt: Date.now(), detail: null });
    if (ctx.dep.status !== status) ctx.dep = this.d.deploys.update(ctx.dep.id, { status });
    this.progress(ctx, step, 'running', null);
  }

  private end(ctx: Ctx, step: DeployStepName, detail: string | null, status: 'done' | 'skipped' = 'done'): void {
    const prev = ctx.dep.steps.find((s) => s.name === step);
    ctx.dep = this.d.deploys.recordStep(ctx.dep.id, { name: step, status, startedAt: prev?.startedAt ?? Date.now(), endedAt: Date.now(), detail });
    this.progress(ctx, step, status, detail);
  }

  private failStep(ctx: Ctx, step: DeployStepName, detail: string): void {
    const prev = ctx.dep.steps.find((s) => s.name === step);
    ctx.dep = this.d.deploys.recordStep(ctx.dep.id, { name: step, status: 'failed', startedAt: prev?.startedAt ?? Date.now(), endedAt: Date.now(), detail });
    this.progress(ctx, step, 'failed', detail);
  }

  private progress(ctx: Ctx, step: DeployStepName, status: DeployProgress['status'], detail: string | null, extra: Partial<Pick<DeployProgress, 'pull' | 'health'>> = {}): void {
    this.d.bus.push('deploy.progress', { deployId: ctx.dep.id, stageId: ctx.stage.id, step, status, detail, pull: extra.pull ?? null, health: extra.health ?? null });
  }

  private check(ctx: Ctx): void {
    if (ctx.signal.aborted) throw new DeployAborted();
  }

  /** The client of the stage's engine. */
  private docker(ctx: Ctx): ReturnType<DeployerDeps['docker']> {
    return this.d.docker(ctx.stage.engine);
  }

  /** On a remote engine, the instance answers on its local port here through a tunnel before it is probed. */
  private async expose(ctx: Ctx, inst: InstanceRecord): Promise<void> {
    if (!this.d.reach || !inst.containerId) return;
    try {
      await this.d.reach.expose(ctx.stage.engine, inst.hostPort, inst.containerId);
    } catch (error) {
      throw new StepFailure('health', `could not open the tunnel to the instance on "${ctx.stage.engine}": ${messageOf(error)}`);
    }
  }

  /** The container's variables of each level, secret ones opened (only here, right before the container is made). */
  private openEnv(project: ProjectRecord, stage: StageRecord): { project: Env; stage: Env } {
    const box = this.d.secretBox !== undefined ? this.d.secretBox : boxForStoreFile(this.d.db.name);
    const open = (sealed: string): string => openStored(box, sealed);
    return { project: openLevel(project, open, `project ${project.name}`), stage: openLevel(stage, open, `stage ${project.name} / ${stage.name}`) };
  }
}

/** What "healthy" means for this project, with defaults filled in from the image. */
export function resolveHealth(h: HealthCheck | null, facts: Pick<ImageFacts, 'hasHealthcheck'>, mode: 'http' | 'tcp'): ResolvedHealth {
  if (h !== null) {
    switch (h.kind) {
      case 'http':
        return { kind: 'http', path: h.path, anyStatus: h.anyStatus, timeoutMs: h.timeoutMs };
      case 'tcp':
        return { kind: 'tcp', timeoutMs: h.timeoutMs };
      case 'docker':
        return { kind: 'docker', timeoutMs: h.timeoutMs };
      case 'running':
        return { kind: 'running', forMs: h.forMs };
    }
  }
  if (facts.hasHealthcheck) return { kind: 'docker', timeoutMs: 60_000 };
  if (mode === 'tcp') return { kind: 'tcp', timeoutMs: 30_000 };
  return { kind: 'http', path: '/', anyStatus: true, timeoutMs: 30_000 };
}
