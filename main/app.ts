import path from 'node:path';
import { createDispatch, type Dispatch, type Handlers } from './dispatch/dispatch';
import { Engine } from './docker/engine';
import { Engines } from './docker/engines';
import { engineHandlers } from './docker/engine-handlers';
import { engineOfContainer } from './docker/container-engine';
import { resolveDockerHost } from './docker/endpoint';
import { EventBus } from './events/bus';
import { eventHandlers } from './events/handlers';
import { settingsHandlers } from './settings/handlers';
import { openStore, type Db } from './store/db';
import { startCheckpointer } from './store/checkpointer';
import { EventRepo } from './store/event-repo';
import { SettingsRepo } from './store/settings-repo';
import { systemHandlers } from './system/handlers';
import { WebhookListener } from './inbound-webhook/listener';
import { WebhookSecret } from './inbound-webhook/secret';
import type { RawRoute } from './http/raw-route';
import type { AppEvent, EngineState, Settings } from '../preload/contract';
import { createNotifier, type NativeNotify } from './notify/notifier';
import { HookService, type HookServiceOptions } from './outbound-hooks/hook-service';
import { hooksHandlers } from './outbound-hooks/handlers';
import { ChannelService, type ChannelServiceDeps } from './channels/channel-service';
import { channelHandlers } from './channels/handlers';
import { LogRuleService } from './logscan/log-rule-service';
import { testPattern } from './logscan/pattern-tester';
import { logRuleHandlers } from './logscan/handlers';
import type { LogLine } from './logscan/scanner';
import { GitPushService } from './git/git-push-service';
import { gitHandlers } from './git/handlers';
import { followDeployer } from './git/follow-deployer';
import { InstanceRepo } from './store/instance-repo';
import { StageRepo } from './store/stage-repo';
import { createChangeDetection } from './intake/change-detection';
import { AppError } from './dispatch/app-error';
import { createVolumes } from './volumes/create';
import { createLogs } from './logs/create';
import { createStats } from './stats/create';
import { startEventNotices } from './notify/event-notices';
import { createRegistries } from './registry-logins/create';
import { GitCredentials, gitCredentialHandlers } from './sources/static/git-credentials';
import { staticRefHandlers } from './sources/static/handlers';
import type { SecretBox } from './secrets/secret-box';
import { storeSecretBox } from './secrets/store-box';
import type { TransferHolder } from './volumes/transfer';
import type { DownloadTickets } from './http/download-tickets';
import { createDeployments, type Deployments } from './deployments/create';
import { createTriggers, type Triggers } from './triggers/create';
import { systemClock, type Clock } from './triggers/clock';
import { connectProxy, defaultProxyLaunch, findFreePort, isPortFree } from './proxy';
import { followPushes } from './sources/static/triggers';
import { scheduleStaticPolls } from './sources/static/poll-schedule';
import { makeDataDirPrivate, privateDirNotice } from './private-files';

export interface AppOptions {
  readonly dataDir: string;
  readonly mode: 'desktop' | 'headless';
  readonly version: string;
  /** Overrides the saved listener port for this run (0 = any free port, not saved). */
  readonly webhookPort?: number;
  readonly webhookHost?: string;
  /** The Docker endpoint for this run (`serve --docker-host`): over the setting and DOCKER_HOST until the setting is changed. */
  readonly dockerHost?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Native notifications (the desktop shell); every mode gets in-app toasts. */
  readonly nativeNotify?: NativeNotify;
  /** Outbound hook tuning (retry schedule, timeouts); tests shorten it. */
  readonly hooks?: Omit<HookServiceOptions, 'version'>;
  /** Notification channel tuning (service endpoints, push interval); tests point them at loopback. */
  readonly channels?: Pick<ChannelServiceDeps, 'endpoints' | 'pushIntervalMs' | 'clock'>;
  /** Seals registry passwords (the desktop shell passes the OS keychain); default: the key file DATA_DIR/secret.key. */
  readonly secretBox?: SecretBox;
  /** Time for stage schedules, update windows and minimum image ages; tests move it. */
  readonly clock?: Clock;
  /** SSH host keys trusted for SSH engines (default ~/.ssh/known_hosts); tests point it at their own. */
  readonly knownHostsFile?: string;
  /** The Docker CLI's folder for contexts (default DOCKER_CONFIG, else ~/.docker). */
  readonly dockerConfigDir?: string;
  /** Time between the reconciler's periodic passes (default 15 s); deaths are seen at once through events. */
  readonly reconcileIntervalMs?: number;
}

