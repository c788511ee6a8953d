import type { DeliveryEvent, DeliveryMatch, DeliverySummary, Settings } from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { EventBus } from '../events/bus';
import { canonicalRepository } from '../matcher/match';
import type { StageSubscription } from '../matcher/subscription';
import type { Db } from '../store/db';
import type { InboundRequest, InboundResponse } from '../inbound-webhook/listener';
import { maskHeaders, parseWebhook, verifySignature, type GitEvent, type Parsed, type TagEvent } from '../inbound-webhook/parse';
import type { AutoCreator, Created } from './auto-create';
import type { DeliveryRepo, NewDelivery, SignatureState } from './delivery-repo';
import type { SubscriptionReader } from './subscriptions';
import { dueAt, type PlannedMatch, type RecordedMatch, type RouteContext, type TagInput, type TagRouter } from '../matcher/tag-router';
import { WriteBatcher } from './write-batch';
import { responseBody } from './response';
import type { VendorSecretStore } from './vendor-secrets';
import type { TagActionRepo } from './tag-action-repo';
import { autoCreateTrust, signatureGate, type SignatureGate } from './trust';
import { NotCreated } from './auto-create';

export interface GitPushSink {
  record(event: GitEvent, opts: { readonly deliveryKey: string }): unknown;
}

export interface IntakeDeps {
  readonly db: Db;
  readonly deliveries: DeliveryRepo;
  readonly actions: TagActionRepo;
  readonly reader: SubscriptionReader;
  readonly router: TagRouter;
  readonly secrets: VendorSecretStore;
  readonly settings: () => Settings;
  readonly bus: EventBus;
  /** Loop rule: requests from Slipway's own hooks are recorded, never acted on. */
  readonly isOwnDelivery: (headers: InboundRequest['headers']) => boolean;
  readonly autoCreator?: AutoCreator | null;
  /** Registries saved in Settings → Registries: trusted for auto-create like the allow-list setting. */
  readonly savedRegistries?: () => readonly string[];
  /** Learns a tag's digest from its registry when the sender did not say (Docker Hub, Quay, Gitea). */
  readonly resolveDigest?: ((repository: string, tag: string, signal: AbortSignal) => Promise<string>) | null;
  readonly gitPushes?: GitPushSink | null;
  /** Told after each recorded delivery (live "Recent deliveries"). */
  readonly onRecorded?: (summary: DeliverySummary) => void;
  readonly now?: () => number;
  /** Repeats of a vendor's stable delivery id are duplicates for this long. */
  readonly stableWindowMs?: number;
  /** Repeats of the same body (senders without a stable id) are duplicates for this long. */
  readonly contentWindowMs?: number;
  readonly digestTimeoutMs?: number;
}

interface Options {
  readonly replayOf?: number;
  /** A replay: whether the original delivery was signed (auto-create trusts what was signed). */
  readonly originallySigned?: boolean;
}

interface ImageWork {
  readonly kind: 'image';
  readonly input: TagInput;
  readonly subs: readonly StageSubscription[];
  created: Created | null;
  note: string | null;
  /** Auto-create was refused (untrusted, or the image is not in its registry): the note says why. */
  readonly notCreated: boolean;
  plans: PlannedMatch[];
  recorded: RecordedMatch[];
}

interface GitWork {
  readonly kind: 'git';
  readonly event: GitEvent;
}

type Work = ImageWork | GitWork;

const DAY = 24 * 3600 * 1000;
const RETENTION_MS = 7 * DAY;
/** How long a tag's action on a stage is remembered (a redelivery older than this could act again). */
const ACTION_RETENTION_MS = 90 * DAY;

/**
 * Turns a request that came through the secret URL into a recorded delivery and an answer:
 * own-hook check → parse → signature → dedupe → match (auto-create) → deploy / update available.
 * A 202 is sent only once the delivery and the actions it caused are committed.
 */
export class WebhookIntake {
  private readonly now: () => number;
  private readonly stableWindowMs: number;
  private readonly contentWindowMs: number;
  private pruneTimer: NodeJS.Timeout | null = null;
  private readonly batch: WriteBatcher;

  constructor(private readonly d: IntakeDeps) {
    this.batch = new WriteBatcher(d.db);
    this.now = d.now ?? Date.now;
    this.stableWindowMs = d.stableWindowMs ?? 3 * DAY;
    this.contentWindowMs = d.contentWindowMs ?? 10 * 60_000;
  }

