import {
  channelEventTypes,
  type AppEvent,
  type Channel,
  type ChannelEventType,
  type ChannelTestResult,
  type HookDelivery,
  type MethodArgs,
} from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import { PushNoticeCoalescer, type PushNotice } from '../git/push-notices';
import { systemClock, type Clock } from '../git/types';
import type { DueDelivery, HookRow } from '../outbound-hooks/hook-repo';
import type { HookService } from '../outbound-hooks/hook-service';
import { httpSender, type SendResult, type Sender } from '../outbound-hooks/sender';
import { generateMessageId, generateSecret } from '../outbound-hooks/signing';
import type { SecretBox } from '../secrets/secret-box';
import type { Db } from '../store/db';
import { ChannelRepo, type ChannelRow } from './channel-repo';
import { ChannelUrlError, parseChannelUrl, type ParsedChannelUrl } from './channel-url';
import { messageForEvent, messageForPush, testMessage, type ChannelMessage } from './message';
import { defaultEndpoints, type ChannelEndpoints } from './requests';
import { sendToChannel } from './transport';

export interface ChannelServiceDeps {
  readonly db: Db;
  readonly bus: EventBus;
  /** The outbox channels send through (retries, delivery log, redeliver, auto-disable). */
  readonly hooks: HookService;
  readonly box: SecretBox;
  readonly clock?: Clock;
  readonly sender?: Sender;
  readonly endpoints?: Partial<ChannelEndpoints>;
  /** At most one git-push message per repository per interval; later ones are summed. */
  readonly pushIntervalMs?: number;
}

const routed = new Set<string>(channelEventTypes);

/**
 * Notification channels. Events become short messages written to the hooks' outbox (one row per
 * subscribed channel); the hooks' dispatcher sends them with `send` below. Loop rule: nothing a
 * channel delivery does emits an event a channel routes, except a channel being turned off, which
 * is never routed back to that channel.
 */
export class ChannelService {
  private readonly repo: ChannelRepo;
  private readonly clock: Clock;
  private readonly pushes: PushNoticeCoalescer;
  private readonly endpoints: ChannelEndpoints;
  private readonly sender: Sender;
  private pending: { readonly event: AppEvent | null; readonly message: ChannelMessage }[] = [];
  private flushSoon: NodeJS.Immediate | null = null;
  private unsubscribe: (() => void) | null = null;
  private windowUrl: string | null = null;

  constructor(private readonly deps: ChannelServiceDeps) {
    this.repo = new ChannelRepo(deps.db);
    this.clock = deps.clock ?? systemClock;
    this.sender = deps.sender ?? httpSender;
    this.endpoints = { ...defaultEndpoints, ...deps.endpoints };
    this.pushes = new PushNoticeCoalescer(this.clock, (n) => this.onPushNotice(n), deps.pushIntervalMs ?? 60_000);
    deps.hooks.setChannelSender((hook, delivery, timeoutMs, stop) => this.send(hook, delivery, timeoutMs, stop));
    this.unsubscribe = deps.bus.onEvent((e) => this.onEvent(e));
  }

  /** The window's address (without its token), for links in messages; null in the desktop app. */
  setWindowUrl(url: string | null): void {
    this.windowUrl = url;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.pushes.clear();
    this.flush();
  }

  create(input: MethodArgs<'channels.create'>): Channel {
    const parsed = parse(input.url);
    const projectId = input.projectId ?? null;
    this.checkProject(projectId);
    const id = this.repo.transaction(() => {
      // The secret of the outbox target signs nothing for a channel; the column just must not be empty.
      const target = this.deps.hooks.repo.create(parsed.redacted, null, generateSecret(), this.clock.now(), 'channel');
      this.repo.insert(target.id, {
        kind: parsed.config.kind,
        name: input.name ?? defaultName(parsed),
        urlSealed: this.seal(input.url),
        events: input.events ?? null,
        projectId,
      });
      return target.id;
    });
    return this.toChannel(this.mustGet(id));
  }

