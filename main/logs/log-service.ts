import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import type { AppEvent } from '../../preload/contract';
import type { LogSource } from '../../preload/contract/logs';
import { AppError } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import type { LogLine } from '../logscan/scanner';
import type { InstanceRepo } from '../store/instance-repo';
import type { StageRepo } from '../store/stage-repo';
import { defaultBatcherOptions, type BatcherOptions } from './log-batcher';
import { LogFollow, type LogOut, type LogTarget } from './log-follow';

export interface LogServiceDeps {
  /** The client of the engine a container runs on. */
  readonly docker: (containerId?: string) => Docker;
  readonly instances: Pick<InstanceRepo, 'get' | 'live'>;
  readonly stages: Pick<StageRepo, 'get' | 'all'>;
  readonly bus: Pick<EventBus, 'push' | 'onEvent'>;
  /** Log-scan rules: every live instance's output, as it comes. */
  readonly scan?: { consume(batch: readonly LogLine[]): void };
  readonly leaseMs?: number;
  readonly batcher?: BatcherOptions;
  /**
   * A compose stack's companion by service name: its container, null while it has none, undefined
   * when the name is the stage's tracked service (followed as the stage's live instance).
   */
  readonly companion?: (stageId: number, service: string) => { containerId: string; createdAt: number } | null | undefined;
  /** How often sources are re-checked without an event (a missed swap, a dead container). */
  readonly recheckMs?: number;
}

interface Subscription {
  readonly follow: LogFollow;
  expiresAt: number;
}

/** Live container output for windows (`logs` pushes, leased subscriptions) and for log-scan rules. */
export class LogService {
  private readonly subs = new Map<string, Subscription>();
  private readonly taps = new Map<number, LogFollow>();
  private timer: NodeJS.Timeout | null = null;
  private offEvent: (() => void) | null = null;
  readonly leaseMs: number;

  constructor(private readonly d: LogServiceDeps) {
    this.leaseMs = d.leaseMs ?? 60_000;
  }

  private target = (source: LogSource): LogTarget | null => {
    if (source.kind === 'stage' && source.service !== undefined) {
      let c: ReturnType<NonNullable<LogServiceDeps['companion']>>;
      try {
        c = this.d.companion?.(source.stageId, source.service);
      } catch {
        return null; // the service left the file since the subscription began
      }
      if (c !== undefined) return c ? { key: `service:${c.containerId}`, instanceId: null, containerId: c.containerId, label: `service ${source.service}`, createdAt: c.createdAt } : null;
    }
    const i = source.kind === 'instance' ? this.d.instances.get(source.instanceId) : this.d.instances.live(source.stageId);
    if (!i || i.status === 'removed') return null;
    return { key: `instance:${String(i.id)}`, instanceId: i.id, containerId: i.containerId, label: `instance ${String(i.id)} (${i.tag})`, createdAt: i.createdAt };
  };

  private follow(source: LogSource, history: { tail: number; since?: number }, sink: (out: LogOut) => void): LogFollow {
    return new LogFollow(source, history, { docker: this.d.docker, target: this.target, batcher: this.d.batcher ?? defaultBatcherOptions }, sink);
  }

  subscribe(source: LogSource, tail: number, since?: number): { subscriptionId: string; leaseMs: number } {
    if (source.kind === 'stage' && !this.d.stages.get(source.stageId)) throw new AppError('NOT_FOUND', `Stage ${String(source.stageId)} does not exist. Refresh the page.`);
    if (source.kind === 'instance' && !this.d.instances.get(source.instanceId)) throw new AppError('NOT_FOUND', `Instance ${String(source.instanceId)} does not exist. Refresh the page.`);
    // A compose service that the stack does not have is refused now, not in the background.
    if (source.kind === 'stage' && source.service !== undefined) this.d.companion?.(source.stageId, source.service);
    const subscriptionId = randomUUID();
    const follow = this.follow(source, { tail, since }, (out) => this.d.bus.push('logs', { subscriptionId, ...out }));
    this.subs.set(subscriptionId, { follow, expiresAt: Date.now() + this.leaseMs });
    // Started after the answer is on its way, so the window knows the id before lines arrive.
    setTimeout(() => void follow.retarget(), 0);
    return { subscriptionId, leaseMs: this.leaseMs };
  }

  renew(id: string): void {
    const sub = this.subs.get(id);
    if (!sub) throw new AppError('NOT_FOUND', 'That log subscription ended (it was not renewed in time). Open the logs again.');
    sub.expiresAt = Date.now() + this.leaseMs;
  }

  unsubscribe(id: string): void {
    this.subs.get(id)?.follow.close();
    this.subs.delete(id);
  }

  get subscriptionCount(): number {
    return this.subs.size;
  }

  start(): void {
    this.offEvent = this.d.bus.onEvent((e) => this.onEvent(e));
    this.syncTaps();
    this.timer = setInterval(() => this.recheck(), this.d.recheckMs ?? 5000);
    this.timer.unref();
  }

  stop(): void {
    this.offEvent?.();
    this.offEvent = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const s of this.subs.values()) s.follow.close();
    this.subs.clear();
    for (const t of this.taps.values()) t.close();
    this.taps.clear();
  }

  private onEvent(e: AppEvent): void {
    if (e.stageId === null) return;
    if (this.d.scan && !this.taps.has(e.stageId)) this.syncTaps();
    for (const s of this.subs.values()) void s.follow.retarget();
    void this.taps.get(e.stageId)?.retarget();
  }

  private recheck(): void {
    const now = Date.now();
    for (const [id, s] of this.subs) {
      if (s.expiresAt < now) this.unsubscribe(id);
      else void s.follow.retarget();
    }
    this.syncTaps();
    for (const t of this.taps.values()) void t.retarget();
  }

  /** One scan tap per stage, from now on (rules look at new output only). */
  private syncTaps(): void {
    const scan = this.d.scan;
    if (!scan) return;
    const stages = this.d.stages.all();
    const ids = new Set(stages.map((s) => s.id));
    for (const [id, tap] of this.taps) {
      if (!ids.has(id)) {
        tap.close();
        this.taps.delete(id);
      }
    }
    for (const s of stages) {
      if (this.taps.has(s.id)) continue;
      const tap = this.follow({ kind: 'stage', stageId: s.id }, { tail: 0, since: Date.now() }, (out) => {
        const instance = out.instanceId === null ? null : this.d.instances.get(out.instanceId);
        if (!instance?.containerId || out.lines.length === 0) return;
        const containerId = instance.containerId;
        scan.consume(out.lines.map(([ts, stream, text]) => ({ projectId: s.projectId, stageId: s.id, containerId, stream: stream === 1 ? 'stderr' : 'stdout', ts, text })));
      });
      this.taps.set(s.id, tap);
      void tap.retarget();
    }
  }
}