  start(): void {
    this.prune();
    this.pruneTimer = setInterval(() => this.prune(), 10 * 60_000);
    this.pruneTimer.unref();
  }

  stop(): void {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.pruneTimer = null;
  }

  prune(): void {
    this.d.deliveries.prune(this.now() - RETENTION_MS);
    this.d.actions.prune(this.now() - ACTION_RETENTION_MS);
  }

  /** The listener's webhook handler. */
  async handle(req: InboundRequest): Promise<InboundResponse> {
    return (await this.process(req, {})).response;
  }

  /** Records a request the listener refused before reading it (too large, wrong method). */
  rejected(req: Omit<InboundRequest, 'body'>, status: number, reason: string): InboundResponse {
    const verdict = status === 413 ? 'too-large' : 'invalid';
    const id = this.d.deliveries.insert(record(this.baseOf(req, null), UNREAD, { verdict, status, reason, response: { error: reason } }));
    return { status, body: { delivery: id, error: reason } };
  }

  /** Runs a recorded request again as a new delivery (no signature check: the original passed it). */
  async replay(id: number): Promise<DeliverySummary> {
    const stored = this.d.deliveries.request(id);
    if (!stored) throw notFound('Delivery', id);
    if (stored.verdict === 'unauthorized' || stored.signature === 'invalid' || stored.signature === 'missing') {
      throw new AppError('UNAUTHORIZED', `Delivery ${id} failed its signature check, so it cannot be replayed. Fix the secret on the sender and send it again.`);
    }
    if (stored.headers === null || stored.body === null) {
      throw new AppError('CONFLICT', `Delivery ${id} has no body to replay (it was too large, or is old enough that only its summary is kept). Send it again from the sender.`);
    }
    const { id: newId } = await this.process({ method: 'POST', headers: stored.headers, body: stored.body, remoteAddress: stored.source }, { replayOf: id, originallySigned: stored.signature === 'valid' });
    const summary = this.d.deliveries.summary(newId);
    if (!summary) throw notFound('Delivery', newId);
    return summary;
  }

  private async process(req: InboundRequest, opts: Options): Promise<{ id: number; response: InboundResponse }> {
    const base = this.baseOf(req, opts.replayOf ?? null);
    try {
      return await this.understand(req, opts, base);
    } catch (error) {
      const reason = `Slipway failed while handling this request: ${error instanceof Error ? error.message : String(error)}`;
      this.d.bus.emit({ type: 'webhook.failed', level: 'error', message: reason, data: { stack: error instanceof Error ? error.stack : undefined } });
      const id = this.d.deliveries.insert(record(base, UNREAD, { verdict: 'error', status: 500, reason, response: { error: reason } }));
      return { id, response: { status: 500, body: { delivery: id, error: 'internal error; the request was recorded' } } };
    }
  }