export interface App {
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  readonly db: Db;
  readonly engine: Engine;
  /** Every engine stages run on, by name ("local" is `engine`). */
  readonly engines: Engines;
  readonly listener: WebhookListener;
  readonly dataDir: string;
  /** Streaming transfer routes (files, log downloads) served under /api/raw/ by the HTTP transport. */
  readonly rawRoutes: RawRoute[];
  /** Persisted events after an id, oldest first: catch-up for a client that reconnects. */
  replayEvents(afterId: number, limit: number): AppEvent[];
  /** Log lines for the log-scan rules: the log streaming service calls `consume` with every batch. */
  readonly logScan: { consume(batch: readonly LogLine[]): void };
  /** Git pushes from the inbound listener: `gitPushes.record(event, { deliveryKey })`. */
  readonly gitPushes: GitPushService;
  /** Notification channels; the headless shell gives them the window's address for links. */
  readonly channels: ChannelService;
  /** The desktop shell sets `transfer.current = { baseUrl, token }` once its loopback server for /api/raw/ listens. */
  readonly transfer: TransferHolder;
  /** Single-use download links (`system.downloadUrl`), redeemed by the HTTP transport. */
  readonly downloadTickets: DownloadTickets;
  /** Projects, stages, the deploy queue, the reconciler and the proxy connection. */
  readonly deployments: Deployments;
  /** Stage schedules and update windows. */
  readonly triggers: Triggers;
  /** Things the user must be told at start-up (the shell prints them; they are in the event log too). */
  readonly startupNotices: readonly string[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root shared by the desktop app and `slipway serve`: builds every
 * service, wires the handlers, and starts/stops them in order. Nothing here imports Electron.
 */
export function createApp(opts: AppOptions): App {
  const core = openCore(opts);
  const services = createServices(opts, core);
  const { db, bus, engine, engines, events, checkpointer, privacyNotice } = core;
  const { volumes, logs, logRules, gitPushes, channels, deployments, triggers, listener } = services;

  const dispatch = createDispatch(appHandlers(opts, core, services), (method, error) => {
    bus.emit({ type: 'app.bug', level: 'error', message: `Unexpected error in ${method}: ${String(error)}`, data: { stack: error instanceof Error ? error.stack : undefined } });
  });
  reportEngineStatus(engine, bus);

  const stops: (() => Promise<void> | void)[] = [];
  const rawRoutes: RawRoute[] = [...volumes.rawRoutes, ...logs.rawRoutes];

  return {
    dispatch,
    bus,
    db,
    engine,
    engines,
    listener,
    dataDir: opts.dataDir,
    rawRoutes,
    replayEvents: (afterId, limit) => events.list({ afterId, limit }).reverse(),
    logScan: logRules,
    gitPushes,
    channels,
    transfer: volumes.transfer,
    downloadTickets: volumes.downloadTickets,
    deployments,
    triggers,
    startupNotices: privacyNotice === null ? [] : [privacyNotice],
    start: () => startInOrder(opts, core, services, stops),
    async stop() {
      while (stops.length > 0) await stops.pop()?.();
      services.unfollowPushes();
      await checkpointer.stop();
      db.close();
    },
  };
}

/** The data directory, the store and what lives beside it: settings, the event log and bus, the engine. */
function openCore(opts: AppOptions) {
  // Before the store opens: the umask makes SQLite's files (and everything else) private from birth.
  const privacy = makeDataDirPrivate(opts.dataDir);
  const privacyNotice = privateDirNotice(opts.dataDir, privacy);
  const dbFile = path.join(opts.dataDir, 'slipway.db');
  // One box seals every secret in the store: registry passwords, webhook and signing secrets.
  const secretBox = storeSecretBox(opts.dataDir, opts.secretBox);
  const db = openStore(dbFile, { backgroundCheckpoints: true, secretBox });
  const checkpointer = startCheckpointer(dbFile);
  const settings = new SettingsRepo(db, secretBox);
  const events = new EventRepo(db);
  const bus = new EventBus(events);
  const engine = new Engine(opts.dockerHost ?? resolveDockerHost(settings.read().dockerHost, opts.env));
  const secret = new WebhookSecret(settings);
  const engines = new Engines({
    db,
    local: engine,
    ...(opts.knownHostsFile !== undefined ? { knownHostsFile: opts.knownHostsFile } : {}),
    ...(opts.dockerConfigDir !== undefined ? { dockerConfigDir: opts.dockerConfigDir } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    onChange: (name, state) => reportRemoteEngine(bus, name, state),
    socketDir: path.join(opts.dataDir, 'engines'),
  });
  return { privacy, privacyNotice, secretBox, db, checkpointer, settings, events, bus, engine, engines, secret };
}
type Core = ReturnType<typeof openCore>;

/** Every service, built but not started, with the ways one feeds another. */
function createServices(opts: AppOptions, { db, bus, engine, engines, settings, secretBox, secret }: Core) {
  const notifier = createNotifier(bus, opts.nativeNotify);
  const hooks = new HookService(db, bus, notifier, { ...opts.hooks, version: opts.version, secretBox });
  const logRules = new LogRuleService({ db, bus, notifier, prefs: () => settings.read().notifications });
  const gitPushes = new GitPushService({ db, bus, notifier, prefs: () => settings.read().notifications });
  // The volume browser opens copies on the engine of each stage; remote engines' copies are named with the installation's id.
  const volumes = createVolumes({ db, dataDir: opts.dataDir, engines, installId: () => deployments.installId, settings });
  // Logs and stats follow a container on the engine of the stage it belongs to; compose companions'
  // logs come from the deployments built below (looked up per subscription).
  const containerDocker = (containerId?: string) => engines.clientFor(containerId === undefined ? 'local' : engineOfContainer(db, containerId));
  // A compose service's container by name (companions, and tracked services beyond the primary one).
  const serviceContainer = (stageId: number, service: string): ReturnType<typeof deployments.compose.companionOf> => deployments.compose.companionOf(stageId, service);
  const logs = createLogs({ db, docker: containerDocker, bus, scan: logRules, companion: serviceContainer });
  // A Swarm stage's stats follow its service's tasks (read through the deployments built below).
  const stats = createStats({ db, docker: containerDocker, bus, service: serviceContainer, swarmTasks: (stageId) => deployments.swarm.statsTargets(stageId) });
  // Saved registry credentials and the one registry client (tags, digests, polls, auto-create) that uses them.
  const registries = createRegistries({ db, bus, dataDir: opts.dataDir, secretBox: opts.secretBox });
  const channels = new ChannelService({ db, bus, hooks, box: registries.box, ...opts.channels });
  const gitCredentials = new GitCredentials(db, registries.box, bus);

  const deployments = createDeployments({
    db,
    bus,
    settings,
    docker: (name) => engines.clientFor(name),
    reach: engines,
    engineExists: (name) => engines.has(name),
    engineReachable: (name) => engines.reachable(name),
    dataDir: opts.dataDir,
    ports: { isPortFree: (p) => isPortFree(p), findFreePort },
    connectProxy: () => connectProxy({ stateDir: path.join(opts.dataDir, 'proxy'), launch: defaultProxyLaunch() }),
    auth: (registry) => registries.service.pullAuth(registry),
    watchEngine: (fn) => {
      const offLocal = engine.onChange((status) => fn(status.reachable, 'local'));
      const offRemote = engines.watch((name, reachable) => fn(reachable, name));
      return () => {
        offLocal();
        offRemote();
      };
    },
    ...(opts.reconcileIntervalMs !== undefined ? { reconcileIntervalMs: opts.reconcileIntervalMs } : {}),
    secretBox: registries.box,
    gitCredentials: (host) => gitCredentials.auth(host),
    dockerHost: (name) => engines.cliHost(name),
  });
  // A forge's push webhook deploys the static sites that follow the pushed repository and branch.
  const unfollowPushes = followPushes(bus, deployments.staticSites, deployments.deployer);
  const staticPolls = scheduleStaticPolls({ sites: deployments.staticSites, deployer: deployments.deployer, bus, settings: () => settings.read() });
  // A followed repository's push redeploys through the same queue as everything else.
  gitPushes.setDeployer(followDeployer(deployments.deployer, new InstanceRepo(db)));
  // Log rules with an action restart or roll back through the same queue.
  logRules.setActions({ restart: (stageId) => deployments.deployer.restart(stageId), rollback: (stageId) => deployments.deployer.rollback(stageId) });

  const detection = createChangeDetection({
    db,
    bus,
    notifier,
    settings,
    version: opts.version,
    gitPushes,
    registry: registries.service.client,
    deployQueue: () => ({ enqueue: (req) => deployments.deployer.enqueue(req).deploy }),
    createProject: () => (input) => deployments.projects.create(input),
    clock: opts.clock ?? systemClock,
  });
  const triggers = createTriggers({ db, bus, clock: opts.clock ?? systemClock, detection, deployer: deployments.deployer });
  const listener = new WebhookListener(secret, detection.listenerHandlers);
  return { notifier, hooks, logRules, gitPushes, volumes, logs, stats, registries, channels, gitCredentials, deployments, triggers, unfollowPushes, staticPolls, detection, listener };
}
type Services = ReturnType<typeof createServices>;

/** The one map of contract methods to handlers. */
function appHandlers(opts: AppOptions, { db, bus, engine, engines, settings, events, secret }: Core, s: Services): Handlers {
  const startedAt = Date.now();
  return {
    ...systemHandlers({ version: opts.version, mode: opts.mode, dataDir: opts.dataDir, startedAt, engine, settings, composeCli: () => s.deployments.composeCli.current }),
    ...settingsHandlers({ settings, secret, listener: s.listener, bus, onChanged: settingsEffects(opts, engine, settings, s) }),
    ...eventHandlers(events),
    ...hooksHandlers(s.hooks),
    ...channelHandlers(s.channels),
    ...logRuleHandlers(s.logRules, (input) => testPattern({ docker: () => engine.docker(), stages: new StageRepo(db), instances: new InstanceRepo(db) }, input)),
    ...gitHandlers(s.gitPushes),
    ...s.detection.handlers,
    ...s.volumes.handlers,
    ...s.logs.handlers,
    ...s.stats.handlers,
    ...s.registries.handlers,
    ...gitCredentialHandlers(s.gitCredentials),
    ...staticRefHandlers(s.deployments.staticSites),
    ...s.deployments.handlers,
    ...s.triggers.handlers,
    ...engineHandlers(engines),
  };
}

/** What a saved settings change sets in motion: a new engine host, poll schedules, a listener on a new port. */
function settingsEffects(opts: AppOptions, engine: Engine, settings: SettingsRepo, { detection, staticPolls, listener }: Services) {
  return async (next: Settings, prev: Settings): Promise<void> => {
    if (next.dockerHost !== prev.dockerHost) await engine.setHost(resolveDockerHost(next.dockerHost, opts.env));
    detection.onSettingsChanged(next, prev);
    if (next.pollSchedule !== prev.pollSchedule) staticPolls.restart();
    if ((next.webhookPort !== prev.webhookPort || next.webhookHost !== prev.webhookHost) && listener.listening) {
      try {
        await listener.restart(next.webhookHost, next.webhookPort);
      } catch (error) {
        settings.update({ webhookPort: prev.webhookPort, webhookHost: prev.webhookHost });
        throw new AppError('PORT_TAKEN', `The webhook listener cannot listen on ${next.webhookHost}:${String(next.webhookPort)} (${error instanceof Error ? error.message : String(error)}); it stays on ${prev.webhookHost}:${String(prev.webhookPort)}. Pick another port.`);
      }
      if (next.webhookPort === 0) settings.update({ webhookPort: listener.port });
    }
  };
}

/** Engine reachability goes to every window (push) and into the event log. */
function reportEngineStatus(engine: Engine, bus: EventBus): void {
  engine.onChange((status) => {
    bus.push('engine.status', status);
    bus.emit(
      status.reachable
        ? { type: 'engine.connected', message: `Docker engine ${status.version ?? ''} reachable at ${status.host}` }
        : { type: 'engine.disconnected', level: 'warn', message: `Docker engine unreachable at ${status.host}: ${status.error ?? ''}`, data: { hint: status.hint } },
    );
  });
}

/** An added engine's reachability goes to every window and into the event log. */
function reportRemoteEngine(bus: EventBus, name: string, state: EngineState): void {
  bus.push('engines.state', { name, state });
  bus.emit(
    state.reachable
      ? { type: 'engine.connected', message: `Engine "${name}" (Docker ${state.version ?? '?'}) reachable`, data: { engine: name } }
      : { type: 'engine.disconnected', level: 'warn', message: `Engine "${name}" unreachable: ${state.error ?? ''}`, data: { engine: name, hint: state.hint } },
  );
}

/** Starts each service after what it needs, pushing its stop so `stop()` undoes them in reverse. */
async function startInOrder(opts: AppOptions, { bus, engine, engines, settings, privacy, privacyNotice }: Core, s: Services, stops: (() => Promise<void> | void)[]): Promise<void> {
  // Outbound hooks first: the outbox resumes due deliveries and takes events from the rest.
  s.hooks.start();
  stops.push(() => s.hooks.stop());
  stops.push(() => s.channels.stop());
  stops.push(() => s.logRules.stop());
  stops.push(() => s.gitPushes.stop());

  await engine.start();
  stops.push(() => engine.stop());
  // Remote engines connect beside the local one; their tunnels close when they stop.
  await engines.start();
  stops.push(() => engines.stop());
  // Log followers (windows and log-scan rules) need the engine; they stop before it.
  s.logs.service.start();
  stops.push(() => s.logs.service.stop());
  s.stats.service.start();
  stops.push(() => s.stats.service.stop());
  // Projects, stages and deploys: the proxy connects first, the reconciler converges, then the queue resumes.
  await s.deployments.start();
  stops.push(() => s.deployments.stop());
  // Deploy and instance notices (desktop notifications, in-app toasts), per Settings → Notifications.
  stops.push(startEventNotices(bus, s.notifier, () => settings.read().notifications));

  const saved = settings.read();
  const port = opts.webhookPort ?? saved.webhookPort;
  await s.listener.start(opts.webhookHost ?? saved.webhookHost, port);
  // A port picked on first start is kept so the URL given to CI stays valid.
  if (opts.webhookPort === undefined && saved.webhookPort === 0) settings.update({ webhookPort: s.listener.port });
  stops.push(() => s.listener.stop());
  // After the listener: owed deploys are queued and polling starts; stopped before the listener closes.
  s.detection.start();
  stops.push(() => s.detection.stop());
  // Schedules run through the queue and the poller: they start after and stop before them.
  s.triggers.schedules.start();
  stops.push(() => s.triggers.schedules.stop());
  s.staticPolls.restart();
  stops.push(() => s.staticPolls.stop());

  if (privacyNotice !== null) bus.emit({ type: 'data-dir.tightened', level: 'warn', message: privacyNotice, data: { dataDir: opts.dataDir, ...privacy } });
  bus.emit({ type: 'app.started', message: `Slipway ${opts.version} started (${opts.mode})`, data: { dataDir: opts.dataDir } });
}
