import type { HookDelivery } from '../../preload/contract';
import type { DueDelivery, HookRepo, HookRow } from './hook-repo';
import { HOOK_ID_HEADER } from './own-delivery';
import { parseRetryAfter, retryDelay, type RetryPolicy } from './retry-policy';
import { closeIdleConnections, type SendResult, type Sender } from './sender';
import { githubStyleSignature, standardSignature } from './signing';

export interface DispatcherOptions {
  readonly retry: RetryPolicy;
  readonly attemptTimeoutMs: number;
  /** Attempts in flight to one hook at a time. */
  readonly perHookConcurrency: number;
  /** Attempts in flight overall. */
  readonly maxConcurrency: number;
  /** How long stop() lets in-flight attempts finish before cutting them off (they stay due). */
  readonly stopGraceMs: number;
  /** Look at the outbox at least this often, whatever the timers say. */
  readonly rescanMs: number;
  readonly userAgent: string;
  readonly now: () => number;
  readonly random: () => number;
  readonly sender: Sender;
}

/** Sends one outbox row of a channel target (main/channels); the dispatcher records the outcome as for a hook. */
export type ChannelSender = (hook: HookRow, delivery: DueDelivery, timeoutMs: number, stop: AbortSignal) => Promise<SendResult>;

export interface AttemptOutcome {
  readonly hook: HookRow;
  readonly delivery: DueDelivery;
  readonly result: SendResult;
  readonly status: HookDelivery['status'];
  readonly manual: boolean;
  readonly startedAt: number;
}

/**
 * Works the outbox: picks due rows, sends them with bounded concurrency, records every attempt
 * and schedules the next. State lives in the database; in memory there is only what is in flight,
 * so a restart resumes every due row (an attempt cut off by a stop is simply due again).
 */
export class HookDispatcher {
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly perHook = new Map<number, number>();
  private readonly waiters = new Map<number, (() => void)[]>();
  private stopController = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private kicked = false;
  private running = false;
  /** Set by the channel service once it exists; until then channel rows fail and are retried. */
  channelSender: ChannelSender | null = null;

  constructor(
    private readonly repo: HookRepo,
    private readonly opts: DispatcherOptions,
    private readonly onOutcome: (outcome: AttemptOutcome) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopController = new AbortController();
    this.kick();
  }

  /** Look for due work soon (coalesced; never runs inside the caller's stack). */
  kick(): void {
    if (!this.running || this.kicked) return;
    this.kicked = true;
    setImmediate(() => {
      this.kicked = false;
      this.pump();
    });
  }

  isInFlight(deliveryId: number): boolean {
    return this.inFlight.has(deliveryId);
  }

