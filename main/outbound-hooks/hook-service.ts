import {
  notableEventTypes,
  type AppEvent,
  type Hook,
  type HookDelivery,
  type MethodArgs,
} from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { SecretBox } from '../secrets/secret-box';
import type { EventBus } from '../events/bus';
import type { Notifier } from '../notify/notifier';
import type { Db } from '../store/db';
import { HookDispatcher, type AttemptOutcome, type ChannelSender, type DispatcherOptions } from './dispatcher';
import { HookRepo, type HookRow, type NewDelivery } from './hook-repo';
import { USER_AGENT_PREFIX } from './own-delivery';
import { buildPayload } from './payload';
import { defaultRetryPolicy } from './retry-policy';
import { httpSender } from './sender';
import { generateMessageId, generateSecret } from './signing';

export interface HookServiceOptions extends Partial<Omit<DispatcherOptions, 'userAgent'>> {
  /** Slipway's version, for the User-Agent. */
  readonly version: string;
  /** A hook failing without a single success for this long is turned off. */
  readonly disableAfterMs?: number;
  /** …or when this many deliveries in a row ran out of retries. */
  readonly disableAfterFailedDeliveries?: number;
  /** Finished deliveries older than this are deleted. */
  readonly retentionMs?: number;
  /** Seals the hooks' signing secrets at rest; default: the key file next to the store. */
  readonly secretBox?: SecretBox;
}

const HOUR = 3_600_000;
const notable = new Set<string>(notableEventTypes);

interface Subscriber {
  readonly id: number;
  readonly events: ReadonlySet<string> | null;
}

/**
 * Outbound hooks: subscriptions, the outbox fed from the bus, and the policy around failing
 * endpoints. The bus listener only notes events; outbox rows are written in one transaction
 * per batch right after, and sending happens later still, never on the emitter's path.
 */
export class HookService {
  readonly repo: HookRepo;
  private readonly dispatcher: HookDispatcher;
  private readonly now: () => number;
  private subscribers: Subscriber[] = [];
  private batch: AppEvent[] = [];
  private flushSoon: NodeJS.Immediate | null = null;
  /** Highest event id this service has seen from the bus, and the highest turned into rows. */
  private seenId = 0;
  private cursor = 0;
  private unsubscribe: (() => void) | null = null;
  private pruneTimer: NodeJS.Timeout | null = null;

  constructor(
    db: Db,
    private readonly bus: EventBus,
    private readonly notifier: Notifier,
    private readonly opts: HookServiceOptions,
  ) {
    this.repo = new HookRepo(db, opts.secretBox);
    this.now = opts.now ?? Date.now;
    this.dispatcher = new HookDispatcher(
      this.repo,
      {
        retry: opts.retry ?? defaultRetryPolicy,
        attemptTimeoutMs: opts.attemptTimeoutMs ?? 15_000,
        perHookConcurrency: opts.perHookConcurrency ?? 2,
        maxConcurrency: opts.maxConcurrency ?? 8,
        stopGraceMs: opts.stopGraceMs ?? 2_000,
        rescanMs: opts.rescanMs ?? 30_000,
        userAgent: `${USER_AGENT_PREFIX}${opts.version}`,
        now: this.now,
        random: opts.random ?? Math.random,
        sender: opts.sender ?? httpSender,
      },
      (o) => this.onOutcome(o),
    );
    this.refreshSubscribers();
    this.catchUp();
    // Listening from construction on: events emitted while other services start are queued too.
    this.unsubscribe = this.bus.onEvent((e) => this.onEvent(e));
  }

  start(): void {
    this.dispatcher.start();
    const retention = this.opts.retentionMs ?? 30 * 24 * HOUR;
    this.repo.prune(this.now() - retention);
    this.pruneTimer = setInterval(() => this.repo.prune(this.now() - retention), HOUR);
    this.pruneTimer.unref();
  }

  /** Stops taking events, lets in-flight attempts finish briefly; everything else stays due. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.flush();
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    await this.dispatcher.stop();
  }

  /** Channels (main/channels) send through this outbox: their rows are attempted with `send`. */
  setChannelSender(send: ChannelSender): void {
    this.dispatcher.channelSender = send;
  }

  /** Look at the outbox now (new rows, or a target turned back on). */
  kick(): void {
    this.dispatcher.kick();
  }

