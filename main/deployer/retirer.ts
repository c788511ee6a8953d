import { setRestartPolicy, stopContainer } from './containers';
import { crashPoint } from './crash-point';
import { routeKey, type DeployerDeps } from './deps';
import { waitExtraDrained } from './extra-ports';
import { stopMembers } from './instance-members';
import { pruneStage } from './prune';
import { retirePlan } from './retire-plan';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Retires instances a stage switched away from, in the background, so that no deploy, rollback or
 * promotion waits for it: the newest one stays warm for the project's `warmRollbackSec`, then every
 * draining instance finishes its in-flight requests, is stopped and kept (up to `maxInstances`).
 * State lives in the store (`draining`, `warmUntil`): after a crash the reconciler kicks this again.
 */
export class Retirer {
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly stopping = new Map<number, Promise<void>>();
  private stopped = false;

  constructor(private readonly d: DeployerDeps) {}

  /** Looks at a stage's draining instances: stops those past their window, wakes again when the warm one's ends. */
  kick(stageId: number): void {
    if (this.stopped) return;
    const now = Date.now();
    const plan = retirePlan(this.d.instances.draining(stageId), now);
    for (const id of plan.stop) if (!this.stopping.has(id)) this.begin(stageId, id);
    const old = this.timers.get(stageId);
    if (old) clearTimeout(old);
    this.timers.delete(stageId);
    if (plan.wakeAt !== null) {
      const t = setTimeout(() => this.kick(stageId), Math.max(0, plan.wakeAt - now) + 10);
      t.unref();
      this.timers.set(stageId, t);
    }
  }

  /** Starts (again) and picks up whatever was left draining or warm. */
  start(): void {
    this.stopped = false;
    this.kickAll();
  }

  /** Every stage with draining instances. */
  kickAll(): void {
    for (const stageId of new Set(this.d.instances.draining().map((i) => i.stageId))) this.kick(stageId);
  }

  /** Ends the warm window of every draining instance of a stage: they are stopped now (the stage was stopped). */
  coolAll(stageId: number): void {
    for (const i of this.d.instances.draining(stageId)) this.d.instances.coolDown(i.id);
    this.kick(stageId);
  }

  /** Resolves when no stop is under way (tests and benches wait on this). */
  async idle(): Promise<void> {
    while (this.stopping.size > 0) await Promise.all([...this.stopping.values()]);
  }

  /** Stops scheduling; stops under way finish on the engine, and the store catches up at the next start. */
  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private begin(stageId: number, id: number): void {
    // Synchronously out of the warm window: a rollback from now on starts a container instead.
    this.d.instances.coolDown(id);
    const work = this.retire(stageId, id)
      .catch((error: unknown) => {
        if (this.stopped) return;
        const stage = this.d.stages.get(stageId);
        this.d.bus.emit({
          type: 'instance.stop-failed',
          level: 'warn',
          message: `Stopping instance #${String(id)} of ${stage?.name ?? 'a stage'} failed: ${messageOf(error)}. The reconciler tries again.`,
          projectId: stage?.projectId ?? null,
          stageId,
        });
      })
      .finally(() => this.stopping.delete(id));
    this.stopping.set(id, work);
  }

  private async retire(stageId: number, id: number): Promise<void> {
    const { instances, stages, projects, bus } = this.d;
    const inst = instances.get(id);
    const stage = stages.get(stageId);
    const project = stage ? projects.get(stage.projectId) : null;
    if (!inst || inst.status !== 'draining' || !stage || !project) return;
    const ids = { projectId: project.id, stageId, deployId: inst.deployId };
    const data = { project: project.name, stage: stage.name, tag: inst.tag, digest: inst.digest, instanceId: id, container: inst.containerName };
    bus.emit({ type: 'instance.draining', message: `${project.name} ${stage.name}: draining ${inst.tag} (#${String(id)})`, ...ids, data });
    const drainMs = this.d.settings.read().drainMs;
    // Every stable URL of the generation drains: the primary one and its services' others.
    const [drained] = await Promise.all([this.d.routes.waitDrained(routeKey(stageId), inst.hostPort, drainMs), waitExtraDrained(this.d, stageId, id, drainMs)]);
    crashPoint('retire');
    const t0 = performance.now();
    const docker = this.d.docker(stage.engine);
    // The generation stops together: its other tracked services' containers alongside its own.
    const [result] = await Promise.all([inst.containerId ? stopContainer(docker, inst.containerId, project.stopTimeoutSec) : Promise.resolve('gone' as const), stopMembers(docker, instances, id, project.stopTimeoutSec, project.restartPolicy !== 'no')]);
    const stopMs = Math.round(performance.now() - t0);
    if (result === 'stopped' && inst.containerId && project.restartPolicy !== 'no') await setRestartPolicy(docker, inst.containerId, 'no');
    // The app is shutting down (the store may be closed): the reconciler finishes this at the next start.
    if (this.stopped) return;
    // Removed meanwhile (the stage went away, or a rollback took it back): nothing to record.
    if (instances.get(id)?.status !== 'draining') return;
    if (result === 'gone') {
      instances.setStatus(id, 'removed');
    } else {
      instances.setStopped(id, stopMs);
    }
    const late = drained.drained ? '' : ` (${String(drained.inflight)} request(s) still in flight after ${String(drainMs)} ms)`;
    bus.emit({
      type: 'instance.stopped',
      message: `${project.name} ${stage.name}: ${inst.tag} (#${String(id)}) ${result === 'gone' ? 'was already gone' : `stopped in ${secs(stopMs)}`}${late}`,
      ...ids,
      data: { ...data, stopMs: result === 'gone' ? null : stopMs, drained: drained.drained, inflight: drained.inflight },
    });
    const current = stages.get(stageId);
    if (current) await pruneStage(this.d, stageId, current.maxInstances);
  }
}