  list(): Channel[] {
    const pending = this.deps.hooks.repo.pendingCounts();
    return this.repo.all().map((c) => this.toChannel(c, pending.get(c.id) ?? 0));
  }

  update(input: MethodArgs<'channels.update'>): Channel {
    const before = this.mustGet(input.id);
    const parsed = input.url !== undefined ? parse(input.url) : null;
    if (input.projectId !== undefined) this.checkProject(input.projectId);
    this.repo.transaction(() => {
      this.repo.update(input.id, {
        ...(parsed !== null && input.url !== undefined ? { kind: parsed.config.kind, urlSealed: this.seal(input.url) } : {}),
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.events !== undefined ? { events: input.events } : {}),
        ...(input.projectId !== undefined ? { projectId: input.projectId } : {}),
      });
      this.deps.hooks.repo.update(input.id, {
        ...(parsed !== null ? { url: parsed.redacted } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled, disabledReason: null } : {}),
      });
    });
    // Turned back on, or pointed somewhere new: what waits goes out now.
    if ((input.enabled === true && !before.enabled) || (parsed !== null && (input.enabled ?? before.enabled))) this.deps.hooks.resume(input.id);
    return this.toChannel(this.mustGet(input.id));
  }

  remove(id: number): void {
    if (!this.repo.remove(id)) throw notFound('Channel', id);
  }

  deliveries(input: MethodArgs<'channels.deliveries'>): HookDelivery[] {
    this.mustGet(input.channelId);
    return this.deps.hooks.repo.deliveries(input.channelId, input);
  }

  async redeliver(deliveryId: number): Promise<HookDelivery> {
    const d = this.deps.hooks.repo.delivery(deliveryId);
    if (!d || this.repo.get(d.hookId) === undefined) throw notFound('Channel message', deliveryId);
    return this.deps.hooks.redeliver(deliveryId);
  }

  /** Sends a test message through the outbox now and answers with what the server said. */
  async test(id: number): Promise<ChannelTestResult> {
    const channel = this.mustGet(id);
    if (!channel.enabled) throw new AppError('CONFLICT', `Channel ${String(id)} is turned off. Turn it on first (channels.update with enabled: true).`);
    const [deliveryId] = this.deps.hooks.repo.insertDeliveries(
      [{ hookId: id, messageId: generateMessageId(), eventId: null, eventType: 'channel.test', body: JSON.stringify(testMessage(this.windowUrl)) }],
      this.clock.now(),
    );
    if (!deliveryId) throw new AppError('INTERNAL', 'The test message could not be queued.');
    await this.deps.hooks.redeliver(deliveryId);
    this.repo.settleTest(deliveryId);
    const delivery = this.deps.hooks.repo.delivery(deliveryId);
    if (!delivery) throw notFound('Channel', id); // removed meanwhile
    const last = delivery.attempts[delivery.attempts.length - 1];
    return {
      ok: last?.ok ?? false,
      status: last?.status ?? null,
      answer: last?.responseSnippet ?? null,
      error: last === undefined ? 'no answer yet: the attempt is still running' : last.error,
      delivery,
    };
  }

  /** The dispatcher's way to send one channel row. */
  private async send(hook: HookRow, delivery: DueDelivery, timeoutMs: number, stop: AbortSignal): Promise<SendResult> {
    const channel = this.repo.get(hook.id);
    if (!channel) return failure('the channel was removed');
    let parsed: ParsedChannelUrl;
    try {
      parsed = parseChannelUrl(this.deps.box.decrypt(channel.urlSealed));
    } catch (e) {
      return failure(`the channel's stored URL cannot be used (${e instanceof Error ? e.message : String(e)}); enter it again`);
    }
    let message: ChannelMessage;
    try {
      message = JSON.parse(delivery.body) as ChannelMessage;
    } catch {
      return failure('the stored message is unreadable');
    }
    return sendToChannel({ sender: this.sender, endpoints: this.endpoints }, parsed.config, message, delivery.messageId, timeoutMs, stop);
  }

  private onEvent(e: AppEvent): void {
    if (!routed.has(e.type)) return;
    if (e.type === 'git.push') {
      const d = e.data;
      const s = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
      this.pushes.add({
        repo: s(d['repo']) ?? 'repository',
        pusher: s(d['pusher']),
        commits: typeof d['commitCount'] === 'number' ? d['commitCount'] : 0,
        branch: s(d['branch']),
        tag: s(d['tag']),
        link: s(d['compareUrl']) ?? s(d['repoUrl']),
      });
      return;
    }
    this.queue(e, messageForEvent(e, this.windowUrl));
  }

  private onPushNotice(n: PushNotice): void {
    this.queue(null, messageForPush(n, this.windowUrl));
  }

  /** Outbox rows are written right after the emitter's turn, in one transaction. */
  private queue(event: AppEvent | null, message: ChannelMessage): void {
    this.pending.push({ event, message });
    this.flushSoon ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushSoon) clearImmediate(this.flushSoon);
    this.flushSoon = null;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    const channels = this.repo.all().filter((c) => c.enabled);
    const rows = batch.flatMap(({ event, message }) =>
      channels
        .filter((c) => wants(c, message.eventType, event))
        .map((c) => ({ hookId: c.id, messageId: generateMessageId(), eventId: event?.id ?? null, eventType: message.eventType, body: JSON.stringify(message) })),
    );
    if (rows.length === 0) return;
    this.deps.hooks.repo.insertDeliveries(rows, this.clock.now());
    this.deps.hooks.kick();
  }

  private seal(url: string): string {
    try {
      return this.deps.box.encrypt(url.trim());
    } catch (e) {
      throw new AppError('INTERNAL', `The channel URL cannot be sealed for storage: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private checkProject(projectId: number | null): void {
    if (projectId !== null && !this.repo.projectExists(projectId)) throw notFound('Project', projectId);
  }

  private mustGet(id: number): ChannelRow {
    const c = this.repo.get(id);
    if (!c) throw notFound('Channel', id);
    return c;
  }

  private toChannel(c: ChannelRow, pending?: number): Channel {
    const target = this.deps.hooks.repo.get(c.id);
    return {
      id: c.id,
      kind: c.kind,
      name: c.name,
      url: target?.url ?? '',
      events: c.events === null ? null : [...c.events],
      projectId: c.projectId,
      enabled: c.enabled,
      disabledReason: target?.disabledReason ?? null,
      failingSince: target?.failingSince ?? null,
      pendingDeliveries: pending ?? this.deps.hooks.repo.pendingCounts().get(c.id) ?? 0,
      createdAt: target?.createdAt ?? 0,
    };
  }
}

/** Whether a channel takes a message: its event types, its project, and never news of its own turning off. */
function wants(c: ChannelRow, type: ChannelEventType | 'channel.test', event: AppEvent | null): boolean {
  if (type === 'channel.test') return false;
  if (c.events !== null && !c.events.includes(type)) return false;
  if (c.projectId !== null && event?.projectId !== c.projectId) return false;
  if (type === 'hook.disabled' && event?.data['hookId'] === c.id) return false;
  return true;
}

function parse(url: string): ParsedChannelUrl {
  try {
    return parseChannelUrl(url);
  } catch (e) {
    if (e instanceof ChannelUrlError) throw new AppError('INVALID_INPUT', `url: ${e.message}`);
    throw e;
  }
}

function defaultName(p: ParsedChannelUrl): string {
  const label = { matrix: 'Matrix', ntfy: 'ntfy', gotify: 'Gotify', slack: 'Slack', discord: 'Discord', telegram: 'Telegram', smtp: 'Email' }[p.config.kind];
  const where = p.config.kind === 'smtp' ? p.config.to.join(', ') : p.config.kind === 'ntfy' ? p.config.topic : null;
  return where === null ? label : `${label}: ${where}`;
}

function failure(error: string): SendResult {
  return { status: null, ok: false, error, responseSnippet: null, durationMs: 0, retryAfter: null, interrupted: false };
}