  private async understand(req: InboundRequest, opts: Options, base: Base): Promise<{ id: number; response: InboundResponse }> {
    const replay = opts.replayOf !== undefined;
    if (this.d.isOwnDelivery(req.headers)) {
      const reason = 'sent by a Slipway hook: recorded, never acted on (a hook must not trigger deploys)';
      return this.answer(record(base, OWN, { verdict: 'own', status: 200, reason, response: { events: [], ignored: reason } }));
    }

    const parsed = parseWebhook({ headers: req.headers, body: req.body });

    let signature: SignatureState = 'replayed';
    if (!replay) {
      const gate = this.checkSignature(req, parsed, base);
      signature = gate.signature;
      if (!gate.ok) return this.answer(record(base, aboutOf(parsed, signature), { verdict: 'unauthorized', status: 401, reason: gate.reason, response: { error: gate.reason } }));
    }
    const signed = aboutOf(parsed, signature);

    const outcome = parsed.outcome;
    if (outcome.kind === 'invalid') {
      return this.answer(record(base, signed, { verdict: 'invalid', status: outcome.status, reason: outcome.reason, response: { error: outcome.reason } }));
    }

    const dedupeKey = parsed.dedupeKey;
    const repeatOf = (): number | null => (replay ? null : this.firstWithKey(parsed));
    if (outcome.kind === 'ignored') {
      const response = { events: [], ignored: outcome.reason };
      return this.answerUnlessRepeat(repeatOf, base, signed, record(base, signed, { dedupeKey, verdict: 'ignored', status: 200, reason: outcome.reason, response }));
    }

    // Slow parts (registry look-ups, auto-create) happen before the write; a repeat is caught first so it does none of them.
    if (this.needsLookups(outcome.events)) {
      const first = repeatOf();
      if (first !== null) return this.answer(duplicateOf(base, signed, dedupeKey, first));
    }
    const work = await this.prepareWork(outcome.events, signature === 'valid' || opts.originallySigned === true);

    const ignoredParts = outcome.ignoredParts && outcome.ignoredParts.length > 0 ? outcome.ignoredParts.join('; ') : null;
    const reason = withNotCreated(ignoredParts, work);
    const committed = await this.batch.submit(() => {
      // Checked inside the write: a repeat may have been committed a moment ago (or earlier in this batch).
      const first = repeatOf();
      if (first !== null) {
        const dup = duplicateOf(base, signed, dedupeKey, first);
        return { kind: 'duplicate', id: this.d.deliveries.insert(dup), dup } as const;
      }
      const appearedAt = this.now();
      for (const w of work) if (w.kind === 'image') w.plans = this.d.router.plan(w.input, w.subs, 'webhook', appearedAt);
      const events = work.map(toDeliveryEvent);
      const response = responseBody(events, ignoredParts);
      const draft = record(base, signed, { dedupeKey, verdict: 'accepted', status: 202, reason, events, response });
      const id = this.d.deliveries.insert(draft);
      const ctx: RouteContext = { source: 'webhook', appearedAt, deliveryId: id, reason: `webhook delivery ${String(id)} (${parsed.vendor}${parsed.event ? ` ${parsed.event}` : ''})` };
      work.forEach((w, i) => {
        if (w.kind === 'image') w.recorded = this.d.router.record(w.input, w.plans, ctx);
        else this.d.gitPushes?.record(w.event, { deliveryKey: work.length > 1 ? `${dedupeKey}#${String(i)}` : dedupeKey });
      });
      return { kind: 'accepted', id, ctx, events, response, draft } as const;
    });
    if (committed.kind === 'duplicate') return this.answered(committed.id, committed.dup);

    const events = (await this.settle(work, committed.id, committed.ctx)) ?? committed.events;
    this.notify(committed.id, committed.draft, events);
    return { id: committed.id, response: { status: 202, body: { delivery: committed.id, ...committed.response } } };
  }

  /** The sender's signature against the vendor secret and the unsigned-delivery setting; a refusal is logged. */
  private checkSignature(req: InboundRequest, parsed: Parsed, base: Base): SignatureGate {
    const check = verifySignature(parsed.vendor, { headers: req.headers, body: req.body }, this.d.secrets.current());
    const gate = signatureGate({
      vendor: parsed.vendor,
      verdict: check.verdict,
      scheme: check.scheme,
      detail: check.detail,
      configured: this.d.secrets.configured(),
      acceptUnsigned: this.d.settings().acceptUnsigned,
    });
    if (!gate.ok) this.d.bus.emit({ type: 'webhook.unauthorized', level: 'warn', message: `Refused a ${parsed.vendor} webhook: ${gate.reason}`, data: { vendor: parsed.vendor, source: base.source } });
    return gate;
  }

  /** Each event made ready to record: git pushes as they are, images with their digest and subscriptions (created if trusted). */
  private async prepareWork(events: readonly (TagEvent | GitEvent)[], wasSigned: boolean): Promise<Work[]> {
    const work: Work[] = [];
    for (const e of events) {
      if (e.kind === 'git') {
        work.push({ kind: 'git', event: e });
        continue;
      }
      const w = this.prepareImage(e, wasSigned);
      work.push(w instanceof Promise ? await w : w);
    }
    return work;
  }

  /**
   * After the delivery is committed: lets the router queue the deploys it planned, then records which
   * were queued. Returns the events with their deploy ids, or null when nothing was queued.
   */
  private async settle(work: readonly Work[], deliveryId: number, ctx: RouteContext): Promise<DeliveryEvent[] | null> {
    const marks: [number, number | null][] = [];
    for (const w of work) {
      // Most deliveries match nothing: no need to wait on a settle that has nothing to do.
      if (w.kind !== 'image' || w.recorded.length === 0) continue;
      await this.d.router.settle(w.input, w.recorded, ctx, (actionId, deployId) => marks.push([actionId, deployId]));
    }
    if (marks.length === 0) return null;
    // One more write for the follow-ups: which deploys were queued (and their ids, for the record).
    const withIds = work.map(toDeliveryEvent);
    await this.batch.submit(() => {
      for (const [actionId, deployId] of marks) this.d.actions.markQueued(actionId, deployId);
      this.d.deliveries.setEvents(deliveryId, withIds);
    });
    return withIds;
  }

