import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { parse as parseYaml } from 'yaml';
import type { StageService, StageUrl } from '../../../preload/contract';
import { AppError } from '../../dispatch/app-error';
import { ensureNetwork, removeContainer, removeNetwork } from '../../deployer/containers';
import { stageUrl, type DeployerDeps, type RouteState } from '../../deployer/deps';
import { dropExtraRoutes, extraUrls, pointExtraRoutes, publishExtraPorts } from '../../deployer/extra-ports';
import type { ImageFacts } from '../../deployer/image';
import type { InstanceShape, MemberHealth } from '../../deployer/instance-shape';
import { removeMembers } from '../../deployer/instance-members';
import { DeployRunner } from '../../deployer/runner';
import { ImageSteps, resolveHealth } from '../image/image-steps';
import type { ResolvedHealth } from '../../health/wait-healthy';
import type { DeployRecord } from '../../store/deploy-repo';
import type { ComposeRepo } from '../../store/compose-repo';
import type { ProjectRecord } from '../../store/project-repo';
import type { StageRecord } from '../../store/stage-repo';
import type { OtherSource } from '../by-kind';
import { checkComposeFile, type ComposeService } from './compose-file';
import { runCompose, type ComposeCall, type ComposeCliHolder } from './compose-run';
import { serviceRun, type ServiceRun } from './service-spec';
import { memberBase, memberName, memberServices, primaryService, shapeForService } from './instance-spec';
import { stackDir, stackName } from './stack-plan';

export interface ComposeSourceDeps extends DeployerDeps {
  readonly compose: ComposeRepo;
  readonly cli: ComposeCliHolder;
  /** DOCKER_HOST for the Compose CLI to reach an engine (by name) as Slipway does. */
  readonly dockerHost: (engine: string) => Promise<string> | string;
  /** The stage switched away from an instance: retire it in the background (the deployer's retirer). */
  readonly retire: (stageId: number) => void;
}

const COMPOSE_PROJECT = 'com.docker.compose.project';
/** A tracked service with no port and no healthcheck must keep running this long to count as healthy. */
const MEMBER_RUNNING_MS = 2000;
const timeoutOf = (project: ProjectRecord): number => (project.health && 'timeoutMs' in project.health ? project.health.timeoutMs : 60_000);
const COMPOSE_SERVICE = 'com.docker.compose.service';

/**
 * The `compose` kind: each stage runs its own copy of the stack. The Compose CLI runs what Compose
 * does (companions, networks, volumes, down); the tracked service's instances are Slipway's own,
 * made from the service's definition at the deployed digest and swapped blue-green by the same
 * runner as image projects (this class is its instance shape), so they keep every guarantee an
 * image instance has: health gate, markers and crash recovery, warm rollback, retirement.
 */
export class ComposeSource implements OtherSource, InstanceShape {
  private readonly runner: DeployRunner<ImageFacts>;
  /** Per stage: the resolved file (`compose config`) of its last prepare, for the candidate's definition. */
  private readonly resolved = new Map<number, unknown>();
  /** Per instance being created: its create options, the base of its members'. */
  private readonly bases = new Map<number, Docker.ContainerCreateOptions>();
  /** Per stage: the companions' containers as last seen. */
  private readonly seen = new Map<number, Map<string, { id: string; state: string; createdAt: number }>>();
  /** Per project: its saved file's services, with what they were checked from. */
  private readonly checked = new Map<number, { key: string; services: readonly ComposeService[] }>();

  constructor(private readonly d: ComposeSourceDeps) {
    // The tracked service's instances take the image steps, shaped by this stack.
    this.runner = new DeployRunner(d, new ImageSteps(d, d.retire, this));
  }

  run(deployId: number, signal: AbortSignal): Promise<DeployRecord> {
    return this.runner.run(deployId, signal);
  }