  /** Turning a target back on resumes its pending deliveries at once. */
  resume(id: number): void {
    this.repo.markHealthy(id);
    this.repo.resumeHook(id, this.now());
    this.dispatcher.kick();
  }

  create(input: MethodArgs<'hooks.create'>): Hook & { secret: string } {
    const secret = generateSecret();
    const row = this.repo.create(input.url, input.events ?? null, secret, this.now());
    this.refreshSubscribers();
    return { ...this.repo.toHook(row, 0), secret };
  }

  list(): Hook[] {
    const pending = this.repo.pendingCounts();
    return this.repo.all().map((h) => this.repo.toHook(h, pending.get(h.id) ?? 0));
  }

  update(input: MethodArgs<'hooks.update'>): Hook & { secret?: string } {
    const before = this.mustGet(input.id);
    const secret = input.rotateSecret ? generateSecret() : undefined;
    const reenabled = input.enabled === true && !before.enabled;
    // Saved credentials belong to the server they were written for: a URL on another origin drops them.
    const dropAuth = input.url !== undefined && before.basicAuth !== null && new URL(input.url).origin !== new URL(before.url).origin;
    this.repo.update(input.id, {
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(dropAuth ? { basicAuth: null } : {}),
      ...(input.events !== undefined ? { events: input.events } : {}),
      ...(secret !== undefined ? { secret } : {}),
      ...(input.enabled !== undefined ? { enabled: input.enabled, disabledReason: null } : {}),
    });
    if (reenabled) this.resume(input.id);
    this.refreshSubscribers();
    const hook = this.repo.toHook(this.mustGet(input.id), this.repo.pendingCounts().get(input.id) ?? 0);
    return secret !== undefined ? { ...hook, secret } : hook;
  }

  remove(id: number): void {
    this.mustGet(id);
    if (!this.repo.remove(id)) throw notFound('Hook', id);
    this.refreshSubscribers();
  }

  deliveries(input: MethodArgs<'hooks.deliveries'>): HookDelivery[] {
    this.mustGet(input.hookId);
    return this.repo.deliveries(input.hookId, input);
  }

  /** One more attempt now, with the same webhook-id; answers once it is recorded. */
  async redeliver(deliveryId: number): Promise<HookDelivery> {
    const delivery = this.repo.delivery(deliveryId);
    if (!delivery) throw notFound('Delivery', deliveryId);
    const hook = this.repo.get(delivery.hookId);
    if (!hook) throw notFound('Hook', delivery.hookId);
    if (!hook.enabled) {
      const what = hook.kind === 'channel' ? 'Channel' : 'Hook';
      throw new AppError('CONFLICT', `${what} ${String(hook.id)} is turned off${hook.disabledReason ? ` (${hook.disabledReason})` : ''}. Turn it on first (${hook.kind === 'channel' ? 'channels' : 'hooks'}.update with enabled: true).`);
    }
    if (this.dispatcher.isInFlight(deliveryId)) {
      throw new AppError('CONFLICT', `Delivery ${String(deliveryId)} is being sent right now. Wait for the attempt to finish, then try again.`);
    }
    const settled = this.dispatcher.settled(deliveryId, (this.opts.attemptTimeoutMs ?? 15_000) + 5_000);
    this.repo.markManual(deliveryId, this.now());
    this.dispatcher.kick();
    await settled;
    return this.repo.delivery(deliveryId) ?? delivery;
  }

  private mustGet(id: number): HookRow {
    const hook = this.repo.get(id);
    if (hook?.kind !== 'webhook') throw notFound('Hook', id);
    return hook;
  }

  private refreshSubscribers(): void {
    this.subscribers = this.repo
      .all()
      .filter((h) => h.enabled)
      .map((h) => ({ id: h.id, events: h.events === null ? null : new Set<string>(h.events) }));
  }

  /**
   * Bus listener: only notes the event; rows are written in a batch right after the emitter's
   * turn, so emitting stays cheap. The event is already in the event log, and the cursor moves
   * in the same transaction as the rows, so a crash in between is caught up at the next start.
   * Loop rule: only notable events are delivered; nothing the hooks do emits one, and the
   * inbound listener never acts on a delivery (see isOwnDelivery).
   */
  private onEvent(event: AppEvent): void {
    if (event.id > this.seenId) this.seenId = event.id;
    if (notable.has(event.type)) this.batch.push(event);
    this.flushSoon ??= setImmediate(() => this.flush());
  }

