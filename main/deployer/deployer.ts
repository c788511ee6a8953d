import { AppError, notFound } from '../dispatch/app-error';
import type { DeployRecord } from '../store/deploy-repo';
import type { InstanceRecord } from '../store/instance-repo';
import type { StageRecord } from '../store/stage-repo';
import { LABEL } from './container-spec';
import { removeNetwork, stopContainer } from './containers';
import { stopMembers } from './instance-members';
import { shortDigest } from './deploy-events';
import { routeKey, type DeployerDeps } from './deps';
import { dropExtraRoutes, pointExtraRoutes } from './extra-ports';
import { KeyedLock } from './keyed-lock';
import { DeployQueue, type EnqueueRequest, type Enqueued } from './queue';
import { rollbackTarget } from './rollback-target';
import { type Retirer } from './retirer';
import { sourceFor, type SourceRegistry } from '../sources/registry';
import type { Source } from '../sources/source';
import { SwarmRunner } from '../targets/swarm/swarm-runner';
import { removeService, stopService } from '../targets/swarm/stage-ops';

export type { EnqueueRequest, Enqueued } from './queue';

/**
 * The deployer's service API (handlers, webhooks, the poller and the reconciler call this).
 * Everything that changes a stage's containers or route goes through its per-stage lock.
 */
export class Deployer {
  readonly locks = new KeyedLock();
  /** Retires switched-away instances in the background (warm window, drain, stop, prune). */
  readonly retirer: Retirer;
  private readonly queue: DeployQueue;
  /** Rolls out stages that target a Swarm service (null when this build has no Swarm pools). */
  private readonly swarm: SwarmRunner | null;

  constructor(
    private readonly d: DeployerDeps,
    retirer: Retirer,
    /** Each project kind's deploy steps (main/sources/<kind>/). */
    private readonly sources: SourceRegistry,
  ) {
    this.retirer = retirer;
    this.swarm = d.swarm ? new SwarmRunner(d, d.swarm, {}) : null;
    this.queue = new DeployQueue(d, { run: (deployId, signal) => this.runDeploy(deployId, signal) }, this.locks);
  }

  /** The queue's one runner: each deploy goes to its project kind's source; a success may promote further down. */
  private async runDeploy(deployId: number, signal: AbortSignal): Promise<DeployRecord> {
    const dep = this.d.deploys.get(deployId);
    if (!dep) throw notFound('Deploy', deployId);
    // A stage that targets a Swarm service rolls it out there instead of through its kind's source.
    const onSwarm = this.swarm !== null && this.d.stages.get(dep.stageId)?.target.kind === 'swarm';
    const done = onSwarm ? await this.swarm.run(deployId, signal) : await this.sourceOf(dep.projectId).run(deployId, signal);
    if (done.status === 'succeeded') this.afterSuccess(done);
    return done;
  }

  /** The source of a project's kind (a clear error for a kind this build cannot deploy). */
  sourceOf(projectId: number): Source {
    return sourceFor(this.sources, this.d.projects.require(projectId).kind);
  }

  /** Starts working the queue, resuming deploys a crash interrupted, and the retirement of instances. */
  start(): void {
    this.queue.start();
    this.retirer.start();
  }

  /** Interrupts running deploys; they resume from their last step at the next start. */
  stop(): Promise<void> {
    this.retirer.stop();
    return this.queue.stop();
  }

  /**
   * Asks for a deploy. Answers the new row (`queued`), the row already queued/running for the same
   * tag/digest (`duplicate`), or a finished `skipped` row when that digest is already live.
   */
  enqueue(req: EnqueueRequest): Enqueued {
    // A kind this build cannot deploy is refused here, not at run time.
    const stage = this.d.stages.get(req.stageId);
    if (stage) this.sourceOf(stage.projectId);
    return this.queue.enqueue(req);
  }

  /** Resolves when the deploy has finished. */
  waitFor(deployId: number): Promise<DeployRecord> {
    return this.queue.waitFor(deployId);
  }

  /** Lets the queue start what may start (after a lock holder finished). */
  pump(): void {
    this.queue.pump();
  }

  isBusy(stageId: number): boolean {
    return this.queue.isBusy(stageId);
  }

