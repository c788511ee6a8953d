import type Docker from 'dockerode';
import { z } from 'zod';
import { LABEL } from '../deployer/container-spec';
import { logTail, removeContainer } from '../deployer/containers';
import { deployEventData } from '../deployer/deploy-events';
import type { Deployer } from '../deployer/deployer';
import { routeKey, type DeployerDeps, type RouteState } from '../deployer/deps';
import type { SourceRegistry } from '../sources/registry';
import type { ReconcileReport, StagePass } from '../sources/source';
import { inProgressStatuses } from '../store/deploy-repo';
import type { InstanceRecord } from '../store/instance-repo';
import type { StageRecord } from '../store/stage-repo';

export interface ReconcilerDeps extends DeployerDeps {
  readonly deployer: Deployer;
  /** Each kind's per-stage reconcile (a kind without one keeps its own state). */
  readonly sources: SourceRegistry;
  /** Time between passes; a dying container is noticed at once through the engine's events. */
  readonly intervalMs?: number;
}


const ListedSchema = z.array(
  z.looseObject({
    Id: z.string(),
    Names: z.array(z.string()).default([]),
    State: z.string(),
    Labels: z.record(z.string(), z.string()).nullable().default({}),
  }),
);

const DieEventSchema = z.looseObject({
  Action: z.string().optional(),
  status: z.string().optional(),
  Actor: z.looseObject({ ID: z.string(), Attributes: z.record(z.string(), z.string()).default({}) }).optional(),
});

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Pauses before following an engine's events again after its stream dropped (doubling, then capped). */
const RESUBSCRIBE_FIRST_MS = 500;
const RESUBSCRIBE_MAX_MS = 30_000;

/** Events after which the set of engines with stages may have changed. */
const FOLLOW_AFTER = /^(project\.(created|auto-created|updated|removed)|stage\.updated|deploy\.started)$/;

/** The event stream of one engine, and its way back after a drop. */
interface Watch {
  stream: NodeJS.ReadableStream | null;
  timer: NodeJS.Timeout | null;
  /** Attempts that failed in a row (0 while the stream is up). */
  failures: number;
}

/**
 * Makes the engine and the proxy agree with the store, at start and periodically: every labelled
 * container is an instance (others are removed), a stage's stable port points at its live instance,
 * a live instance that died is reported and restarted, leftovers of interrupted deploys are cleaned
 * (the deploys themselves are resumed by the queue). Stages busy with a deploy are left to it.
 */
export class Reconciler {
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<ReconcileReport> | null = null;
  private stopped = true;
  /** Each engine that has stages on it (and the local one) is followed through its own event stream. */
  private readonly watches = new Map<string, Watch>();
  private offEvents: (() => void) | null = null;
  private readonly running = new Map<string, boolean>();
  /** Containers already reported dead (cleared when seen running again). */
  private readonly reported = new Set<string>();

  /** Set for the first pass after a Quit that stopped the deployments: they come back without alarms. */
  resumingAfterQuit = false;