  /** Resolves when the next attempt of this delivery has been recorded (or after `timeoutMs`). */
  settled(deliveryId: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      const list = this.waiters.get(deliveryId) ?? [];
      list.push(() => {
        clearTimeout(timer);
        resolve();
      });
      this.waiters.set(deliveryId, list);
    });
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const all = (): Promise<unknown> => Promise.allSettled([...this.inFlight.values()]);
    if (this.inFlight.size > 0) {
      let graceTimer: NodeJS.Timeout | undefined;
      await Promise.race([all(), new Promise((r) => (graceTimer = setTimeout(r, this.opts.stopGraceMs)))]);
      clearTimeout(graceTimer);
    }
    this.stopController.abort();
    await all();
    for (const list of this.waiters.values()) for (const w of list) w();
    this.waiters.clear();
    closeIdleConnections();
  }

  private pump(): void {
    if (!this.running) return;
    const now = this.opts.now();
    for (const hookId of this.repo.hooksWithDue(now)) {
      if (this.inFlight.size >= this.opts.maxConcurrency) break;
      const busy = this.perHook.get(hookId) ?? 0;
      const free = Math.min(this.opts.perHookConcurrency - busy, this.opts.maxConcurrency - this.inFlight.size);
      if (free <= 0) continue;
      const hook = this.repo.get(hookId);
      if (!hook?.enabled) continue;
      const rows = this.repo
        .dueFor(hookId, now, free + busy)
        .filter((r) => !this.inFlight.has(r.id))
        .slice(0, free);
      for (const row of rows) this.launch(hook, row);
    }
    this.scheduleNext(now);
  }

  private scheduleNext(now: number): void {
    if (this.timer) clearTimeout(this.timer);
    const next = this.repo.nextDueAfter(now);
    const wait = next === null ? this.opts.rescanMs : Math.min(this.opts.rescanMs, Math.max(0, next - now));
    this.timer = setTimeout(() => this.pump(), wait);
    this.timer.unref();
  }

  private launch(hook: HookRow, row: DueDelivery): void {
    this.perHook.set(hook.id, (this.perHook.get(hook.id) ?? 0) + 1);
    const run = this.attempt(hook, row)
      .catch((error: unknown) => console.error('hook delivery attempt failed unexpectedly', error))
      .finally(() => {
        this.inFlight.delete(row.id);
        this.perHook.set(hook.id, (this.perHook.get(hook.id) ?? 1) - 1);
        const waiting = this.waiters.get(row.id);
        this.waiters.delete(row.id);
        for (const w of waiting ?? []) w();
        this.kick();
      });
    this.inFlight.set(row.id, run);
  }

  private async attempt(hook: HookRow, row: DueDelivery): Promise<void> {
    const startedAt = this.opts.now();
    const result = hook.kind === 'channel' ? await this.sendToChannel(hook, row) : await this.sendToHook(hook, row, startedAt);
    // Cut off by stop(): not an attempt the receiver judged; the row stays due for the next start.
    if (result.interrupted) return;
    this.record(hook, row, result, startedAt);
  }

  private sendToChannel(hook: HookRow, row: DueDelivery): Promise<SendResult> {
    if (this.channelSender === null) {
      return Promise.resolve({ status: null, ok: false, error: 'channels are not running', responseSnippet: null, durationMs: 0, retryAfter: null, interrupted: false });
    }
    return this.channelSender(hook, row, this.opts.attemptTimeoutMs, this.stopController.signal);
  }

  private sendToHook(hook: HookRow, row: DueDelivery, startedAt: number): Promise<SendResult> {
    const timestamp = Math.floor(startedAt / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': this.opts.userAgent,
      'webhook-id': row.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardSignature(hook.secret, row.messageId, timestamp, row.body),
      'x-slipway-signature-256': githubStyleSignature(hook.secret, row.body),
      'x-slipway-event': row.eventType,
      [HOOK_ID_HEADER]: String(hook.id),
      ...(hook.basicAuth !== null ? { authorization: `Basic ${Buffer.from(hook.basicAuth, 'utf8').toString('base64')}` } : {}),
    };
    return this.opts.sender({
      url: hook.url,
      headers,
      body: row.body,
      timeoutMs: this.opts.attemptTimeoutMs,
      stop: this.stopController.signal,
    });
  }

  private record(hook: HookRow, row: DueDelivery, result: SendResult, startedAt: number): void {
    const manual = row.manualPending;
    const autoAttempts = row.autoAttempts + (manual ? 0 : 1);
    let status: HookDelivery['status'];
    let nextAttemptAt: number | null = null;
    if (result.ok) {
      status = 'succeeded';
    } else if (result.status === 410) {
      status = 'failed'; // the receiver asked for no more deliveries
    } else {
      const now = this.opts.now();
      const delay = retryDelay(this.opts.retry, Math.max(1, autoAttempts), this.opts.random, parseRetryAfter(result.retryAfter, now));
      status = delay === null ? 'failed' : 'pending';
      nextAttemptAt = delay === null ? null : now + delay;
    }
    this.repo.recordAttempt(
      {
        deliveryId: row.id,
        startedAt,
        durationMs: result.durationMs,
        status: result.status,
        ok: result.ok,
        error: result.error,
        responseSnippet: result.responseSnippet,
        manual,
      },
      { status, nextAttemptAt, countsAsAuto: !manual },
    );
    this.onOutcome({ hook, delivery: row, result, status, manual, startedAt });
  }
}
