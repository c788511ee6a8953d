import type { ProjectCreate, Settings } from '../../preload/contract';
import type { deliveryMethods } from '../../preload/contract/deliveries';
import type { pollerMethods } from '../../preload/contract/poller';
import type { HandlersOf } from '../dispatch/dispatch';
import type { EventBus } from '../events/bus';
import type { Notifier } from '../notify/notifier';
import { pollerHandlers } from '../poller/handlers';
import { PollService } from '../poller/poll-service';
import { PollCycle, type PollRegistry } from '../poller/poller';
import { PollStateRepo } from '../poller/poll-state-repo';
import { RegistryClient } from '../oci-client/client';
import { RegistryRepo } from '../registry-logins/registry-repo';
import { DOCKER_HUB } from '../oci-client/image-ref';
import type { Db } from '../store/db';
import type { SettingsRepo } from '../store/settings-repo';
import type { ListenerHandlers } from '../inbound-webhook/listener';
import { isOwnDelivery } from '../outbound-hooks/own-delivery';
import { AutoCreator } from './auto-create';
import { cachedBy, ChangeWatch } from './change-watch';
import { DeliveryRepo } from './delivery-repo';
import type { DeployPort } from './deploy-port';
import { deliveryHandlers } from './handlers';
import { healthReport } from './health';
import { WebhookIntake, type GitPushSink } from './intake';
import { OwedDeploys } from './owed-deploys';
import { SubscriptionReader } from './subscriptions';
import { TagActionRepo } from './tag-action-repo';
import { TagRouter } from '../matcher/tag-router';
import { VendorSecretStore } from './vendor-secrets';
import { systemClock, type Clock } from '../triggers/clock';
import { windowHold } from '../triggers/update-window';

export type ProjectCreator = (input: ProjectCreate) => Promise<{ readonly id: number; readonly name: string }> | { readonly id: number; readonly name: string };

export interface ChangeDetectionDeps {
  readonly db: Db;
  readonly bus: EventBus;
  readonly notifier: Notifier;
  readonly settings: SettingsRepo;
  readonly version: string;
  /** The deployer's queue; null while there is none (deploys are then owed and queued once it exists). */
  readonly deployQueue: () => DeployPort | null;
  /** The projects service's create, for auto-create; null turns auto-create off. */
  readonly createProject: () => ProjectCreator | null;
  readonly gitPushes?: GitPushSink | null;
  /** Shared registry client (credentials, limits); one is made when absent. */
  readonly registry?: RegistryClient;
  /** Scheduled-poll jitter ceiling; tests set 0. */
  readonly maxJitterMs?: number;
  /** Time for minimum image ages and update windows; tests move it. */
  readonly clock?: Clock;
}

export interface ChangeDetection {
  readonly intake: WebhookIntake;
  readonly poller: PollService;
  readonly registry: RegistryClient;
  /** What matching tags did per stage (owed deploys, tags held for an update window). */
  readonly actions: TagActionRepo;
  /** Every image stage as the matcher sees it. */
  readonly subscriptions: SubscriptionReader;
  readonly listenerHandlers: ListenerHandlers;
  readonly handlers: HandlersOf<typeof deliveryMethods & typeof pollerMethods>;
  /** Reacts to settings.update (poll schedule, pause). */
  onSettingsChanged(next: Settings, previous: Settings): void;
  /** The deployer became available, or an update window changed: queue what is owed. */
  deployerReady(): void;
  start(): void;
  stop(): Promise<void>;
}