  /** Writes the outbox rows for the events seen so far (one transaction) and nudges the dispatcher. */
  private flush(): void {
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushSoon = null;
    const events = this.batch.splice(0);
    // Other events need no bookkeeping: catch-up only ever looks for notable ones.
    if (events.length === 0 || this.seenId <= this.cursor) return;
    this.enqueue(events, this.seenId);
  }

  private enqueue(events: readonly AppEvent[], cursor: number): void {
    const rows: NewDelivery[] = [];
    for (const event of events) {
      const targets = this.subscribers.filter((s) => s.events === null || s.events.has(event.type));
      if (targets.length === 0) continue;
      const body = JSON.stringify(buildPayload(event));
      for (const t of targets) rows.push({ hookId: t.id, messageId: generateMessageId(), eventId: event.id, eventType: event.type, body });
    }
    this.repo.enqueue(rows, cursor, this.now());
    this.cursor = cursor;
    if (rows.length > 0) this.dispatcher.kick();
  }

  /** Events persisted after the cursor but never queued (a crash between emit and flush). */
  private catchUp(): void {
    const stored = this.repo.cursor();
    if (stored === null) {
      // First start: history is not delivered, only what happens from now on.
      this.cursor = this.repo.lastEventId();
      this.repo.setCursor(this.cursor);
      return;
    }
    this.cursor = stored;
    for (;;) {
      const missed = this.repo.eventsAfter(this.cursor, notableEventTypes, 500);
      if (missed.length === 0) break;
      this.enqueue(missed, missed[missed.length - 1]!.id);
    }
  }

  private onOutcome(o: AttemptOutcome): void {
    const delivery = this.repo.delivery(o.delivery.id);
    if (delivery) this.bus.push('hooks.delivery', delivery);
    if (o.result.ok) {
      this.repo.markHealthy(o.hook.id);
      return;
    }
    if (o.result.status === 410) {
      this.disable(o.hook, `${o.hook.url} answered 410 Gone, which asks senders to stop`);
      return;
    }
    if (o.manual) return; // a user trying a broken endpoint by hand should not get it turned off
    const hook = this.repo.markFailing(o.hook.id, o.startedAt, o.status === 'failed');
    if (!hook?.enabled) return;
    const disableAfterMs = this.opts.disableAfterMs ?? 24 * HOUR;
    const maxFailed = this.opts.disableAfterFailedDeliveries ?? 10;
    const last = o.result.error ?? 'failed';
    if (hook.failingSince !== null && this.now() - hook.failingSince >= disableAfterMs) {
      this.disable(hook, `every attempt to ${hook.url} has failed since ${new Date(hook.failingSince).toISOString()} (last: ${last})`);
    } else if (hook.failedDeliveries >= maxFailed) {
      this.disable(hook, `${String(hook.failedDeliveries)} deliveries in a row to ${hook.url} failed after all retries (last: ${last})`);
    }
  }

  private disable(hook: HookRow, reason: string): void {
    this.repo.update(hook.id, { enabled: false, disabledReason: reason });
    this.refreshSubscribers();
    const channel = hook.kind === 'channel';
    const what = channel ? 'Channel' : 'Outbound hook';
    const howTo = channel
      ? 'Fix the channel, then turn it back on in Settings → Channels; its pending messages go out then.'
      : 'Fix the receiver, then turn the hook back on in Settings → Hooks; its pending deliveries resume then.';
    this.bus.emit({
      type: 'hook.disabled',
      level: 'warn',
      message: `${what} ${String(hook.id)} turned off: ${reason}. ${howTo}`,
      data: { hookId: hook.id, kind: hook.kind, url: hook.url, reason },
    });
    this.notifier.notify({
      title: `${what} turned off`,
      body: `${reason}. ${howTo}`,
      level: 'warn',
      route: channel ? '/settings/channels' : '/settings/hooks',
      action: { label: 'Turn back on', method: channel ? 'channels.update' : 'hooks.update', input: { id: hook.id, enabled: true } },
    });
  }
}
