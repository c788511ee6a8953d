import fs from 'node:fs';
import {
  StageInputSchema,
  type ComposeProjectCreate,
  type ProjectKind,
  type Project,
  type ProjectCreateInput,
  type ProjectUpdate,
  type Stage,
  type StageInput,
  type StageUpdate,
  type SwarmTask,
} from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { Deployer } from '../deployer/deployer';
import { routeKey, stageUrl, type DeployerDeps } from '../deployer/deps';
import { extraUrls, syncStagePorts } from '../deployer/extra-ports';
import { projectVolumesDir } from '../deployer/instance-volumes';
import type { ProjectRecord } from '../store/project-repo';
import type { StageRecord } from '../store/stage-repo';
import type { StaticSites } from '../sources/static/static-sites';
import type { ComposeSource } from '../sources/compose/compose-source';
import type { ComposeRepo } from '../store/compose-repo';
import { acceptComposeFile, refuseRemoteBinds, syncComposePorts } from '../sources/compose/compose-projects';
import type { ComposeService } from '../sources/compose/compose-file';
import type { SecretBox } from '../secrets/secret-box';
import { boxForStoreFile, sealForStore } from '../secrets/store-box';
import { maskedSecretEnv, nextEnv } from './secret-env';
import {
  defaultProjectName,
  validateRepository,
  validateSemverRange,
  validateStageChain,
  validateTagPattern,
  validateExtraPorts,
  validateTarget,
  validateVolumes,
} from './validate';

export type ProjectDeps = Pick<DeployerDeps, 'db' | 'projects' | 'stages' | 'instances' | 'deploys' | 'routes' | 'ports' | 'settings' | 'bus' | 'dataDir' | 'secretBox' | 'extraPorts'> & {
  readonly deployer: Deployer;
  /** Last known running state of a container (the reconciler keeps it); unknown counts as running. */
  readonly isRunning?: (containerId: string) => boolean;
  /** The `static` kind's source (git sites); absent, static projects are refused. */
  readonly staticSites?: StaticSites;
  /** Swarm stages: their service's tasks as last seen. */
  readonly swarmTasks?: (stageId: number) => SwarmTask[] | undefined;
  /** The `compose` kind's source and its store; absent, compose projects are refused. */
  readonly compose?: { readonly source: ComposeSource; readonly repo: ComposeRepo };
  /** The engines stages may name (absent: only "local"). */
  readonly engineExists?: (name: string) => boolean;
  /** Whether an engine (and its tunnel) answers now. */
  readonly engineReachable?: (name: string) => boolean;
};

const HOST_LINKS = { realpath: (p: string): string => fs.realpathSync(p), readlink: (p: string): string => fs.readlinkSync(p) };

/** Projects and their stages: validation, stable-port reservation, views for the contract, removal. */
export class ProjectService {
  readonly #box: SecretBox | null;

  constructor(private readonly d: ProjectDeps) {
    this.#box = d.secretBox !== undefined ? d.secretBox : boxForStoreFile(d.db.name);
  }

  /** Seals a secret variable's value (secret values are sealed before they reach the store). */
  readonly #seal = (plain: string): string => sealForStore(this.#box, plain);

  list(): Project[] {
    return this.d.projects.list().map((p) => this.view(p));
  }

  get(id: number): Project {
    return this.view(this.require(id));
  }

