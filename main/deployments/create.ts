import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';
import type { projectMethods } from '../../preload/contract/projects';
import type { deployMethods } from '../../preload/contract/deploys';
import type { imageMethods } from '../../preload/contract/images';
import type { HandlersOf } from '../dispatch/dispatch';
import type { EventBus } from '../events/bus';
import { ProjectService } from '../projects/service';
import { projectHandlers } from '../projects/handlers';
import type { ProxyControl } from '../proxy/types';
import { Reconciler } from '../reconciler/reconciler';
import { dockerodeAuthFor } from '../oci-client/credentials';
import type { Db } from '../store/db';
import { ImageGc } from '../images/image-gc';
import { DeployRepo } from '../store/deploy-repo';
import { InstanceRepo } from '../store/instance-repo';
import { ProjectRepo } from '../store/project-repo';
import { PulledImageRepo } from '../store/pulled-image-repo';
import type { SettingsRepo } from '../store/settings-repo';
import { StageRepo } from '../store/stage-repo';
import { stopContainer } from '../deployer/containers';
import { stopMembers } from '../deployer/instance-members';
import { Deployer } from '../deployer/deployer';
import { Retirer } from '../deployer/retirer';
import { ImageSource } from '../sources/image/image-source';
import { runOnlySource } from '../sources/by-kind';
import type { SourceRegistry } from '../sources/registry';
import type { EngineReach, PortFinder, StableRoutes } from '../deployer/deps';
import { deployHandlers } from './handlers';
import { keptInstances } from './kept-instances';
import { ProxyLink } from './proxy-link';
import type { SecretBox } from '../secrets/secret-box';
import { KeyFileBox } from '../secrets/key-file-box';
import { boxForStoreFile } from '../secrets/store-box';
import path from 'node:path';
import { StaticSites } from '../sources/static/static-sites';
import { staticStageHandlers } from '../sources/static/handlers';
import { SwarmPools } from '../targets/swarm/pool';
import type { TaskDialer } from '../targets/swarm/task-forwards';
import type { GitAuth } from '../sources/static/git-source';
import { ComposeSource } from '../sources/compose/compose-source';
import { composeAsSource } from '../sources/compose/compose-as-source';
import { ComposeCliHolder } from '../sources/compose/compose-run';
import { ComposeRepo } from '../store/compose-repo';
import { ExtraPortRepo } from '../store/extra-port-repo';


export interface DeploymentsOptions {
  readonly db: Db;
  readonly bus: EventBus;
  readonly settings: SettingsRepo;
  /** The client of an engine by name (absent: "local"). */
  readonly docker: (engine?: string) => Docker;
  /** Remote engines' publishing and tunnels (absent: every stage is local); `dial` also reaches Swarm tasks. */
  readonly reach?: EngineReach & TaskDialer;
  /** The engine names stages may use (absent: only "local"). */
  readonly engineExists?: (name: string) => boolean;
  /** Whether an engine answers now (stage views show it). */
  readonly engineReachable?: (name: string) => boolean;
  readonly dataDir: string;
  readonly ports: PortFinder;
  /** Connects to (or starts) the stable-URL proxy; called by start(). */
  readonly connectProxy: () => Promise<ProxyControl>;
  readonly maxParallel?: number;
  readonly reconcileIntervalMs?: number;
  /** Tells when the engine becomes reachable or not (the reconciler looks again and re-follows its events). */
  readonly watchEngine?: (fn: (reachable: boolean, engine: string) => void) => () => void;
  /** Pull credentials; default: ~/.docker/config.json (helpers and auths). */
  readonly auth?: (registry: string) => Promise<Docker.AuthConfig | null>;
  /** Seals static sites' git tokens; default: the key file DATA_DIR/secret.key. */
  readonly secretBox?: SecretBox;
  /** Per-host git credentials for static sites (Settings). */
  readonly gitCredentials?: (host: string) => GitAuth | null;
  /** The engine endpoint in use (the Compose CLI is pointed at it); default: DOCKER_HOST or the local socket. */
  readonly dockerHost?: (engine: string) => Promise<string> | string;
  /** The Compose CLI (found at start-up); default: looked for on the PATH. */
  readonly composeCli?: ComposeCliHolder;
}