  activeDeployId(stageId: number): number | null {
    return this.queue.activeDeployId(stageId);
  }

  /** Every stage whose project's image is this repository (canonical name, e.g. `localhost:5000/acme/web`). */
  deployTag(stageId: number, tag: string): Enqueued {
    return this.enqueue({ stageId, tag, trigger: 'manual', reason: 'deployed by hand' });
  }

  /**
   * Puts the previous successful digest live again, or the digest of the kept instance `instanceId`
   * (a warm instance makes it a switch, a kept one saves the pull).
   */
  rollback(stageId: number, instanceId?: number): Enqueued {
    const stage = this.requireStage(stageId);
    const live = this.d.instances.live(stageId);
    if (!live) throw new AppError('CONFLICT', `Nothing is live on ${stage.name}, so there is nothing to roll back from. Deploy a tag or use stages.restart.`);
    const target = instanceId === undefined ? rollbackTarget(this.d.deploys.succeeded(stageId), live.digest) : this.keptTarget(stage, instanceId, live);
    if (!target) throw new AppError('CONFLICT', `${stage.name} has no earlier successful deploy with a different image to roll back to.`);
    return this.enqueue({ stageId, tag: target.tag, digest: target.digest, trigger: 'rollback', reason: `rollback from ${live.tag} (${shortDigest(live.digest)})` });
  }

  /** A chosen kept instance of the stage as a rollback target (the runner then reuses that digest's instance). */
  private keptTarget(stage: StageRecord, instanceId: number, live: InstanceRecord): { tag: string; digest: string } {
    const kept = this.d.instances.present(stage.id).find((i) => i.id === instanceId);
    if (kept?.id === live.id) throw new AppError('CONFLICT', `Instance #${String(instanceId)} is the one live on ${stage.name}: pick an older one to roll back to.`);
    if (!kept || (kept.status !== 'draining' && kept.status !== 'stopped')) {
      throw new AppError('NOT_FOUND', `Instance #${String(instanceId)} is not kept on ${stage.name}: pick one from stages.instances { stageId: ${String(stage.id)} }.`);
    }
    if (kept.digest === live.digest) throw new AppError('CONFLICT', `${stage.name} already runs ${kept.tag} (${shortDigest(kept.digest)}): nothing to roll back.`);
    return { tag: kept.tag, digest: kept.digest };
  }

  /** The running (warm) instance a rollback of this stage would switch back to, if any. */
  warmRollback(stageId: number): InstanceRecord | null {
    const live = this.d.instances.live(stageId);
    const target = live ? rollbackTarget(this.d.deploys.succeeded(stageId), live.digest) : null;
    return target ? this.d.instances.warmRunning(stageId, target.digest) : null;
  }

  /** Deploys the upstream stage's live digest (not its tag, which may have moved since). */
  promote(stageId: number, automatic = false): Enqueued {
    const stage = this.requireStage(stageId);
    if (stage.upstreamStageId === null) throw new AppError('CONFLICT', `${stage.name} has no upstream stage to promote from. Set one with stages.update { upstream }.`);
    const upstream = this.requireStage(stage.upstreamStageId);
    const t = this.sourceOf(stage.projectId).promoteTarget(stage, upstream);
    const reason = `${automatic ? 'auto-promoted' : 'promoted'} from ${upstream.name}${t.from ? ` (${t.from})` : ''}`;
    return this.enqueue({ stageId, tag: t.tag, digest: t.digest, trigger: 'promote', reason, ...(t.force ? { force: true } : {}) });
  }

  /** A fresh container of the live (or last live) digest, switched in without downtime (a stage schedule says so in `via`). */
  restart(stageId: number, via: { readonly trigger: 'manual' | 'schedule'; readonly reason: string } = { trigger: 'manual', reason: 'restart' }): Enqueued {
    const stage = this.requireStage(stageId);
    const source: InstanceRecord | undefined = this.d.instances.live(stageId) ?? this.d.instances.present(stageId).find((i) => i.status === 'stopped');
    const fallback = source ? null : this.d.deploys.succeeded(stageId, 1)[0];
    const tag = source?.tag ?? fallback?.tag;
    const digest = source?.digest ?? fallback?.digest ?? null;
    if (tag === undefined) throw new AppError('CONFLICT', `${stage.name} has never been deployed: deploy a tag first.`);
    return this.enqueue({ stageId, tag, digest, trigger: via.trigger, reason: via.reason, force: true });
  }

