import fs from 'node:fs';
import type Docker from 'dockerode';
import type { Env, HealthCheck } from '../../../preload/contract';
import { AppError } from '../../dispatch/app-error';
import { waitHealthy, type ResolvedHealth } from '../../health/wait-healthy';
import { parseImageRef, familiarName } from '../../oci-client/image-ref';
import type { InstanceRecord } from '../../store/instance-repo';
import type { ProjectRecord } from '../../store/project-repo';
import type { StageRecord } from '../../store/stage-repo';
import { containerName, containerSpec, LABEL } from '../../deployer/container-spec';
import { ensureNetwork, inspectContainer, logTail, removeContainer, setRestartPolicy, startContainer, stopContainer, watchExit } from '../../deployer/containers';
import { crashPoint } from '../../deployer/crash-point';
import { removeMembers, settleMembers, startMembers, stopMembers } from '../../deployer/instance-members';
import { routeKey, type DeployerDeps } from '../../deployer/deps';
import { ensureImage, ImageError, KnownImages, type ImageFacts } from '../../deployer/image';
import { planMounts } from '../../deployer/instance-volumes';
import { remoteMounts } from '../../deployer/remote-volumes';
import { openLevel } from '../../projects/secret-env';
import { boxForStoreFile, openStored } from '../../secrets/store-box';
import { DeployAborted, StepFailure, type CandidateSteps, type RunCtx, type StepProgress } from '../source';
import type { InstanceShape } from '../../deployer/instance-shape';

type Ctx = RunCtx<ImageFacts>;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Progress pushes at most this often (the window redraws no faster). */
const PUSH_EVERY_MS = 100;

/**
 * An image project's deploy steps on the engine: pull the image, create and start a container on a
 * free host port, probe it, point the stable port at it, and throw it away after a failure.
 */
export class ImageSteps implements CandidateSteps<ImageFacts> {
  /** Digests already inspected on the engine: a deploy of one skips the inspect round trip. */
  private readonly knownImages = new KnownImages();

  constructor(
    private readonly d: DeployerDeps,
    readonly retire: (stageId: number) => void,
    /** A kind's additions to the steps (a compose stack around its tracked service); null for image projects. */
    private readonly shape: InstanceShape | null = null,
  ) {}

  async prepare(ctx: Ctx, progress: StepProgress): Promise<ImageFacts> {
    const facts = await this.ensure(ctx, progress);
    if (facts.pulled) this.d.pulledImages.record({ engine: ctx.stage.engine, imageId: facts.imageId, repository: parseImageRef(ctx.project.image).name, digest: facts.digest, size: facts.size });
    return facts;
  }