export interface Deployments {
  readonly deployer: Deployer;
  readonly projects: ProjectService;
  readonly reconciler: Reconciler;
  /** The `static` kind: git sites served from snapshots. */
  readonly staticSites: StaticSites;
  /** The `compose` kind: stacks per stage with their tracked service swapped blue-green. */
  readonly compose: ComposeSource;
  /** The Compose CLI found (Settings → Docker engine shows it). */
  readonly composeCli: ComposeCliHolder;
  /** Swarm stages' pools of tasks (stats read their tasks through it). */
  readonly swarm: SwarmPools;
  /** Removes images Slipway pulled once nothing needs them. */
  readonly imageGc: ImageGc;
  readonly handlers: HandlersOf<typeof projectMethods & typeof deployMethods & typeof imageMethods>;
  /** Labels this installation's containers (`slipway.install`). */
  readonly installId: string;
  /** The proxy connection (null until a stage needs it). */
  proxy(): ProxyControl | null;
  /** Connects the proxy, reconciles, then works the queue (resuming interrupted deploys). */
  start(): Promise<void>;
  /** Stops the queue and the reconciler; containers and the proxy keep serving. */
  stop(): Promise<void>;
  /**
   * Quit and stop the deployments too: live containers are stopped and the proxy exits. The next
   * start brings them back (without reporting them as died). Call instead of stop().
   */
  stopAll(): Promise<void>;
}

/** The options given of `keys` (an absent one stays absent, as exactOptionalPropertyTypes wants). */
function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]])) as Partial<Pick<T, K>>;
}