  async create(input: ProjectCreateInput): Promise<Project> {
    if (input.kind === 'compose') return this.createCompose(input);
    const isStatic = input.kind === 'static';
    if (isStatic && !this.d.staticSites) throw new AppError('INVALID_INPUT', 'This build cannot serve static sites.');
    const site = isStatic ? this.d.staticSites!.prepare(input) : null;
    const image = isStatic ? site!.image : validateRepository(input.image);
    const name = input.name ?? defaultProjectName(image);
    if (this.d.projects.byName(name)) throw new AppError('CONFLICT', `A project named "${name}" already exists. Pass another "name".`);
    const stageInputs = this.stageInputs(input.stages, input.kind ?? 'image');
    if (!isStatic) validateVolumes(input.volumes, this.d.settings.read().allowedVolumeRoots, HOST_LINKS);
    const extraPorts = isStatic ? [] : input.ports;
    if (!isStatic) validateExtraPorts(extraPorts, { kind: 'image', port: input.port ?? null, swarmStages: swarmStageNames(stageInputs) });
    const projectEnv = isStatic ? { env: {}, secretEnv: {} } : nextEnv(null, { env: input.env, ...(input.secretEnv ? { secretEnv: input.secretEnv } : {}) }, this.#seal);
    const stageEnvs = stageInputs.map((s, i) => nextEnv(null, { env: s.env, ...(s.secretEnv ? { secretEnv: s.secretEnv } : {}) }, this.#seal, `stages.${String(i)}.`));
    const ports = await this.allocatePorts(stageInputs.map((s) => s.publicPort ?? null));

    const { project, stages } = this.d.db.transaction(() => {
      const project = this.d.projects.insert(
        isStatic
          ? { kind: 'static', name, image, port: null, health: null, env: {}, volumes: [], limits: {}, pullPolicy: 'never', restartPolicy: 'no', stopTimeoutSec: 0 }
          : {
              name,
              image,
              port: input.port ?? null,
              ports: extraPorts,
              health: input.health ?? null,
              ...projectEnv,
              volumes: input.volumes,
              limits: input.limits,
              pullPolicy: input.pullPolicy,
              restartPolicy: input.restartPolicy,
              stopTimeoutSec: input.stopTimeoutSec,
              init: input.init,
              warmRollbackSec: input.warmRollbackSec,
              run: input.run,
            },
      );
      site?.afterInsert(project.id);
      return { project, stages: this.insertStages(project.id, stageInputs, stageEnvs, ports) };
    })();
    await this.reserveRoutes(project.id, stages, site ? (s) => this.d.staticSites!.routeFor(s) : null);
    await this.reserveStagePorts(project.id, stages, () => null, extraPorts);
    this.created(project.id, name, image, stages);
    return this.get(project.id);
  }

  /** The stages asked for (one "dev" stage following every tag when none), checked. */
  private stageInputs(given: readonly StageInput[] | undefined, kind: ProjectKind): readonly StageInput[] {
    const stageInputs: StageInput[] = given && given.length > 0 ? [...given] : [StageInputSchema.parse({ name: 'dev', tagPattern: '*' })];
    validateStageInputs(stageInputs);
    stageInputs.forEach((s, i) => {
      validateTarget(s.target, kind, `stages.${String(i)}.target`);
      this.validateEngine(s.engine, kind, `stages.${String(i)}.engine`);
      if (s.target?.kind === 'swarm') this.validateEngine(s.target.engine, 'image', `stages.${String(i)}.target.engine`);
    });
    return stageInputs;
  }

  /** Inserts a new project's stages and links each to its upstream (inside the caller's transaction). */
  private insertStages(projectId: number, inputs: readonly StageInput[], envs: readonly Pick<StageRecord, 'env' | 'secretEnv'>[], ports: readonly number[]): StageRecord[] {
    const stages = inputs.map((s, i) =>
      this.d.stages.insert({
        projectId,
        name: s.name,
        tagPattern: s.tagPattern,
        semverRange: s.semverRange ?? null,
        autoDeploy: s.autoDeploy,
        autoPromote: s.autoPromote,
        publicPort: ports[i] ?? 0,
        maxInstances: s.maxInstances,
        upstreamStageId: null,
        ...(envs[i] ?? { env: s.env }),
        pollEnabled: s.pollEnabled,
        mode: s.mode,
        engine: s.engine,
        ...(s.target ? { target: s.target } : {}),
      }),
    );
    const byName = new Map(stages.map((s) => [s.name, s.id]));
    inputs.forEach((s, i) => {
      const st = stages[i];
      if (s.upstream && st) this.d.stages.update(st.id, { upstreamStageId: byName.get(s.upstream) ?? null });
    });
    return stages;
  }

  /** Reserves each stable port now (it answers 503 until something is live), so nothing else takes it; undoes the project when one cannot be. */
  private async reserveRoutes(projectId: number, stages: readonly StageRecord[], routeFor: ((s: StageRecord) => Parameters<ProjectDeps['routes']['setRoute']>[0]) | null): Promise<void> {
    const reserved: number[] = [];
    try {
      for (const s of stages) {
        await this.d.routes.setRoute(routeFor ? routeFor(s) : { key: routeKey(s.id), publicPort: s.publicPort, mode: s.mode, targetPort: null });
        reserved.push(s.id);
      }
    } catch (error) {
      for (const id of reserved) await this.d.routes.removeRoute(routeKey(id)).catch(() => undefined);
      this.d.projects.remove(projectId);
      throw new AppError('PORT_TAKEN', `Could not reserve the stable ports: ${error instanceof Error ? error.message : String(error)}. Choose other publicPort values or leave them out.`);
    }
  }

  private created(projectId: number, name: string, image: string, stages: readonly StageRecord[]): void {
    this.d.bus.emit({
      type: 'project.created',
      message: `Project ${name} (${image}) created with stage${stages.length > 1 ? 's' : ''} ${stages.map((s) => `${s.name} on ${stageUrl(s.publicPort)}`).join(', ')}`,
      projectId,
      data: { project: name, image },
    });
  }

  /**
   * A new project's extra stable ports, one per extra container port and stage (the compose kind
   * syncs its own with `sync`; an image project gives its `ports`); undoes the project when one
   * cannot be reserved.
   */
  private async reserveStagePorts(projectId: number, stages: readonly StageRecord[], sync: (s: StageRecord) => Promise<void> | null, ports: readonly number[] = []): Promise<void> {
    try {
      for (const s of stages) await (sync(s) ?? syncStagePorts(this.d, s, null, ports, () => this.freePort()));
    } catch (error) {
      await this.remove(projectId, false).catch(() => undefined);
      throw new AppError('PORT_TAKEN', `Could not reserve the stable ports: ${error instanceof Error ? error.message : String(error)}.`);
    }
  }

  /** A free port no stage has as its stable port. */
  private async freePort(): Promise<number> {
    const [port] = await this.allocatePorts([null]);
    if (port === undefined) throw new AppError('PORT_TAKEN', 'Could not find a free port.');
    return port;
  }

  /** A compose stack: the file is checked (service and line of each problem) before anything is saved. */
  private async createCompose(input: ComposeProjectCreate): Promise<Project> {
    const compose = this.d.compose;
    if (!compose) throw new AppError('INVALID_INPUT', 'This build cannot run compose stacks.');
    const image = validateRepository(input.image);
    const services = acceptComposeFile(input.compose, image, input.allowHostAccess);
    const name = input.name ?? defaultProjectName(image);
    if (this.d.projects.byName(name)) throw new AppError('CONFLICT', `A project named "${name}" already exists. Pass another "name".`);
    const stageInputs = this.stageInputs(input.stages, 'compose');
    stageInputs.forEach((s, i) => refuseRemoteBinds(services, s.engine, `stages.${String(i)}.engine`));
    const projectEnv = nextEnv(null, { env: input.env, ...(input.secretEnv ? { secretEnv: input.secretEnv } : {}) }, this.#seal);
    const stageEnvs = stageInputs.map((s, i) => nextEnv(null, { env: s.env, ...(s.secretEnv ? { secretEnv: s.secretEnv } : {}) }, this.#seal, `stages.${String(i)}.`));
    const ports = await this.allocatePorts(stageInputs.map((s) => s.publicPort ?? null));
    const { project, stages } = this.d.db.transaction(() => {
      const project = this.d.projects.insert({
        kind: 'compose',
        name,
        image,
        port: null,
        health: input.health ?? null,
        ...projectEnv,
        volumes: [],
        limits: {},
        pullPolicy: 'always',
        restartPolicy: 'unless-stopped',
        stopTimeoutSec: 10,
        warmRollbackSec: input.warmRollbackSec,
      });
      compose.repo.saveProject({ projectId: project.id, yaml: input.compose, allowHostAccess: input.allowHostAccess });
      return { project, stages: this.insertStages(project.id, stageInputs, stageEnvs, ports) };
    })();
    await this.reserveRoutes(project.id, stages, null);
    await this.reserveStagePorts(project.id, stages, (s) => syncComposePorts(this.d, s, services, () => this.freePort()));
    this.created(project.id, name, image, stages);
    // Accepted all the same (nothing is lost); its deploys say the same until the CLI is there.
    const missing = await compose.source.missingCli();
    if (missing) this.d.bus.emit({ type: 'compose.cli-missing', level: 'warn', message: `${name}: ${missing}`, projectId: project.id });
    return this.get(project.id);
  }

  update(patch: ProjectUpdate): Project | Promise<Project> {
    const cur = this.require(patch.id);
    if (patch.compose !== undefined || patch.allowHostAccess !== undefined) return this.updateCompose(cur, patch);
    if (patch.ports !== undefined || patch.port !== undefined) {
      const swarmStages = this.d.stages.byProject(cur.id).filter((s) => s.target.kind === 'swarm').map((s) => s.name);
      validateExtraPorts(patch.ports ?? cur.ports, { kind: cur.kind, port: patch.port !== undefined ? patch.port : cur.port, swarmStages });
    }
    if (patch.ports !== undefined && patch.ports.join() !== cur.ports.join()) return this.updatePorts(cur, patch, patch.ports);
    return this.updateSettings(cur, patch);
  }

  /**
   * New extra ports: each stage gets a stable port for each new one (503 until the next deploy
   * publishes it) and frees those of the ports left out, at once; nothing is saved when a port
   * cannot be reserved.
   */
  private async updatePorts(cur: ProjectRecord, patch: ProjectUpdate, ports: readonly number[]): Promise<Project> {
    const stages = this.d.stages.byProject(cur.id);
    try {
      for (const s of stages) await syncStagePorts(this.d, s, null, ports, () => this.freePort());
    } catch (error) {
      for (const s of stages) await syncStagePorts(this.d, s, null, cur.ports, () => this.freePort()).catch(() => undefined);
      throw new AppError('PORT_TAKEN', `Could not reserve stable ports for the extra ports: ${error instanceof Error ? error.message : String(error)}. Nothing was changed; try again.`);
    }
    return this.updateSettings(cur, patch);
  }

  /** The container settings and variables; they apply from the next deploy. */
  private updateSettings(cur: ProjectRecord, patch: ProjectUpdate): Project {
    if (patch.name !== undefined && patch.name !== cur.name && this.d.projects.byName(patch.name)) {
      throw new AppError('CONFLICT', `A project named "${patch.name}" already exists. Choose another name.`);
    }
    if (patch.volumes !== undefined) validateVolumes(patch.volumes, this.d.settings.read().allowedVolumeRoots, HOST_LINKS);
    const { id, env, secretEnv, compose: _compose, allowHostAccess: _allow, ...rest } = patch;
    const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const envChange = env !== undefined || secretEnv !== undefined ? nextEnv(cur, { ...(env ? { env } : {}), ...(secretEnv ? { secretEnv } : {}) }, this.#seal) : {};
    this.d.projects.update(id, { ...clean, ...envChange });
    // Names of the changed fields only: a secret's value never goes into an event.
    const fields = [...Object.keys(clean), ...(env !== undefined ? ['env'] : []), ...(secretEnv !== undefined ? ['secretEnv'] : [])];
    this.d.bus.emit({ type: 'project.updated', message: `Project ${patch.name ?? cur.name} updated (applies from the next deploy)`, projectId: id, data: { fields } });
    return this.get(id);
  }

  /**
   * A new compose file (or host-access setting): checked first, then saved; each stage's extra
   * stable ports follow the tracked service's ports, and every stage that has run the stack gets a
   * deploy of its live digest, which applies the file (changed companions are recreated by Compose)
   * and swaps the tracked service blue-green.
   */
  private async updateCompose(cur: ProjectRecord, patch: ProjectUpdate): Promise<Project> {
    const compose = this.d.compose;
    const saved = compose?.repo.project(cur.id);
    if (cur.kind !== 'compose' || !compose || !saved) throw new AppError('INVALID_INPUT', `${cur.name} is not a compose project: "compose" and "allowHostAccess" only apply to compose projects.`);
    const yaml = patch.compose ?? saved.yaml;
    const allowHostAccess = patch.allowHostAccess ?? saved.allowHostAccess;
    const services: readonly ComposeService[] = acceptComposeFile(yaml, cur.image, allowHostAccess);
    for (const s of this.d.stages.byProject(cur.id)) refuseRemoteBinds(services, s.engine, `compose (stage ${s.name})`);
    const { compose: _c, allowHostAccess: _a, ...rest } = patch;
    this.updateSettings(cur, rest);
    compose.repo.saveProject({ projectId: cur.id, yaml, allowHostAccess });
    for (const s of this.d.stages.byProject(cur.id)) await syncComposePorts(this.d, s, services, () => this.freePort());
    if (yaml !== saved.yaml) {
      for (const s of this.d.stages.byProject(cur.id)) {
        if (compose.repo.applied(s.id) === null || s.stopped) continue;
        try {
          this.d.deployer.restart(s.id, { trigger: 'manual', reason: 'the compose file changed' });
        } catch {
          // Never deployed: the file applies at its first deploy.
        }
      }
    }
    return this.get(cur.id);
  }

  async updateStage(patch: StageUpdate): Promise<Stage> {
    const stage = this.d.stages.get(patch.stageId);
    if (!stage) throw notFound('Stage', patch.stageId);
    if (patch.tagPattern !== undefined) validateTagPattern(patch.tagPattern);
    if (patch.semverRange !== undefined) validateSemverRange(patch.semverRange);
    const project = this.d.projects.require(stage.projectId);
    validateTarget(patch.target, project.kind, 'target');
    if (patch.target?.kind === 'swarm') {
      this.validateEngine(patch.target.engine, 'image', 'target.engine');
      if (project.ports.length > 0) {
        throw new AppError('INVALID_INPUT', `target: ${project.name} has extra ports (${project.ports.join(', ')}), and a Swarm service publishes only the primary port; empty "ports" first (projects.update) or keep ${stage.name} a container.`);
      }
    }
    if (patch.engine !== undefined && patch.engine !== stage.engine) {
      this.validateEngine(patch.engine, project.kind, 'engine');
      if (project.kind === 'compose' && this.d.compose) {
        refuseRemoteBinds(this.d.compose.source.services(project), patch.engine, 'engine');
        // Its companions, networks and volumes would stay behind on the old engine.
        if (this.d.compose.repo.applied(stage.id) !== null) {
          throw new AppError('CONFLICT', `${stage.name}'s stack runs on "${stage.engine}": to move it, add a stage on "${patch.engine}" promoted from this one, then remove this one (its stack goes down with it).`);
        }
      }
      if (this.d.instances.present(stage.id).length > 0) {
        throw new AppError('CONFLICT', `${stage.name} has instances on "${stage.engine}": to move it without downtime, add a stage on "${patch.engine}" promoted from this one; or remove this stage and add it again on "${patch.engine}".`);
      }
    }
    const siblings = this.d.stages.byProject(stage.projectId);
    let upstreamStageId = stage.upstreamStageId;
    if (patch.upstream !== undefined) {
      const nameOf = new Map(siblings.map((s) => [s.id, s.name]));
      validateStageChain(
        siblings.map((s) => ({
          name: s.name,
          upstream: s.id === stage.id ? patch.upstream ?? null : s.upstreamStageId === null ? null : (nameOf.get(s.upstreamStageId) ?? null),
        })),
      );
      upstreamStageId = patch.upstream === null ? null : (siblings.find((s) => s.name === patch.upstream)?.id ?? null);
    }
    const portChanged = patch.publicPort !== undefined && patch.publicPort !== stage.publicPort;
    if (portChanged) await this.allocatePorts([patch.publicPort ?? null]);
    const modeChanged = patch.mode !== undefined && patch.mode !== stage.mode;
    const envChange =
      patch.env !== undefined || patch.secretEnv !== undefined
        ? nextEnv(stage, { ...(patch.env ? { env: patch.env } : {}), ...(patch.secretEnv ? { secretEnv: patch.secretEnv } : {}) }, this.#seal)
        : {};

    await this.d.deployer.locks.run(stage.id, async () => {
      if (portChanged || modeChanged) {
        const live = this.d.instances.live(stage.id);
        try {
          const kind = this.d.projects.get(stage.projectId)?.kind;
          await this.d.routes.setRoute(
            kind === 'static' && this.d.staticSites
              ? this.d.staticSites.routeFor(stage, patch.publicPort ?? stage.publicPort)
              : { key: routeKey(stage.id), publicPort: patch.publicPort ?? stage.publicPort, mode: patch.mode ?? stage.mode, targetPort: live?.hostPort ?? null },
          );
        } catch (error) {
          throw new AppError('PORT_TAKEN', `Could not move ${stage.name} to port ${String(patch.publicPort ?? stage.publicPort)}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      this.d.stages.update(stage.id, {
        ...(patch.tagPattern !== undefined ? { tagPattern: patch.tagPattern } : {}),
        ...(patch.semverRange !== undefined ? { semverRange: patch.semverRange } : {}),
        ...(patch.autoDeploy !== undefined ? { autoDeploy: patch.autoDeploy } : {}),
        ...(patch.autoPromote !== undefined ? { autoPromote: patch.autoPromote } : {}),
        ...(patch.publicPort !== undefined ? { publicPort: patch.publicPort } : {}),
        ...(patch.maxInstances !== undefined ? { maxInstances: patch.maxInstances } : {}),
        ...envChange,
        ...(patch.pollEnabled !== undefined ? { pollEnabled: patch.pollEnabled } : {}),
        ...(patch.mode !== undefined ? { mode: patch.mode } : {}),
        ...(patch.target !== undefined ? { target: patch.target } : {}),
        ...(patch.engine !== undefined ? { engine: patch.engine } : {}),
        upstreamStageId,
      });
    });
    this.d.deployer.pump();
    this.d.bus.emit({ type: 'stage.updated', message: `Stage ${stage.name} updated`, projectId: stage.projectId, stageId: stage.id, data: { fields: Object.keys(patch).filter((k) => k !== 'stageId') } });
    return this.stageView(this.d.stages.require(stage.id));
  }

  async remove(id: number, purgeData: boolean, removeVolumes = false): Promise<number> {
    const project = this.require(id);
    let removed = 0;
    for (const s of this.d.stages.byProject(id)) {
      removed += await this.d.deployer.removeStage(s.id);
      // After its instances: `down` for the stage's own stack (companions, networks; volumes if asked).
      if (project.kind === 'compose') await this.d.compose?.source.tearDown(project, s, removeVolumes);
    }
    // Networks it created (any it was ever set to); one still in use by others stays, and the removal goes on.
    if (project.kind === 'image') await this.d.deployer.removeProjectNetworks(id, project.run.network ? [project.run.network.name] : []).catch(() => undefined);
    this.d.projects.remove(id);
    if (project.kind === 'static') this.d.staticSites?.purge(id);
    if (purgeData) fs.rmSync(projectVolumesDir(this.d.dataDir, id), { recursive: true, force: true });
    this.d.bus.emit({ type: 'project.removed', message: `Project ${project.name} removed (${String(removed)} container(s))`, projectId: id, data: { project: project.name, purgeData } });
    return removed;
  }

  stageView(s: StageRecord): Stage {
    const live = this.d.instances.live(s.id);
    const warm = this.d.deployer.warmRollback(s.id);
    const retired = this.d.instances.lastRetired(s.id);
    const upstream = s.upstreamStageId !== null ? this.d.stages.get(s.upstreamStageId) : null;
    const project = this.d.projects.get(s.projectId);
    return {
      id: s.id,
      projectId: s.projectId,
      name: s.name,
      tagPattern: s.tagPattern,
      semverRange: s.semverRange,
      autoDeploy: s.autoDeploy,
      autoPromote: s.autoPromote,
      publicPort: s.publicPort,
      maxInstances: s.maxInstances,
      upstreamStageId: s.upstreamStageId,
      upstream: upstream?.name ?? null,
      env: s.env,
      secretEnv: maskedSecretEnv(s.secretEnv),
      pollEnabled: s.pollEnabled,
      mode: s.mode,
      target: s.target,
      ...(s.target.kind === 'swarm' ? { tasks: this.d.swarmTasks?.(s.id) ?? [] } : {}),
      engine: s.engine,
      ...(this.d.engineReachable ? { engineReachable: this.d.engineReachable(s.engine) } : {}),
      url: stageUrl(s.publicPort),
      live:
        live && live.containerId
          ? {
              instanceId: live.id,
              deployId: live.deployId,
              tag: live.tag,
              digest: live.digest,
              containerId: live.containerId,
              containerName: live.containerName,
              hostPort: live.hostPort,
              running: this.d.isRunning?.(live.containerId) ?? true,
              liveSince: live.liveAt,
            }
          : null,
      ...(this.d.staticSites && project?.kind === 'static' ? { site: this.d.staticSites.liveSite(s.id) } : {}),
      ...(project && project.kind !== 'static' ? this.urlsAndServices(project, s) : {}),
      stopped: s.stopped,
      activeDeployId: this.d.deployer.activeDeployId(s.id),
      queued: this.d.deploys.withStatus(['queued'], s.id).length,
      warmRollback: warm && warm.warmUntil !== null ? { instanceId: warm.id, tag: warm.tag, digest: warm.digest, until: warm.warmUntil } : null,
      retired:
        retired && retired.retiredAt !== null && retired.status !== 'live' && retired.status !== 'creating' && retired.status !== 'ready'
          ? { instanceId: retired.id, tag: retired.tag, status: retired.status, retiredAt: retired.retiredAt, warmUntil: retired.warmUntil, stopMs: retired.stopMs }
          : null,
    };
  }

  /** Every stable URL of a stage (the primary first) and, for a compose stack, each service's state. */
  private urlsAndServices(project: ProjectRecord, s: StageRecord): Pick<Stage, 'urls' | 'services'> {
    const compose = this.d.compose;
    if (project.kind === 'compose' && compose) {
      return { urls: compose.source.urlViews(project, s), services: compose.source.serviceViews(project, s, (id) => this.d.isRunning?.(id) ?? true) };
    }
    return { urls: [{ service: null, containerPort: project.port, publicPort: s.publicPort, url: stageUrl(s.publicPort), primary: true }, ...extraUrls(this.d, s.id)] };
  }

  requireStage(id: number): StageRecord {
    const s = this.d.stages.get(id);
    if (!s) throw notFound('Stage', id);
    return s;
  }

  private view(p: ProjectRecord): Project {
    return {
      ...p,
      secretEnv: maskedSecretEnv(p.secretEnv),
      volumes: [...p.volumes],
      ports: [...p.ports],
      ...(p.kind === 'static' ? this.d.staticSites?.projectView(p) : {}),
      ...(p.kind === 'compose' ? { compose: this.composeView(p) } : {}),
      stages: this.d.stages.byProject(p.id).map((s) => this.stageView(s)),
    };
  }

  private composeView(p: ProjectRecord): Project['compose'] {
    const saved = this.d.compose?.repo.project(p.id);
    if (!saved) return null;
    let services: readonly ComposeService[] = [];
    try {
      services = this.d.compose?.source.services(p) ?? [];
    } catch {
      // Saved files passed the checks; one that no longer does still shows its text.
    }
    return { yaml: saved.yaml, allowHostAccess: saved.allowHostAccess, tracked: services.filter((x) => x.tracked).map((x) => x.name), companions: services.filter((x) => !x.tracked).map((x) => x.name) };
  }

  private require(id: number): ProjectRecord {
    const p = this.d.projects.get(id);
    if (!p) throw notFound('Project', id);
    return p;
  }

  /** Checks wanted ports (free on the machine, not another stage's) and picks free ones where none was given. */
  /** An engine a stage names must exist; static sites are served from this machine. */
  private validateEngine(engine: string, kind: ProjectKind, field: string): void {
    if (engine === 'local') return;
    if (kind === 'static') throw new AppError('INVALID_INPUT', `${field}: static sites are served from this machine; leave the engine "local".`);
    if (!(this.d.engineExists?.(engine) ?? false)) throw new AppError('INVALID_INPUT', `${field}: there is no engine named "${engine}". Add it in Settings → Engines first (engines.add), or use "local".`);
  }

  private async allocatePorts(wanted: readonly (number | null)[]): Promise<number[]> {
    const taken = new Set(this.d.stages.all().map((s) => s.publicPort));
    const out: number[] = [];
    for (const port of wanted) {
      if (port === null) continue;
      const owner = this.d.stages.byPublicPort(port);
      if (owner) {
        const p = this.d.projects.get(owner.projectId);
        throw new AppError('PORT_TAKEN', `Port ${String(port)} is already the stable port of ${p?.name ?? '?'} / ${owner.name}. Choose another publicPort or leave it out.`);
      }
      if (out.includes(port)) throw new AppError('PORT_TAKEN', `Port ${String(port)} is given to two stages. Each stage needs its own publicPort.`);
      if (!(await this.d.ports.isPortFree(port))) {
        throw new AppError('PORT_TAKEN', `Port ${String(port)} is in use by another program on this machine. Choose another publicPort or leave it out to get a free one.`);
      }
      out.push(port);
      taken.add(port);
    }
    return Promise.all(
      wanted.map(async (port) => {
        if (port !== null) return port;
        for (let i = 0; i < 50; i++) {
          const p = await this.d.ports.findFreePort();
          if (!taken.has(p)) {
            taken.add(p);
            return p;
          }
        }
        throw new AppError('PORT_TAKEN', 'Could not find a free port for a stage. Give publicPort explicitly.');
      }),
    );
  }
}

/** The stages asked to run as a Swarm service. */
const swarmStageNames = (stages: readonly StageInput[]): string[] => stages.filter((s) => s.target?.kind === 'swarm').map((s) => s.name);

/** Each new stage's tag pattern and semver range, and the chain they form. */
function validateStageInputs(stageInputs: readonly StageInput[]): void {
  stageInputs.forEach((s, i) => {
    validateTagPattern(s.tagPattern, `stages.${String(i)}.tagPattern`);
    validateSemverRange(s.semverRange, `stages.${String(i)}.semverRange`);
  });
  validateStageChain(stageInputs.map((s) => ({ name: s.name, upstream: s.upstream ?? null })));
}