/** Webhook intake, matching, auto-create and the registry poller, built and wired together. */
export function createChangeDetection(d: ChangeDetectionDeps): ChangeDetection {
  const watch = new ChangeWatch(d.db);
  // Read per request on the hot path: kept in memory until the settings table changes.
  const settings: () => Settings = cachedBy(watch, ['settings'], () => d.settings.read());
  const registry = d.registry ?? new RegistryClient();
  const deliveries = new DeliveryRepo(d.db);
  const actions = new TagActionRepo(d.db);
  const reader = new SubscriptionReader(d.db, watch);
  const secrets = new VendorSecretStore(d.settings);
  const clock = d.clock ?? systemClock;
  const router = new TagRouter({ actions, bus: d.bus, notifier: d.notifier, settings, queue: d.deployQueue, onOwed: () => owed.wake(), now: () => clock.now() });
  const owed = new OwedDeploys(actions, router, clock, (stageId, now) => windowHold(reader.stage(stageId)?.updateWindow, now));
  const registryRows = new RegistryRepo(d.db);
  // Saved registries are trusted for auto-create; read only when an unknown image arrives, kept until the table changes.
  const savedRegistries = cachedBy(watch, ['registries'], () => registryRows.list().map((r) => r.host));

  const autoCreator = autoCreatorOf(d, registry);

  const intake = new WebhookIntake({
    db: d.db,
    deliveries,
    actions,
    reader,
    router,
    secrets,
    settings,
    bus: d.bus,
    isOwnDelivery,
    autoCreator,
    savedRegistries,
    resolveDigest: async (repository, tag, signal) => (await registry.headManifest(repository, tag, { signal })).digest,
    gitPushes: d.gitPushes ?? null,
    onRecorded: (summary) => d.bus.push('delivery', summary),
  });

  const poller = pollerOf(d, registry, router, reader, settings);

  return {
    intake,
    poller,
    registry,
    actions,
    subscriptions: reader,
    listenerHandlers: {
      onWebhook: (req) => intake.handle(req),
      onRejected: (req, status, reason) => intake.rejected(req, status, reason),
      health: () => healthReport(d.version, reader),
      maxConnections: () => settings().webhookMaxConnections,
    },
    handlers: {
      ...deliveryHandlers({ deliveries, intake, secrets, bus: d.bus }),
      ...pollerHandlers(poller),
    },
    onSettingsChanged(next, previous) {
      if (next.pollSchedule !== previous.pollSchedule) poller.reschedule();
      if (next.pollPaused !== previous.pollPaused) {
        d.bus.emit({ type: next.pollPaused ? 'poll.paused' : 'poll.resumed', message: next.pollPaused ? 'Registry polling paused' : 'Registry polling resumed' });
      }
    },
    deployerReady: () => owed.wake(),
    start() {
      intake.start();
      owed.start();
      poller.start();
    },
    async stop() {
      await poller.stop();
      await owed.stop();
      intake.stop();
    },
  };
}

/** Creates a project for an unknown image when trusted, reading its manifest and config from the registry. */
function autoCreatorOf(d: ChangeDetectionDeps, registry: RegistryClient): AutoCreator {
  return new AutoCreator({
    create: (input) => {
      const create = d.createProject();
      if (!create) throw new Error('projects cannot be created in this build');
      return create(input);
    },
    findManifest: (repository, reference, signal) => registry.headManifest(repository, reference, { signal }),
    inspect: async (repository, reference, signal) => {
      const cfg = await registry.getImageConfig(repository, reference, undefined, { signal });
      return { exposedPorts: cfg.exposedPorts, hasHealthcheck: cfg.healthcheck !== null };
    },
    bus: d.bus,
  });
}

/** The registry poller: scheduled cycles over every polled stage, through the same router as webhooks. */
function pollerOf(d: ChangeDetectionDeps, registry: RegistryClient, router: TagRouter, reader: SubscriptionReader, settings: () => Settings): PollService {
  const pollRegistry: PollRegistry = {
    listTags: (repository, opts) => registry.listTags(repository, opts),
    headManifest: (repository, tag, opts) => registry.headManifest(repository, tag, opts),
    requestCount: () => registry.stats().requests,
    tagTimes: (repository, opts) =>
      repository.startsWith(`${DOCKER_HUB}/`) ? registry.hubTagTimes(repository, opts).then((tags) => new Map(tags.map((t) => [t.tag, t.at]))) : null,
  };
  const pollState = new PollStateRepo(d.db);
  const cycle = new PollCycle({ db: d.db, state: pollState, router, registry: pollRegistry, bus: d.bus, settings, stages: () => reader.all() });
  return new PollService({
    cycle,
    state: pollState,
    bus: d.bus,
    stages: () => reader.all(),
    stage: (id) => reader.stage(id),
    globalSchedule: () => settings().pollSchedule,
    paused: () => settings().pollPaused,
    ...(d.maxJitterMs !== undefined ? { maxJitterMs: d.maxJitterMs } : {}),
  });
}
