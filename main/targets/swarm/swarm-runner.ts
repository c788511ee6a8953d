import fs from 'node:fs';
import { deployEventData, shortDigest } from '../../deployer/deploy-events';
import type { DeployerDeps } from '../../deployer/deps';
import { claimAttempt } from '../../deployer/attempt';
import { crashPoint } from '../../deployer/crash-point';
import { ensureImage, ImageError, KnownImages, type ImageFacts } from '../../deployer/image';
import { planMounts } from '../../deployer/instance-volumes';
import { remoteMounts } from '../../deployer/remote-volumes';
import { DeployAborted } from '../../sources/source';
import { AppError } from '../../dispatch/app-error';
import { familiarName, parseImageRef } from '../../oci-client/image-ref';
import { openLevel } from '../../projects/secret-env';
import { boxForStoreFile, openStored } from '../../secrets/store-box';
import type { DeployRecord } from '../../store/deploy-repo';
import type { ProjectRecord } from '../../store/project-repo';
import type { StageRecord } from '../../store/stage-repo';
import { describePool, serviceNameOf, swarmEngineOf, swarmFor, type SwarmPools } from './pool';
import { followRollout, StepFailure, type Follow, type FollowCtx } from './follow';
import { serviceHealthcheck, serviceSpec } from './service-spec';
import { StepLog } from './steps';
import { serviceDigest, serviceReplicas, type Service } from './tasks';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

interface Ctx extends FollowCtx {
  readonly project: ProjectRecord;
}

export interface SwarmRunnerOptions {
  /** How often a running update's tasks are read. */
  readonly pollMs?: number;
}

/**
 * Deploys a Swarm stage: resolve the digest (pull on the manager), create the service or update it
 * to `repo@sha256:…` (start-first, rolled back by Swarm on failure), follow the update through the
 * service's tasks while the stable URL balances over the healthy ones, then record the new version
 * as live. Every step is safe to run again, so a deploy interrupted by a crash resumes by running
 * it again: an update already sent is followed, not sent twice.
 */
export class SwarmRunner {
  private readonly knownImages = new KnownImages();

  constructor(
    private readonly d: DeployerDeps,
    private readonly pools: SwarmPools,
    private readonly opts: SwarmRunnerOptions,
  ) {}

  async run(id: number, signal: AbortSignal): Promise<DeployRecord> {
    const attempt = claimAttempt(this.d, id);
    if (!attempt) return this.d.deploys.require(id);
    const { dep, stage, project, resumed } = attempt;
    const log = new StepLog(this.d, dep);
    const ids = { projectId: project.id, stageId: stage.id, deployId: id };
    this.d.bus.emit(
      resumed
        ? { type: 'deploy.resumed', message: `Resuming deploy #${String(id)} of ${project.name}:${dep.tag} on ${stage.name} (Swarm service)`, ...ids, data: deployEventData(project, stage, dep, { attempt: dep.attempts }) }
        : { type: 'deploy.started', message: `Deploying ${project.name}:${dep.tag} to ${stage.name} (Swarm service)`, ...ids, data: deployEventData(project, stage, dep, { reason: dep.reason }) },
    );
    let ctx: Ctx | null = null;
    try {
      if (stage.target.kind !== 'swarm') throw new StepFailure('create', `${stage.name} does not target a Swarm service`);
      ctx = { project, stage, replicas: stage.target.replicas, api: swarmFor(this.d, stage), name: serviceNameOf(this.d, stage), log, signal };
      const facts = await this.pull(ctx);
      const existing = await ctx.api.service(ctx.name);
      const live = this.d.instances.live(stage.id);
      if (!log.dep.force && !stage.stopped && live?.digest === facts.digest && existing && serviceDigest(existing) === facts.digest && serviceReplicas(existing) === ctx.replicas) {
        return this.skip(ctx, `${project.name}:${log.dep.tag} (${shortDigest(facts.digest)}) is already live on ${stage.name}; nothing to do`);
      }
      const c = ctx;
      return await this.pools.hold(stage.id, async () => {
        const follow = await this.apply(c, facts, existing);
        await followRollout(c, follow, this.pools, this.opts.pollMs ?? 200);
        await this.switchOver(c, follow);
        return this.succeed(c);
      });
    } catch (error) {
      if (error instanceof DeployAborted || signal.aborted) throw new DeployAborted();
      const failure = error instanceof StepFailure ? error : new StepFailure(log.current(), messageOf(error));
      return this.fail(project, stage, log, failure, ctx);
    }
  }