  /** Events whose handling waits on the network: a digest to look up, or a project to create. */
  private needsLookups(events: readonly (TagEvent | GitEvent)[]): boolean {
    return events.some((e) => {
      if (e.kind !== 'image') return false;
      const repository = canonicalRepository(e.registry, e.repository);
      if (repository === null) return false;
      const known = this.d.reader.byImage(repository).length > 0;
      return known ? !e.digest && this.d.resolveDigest != null : this.d.autoCreator != null;
    });
  }

  /** What an image event needs before matching; synchronous unless the registry must be asked or a project created. */
  private prepareImage(e: TagEvent, signed: boolean): ImageWork | Promise<ImageWork> {
    const repository = canonicalRepository(e.registry, e.repository) ?? `${e.registry}/${e.repository}`;
    const subs = this.d.reader.byImage(repository);
    const digest = e.digest ?? null;
    const work = (s: readonly StageSubscription[], d: string | null, created: Created | null, note: string | null, notCreated = false): ImageWork => ({
      kind: 'image',
      input: { repository, tag: e.tag, digest: d },
      subs: s,
      created,
      note,
      notCreated,
      plans: [],
      recorded: [],
    });
    if (subs.length > 0 && (digest !== null || !this.d.resolveDigest)) {
      // A sender's retry can arrive while the first request's project is stored but its creation not yet finished.
      const creating = this.d.autoCreator?.creating(repository);
      if (creating) return creating.then((c) => work(subs, digest, c, null)).catch(() => work(subs, digest, null, null));
      return work(subs, digest, this.d.autoCreator?.createdLately(repository) ?? null, null);
    }
    const creator = this.d.autoCreator;
    if (subs.length === 0 && !(creator && this.d.settings().autoCreate)) {
      return work(subs, digest, null, creator ? 'no project uses this repository (auto-create is off in Settings)' : 'no project uses this repository');
    }
    if (subs.length === 0) {
      const trust = autoCreateTrust({ signed, registry: e.registry, allowList: this.d.settings().autoCreateRegistries, saved: this.d.savedRegistries?.() ?? [] });
      if (!trust.trusted) return work(subs, digest, null, trust.reason, true);
    }
    return (async () => {
      let found = subs;
      let created: Created | null = found.length > 0 ? (creator?.createdLately(repository) ?? null) : null;
      let note: string | null = null;
      let notCreated = false;
      if (found.length === 0 && creator) {
        try {
          created = await creator.ensure(repository, e.tag, digest, null);
          found = this.d.reader.byImage(repository);
        } catch (error) {
          notCreated = error instanceof NotCreated;
          note = notCreated ? (error as NotCreated).message : `no project uses this repository and creating one failed: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      let resolved = digest;
      if (resolved === null && found.length > 0 && this.d.resolveDigest) {
        try {
          resolved = await this.d.resolveDigest(repository, e.tag, AbortSignal.timeout(this.d.digestTimeoutMs ?? 5000));
        } catch {
          resolved = null; // the deployer resolves it when it pulls
        }
      }
      return work(found, resolved, created, note, notCreated);
    })();
  }


  private firstWithKey(parsed: Parsed): number | null {
    // Ids and signed bodies identify one event for days; a bare body hash only for a short while.
    const key = parsed.dedupeKey;
    const window = key.includes(':id:') || key.includes(':body:') ? this.stableWindowMs : this.contentWindowMs;
    return this.d.deliveries.firstWithKey(parsed.dedupeKey, this.now() - window);
  }

  /** Records a delivery and answers for it, once committed. */
  private async answer(d: NewDelivery): Promise<{ id: number; response: InboundResponse }> {
    return this.answered(await this.batch.submit(() => this.d.deliveries.insert(d)), d);
  }

  /** Like `answer`, unless the same delivery was seen before: then it is recorded as a duplicate. */
  private async answerUnlessRepeat(repeatOf: () => number | null, base: Base, about: About, d: NewDelivery): Promise<{ id: number; response: InboundResponse }> {
    const out = await this.batch.submit(() => {
      const first = repeatOf();
      const draft = first === null ? d : duplicateOf(base, about, d.dedupeKey, first);
      return { id: this.d.deliveries.insert(draft), draft };
    });
    return this.answered(out.id, out.draft);
  }

  private answered(id: number, d: NewDelivery): { id: number; response: InboundResponse } {
    this.notify(id, d);
    return { id, response: { status: d.status, body: { delivery: id, ...d.response } } };
  }

  /** Tells the live "Recent deliveries" view, from what was just written (no read back). */
  private notify(id: number, d: NewDelivery, events = d.events): void {
    this.d.onRecorded?.({
      id,
      receivedAt: d.receivedAt,
      source: d.source,
      vendor: d.vendor,
      event: d.event,
      deliveryId: d.deliveryId,
      verdict: d.verdict,
      status: d.status,
      reason: d.reason,
      signature: d.signature,
      events: [...events],
      replayOf: d.replayOf,
      duplicateOf: d.duplicateOf,
      bodyBytes: d.bodyBytes,
    });
  }

  private baseOf(req: Omit<InboundRequest, 'body'> & { body?: Buffer }, replayOf: number | null): Base {
    return {
      receivedAt: this.now(),
      source: req.remoteAddress || 'unknown',
      headersJson: JSON.stringify(maskHeaders(req.headers)),
      body: req.body ?? null,
      bodyBytes: req.body?.length ?? 0,
      replayOf,
    };
  }
}

type Base = Pick<NewDelivery, 'receivedAt' | 'source' | 'headersJson' | 'body' | 'bodyBytes' | 'replayOf'>;
/** Who sent a delivery and whether it was signed. */
type About = Pick<NewDelivery, 'vendor' | 'event' | 'deliveryId' | 'signature'>;
/** What became of it. */
type Fate = Pick<NewDelivery, 'verdict' | 'status' | 'reason' | 'response'> & Partial<Pick<NewDelivery, 'dedupeKey' | 'events' | 'duplicateOf'>>;

const UNREAD: About = { vendor: 'unknown', event: '', deliveryId: null, signature: null };
const OWN: About = { vendor: 'slipway', event: '', deliveryId: null, signature: null };

const aboutOf = (parsed: Parsed, signature: SignatureState): About => ({ vendor: parsed.vendor, event: parsed.event, deliveryId: parsed.deliveryId, signature });

/**
 * A delivery's row, each field named once. (Spreading an object into a literal that adds fields after it
 * costs microseconds per call on this V8, and this runs for every request.)
 */
function record(base: Base, about: About, fate: Fate): NewDelivery {
  return {
    receivedAt: base.receivedAt,
    source: base.source,
    headersJson: base.headersJson,
    body: base.body,
    bodyBytes: base.bodyBytes,
    replayOf: base.replayOf,
    vendor: about.vendor,
    event: about.event,
    deliveryId: about.deliveryId,
    signature: about.signature,
    dedupeKey: fate.dedupeKey ?? null,
    verdict: fate.verdict,
    status: fate.status,
    reason: fate.reason,
    events: fate.events ?? [],
    response: fate.response,
    duplicateOf: fate.duplicateOf ?? null,
  };
}

function duplicateOf(base: Base, about: About, dedupeKey: string | null, first: number): NewDelivery {
  const reason = `already received as delivery ${String(first)}`;
  return record(base, about, { dedupeKey, verdict: 'duplicate', status: 200, reason, duplicateOf: first, response: { events: [], ignored: reason } });
}

/** The delivery's reason also says which images were not auto-created, and why (shown in the list). */
function withNotCreated(ignored: string | null, work: readonly Work[]): string | null {
  let out = ignored;
  for (const w of work) if (w.kind === 'image' && w.notCreated && w.note) out = out ? `${out}; ${w.note}` : w.note;
  return out;
}

function toDeliveryEvent(w: Work): DeliveryEvent {
  if (w.kind === 'git') return { kind: 'git', repo: w.event.repo, ref: w.event.ref, commit: w.event.commit };
  const matches = w.recorded.length > 0 ? w.recorded.map((m) => toMatch(m, m.deployId)) : w.plans.map((m) => toMatch(m, null));
  const note = matches.length > 0 ? null : (w.note ?? (w.subs.length > 0 ? 'no stage’s tag pattern matches this tag' : 'no project uses this repository'));
  return { kind: 'image', repository: w.input.repository, tag: w.input.tag, digest: w.input.digest, matches, created: w.created, note };
}


function toMatch(m: PlannedMatch, deployId: number | null): DeliveryMatch {
  return { project: m.sub.project, stage: m.sub.stage, action: m.action, projectId: m.sub.projectId, stageId: m.sub.stageId, deployId, notBefore: dueAt(m) };
}