  /** Promotion moves the upstream stage's digest; the stage's companions stay its own. */
  promoteTarget(stage: StageRecord): { tag: string; digest: string; from: string } {
    const upstream = stage.upstreamStageId !== null ? this.d.stages.get(stage.upstreamStageId) : null;
    const live = upstream ? this.d.instances.live(upstream.id) : null;
    if (!upstream || !live) throw new AppError('CONFLICT', `Nothing is live on ${upstream?.name ?? 'the upstream stage'}, so there is nothing to promote to ${stage.name}.`);
    return { tag: live.tag, digest: live.digest, from: live.deployId !== null ? `deploy #${String(live.deployId)}` : live.tag };
  }

  /** What to install when no Compose CLI is found (looked for again), else null. */
  async missingCli(): Promise<string | null> {
    try {
      await this.d.cli.require();
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  // ── the file ───────────────────────────────────────────────────────────────

  /** The project's services as the saved file declares them (checked once per file: a deploy asks several times). */
  services(project: ProjectRecord): readonly ComposeService[] {
    const saved = this.d.compose.project(project.id);
    if (!saved) throw new Error(`${project.name} has no compose file saved`);
    const key = `${project.image}\n${String(saved.allowHostAccess)}\n${saved.yaml}`;
    const known = this.checked.get(project.id);
    if (known?.key === key) return known.services;
    const check = checkComposeFile(saved.yaml, { repository: project.image, allowHostAccess: saved.allowHostAccess });
    if (!check.ok) throw new Error(`the saved compose file no longer passes its checks: ${check.problems.map((p) => p.message).join('; ')}`);
    this.checked.set(project.id, { key, services: check.services });
    return check.services;
  }

  /** The primary tracked service: its first port is the stage's URL, its container the instance's own. */
  private tracked(project: ProjectRecord): ComposeService {
    const t = primaryService(this.services(project));
    if (!t) throw new Error(`no service of ${project.name} uses ${project.image}`);
    return t;
  }

  stageDir(stageId: number): string {
    return stackDir(this.d.dataDir, stageId);
  }

  private paths(project: ProjectRecord, stage: StageRecord): { stack: string; file: string; dir: string } {
    const dir = this.stageDir(stage.id);
    return { stack: stackName(project.name, stage.name), file: path.join(dir, 'compose.yml'), dir };
  }

  /** A run of the Compose CLI for the stage, pointed at the stage's engine. */
  private async call(project: ProjectRecord, stage: StageRecord, signal?: AbortSignal): Promise<ComposeCall> {
    return {
      ...this.paths(project, stage),
      env: { DOCKER_HOST: await this.d.dockerHost(stage.engine), SLIPWAY_PROJECT: project.name, SLIPWAY_STAGE: stage.name },
      ...(signal ? { signal } : {}),
    };
  }

  // ── prepare: the stack around the candidate ───────────────────────────────

  /**
   * Writes the file to the stage's folder (only when it changed), resolves it with `compose config`,
   * and brings the companions up: Compose leaves an unchanged one alone (same container, same
   * volumes) and recreates one whose definition changed. The tracked service's networks exist after.
   */
  async prepare(project: ProjectRecord, stage: StageRecord, signal: AbortSignal): Promise<void> {
    const cli = await this.d.cli.require();
    const saved = this.d.compose.project(project.id);
    if (!saved) throw new Error(`${project.name} has no compose file saved`);
    const call = await this.call(project, stage, signal);
    fs.mkdirSync(call.dir, { recursive: true });
    const onDisk = fs.existsSync(call.file) ? fs.readFileSync(call.file, 'utf8') : null;
    if (onDisk !== saved.yaml) {
      fs.writeFileSync(`${call.file}.tmp`, saved.yaml);
      fs.renameSync(`${call.file}.tmp`, call.file);
    }
    const services = this.services(project);
    const companions = services.filter((s) => !s.tracked).map((s) => s.name);
    // A new tag with the same file and every companion running: the stack is as Compose would leave it.
    if (onDisk === saved.yaml && this.d.compose.applied(stage.id) === saved.yaml && this.resolved.has(stage.id)) {
      await this.refresh(project, stage);
      const seen = this.seen.get(stage.id);
      if (companions.every((n) => seen?.get(n)?.state === 'running')) return;
    }
    const resolved = parseYaml(await runCompose(cli, call, ['config'])) as unknown;
    this.resolved.set(stage.id, resolved);
    if (companions.length > 0) await runCompose(cli, call, ['up', '-d', '--no-deps', '--remove-orphans', ...companions]);
    const docker = this.d.docker(stage.engine);
    for (const tracked of services.filter((s) => s.tracked)) {
      for (const n of serviceRun(resolved, tracked.name, call.stack, call.dir).networks) {
        await ensureNetwork(docker, n.name, { [COMPOSE_PROJECT]: call.stack, 'com.docker.compose.network': n.key });
      }
    }
    this.d.compose.setApplied(stage.id, saved.yaml);
    await this.refresh(project, stage);
  }

  ports(project: ProjectRecord): readonly number[] {
    return this.tracked(project).ports;
  }

  /** How a tracked service runs (the primary one by default), from the file as resolved by the last prepare. */
  private runOf(project: ProjectRecord, stage: StageRecord, service = this.tracked(project).name): ServiceRun {
    const resolved = this.resolved.get(stage.id);
    if (resolved === undefined) throw new Error('the stack was not prepared');
    const call = this.paths(project, stage);
    return serviceRun(resolved, service, call.stack, call.dir);
  }

  /** As `runOf`, or (a deploy resumed after a restart, before any prepare) from the saved file: enough for its healthcheck. */
  private savedRunOf(project: ProjectRecord, stage: StageRecord, service: ComposeService): ServiceRun {
    return this.resolved.has(stage.id) ? this.runOf(project, stage, service.name) : serviceRun({ services: { [service.name]: service.definition } }, service.name, '', '');
  }

  /** The primary service's definition on the image deploy's container, with its extra ports; `base` is kept for the members. */
  async candidate(project: ProjectRecord, stage: StageRecord, instanceId: number, base: Docker.ContainerCreateOptions): Promise<Docker.ContainerCreateOptions> {
    const primary = this.tracked(project);
    this.bases.set(instanceId, base);
    const published = await publishExtraPorts(this.d, instanceId, primary.ports.slice(1), base, this.d.reach?.publishing(stage.engine), primary.name);
    return shapeForService(published, this.runOf(project, stage), primary.name);
  }

  /**
   * Joins the primary container's other networks, then makes the generation's other tracked
   * services' containers (each recorded by name first): same digest, each from its own service.
   * A failure removes the members made so far (the runner removes the primary one).
   */
  async created(project: ProjectRecord, stage: StageRecord, containerId: string, instanceId: number): Promise<void> {
    const docker = this.d.docker(stage.engine);
    await this.joinNetworks(docker, this.runOf(project, stage).networks.slice(1), containerId);
    const base = this.bases.get(instanceId);
    this.bases.delete(instanceId);
    const members = memberServices(this.services(project));
    if (members.length === 0) return;
    if (!base) throw new Error('the instance was created without its options');
    const instanceName = base.name ?? this.d.instances.require(instanceId).containerName;
    try {
      for (const svc of members) {
        const name = memberName(instanceName, svc.name);
        this.d.instances.addMember(instanceId, svc.name, name);
        await removeContainer(docker, name);
        const run = this.runOf(project, stage, svc.name);
        const published = await publishExtraPorts(this.d, instanceId, svc.ports, memberBase(base, name), this.d.reach?.publishing(stage.engine), svc.name);
        let id: string;
        try {
          id = (await docker.createContainer(shapeForService(published, run, svc.name))).id;
        } catch (error) {
          throw new Error(`the engine refused to create the ${svc.name} container: ${error instanceof Error ? error.message : String(error)}`);
        }
        this.d.instances.setMemberContainer(instanceId, svc.name, id);
        await this.joinNetworks(docker, run.networks.slice(1), id);
      }
      // The members' health checks probe their ports here before the switch.
      await this.exposePorts(stage, instanceId, containerId);
    } catch (error) {
      await removeMembers(docker, this.d.instances, instanceId).catch(() => undefined);
      throw error;
    }
  }

  /**
   * On a remote engine, every port the generation publishes besides the primary one (the primary
   * service's extra ports, the members' ports) answers on its local port here through the engine's
   * tunnel, as the primary port does. Nothing to do for the local engine. Idempotent.
   */
  private async exposePorts(stage: StageRecord, instanceId: number, primaryId: string | null = this.d.instances.get(instanceId)?.containerId ?? null): Promise<void> {
    const reach = this.d.reach;
    if (!reach?.publishing(stage.engine).anyPort) return;
    const members = new Map(this.d.instances.members(instanceId).map((m) => [m.service, m.containerId]));
    for (const p of this.d.extraPorts.allInstancePorts(instanceId)) {
      const containerId = p.service !== null && members.has(p.service) ? members.get(p.service) : primaryId;
      if (containerId) await reach.expose(stage.engine, p.hostPort, containerId, p.containerPort);
    }
  }

  private async joinNetworks(docker: Docker, networks: ServiceRun['networks'], containerId: string): Promise<void> {
    for (const n of networks) await docker.getNetwork(n.name).connect({ Container: containerId, EndpointConfig: { Aliases: n.aliases } });
  }

  /** The primary service's own healthcheck when it has one (the engine runs it), else the project's check. */
  health(project: ProjectRecord, stage: StageRecord, _facts: ImageFacts): ResolvedHealth | null {
    return this.savedRunOf(project, stage, this.tracked(project)).healthcheck ? { kind: 'docker', timeoutMs: timeoutOf(project) } : null;
  }

  /**
   * Each member's check: its service's own healthcheck when it has one (else the image's), else the
   * project's check on its first port, else that it keeps running for a while (a worker with no port).
   */
  memberHealth(project: ProjectRecord, stage: StageRecord, instanceId: number, facts: ImageFacts): MemberHealth[] {
    const byName = new Map(memberServices(this.services(project)).map((s) => [s.name, s]));
    return this.d.instances.members(instanceId).flatMap((m) => {
      const svc = byName.get(m.service);
      if (!svc || !m.containerId) return [];
      const hostPort = svc.ports[0] !== undefined ? (this.d.extraPorts.instancePorts(instanceId, svc.name).get(svc.ports[0]) ?? null) : null;
      const own = this.savedRunOf(project, stage, svc).healthcheck !== null || facts.hasHealthcheck;
      const check: ResolvedHealth = own ? { kind: 'docker', timeoutMs: timeoutOf(project) } : hostPort !== null ? resolveHealth(project.health, facts, stage.mode) : { kind: 'running', forMs: MEMBER_RUNNING_MS };
      return [{ service: m.service, containerId: m.containerId, hostPort: check.kind === 'docker' || check.kind === 'running' ? null : hostPort, check }];
    });
  }

  /** Every other stable port of the stage now points at the instance's matching host port. */
  async switched(stage: StageRecord, instanceId: number): Promise<void> {
    await this.exposePorts(stage, instanceId);
    await pointExtraRoutes(this.d, stage, instanceId);
  }

  // ── tear down, reconcile, views ────────────────────────────────────────────

  /**
   * Removes the stage's stack (after its instances are gone): `down` for companions and networks
   * (named volumes too with `removeVolumes`), then anything still labelled with the stack, its
   * extra routes and its folder. Without a Compose CLI the labelled leftovers are removed directly.
   */
  async tearDown(project: ProjectRecord, stage: StageRecord, removeVolumes: boolean): Promise<void> {
    const call = this.paths(project, stage);
    await dropExtraRoutes(this.d, stage.id);
    const cli = await this.d.cli.require().catch(() => null);
    if (cli && fs.existsSync(call.file)) await runCompose(cli, await this.call(project, stage), ['down', '--remove-orphans', ...(removeVolumes ? ['-v'] : [])]);
    const docker = this.d.docker(stage.engine);
    const label = { label: [`${COMPOSE_PROJECT}=${call.stack}`] };
    for (const c of await docker.listContainers({ all: true, filters: label })) await removeContainer(docker, c.Id);
    for (const n of await docker.listNetworks({ filters: label })) await removeNetwork(docker, n.Id);
    if (removeVolumes) {
      const { Volumes } = await docker.listVolumes({ filters: label });
      for (const v of Volumes) await docker.getVolume(v.Name).remove().catch(() => undefined);
    }
    fs.rmSync(call.dir, { recursive: true, force: true });
    this.resolved.delete(stage.id);
    this.seen.delete(stage.id);
  }

  /** Puts the extra routes back where the live instance is, and looks at the companions again. */
  async reconcile(project: ProjectRecord, stage: StageRecord, routes: readonly RouteState[] = []): Promise<void> {
    const live = this.d.instances.live(stage.id);
    if (live) await this.exposePorts(stage, live.id).catch(() => undefined);
    await pointExtraRoutes(this.d, stage, live?.id ?? null, routes);
    await this.refresh(project, stage);
  }

  /** Reads the companions' containers of the stage's stack from the engine. */
  async refresh(project: ProjectRecord, stage: StageRecord): Promise<void> {
    const stack = stackName(project.name, stage.name);
    const listed = await this.d.docker(stage.engine).listContainers({ all: true, filters: { label: [`${COMPOSE_PROJECT}=${stack}`] } });
    this.seen.set(stage.id, new Map(listed.map((c) => [c.Labels[COMPOSE_SERVICE] ?? '', { id: c.Id, state: c.State, createdAt: c.Created * 1000 }])));
  }

  /**
   * A service's container now (for logs and stats): a companion's as last seen, another tracked
   * service's in the live generation; null while it has none; undefined when the stage is not a
   * compose stage or the name is its primary tracked service (that one is the stage's live instance).
   */
  companionOf(stageId: number, service: string): { containerId: string; createdAt: number; instanceId?: number } | null | undefined {
    const stage = this.d.stages.get(stageId);
    const project = stage ? this.d.projects.get(stage.projectId) : null;
    if (!stage || project?.kind !== 'compose') return undefined;
    const services = this.services(project);
    const found = services.find((s) => s.name === service);
    if (!found) throw new AppError('NOT_FOUND', `${project.name} has no service "${service}": pick one of ${services.map((s) => s.name).join(', ')}.`);
    if (found === primaryService(services)) return undefined;
    if (found.tracked) {
      const live = this.d.instances.live(stageId);
      const member = live ? this.d.instances.members(live.id).find((m) => m.service === service) : undefined;
      return live && member?.containerId ? { containerId: member.containerId, createdAt: live.createdAt, instanceId: live.id } : null;
    }
    const c = this.seen.get(stageId)?.get(service);
    return c ? { containerId: c.id, createdAt: c.createdAt } : null;
  }

  /** Each service of the stage's stack: tracked ones from the live instance, companions as last seen. */
  serviceViews(project: ProjectRecord, stage: StageRecord, running: (containerId: string) => boolean): StageService[] {
    let services: readonly ComposeService[];
    try {
      services = this.services(project);
    } catch {
      return [];
    }
    const live = this.d.instances.live(stage.id);
    const members = live ? this.d.instances.members(live.id) : [];
    const primary = primaryService(services);
    const seen = this.seen.get(stage.id);
    return services.map((s) => {
      if (s.tracked) {
        // Each tracked service's container in the live generation: the instance's own for the primary one.
        const id = (s === primary ? live?.containerId : members.find((m) => m.service === s.name)?.containerId) ?? null;
        return { name: s.name, role: 'tracked', image: s.image, state: id === null ? (stage.stopped ? 'stopped' : 'not deployed') : running(id) ? 'running' : 'exited', containerId: id };
      }
      const c = seen?.get(s.name);
      return { name: s.name, role: 'companion', image: s.image, state: c?.state ?? (seen ? 'missing' : 'unknown'), containerId: c?.id ?? null };
    });
  }

  /** Every stable URL of the stage, the primary one first. */
  urlViews(project: ProjectRecord, stage: StageRecord): StageUrl[] {
    let tracked: ComposeService | null = null;
    try {
      tracked = this.tracked(project);
    } catch {
      // A file that no longer checks out still has its primary URL.
    }
    return [
      { service: tracked?.name ?? null, containerPort: tracked?.ports[0] ?? null, publicPort: stage.publicPort, url: stageUrl(stage.publicPort), primary: true },
      ...extraUrls(this.d, stage.id),
    ];
  }

}