/** Each project kind's source over the shared deps, and the retirer their instances share. */
function buildSources(o: DeploymentsOptions, deps: ReturnType<typeof sharedDeps>) {
  const staticSites = new StaticSites({
    ...deps,
    box: o.secretBox ?? new KeyFileBox(path.join(o.dataDir, 'secret.key')),
    ...(o.gitCredentials ? { hostCredentials: o.gitCredentials } : {}),
  });
  const retirer = new Retirer(deps);
  const composeRepo = new ComposeRepo(o.db);
  const composeCli = o.composeCli ?? new ComposeCliHolder();
  const compose = new ComposeSource({ ...deps, compose: composeRepo, cli: composeCli, dockerHost: o.dockerHost ?? (() => process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock'), retire: (stageId) => retirer.kick(stageId) });
  const image = new ImageSource(deps, retirer);
  const sources: SourceRegistry = {
    image,
    static: runOnlySource(staticSites),
    compose: composeAsSource(compose, image, deps, retirer),
  };
  return { staticSites, retirer, compose, composeRepo, composeCli, sources };
}

/** Builds projects, the deployer and the reconciler over one store and one proxy connection. */
export function createDeployments(o: DeploymentsOptions): Deployments {
  const stageRepo = new StageRepo(o.db);
  const link = new ProxyLink(o.connectProxy);
  const deps = sharedDeps(o, stageRepo, link.routes(() => stageRepo.all().length > 0));
  const { staticSites, retirer, compose, composeRepo, composeCli, sources } = buildSources(o, deps);
  const swarm = new SwarmPools({ ...deps, ...(o.reach ? { dialer: o.reach } : {}) });
  const deployer = new Deployer({ ...deps, swarm }, retirer, sources);
  const reconciler = new Reconciler({ ...deps, deployer, sources, ...(o.reconcileIntervalMs !== undefined ? { intervalMs: o.reconcileIntervalMs } : {}) });
  const kinds = { staticSites, compose: { source: compose, repo: composeRepo }, swarmTasks: (id: number) => swarm.tasks(id) };
  const projects = new ProjectService({ ...deps, ...kinds, deployer, isRunning: (id) => reconciler.isRunning(id), ...pick(o, 'engineExists', 'engineReachable') });

  const imageStageHandlers = deployHandlers(deployer, deps.deploys, projects);
  const imageGc = new ImageGc({ ...deps, pulled: deps.pulledImages });
  // Off the deploy's path: a while after it, once the instance it retired was stopped and pruned.
  const offGc = o.bus.onEvent((e) => {
    if (e.type === 'deploy.succeeded') imageGc.soon();
  });

  let unwatchEngine: (() => void) | null = null;
  /** Stops everything that works in the background; containers and the proxy are each caller's choice. */
  const stopServices = async (): Promise<void> => {
    offGc();
    imageGc.stop();
    unwatchEngine?.();
    swarm.stop();
    await reconciler.stop();
    await deployer.stop();
    await link.settled();
  };

  return {
    deployer,
    projects,
    reconciler,
    staticSites,
    compose,
    composeCli,
    swarm,
    imageGc,
    handlers: {
      ...projectHandlers(projects),
      ...imageStageHandlers,
      ...staticStageHandlers(imageStageHandlers, { sites: staticSites, deployer, stages: stageRepo, projects: deps.projects, service: projects }),
      'images.cleanupStatus': () => imageGc.status(),
      'images.cleanup': () => imageGc.run(),
      'stages.instances': async ({ stageId }) => ({ instances: await keptInstances(deps, stageId) }),
    },
    installId: deps.installId,
    proxy: () => link.current,
    async start() {
      if (o.settings.getInternal('suspended') === '1') {
        reconciler.resumingAfterQuit = true;
        o.settings.setInternal('suspended', '0');
      }
      unwatchEngine = o.watchEngine?.((reachable, engine) => reconciler.engineChanged(reachable, engine)) ?? null;
      if (!composeCli.current) await composeCli.refresh();
      if (stageRepo.all().length > 0) await link.ensure();
      await reconciler.start();
      // Static stages' routes point at their live snapshots (the reconciler leaves them alone).
      if (staticSites.repo.sources().length > 0) await staticSites.restoreRoutes();
      // Swarm stages' routes balance over their tasks (the reconciler leaves them alone too).
      await swarm.refreshAll();
      swarm.start();
      deployer.start();
      imageGc.start();
    },
    async stopAll() {
      await stopServices();
      await stopInstances(o.docker, deps);
      o.settings.setInternal('suspended', '1');
      await (link.current ?? (stageRepo.all().length > 0 ? await link.ensure() : null))?.shutdown();
      link.current = null;
    },
    async stop() {
      await stopServices();
      // A proxy with nothing to serve is not left behind; otherwise it keeps the stable URLs up.
      const proxy = link.current;
      if (proxy && stageRepo.all().length === 0) await proxy.shutdown().catch(() => proxy.close());
      else proxy?.close();
      link.current = null;
    },
  };
}

/** This installation's id (container labels tell its containers from another's), made on first start. */
function installIdOf(settings: SettingsRepo): string {
  let installId = settings.getInternal('installId');
  if (!installId) {
    installId = randomBytes(8).toString('hex');
    settings.setInternal('installId', installId);
  }
  return installId;
}

/** Stops every stage's live container, and warm and draining ones too, which stay stopped (kept for a rollback). */
async function stopInstances(docker: (engine?: string) => Docker, deps: { readonly stages: StageRepo; readonly instances: InstanceRepo; readonly projects: ProjectRepo }): Promise<void> {
  for (const s of deps.stages.all()) {
    const live = deps.instances.live(s.id);
    const grace = deps.projects.get(s.projectId)?.stopTimeoutSec ?? 10;
    if (live?.containerId) await stopContainer(docker(s.engine), live.containerId, grace);
    if (live) await stopMembers(docker(s.engine), deps.instances, live.id, grace);
  }
  for (const i of deps.instances.draining()) {
    const grace = deps.projects.get(deps.stages.get(i.stageId)?.projectId ?? 0)?.stopTimeoutSec ?? 10;
    if (i.containerId) await stopContainer(docker(deps.stages.get(i.stageId)?.engine), i.containerId, grace);
    await stopMembers(docker(deps.stages.get(i.stageId)?.engine), deps.instances, i.id, grace);
    deps.instances.setStatus(i.id, 'stopped');
  }
}

/** What the deployer, the reconciler, static sites and projects all work with: one store, one engine, one proxy. */
function sharedDeps(o: DeploymentsOptions, stageRepo: StageRepo, routes: StableRoutes) {
  return {
    db: o.db,
    projects: new ProjectRepo(o.db),
    stages: stageRepo,
    instances: new InstanceRepo(o.db),
    deploys: new DeployRepo(o.db),
    pulledImages: new PulledImageRepo(o.db),
    extraPorts: new ExtraPortRepo(o.db),
    settings: o.settings,
    bus: o.bus,
    docker: o.docker,
    ...(o.reach ? { reach: o.reach } : {}),
    routes,
    ports: o.ports,
    auth: o.auth ?? ((registry: string) => dockerodeAuthFor(registry).catch(() => null)),
    installId: installIdOf(o.settings),
    dataDir: o.dataDir,
    // Secret variables are sealed and opened by the store's box (plain in an in-memory store).
    secretBox: o.secretBox ?? boxForStoreFile(o.db.name),
    ...(o.maxParallel !== undefined ? { maxParallel: o.maxParallel } : {}),
  };
}