  constructor(private readonly d: ReconcilerDeps) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.reconcileSafely();
    this.followEngines();
    // A stage put on another engine (created, moved, first deployed) has that engine followed at once.
    this.offEvents = this.d.bus.onEvent((e) => {
      if (FOLLOW_AFTER.test(e.type)) this.followEngines();
    });
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.offEvents?.();
    this.offEvents = null;
    for (const engine of [...this.watches.keys()]) this.unwatch(engine);
    await this.pass?.catch(() => undefined);
  }

  /** Last known running state of a container (unknown: true). */
  isRunning(containerId: string): boolean {
    return this.running.get(containerId) ?? true;
  }

  /** An engine came back (or changed): follow it again and look at once. */
  engineChanged(reachable: boolean, engine = 'local'): void {
    this.unwatch(engine);
    if (!reachable || this.stopped) return;
    // Follows it again if it has stages (or is this machine's).
    this.followEngines();
    void this.reconcileSafely();
  }

  /** One pass; concurrent callers share it. */
  reconcileOnce(): Promise<ReconcileReport> {
    this.pass ??= this.doPass().finally(() => (this.pass = null));
    return this.pass;
  }

  private async reconcileSafely(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.reconcileOnce();
    } catch (error) {
      if (this.stopped || /ENGINE_UNAVAILABLE|not answering/.test(messageOf(error))) return;
      this.d.bus.emit({ type: 'reconcile.failed', level: 'warn', message: `Reconciling deployments failed: ${messageOf(error)}. Slipway tries again shortly.` });
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.reconcileSafely().finally(() => this.schedule());
    }, this.d.intervalMs ?? 15_000);
    this.timer.unref();
  }

  private async doPass(): Promise<ReconcileReport> {
    const report: ReconcileReport = { orphansRemoved: [], restarted: [], redeployed: [], routesRestored: [], instancesForgotten: [], pruned: [], skippedStages: [] };
    const routes = await this.d.routes.listRoutes();
    const stages = this.d.stages.all();
    // Each engine on its own: one that does not answer leaves its stages as they are until it does.
    let localDown: Error | null = null;
    for (const engine of new Set(['local', ...stages.map((s) => s.engine)])) {
      try {
        await this.reconcileEngine(engine, stages.filter((s) => s.engine === engine), routes, report);
      } catch (error) {
        if (engine === 'local') localDown = error instanceof Error ? error : new Error(String(error));
        else report.skippedStages.push(...stages.filter((s) => s.engine === engine).map((s) => s.id));
      }
    }
    this.followEngines();
    if (localDown !== null) throw localDown;
    // Tunnels of instances that are gone close.
    this.d.reach?.retain(new Set(this.d.instances.allPresent().flatMap((i) => [i.hostPort, ...this.d.extraPorts.allInstancePorts(i.id).map((p) => p.hostPort)])));

    // Routes of stages that no longer exist (their own and their extra ports').
    const ids = new Set(stages.map((s) => routeKey(s.id)));
    for (const r of routes) {
      const stageKey = /^stage(?:-port)?:(\d+)/.exec(r.key);
      if (stageKey && !ids.has(routeKey(Number(stageKey[1])))) {
        await this.d.routes.removeRoute(r.key).catch(() => undefined);
        report.routesRestored.push(`${r.key} removed`);
      }
    }

    const changed = report.orphansRemoved.length + report.restarted.length + report.redeployed.length + report.routesRestored.length + report.instancesForgotten.length + report.pruned.length;
    if (changed > 0) {
      this.d.bus.emit({
        type: 'reconcile.changed',
        message: `Reconciled deployments: ${describe(report)}`,
        data: { ...report },
      });
    }
    this.resumingAfterQuit = false;
    this.d.deployer.pump();
    return report;
  }

  /** One engine's containers against the rows of the stages on it. */
  private async reconcileEngine(engine: string, stages: readonly StageRecord[], routes: readonly RouteState[], report: ReconcileReport): Promise<void> {
    const docker = this.d.docker(engine);
    // Containers first, then rows: a row is always written before its container is created.
    const listed = ListedSchema.parse(await docker.listContainers({ all: true, filters: { label: [`${LABEL.install}=${this.d.installId}`] } }));
    const known = new Set<string>();

    for (const stage of stages) {
      const done = await this.d.deployer.locks.tryRun(stage.id, async () => {
        if (this.d.deploys.withStatus(inProgressStatuses, stage.id).length > 0) return false;
        await this.reconcileStage(stage, { listed, routes, report, known });
        return true;
      });
      if (done !== true) {
        report.skippedStages.push(stage.id);
        // A busy stage's containers are its deploy's business.
        for (const inst of this.d.instances.present(stage.id)) {
          known.add(inst.containerId ?? '');
          known.add(inst.containerName);
        }
      }
    }

    // Containers that no instance accounts for: left by a removed stage, or made by hand with our labels.
    const present = this.d.instances.allPresent();
    for (const inst of present) {
      known.add(inst.containerId ?? '');
      known.add(inst.containerName);
    }
    // A generation's other tracked services' containers belong to their instance.
    for (const ref of this.d.instances.presentMemberRefs()) known.add(ref);
    for (const c of listed) {
      const name = (c.Names[0] ?? '').replace(/^\//, '');
      if (known.has(c.Id) || known.has(name)) continue;
      await removeContainer(docker, c.Id);
      report.orphansRemoved.push(name || c.Id.slice(0, 12));
    }
  }

  private async reconcileStage(stage: StageRecord, pass: Omit<StagePass, 'running' | 'reported' | 'died' | 'enqueue' | 'resumingAfterQuit'>): Promise<void> {
    const kind = this.d.projects.require(stage.projectId).kind;
    // A kind this build cannot deploy has nothing of its own to reconcile.
    const reconcile = this.d.sources[kind]?.reconcile;
    if (!reconcile) return;
    await reconcile(stage, {
      ...pass,
      resumingAfterQuit: this.resumingAfterQuit,
      running: this.running,
      reported: this.reported,
      died: (s, inst, what, exitCode, tail) => this.died(s, inst, what, exitCode, tail),
      enqueue: (req) => this.d.deployer.enqueue(req),
    });
  }

  private died(stage: StageRecord, inst: InstanceRecord, what: string, exitCode: number | null, tail = ''): void {
    const project = this.d.projects.require(stage.projectId);
    if (inst.containerId) this.reported.add(inst.containerId);
    const code = exitCode === null ? '' : ` (exit code ${String(exitCode)})`;
    const reason = `${what}${code}${tail ? `: ${tail}` : ''}`;
    this.d.bus.emit({
      type: 'instance.died',
      level: 'error',
      message: `${project.name} ${stage.name}: the live instance ${inst.tag} died — ${reason}. Slipway is bringing it back.`,
      projectId: project.id,
      stageId: stage.id,
      deployId: inst.deployId,
      data: deployEventData(project, stage, { tag: inst.tag, digest: inst.digest, trigger: 'reconcile' }, { reason, exitCode, container: inst.containerName }),
    });
  }

  /** Follows the local engine and every engine with stages on it; stops following the others. */
  private followEngines(): void {
    if (this.stopped) return;
    const wanted = new Set(['local', ...this.d.stages.all().map((s) => s.engine)]);
    for (const engine of wanted) if (!this.watches.has(engine)) this.watchEvents(engine);
    for (const engine of [...this.watches.keys()]) if (!wanted.has(engine)) this.unwatch(engine);
  }

  /** A live container dying is noticed at once through its engine's event stream. */
  private watchEvents(engine: string): void {
    if (this.watches.has(engine)) return;
    const w: Watch = { stream: null, timer: null, failures: 0 };
    this.watches.set(engine, w);
    this.subscribe(engine, w);
  }

  private subscribe(engine: string, w: Watch): void {
    w.timer = null;
    let docker: Docker;
    try {
      docker = this.d.docker(engine);
    } catch {
      this.resubscribe(engine, w);
      return;
    }
    const current = (): boolean => !this.stopped && this.watches.get(engine) === w;
    const filters = JSON.stringify({ type: ['container'], event: ['die'], label: [`${LABEL.install}=${this.d.installId}`] });
    docker.getEvents({ filters }).then(
      (stream) => {
        if (!current()) {
          (stream as unknown as { destroy?: () => void }).destroy?.();
          return;
        }
        w.stream = stream;
        // Deaths while the stream was down were not seen: a pass finds them.
        if (w.failures > 0) void this.reconcileSafely();
        w.failures = 0;
        let buf = '';
        stream.on('data', (chunk: Buffer) => {
          buf += chunk.toString('utf8');
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl);
            buf = buf.slice(nl + 1);
            this.onDie(engine, line);
          }
        });
        stream.on('error', () => undefined);
        stream.on('close', () => {
          if (w.stream !== stream || !current()) return;
          w.stream = null;
          this.resubscribe(engine, w);
        });
      },
      () => {
        if (current()) this.resubscribe(engine, w);
      },
    );
  }

  /** The stream dropped or could not open: again after a pause that doubles while it keeps failing. */
  private resubscribe(engine: string, w: Watch): void {
    if (this.stopped || this.watches.get(engine) !== w || w.timer) return;
    const delay = Math.min(RESUBSCRIBE_MAX_MS, RESUBSCRIBE_FIRST_MS * 2 ** w.failures);
    w.failures++;
    w.timer = setTimeout(() => {
      if (this.watches.get(engine) === w) this.subscribe(engine, w);
    }, delay);
    w.timer.unref();
  }

  private unwatch(engine: string): void {
    const w = this.watches.get(engine);
    if (!w) return;
    this.watches.delete(engine);
    if (w.timer) clearTimeout(w.timer);
    (w.stream as unknown as { destroy?: () => void } | null)?.destroy?.();
  }

  private onDie(engine: string, line: string): void {
    if (this.stopped) return;
    let parsed;
    try {
      parsed = DieEventSchema.safeParse(JSON.parse(line));
    } catch {
      return;
    }
    if (!parsed.success || !parsed.data.Actor) return;
    const id = parsed.data.Actor.ID;
    const stageId = Number(parsed.data.Actor.Attributes[LABEL.stage]);
    this.running.set(id, false);
    const stage = this.d.stages.get(stageId);
    // Another engine's stage: its own stream reports it (two engines may share one daemon).
    if (!stage || stage.engine !== engine) return;
    // A warm instance is rolled back to without a probe: one that died is out of the window at once.
    const warm = this.d.instances.draining(stageId).find((i) => i.warmUntil !== null && (i.containerId === id || this.d.instances.members(i.id).some((m) => m.containerId === id)));
    if (warm) {
      this.d.instances.coolDown(warm.id);
      this.d.deployer.retirer.kick(stageId);
      return;
    }
    // A lock holder (deploy, stop, removal) stops containers on purpose.
    if (this.d.deployer.locks.isHeld(stageId)) return;
    const inst = this.d.instances.live(stageId);
    // The live generation's other tracked services count as much as its own container.
    const member = inst ? this.d.instances.members(inst.id).find((m) => m.containerId === id) : undefined;
    if (!inst || (inst.containerId !== id && !member) || this.reported.has(id)) return;
    const code = Number(parsed.data.Actor.Attributes['exitCode'] ?? NaN);
    this.reported.add(id);
    void (async () => {
      const docker = this.d.docker(stage.engine);
      const tail = await logTail(docker, id);
      if (this.stopped) return;
      this.died(stage, inst, member ? `its ${member.service} container exited` : 'its container exited', Number.isNaN(code) ? null : code, tail);
      // Give the engine's own restart policy a moment, then make sure it runs again.
      setTimeout(() => void this.reconcileSafely(), 500).unref();
    })().catch(() => undefined);
  }
}

function describe(r: ReconcileReport): string {
  const parts: string[] = [];
  if (r.orphansRemoved.length) parts.push(`removed ${String(r.orphansRemoved.length)} unaccounted container(s)`);
  if (r.restarted.length) parts.push(`restarted ${r.restarted.join(', ')}`);
  if (r.redeployed.length) parts.push(`queued ${String(r.redeployed.length)} redeploy(s)`);
  if (r.routesRestored.length) parts.push(`restored routes (${r.routesRestored.join('; ')})`);
  if (r.instancesForgotten.length) parts.push(`forgot ${String(r.instancesForgotten.length)} vanished or leftover instance(s)`);
  if (r.pruned.length) parts.push(`pruned ${r.pruned.join(', ')}`);
  return parts.join('; ');
}