  /** Pulls on the manager: gives the registry digest every node will run, and the image's port and health check. */
  private async pull(ctx: Ctx): Promise<ImageFacts> {
    const { log, project } = ctx;
    log.begin('pull', 'pulling');
    const ref = parseImageRef(project.image);
    let facts: ImageFacts;
    try {
      facts = await ensureImage(
        ctx.api.docker,
        { repository: ref.name, aliases: [familiarName(ref)], registry: ref.registry, tag: log.dep.tag, digest: log.dep.digest, policy: project.pullPolicy, auth: () => this.d.auth(ref.registry), onProgress: () => undefined },
        this.knownImages,
      );
    } catch (error) {
      if (error instanceof ImageError || error instanceof AppError) throw new StepFailure('pull', error.message);
      throw error;
    }
    if (!facts.imageRef.includes('@sha256:')) throw new StepFailure('pull', `${ref.name}:${log.dep.tag} has no registry digest, so the swarm's nodes could not pull it: push it to a registry first`);
    if (facts.pulled) this.d.pulledImages.record({ engine: swarmEngineOf(ctx.stage), imageId: facts.imageId, repository: ref.name, digest: facts.digest, size: facts.size });
    log.dep = this.d.deploys.update(log.dep.id, { digest: facts.digest, marker: 'pull' });
    log.end('pull', facts.detail);
    return facts;
  }

  /** Creates the service, or updates it to the new digest (registry auth passed to the nodes). */
  private async apply(ctx: Ctx, facts: ImageFacts, existing: Service | null): Promise<Follow> {
    const { log, project, stage } = ctx;
    log.begin('create', 'starting');
    const containerPort = project.port ?? facts.exposedPort;
    if (containerPort === null) throw new StepFailure('create', `the image exposes no port and ${project.name} has none set — set the project's container port (projects.update { port })`);
    const follow: Follow = { digest: facts.digest, containerPort, created: existing === null, serviceId: existing?.ID ?? '' };
    const ref = parseImageRef(project.image);
    const spec = serviceSpec({
      installId: this.d.installId,
      name: ctx.name,
      project: { ...project, env: this.openEnv(project, stage).project },
      stage: { ...stage, env: this.openEnv(project, stage).stage },
      deployId: log.dep.id,
      tag: log.dep.tag,
      digest: facts.digest,
      imageRef: `${ref.name}:${log.dep.tag}@${facts.digest}`,
      containerPort,
      replicas: ctx.replicas,
      healthcheck: serviceHealthcheck(project.health, { containerPort, mode: stage.mode, imageHasHealthcheck: facts.hasHealthcheck }),
      mounts: this.mounts(project, stage, log.dep.id),
    });
    const auth = await this.d.auth(ref.registry);
    const already = existing !== null && serviceDigest(existing) === facts.digest && serviceReplicas(existing) === ctx.replicas;
    if (!existing) {
      follow.serviceId = await ctx.api.create(spec, auth);
      log.end('create', `created service ${ctx.name}: ${String(ctx.replicas)} × ${log.dep.tag} (${shortDigest(facts.digest)}), port ${String(containerPort)} published per task`);
    } else if (already && (!log.dep.force || log.dep.marker === 'create')) {
      log.end('create', `service ${ctx.name} already runs ${shortDigest(facts.digest)}: following its update`, 'skipped');
    } else {
      // A forced deploy of the same digest (a restart) replaces every task.
      const force = already ? { ForceUpdate: ((existing.Spec.TaskTemplate as { ForceUpdate?: number } | undefined)?.ForceUpdate ?? 0) + 1 } : {};
      await ctx.api.update(existing.ID, existing.Version.Index, { ...spec, TaskTemplate: { ...spec.TaskTemplate, ...force } }, auth);
      log.end('create', `updating service ${ctx.name} to ${shortDigest(facts.digest)}: start-first, one task at a time, rolled back by Swarm on failure`);
    }
    crashPoint('create:effect');
    log.dep = this.d.deploys.update(log.dep.id, { marker: 'create' });
    crashPoint('create');
    return follow;
  }

  /** The new tasks are in the pool; the new version is recorded as live (the previous one is Swarm's history). */
  private async switchOver(ctx: Ctx, follow: Follow): Promise<void> {
    const { log, stage } = ctx;
    const { instances, deploys, stages, db } = this.d;
    log.begin('switch', 'switching');
    const members = await this.pools.apply(stage, await ctx.api.tasks(ctx.name), follow.containerPort, true);
    const durationMs = Math.max(0, Date.now() - (log.dep.startedAt ?? Date.now()));
    db.transaction(() => {
      const prev = instances.live(stage.id);
      const mine = log.dep.instanceId !== null ? instances.get(log.dep.instanceId) : null;
      const row =
        mine ??
        instances.insert({ stageId: stage.id, deployId: log.dep.id, containerName: ctx.name, tag: log.dep.tag, digest: follow.digest, imageRef: `${parseImageRef(ctx.project.image).name}@${follow.digest}`, hostPort: members[0]?.localPort ?? 0 });
      // One live instance per stage: the previous one goes first.
      if (prev && prev.id !== row.id) instances.setStatus(prev.id, 'removed');
      instances.setContainer(row.id, follow.serviceId || ctx.name);
      instances.setStatus(row.id, 'live');
      if (stage.stopped) stages.update(stage.id, { stopped: false });
      log.dep = deploys.update(log.dep.id, { instanceId: row.id, previousInstanceId: prev && prev.id !== row.id ? prev.id : null, marker: 'switch', durationMs });
    })();
    log.end('switch', `127.0.0.1:${String(stage.publicPort)} → ${String(members.length)} task(s) on ${describePool(members)}`);
    crashPoint('switch');
    log.begin('drain', 'switching');
    log.end('drain', 'each old task left the pool when its replacement started, and Swarm stopped it once the replacement was healthy');
    log.begin('cleanup', 'switching');
    log.dep = deploys.update(log.dep.id, { marker: 'cleanup' });
    log.end('cleanup', "Swarm keeps the service's task history");
  }