  private async ensure(ctx: Ctx, progress: StepProgress): Promise<ImageFacts> {
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
          if (t - lastPush < PUSH_EVERY_MS) return;
          lastPush = t;
          progress({ pull: { layers: [...pull.layers], current: pull.current, total: pull.total } });
        },
      }, this.knownImages);
    } catch (error) {
      if (error instanceof ImageError || error instanceof AppError) throw new StepFailure('pull', error.message);
      throw error;
    }
  }

  async createCandidate(ctx: Ctx): Promise<InstanceRecord> {
    const facts = ctx.facts;
    if (!facts) throw new Error('image facts missing');
    await this.prepareShape(ctx);
    const containerPort = this.shape?.ports(ctx.project, ctx.stage)[0] ?? ctx.project.port ?? facts.exposedPort;
    if (containerPort === null) {
      throw new StepFailure('create', `the image exposes no port and ${ctx.project.name} has none set — set the project's container port (projects.update { port })`);
    }
    const row = await this.instanceRow(ctx, facts);
    const { mounts, env } = this.containerInputs(ctx, row);
    await this.ensureProjectNetwork(ctx);
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
    const containerId = await this.createContainer(ctx, facts, (f) => this.shaped(ctx, row.id, spec(f)));
    crashPoint('create:effect');
    await this.shapeCreated(ctx, containerId, row.id);
    this.d.db.transaction(() => {
      this.d.instances.setContainer(row.id, containerId);
      ctx.dep = this.d.deploys.update(ctx.dep.id, { marker: 'create' });
    })();
    return this.d.instances.require(row.id);
  }

  /**
   * The candidate's row. A crash between writing the row and the "create" marker leaves a row (and
   * maybe a container under its fixed name): reuse the row, replace the container.
   */
  private async instanceRow(ctx: Ctx, facts: ImageFacts): Promise<InstanceRecord> {
    const { instances, deploys, db } = this.d;
    const half = ctx.dep.instanceId !== null ? instances.get(ctx.dep.instanceId) : null;
    if (half && half.deployId === ctx.dep.id && half.status === 'creating') {
      await removeContainer(this.docker(ctx), half.containerName);
      await removeMembers(this.docker(ctx), instances, half.id);
      return half;
    }
    const hostPort = await this.d.ports.findFreePort();
    return db.transaction(() => {
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

  /** The container's variables (secret ones opened) and volume folders (made). */
  private containerInputs(ctx: Ctx, row: InstanceRecord): { mounts: ReturnType<typeof planMounts>; env: { project: Env; stage: Env } } {
    try {
      const env = this.openEnv(ctx.project, ctx.stage);
      const owner = { dataDir: this.d.dataDir, projectId: ctx.project.id, stageId: ctx.stage.id, instanceId: row.id };
      // On an engine elsewhere a folder of this machine cannot be mounted: the scoped volumes become named volumes there.
      const mounts =
        this.d.reach?.publishing(ctx.stage.engine).anyPort === true
          ? remoteMounts(ctx.project.volumes, owner, this.d.installId, ctx.stage.engine)
          : planMounts(ctx.project.volumes, owner, this.d.settings.read().allowedVolumeRoots, (p) => fs.realpathSync(p));
      // The volume folder is the app's (any user id in the container); Slipway's umask keeps the rest private.
      for (const dir of mounts.dirs) if (fs.mkdirSync(dir, { recursive: true }) !== undefined) fs.chmodSync(dir, 0o755);
      return { mounts, env };
    } catch (error) {
      throw new StepFailure('create', messageOf(error));
    }
  }

  private async ensureProjectNetwork(ctx: Ctx): Promise<void> {
    const network = ctx.project.run.network;
    if (!network) return;
    const project = ctx.project;
    try {
      await ensureNetwork(this.docker(ctx), network.name, { [LABEL.install]: this.d.installId, [LABEL.project]: String(project.id) });
    } catch (error) {
      throw new StepFailure('create', `could not create the network "${network.name}": ${messageOf(error)}`);
    }
  }

  /** What the kind needs around the candidate (a stack's companions), before it is created. */
  private async prepareShape(ctx: Ctx): Promise<void> {
    if (!this.shape) return;
    try {
      await this.shape.prepare(ctx.project, ctx.stage, ctx.signal);
    } catch (error) {
      if (ctx.signal.aborted) throw new DeployAborted();
      throw new StepFailure('create', messageOf(error));
    }
  }

  /** The create options as the kind shapes them (more published ports, its networks…). */
  private async shaped(ctx: Ctx, instanceId: number, base: Docker.ContainerCreateOptions): Promise<Docker.ContainerCreateOptions> {
    if (!this.shape) return base;
    try {
      return await this.shape.candidate(ctx.project, ctx.stage, instanceId, base);
    } catch (error) {
      throw new StepFailure('create', messageOf(error));
    }
  }

  /** The kind's step once the container exists, before it starts; a failure removes the container. */
  private async shapeCreated(ctx: Ctx, containerId: string, instanceId: number): Promise<void> {
    if (!this.shape) return;
    try {
      await this.shape.created(ctx.project, ctx.stage, containerId, instanceId);
    } catch (error) {
      await removeContainer(this.docker(ctx), containerId).catch(() => undefined);
      throw new StepFailure('create', messageOf(error));
    }
  }

  private async createContainer(ctx: Ctx, facts: ImageFacts, spec: (f: ImageFacts) => Promise<Docker.ContainerCreateOptions>): Promise<string> {
    const docker = this.docker(ctx);
    const refused = (error: unknown): StepFailure => new StepFailure('create', `the engine refused to create the container: ${messageOf(error)}`);
    try {
      return (await docker.createContainer(await spec(facts))).id;
    } catch (error) {
      // The image was known from an earlier deploy but has since been removed from the engine: fetch it again.
      const repository = parseImageRef(ctx.project.image).name;
      if ((error as { statusCode?: number }).statusCode !== 404 || !this.knownImages.get(repository, facts.digest)) throw refused(error);
      this.knownImages.forget(repository, facts.digest);
      ctx.facts = await this.prepare(ctx, () => undefined);
      try {
        return (await docker.createContainer(await spec(ctx.facts))).id;
      } catch (again) {
        throw refused(again);
      }
    }
  }

  /** Starts the instance's container and its members (a generation starts together). */
  async startCandidate(inst: InstanceRecord): Promise<void> {
    if (!inst.containerId) throw new Error('the instance has no container');
    const docker = this.d.docker(this.d.stages.get(inst.stageId)?.engine);
    await startContainer(docker, inst.containerId);
    await startMembers(docker, this.d.instances, inst.id);
  }

  async checkHealth(ctx: Ctx, inst: InstanceRecord, progress: StepProgress): Promise<string> {
    const facts = ctx.facts ?? { hasHealthcheck: false };
    const resolved = (ctx.facts && this.shape?.health(ctx.project, ctx.stage, ctx.facts)) ?? resolveHealth(ctx.project.health, facts, ctx.stage.mode);
    // A warm instance has been running all along: "kept running for N s" holds already.
    const warmed = (h: ResolvedHealth): ResolvedHealth => (ctx.warm && h.kind === 'running' ? { kind: 'running', forMs: 0 } : h);
    await this.expose(ctx, inst);
    const own = await this.probe(ctx, inst.containerId ?? '', inst.hostPort, warmed(resolved), progress, null);
    // The generation's other tracked services: every one must be healthy, or none goes live.
    const members = (ctx.facts && this.shape?.memberHealth(ctx.project, ctx.stage, inst.id, ctx.facts)) || [];
    const theirs = await Promise.all(members.map((m) => this.probe(ctx, m.containerId, m.hostPort ?? 0, warmed(m.check), () => undefined, m.service)));
    return [own, ...theirs.map((t, i) => `${members[i]?.service ?? ''}: ${t}`)].join('; ');
  }

  /** Waits for one container to be healthy; a failure names the service (for a member) and carries its log tail. */
  private async probe(ctx: Ctx, containerId: string, hostPort: number, health: ResolvedHealth, progress: StepProgress, service: string | null): Promise<string> {
    const docker = this.docker(ctx);
    const exit = watchExit(docker, containerId);
    const started = performance.now();
    let lastPushAt = 0;
    try {
      const outcome = await waitHealthy({
        check: health,
        hostPort,
        exited: exit.exited,
        signal: ctx.signal,
        dockerHealth: async () => {
          const h = (await inspectContainer(docker, containerId))?.State.Health;
          return h ? { status: h.Status, lastOutput: h.Log?.at(-1)?.Output ?? null } : { status: 'none', lastOutput: null };
        },
        onAttempt: (attempts, last, elapsedMs) => {
          if (elapsedMs - lastPushAt < PUSH_EVERY_MS && attempts > 1) return;
          lastPushAt = elapsedMs;
          progress({ health: { attempts, last, elapsedMs } });
        },
      });
      if (!outcome.healthy) {
        const tail = await logTail(docker, containerId);
        const reason = outcome.exitCode !== null && tail ? `${outcome.reason}: ${tail}` : outcome.reason;
        throw new StepFailure('health', service === null ? reason : `service ${service}: ${reason}`, tail || null);
      }
      const ms = Math.round(performance.now() - started);
      return `healthy after ${String(outcome.attempts)} probe(s) in ${String(ms)} ms (${outcome.last})`;
    } finally {
      exit.cancel();
    }
  }

  async switchTo(ctx: Ctx, inst: InstanceRecord): Promise<void> {
    const primary = (targetPort: number | null): Promise<unknown> => this.d.routes.setRoute({ key: routeKey(ctx.stage.id), publicPort: ctx.stage.publicPort, mode: ctx.stage.mode, targetPort });
    const prev = this.d.instances.live(ctx.stage.id);
    // A warm instance taken over was not probed: on a remote engine its tunnel opens here.
    await this.expose(ctx, inst);
    try {
      await primary(inst.hostPort);
    } catch (error) {
      throw new StepFailure('switch', `could not point the stable port ${String(ctx.stage.publicPort)} at the new instance: ${messageOf(error)}`);
    }
    if (!this.shape) return;
    try {
      await this.shape.switched(ctx.stage, inst.id);
    } catch (error) {
      // The primary URL already serves the new instance: put it back, the old one stays live.
      await primary(prev?.hostPort ?? null).catch(() => undefined);
      if (prev) await this.shape.switched(ctx.stage, prev.id).catch(() => undefined);
      throw new StepFailure('switch', `could not point the other stable ports at the new instance: ${messageOf(error)}`);
    }
  }

  /** Throws the generation away (its members too), or stops a kept one. */
  async discard(ctx: Ctx, inst: InstanceRecord, kept: boolean): Promise<void> {
    const docker = this.docker(ctx);
    if (kept && inst.containerId) {
      await stopContainer(docker, inst.containerId, ctx.project.stopTimeoutSec);
      await stopMembers(docker, this.d.instances, inst.id, ctx.project.stopTimeoutSec);
    } else {
      await removeContainer(docker, inst.containerId ?? inst.containerName);
      await removeMembers(docker, this.d.instances, inst.id);
    }
  }

  /** The project's restart policy applies once an instance is live (a trial run has none). */
  settle(ctx: Ctx, inst: InstanceRecord): void {
    if (!inst.containerId || ctx.project.restartPolicy === 'no') return;
    const docker = this.docker(ctx);
    Promise.all([setRestartPolicy(docker, inst.containerId, ctx.project.restartPolicy), settleMembers(docker, this.d.instances, inst.id, ctx.project.restartPolicy)]).catch((error: unknown) => {
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

  /** The client of the stage's engine. */
  private docker(ctx: Ctx): ReturnType<DeployerDeps['docker']> {
    return this.d.docker(ctx.stage.engine);
  }

  /** On a remote engine, the instance answers on its local port here through a tunnel before it is probed or switched to. */
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