  /** Stops the live instance; the stable port stays reserved and answers 503 until the next deploy. */
  async stopStage(stageId: number): Promise<void> {
    const stage = this.requireStage(stageId);
    const project = this.d.projects.require(stage.projectId);
    await this.locks.run(stageId, async () => {
      if (stage.target.kind === 'swarm' && this.d.swarm) {
        await stopService(this.d, this.d.swarm, stage);
        this.d.stages.update(stageId, { stopped: true });
        return;
      }
      const live = this.d.instances.live(stageId);
      await this.d.routes.setRoute({ key: routeKey(stageId), publicPort: stage.publicPort, mode: stage.mode, targetPort: null });
      await pointExtraRoutes(this.d, stage, null);
      if (live) {
        if (live.containerId) await stopContainer(this.d.docker(stage.engine), live.containerId, project.stopTimeoutSec);
        await stopMembers(this.d.docker(stage.engine), this.d.instances, live.id, project.stopTimeoutSec);
        this.d.instances.setStatus(live.id, 'stopped');
      }
      this.d.stages.update(stageId, { stopped: true });
    });
    // A stopped stage keeps nothing running: its warm instance stops too.
    this.retirer.coolAll(stageId);
    this.d.bus.emit({ type: 'stage.stopped', message: `${project.name} ${stage.name} stopped by the user`, projectId: project.id, stageId });
    this.pump();
  }

  /**
   * Removes everything a stage has on the engine and the proxy: queued deploys are dropped, a running
   * one is interrupted, containers are removed, the port is freed. Answers the number of containers removed.
   */
  async removeStage(stageId: number): Promise<number> {
    await this.queue.cancelStage(stageId, 'the stage was removed');
    const stage = this.d.stages.get(stageId);
    const kind = stage ? this.d.projects.get(stage.projectId)?.kind : undefined;
    // A kind this build cannot deploy has had nothing deployed by it: only the route goes. A stage
    // whose row is gone already still has its labelled containers swept.
    const source = kind ? this.sources[kind] : this.sources.image;
    return this.locks.run(stageId, async () => {
      await this.d.routes.removeRoute(routeKey(stageId)).catch(() => undefined);
      await dropExtraRoutes(this.d, stageId);
      if (stage?.target.kind === 'swarm' && this.d.swarm) return removeService(this.d, this.d.swarm, stage);
      return source ? source.tearDown(stageId) : 0;
    });
  }

  /**
   * After a project's stages are gone: removes the networks Slipway created that it used (first
   * created for it, or named in its settings) once no container, running or kept, is on them.
   */
  async removeProjectNetworks(projectId: number, names: readonly string[]): Promise<void> {
    for (const engine of new Set(['local', ...this.d.stages.byProject(projectId).map((s) => s.engine)])) await this.removeNetworksOn(this.d.docker(engine), projectId, names);
  }

  private async removeNetworksOn(docker: ReturnType<DeployerDeps['docker']>, projectId: number, names: readonly string[]): Promise<void> {
    const ours = await docker.listNetworks({ filters: { label: [`${LABEL.install}=${this.d.installId}`] } });
    for (const n of ours) {
      if (n.Labels?.[LABEL.project] !== String(projectId) && !names.includes(n.Name)) continue;
      const users = await docker.listContainers({ all: true, filters: { network: [n.Id] } });
      if (users.length === 0) await removeNetwork(docker, n.Id);
    }
  }

  private afterSuccess(dep: DeployRecord): void {
    for (const down of this.d.stages.downstreamOf(dep.stageId)) {
      if (!down.autoPromote) continue;
      try {
        this.promote(down.id, true);
      } catch (error) {
        this.d.bus.emit({ type: 'stage.promote-failed', level: 'warn', message: `Auto-promotion to ${down.name} failed: ${error instanceof Error ? error.message : String(error)}`, projectId: down.projectId, stageId: down.id });
      }
    }
  }

  private requireStage(id: number): StageRecord {
    const s = this.d.stages.get(id);
    if (!s) throw notFound('Stage', id);
    return s;
  }
}