  private succeed(ctx: Ctx): DeployRecord {
    const { project, stage } = ctx;
    const dep = this.d.deploys.update(ctx.log.dep.id, { status: 'succeeded', finishedAt: Date.now() });
    const data = deployEventData(project, stage, dep, { durationMs: dep.durationMs, reason: dep.reason, replicas: ctx.replicas, service: ctx.name });
    const ids = { projectId: project.id, stageId: stage.id, deployId: dep.id };
    const what = `${dep.tag} (${shortDigest(dep.digest)})`;
    this.d.bus.emit({ type: 'deploy.succeeded', message: `${project.name}:${dep.tag} is live on ${stage.name}: ${String(ctx.replicas)} task(s) of ${ctx.name} (${String(dep.durationMs ?? 0)} ms)`, ...ids, data });
    if (dep.trigger === 'rollback') this.d.bus.emit({ type: 'stage.rolled-back', message: `${project.name} ${stage.name} rolled back to ${what}`, ...ids, data });
    if (dep.trigger === 'promote') this.d.bus.emit({ type: 'stage.promoted', message: `${project.name} ${stage.name} now runs ${what}, promoted`, ...ids, data });
    return dep;
  }

  private skip(ctx: Ctx, note: string): DeployRecord {
    ctx.log.end('pull', note, 'skipped');
    const dep = this.d.deploys.update(ctx.log.dep.id, { status: 'skipped', note, finishedAt: Date.now() });
    this.d.bus.emit({ type: 'deploy.skipped', message: note, projectId: ctx.project.id, stageId: ctx.stage.id, deployId: dep.id, data: deployEventData(ctx.project, ctx.stage, dep) });
    return dep;
  }

  /** The stage keeps what it ran (Swarm rolled back); a first deploy that never went live leaves no service behind. */
  private async fail(project: ProjectRecord, stage: StageRecord, log: StepLog, failure: StepFailure, ctx: Ctx | null): Promise<DeployRecord> {
    if (ctx && !this.d.instances.live(stage.id) && failure.createdHere) await ctx.api.remove(ctx.name).catch(() => undefined);
    log.end(failure.step, failure.message, 'failed');
    const dep = this.d.deploys.update(log.dep.id, { status: 'failed', error: failure.message, finishedAt: Date.now() });
    const live = this.d.instances.live(stage.id);
    this.d.bus.emit({
      type: 'deploy.failed',
      level: 'error',
      message: `Deploy of ${project.name}:${dep.tag} to ${stage.name} failed: ${failure.message}.${live ? ` ${stage.name} still serves ${live.tag}.` : ''}`,
      projectId: project.id,
      stageId: stage.id,
      deployId: dep.id,
      data: deployEventData(project, stage, dep, { reason: failure.message, step: failure.step, logTail: failure.logTail, durationMs: dep.startedAt !== null ? Date.now() - dep.startedAt : null }),
    });
    return dep;
  }

  /**
   * Volumes as bind mounts on the node (a folder per stage; `instance` volumes get one per deploy);
   * on a remote engine, named volumes there (this machine's folders are not on its nodes).
   */
  private mounts(project: ProjectRecord, stage: StageRecord, deployId: number): ReturnType<typeof planMounts>['mounts'] {
    const engine = stage.target.kind === 'swarm' ? stage.target.engine : stage.engine;
    const owner = { dataDir: this.d.dataDir, projectId: project.id, stageId: stage.id, instanceId: deployId };
    try {
      const plan =
        this.d.reach?.publishing(engine).anyPort === true
          ? remoteMounts(project.volumes, owner, this.d.installId, engine)
          : planMounts(project.volumes, owner, this.d.settings.read().allowedVolumeRoots, (p) => fs.realpathSync(p));
      for (const dir of plan.dirs) if (fs.mkdirSync(dir, { recursive: true }) !== undefined) fs.chmodSync(dir, 0o755);
      return plan.mounts;
    } catch (error) {
      throw new StepFailure('create', messageOf(error));
    }
  }

  private openEnv(project: ProjectRecord, stage: StageRecord): { project: Record<string, string>; stage: Record<string, string> } {
    const box = this.d.secretBox !== undefined ? this.d.secretBox : boxForStoreFile(this.d.db.name);
    const open = (sealed: string): string => openStored(box, sealed);
    return { project: openLevel(project, open, `project ${project.name}`), stage: openLevel(stage, open, `stage ${project.name} / ${stage.name}`) };
  }
}
