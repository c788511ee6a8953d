import fs from 'node:fs';
import {
  StageInputSchema,
  type Project,
  type ProjectCreateInput,
  type ProjectUpdate,
  type Stage,
  type StageInput,
  type StageUpdate,
} from '../../preload/contract';
import { AppError, notFound } from '../dispatch/app-error';
import type { Deployer } from '../deployer/deployer';
import { routeKey, stageUrl, type DeployerDeps } from '../deployer/deps';
import { projectVolumesDir } from '../deployer/instance-volumes';
import type { ProjectRecord } from '../store/project-repo';
import type { StageRecord } from '../store/stage-repo';
import type { StaticSites } from '../sources/static/static-sites';
import type { SecretBox } from '../secrets/secret-box';
import { boxForStoreFile, sealForStore } from '../secrets/store-box';
import { maskedSecretEnv, nextEnv } from './secret-env';
import {
  defaultProjectName,
  validateRepository,
  validateSemverRange,
  validateStageChain,
  validateTagPattern,
  validateVolumes,
} from './validate';

export type ProjectDeps = Pick<DeployerDeps, 'db' | 'projects' | 'stages' | 'instances' | 'deploys' | 'routes' | 'ports' | 'settings' | 'bus' | 'dataDir' | 'secretBox'> & {
  readonly deployer: Deployer;
  /** Last known running state of a container (the reconciler keeps it); unknown counts as running. */
  readonly isRunning?: (containerId: string) => boolean;
  /** The `static` kind's source (git sites); absent, static projects are refused. */
  readonly staticSites?: StaticSites;
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
    if (input.kind === 'compose') throw new AppError('INVALID_INPUT', 'Compose projects cannot be created by this build yet.');
    const isStatic = input.kind === 'static';
    if (isStatic && !this.d.staticSites) throw new AppError('INVALID_INPUT', 'This build cannot serve static sites.');
    const site = isStatic ? this.d.staticSites!.prepare(input) : null;
    const image = isStatic ? site!.image : validateRepository(input.image);
    const name = input.name ?? defaultProjectName(image);
    if (this.d.projects.byName(name)) throw new AppError('CONFLICT', `A project named "${name}" already exists. Pass another "name".`);
    const stageInputs: StageInput[] = input.stages && input.stages.length > 0 ? input.stages : [StageInputSchema.parse({ name: 'dev', tagPattern: '*' })];
    stageInputs.forEach((s, i) => {
      validateTagPattern(s.tagPattern, `stages.${String(i)}.tagPattern`);
      validateSemverRange(s.semverRange, `stages.${String(i)}.semverRange`);
    });
    validateStageChain(stageInputs.map((s) => ({ name: s.name, upstream: s.upstream ?? null })));
    stageInputs.forEach((s, i) => this.validateEngine(s.engine, isStatic, `stages.${String(i)}.engine`));
    if (!isStatic) validateVolumes(input.volumes, this.d.settings.read().allowedVolumeRoots, HOST_LINKS);
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
      const stages = stageInputs.map((s, i) =>
        this.d.stages.insert({
          projectId: project.id,
          name: s.name,
          tagPattern: s.tagPattern,
          semverRange: s.semverRange ?? null,
          autoDeploy: s.autoDeploy,
          autoPromote: s.autoPromote,
          publicPort: ports[i] ?? 0,
          maxInstances: s.maxInstances,
          upstreamStageId: null,
          ...(stageEnvs[i] ?? { env: s.env }),
          pollEnabled: s.pollEnabled,
          mode: s.mode,
          engine: s.engine,
        }),
      );
      const byName = new Map(stages.map((s) => [s.name, s.id]));
      stageInputs.forEach((s, i) => {
        const st = stages[i];
        if (s.upstream && st) this.d.stages.update(st.id, { upstreamStageId: byName.get(s.upstream) ?? null });
      });
      return { project, stages };
    })();

    // Reserve each stable port now (it answers 503 until something is live), so nothing else takes it.
    const reserved: number[] = [];
    try {
      for (const s of stages) {
        await this.d.routes.setRoute(site ? this.d.staticSites!.routeFor(s) : { key: routeKey(s.id), publicPort: s.publicPort, mode: s.mode, targetPort: null });
        reserved.push(s.id);
      }
    } catch (error) {
      for (const id of reserved) await this.d.routes.removeRoute(routeKey(id)).catch(() => undefined);
      this.d.projects.remove(project.id);
      throw new AppError('PORT_TAKEN', `Could not reserve the stable ports: ${error instanceof Error ? error.message : String(error)}. Choose other publicPort values or leave them out.`);
    }
    this.d.bus.emit({
      type: 'project.created',
      message: `Project ${name} (${image}) created with stage${stages.length > 1 ? 's' : ''} ${stages.map((s) => `${s.name} on ${stageUrl(s.publicPort)}`).join(', ')}`,
      projectId: project.id,
      data: { project: name, image },
    });
    return this.get(project.id);
  }

  update(patch: ProjectUpdate): Project {
    const cur = this.require(patch.id);
    if (patch.name !== undefined && patch.name !== cur.name && this.d.projects.byName(patch.name)) {
      throw new AppError('CONFLICT', `A project named "${patch.name}" already exists. Choose another name.`);
    }
    if (patch.volumes !== undefined) validateVolumes(patch.volumes, this.d.settings.read().allowedVolumeRoots, HOST_LINKS);
    const { id, env, secretEnv, ...rest } = patch;
    const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    const envChange = env !== undefined || secretEnv !== undefined ? nextEnv(cur, { ...(env ? { env } : {}), ...(secretEnv ? { secretEnv } : {}) }, this.#seal) : {};
    this.d.projects.update(id, { ...clean, ...envChange });
    // Names of the changed fields only: a secret's value never goes into an event.
    const fields = [...Object.keys(clean), ...(env !== undefined ? ['env'] : []), ...(secretEnv !== undefined ? ['secretEnv'] : [])];
    this.d.bus.emit({ type: 'project.updated', message: `Project ${patch.name ?? cur.name} updated (applies from the next deploy)`, projectId: id, data: { fields } });
    return this.get(id);
  }

  async updateStage(patch: StageUpdate): Promise<Stage> {
    const stage = this.d.stages.get(patch.stageId);
    if (!stage) throw notFound('Stage', patch.stageId);
    if (patch.tagPattern !== undefined) validateTagPattern(patch.tagPattern);
    if (patch.semverRange !== undefined) validateSemverRange(patch.semverRange);
    if (patch.engine !== undefined && patch.engine !== stage.engine) {
      this.validateEngine(patch.engine, this.d.projects.get(stage.projectId)?.kind === 'static', 'engine');
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
        ...(patch.engine !== undefined ? { engine: patch.engine } : {}),
        upstreamStageId,
      });
    });
    this.d.deployer.pump();
    this.d.bus.emit({ type: 'stage.updated', message: `Stage ${stage.name} updated`, projectId: stage.projectId, stageId: stage.id, data: { fields: Object.keys(patch).filter((k) => k !== 'stageId') } });
    return this.stageView(this.d.stages.require(stage.id));
  }

  async remove(id: number, purgeData: boolean): Promise<number> {
    const project = this.require(id);
    let removed = 0;
    for (const s of this.d.stages.byProject(id)) removed += await this.d.deployer.removeStage(s.id);
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
      ...(this.d.staticSites && this.d.projects.get(s.projectId)?.kind === 'static' ? { site: this.d.staticSites.liveSite(s.id) } : {}),
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

  requireStage(id: number): StageRecord {
    const s = this.d.stages.get(id);
    if (!s) throw notFound('Stage', id);
    return s;
  }

  private view(p: ProjectRecord): Project {
    return { ...p, secretEnv: maskedSecretEnv(p.secretEnv), volumes: [...p.volumes], ...(p.kind === 'static' ? this.d.staticSites?.projectView(p) : {}), stages: this.d.stages.byProject(p.id).map((s) => this.stageView(s)) };
  }

  private require(id: number): ProjectRecord {
    const p = this.d.projects.get(id);
    if (!p) throw notFound('Project', id);
    return p;
  }

  /** Checks wanted ports (free on the machine, not another stage's) and picks free ones where none was given. */
  /** An engine a stage names must exist; static sites are served from this machine. */
  private validateEngine(engine: string, isStatic: boolean, field: string): void {
    if (engine === 'local') return;
    if (isStatic) throw new AppError('INVALID_INPUT', `${field}: static sites are served from this machine; leave the engine "local".`);
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
