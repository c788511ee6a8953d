import type Docker from 'dockerode';
import { pointExtraRoutes, publishExtraPorts } from '../../deployer/extra-ports';
import type { DeployerDeps } from '../../deployer/deps';
import type { InstanceShape, MemberHealth } from '../../deployer/instance-shape';
import type { ProjectRecord } from '../../store/project-repo';
import type { StageRecord } from '../../store/stage-repo';

type Deps = Pick<DeployerDeps, 'extraPorts' | 'routes' | 'ports' | 'reach' | 'instances'>;

/**
 * An image project's instances as the deploy steps shape them: the project's extra container ports
 * are published next to the primary one (on a remote engine where it publishes, tunnelled here), and
 * each switch points the stage's extra stable URLs at the new instance.
 */
export class ImagePorts implements InstanceShape {
  constructor(private readonly d: Deps) {}

  prepare(): Promise<void> {
    return Promise.resolve();
  }

  /** The project's own port when set; otherwise the image's EXPOSE decides the primary one. */
  ports(project: ProjectRecord): readonly number[] {
    return project.port !== null ? [project.port] : [];
  }

  async candidate(project: ProjectRecord, stage: StageRecord, instanceId: number, base: Docker.ContainerCreateOptions): Promise<Docker.ContainerCreateOptions> {
    if (project.ports.length === 0) return base;
    const primary = Number(Object.keys(base.ExposedPorts ?? {})[0]?.split('/')[0]);
    // Only possible when `port` is unset and the image's EXPOSE turns out to be one of the extra ports.
    if (project.ports.includes(primary)) {
      throw new Error(`the image's port ${String(primary)} is the stage's own URL and is also listed in the extra ports: remove it from "ports", or set "port" (projects.update)`);
    }
    return publishExtraPorts(this.d, instanceId, project.ports, base, this.d.reach?.publishing(stage.engine));
  }

  created(): Promise<void> {
    return Promise.resolve();
  }

  health(): null {
    return null;
  }

  /** An image instance is one container: no members. */
  memberHealth(): readonly MemberHealth[] {
    return [];
  }

  async switched(stage: StageRecord, instanceId: number): Promise<void> {
    await exposeExtraPorts(this.d, stage, instanceId);
    await pointExtraRoutes(this.d, stage, instanceId);
  }
}

/**
 * On a remote engine, each extra port of the instance answers on its local port here through the
 * engine's tunnel (as the primary port does); nothing to do for the local engine.
 */
export async function exposeExtraPorts(d: Deps, stage: StageRecord, instanceId: number): Promise<void> {
  const containerId = d.instances.get(instanceId)?.containerId;
  if (!d.reach || !containerId) return;
  for (const [containerPort, localPort] of d.extraPorts.instancePorts(instanceId)) await d.reach.expose(stage.engine, localPort, containerId, containerPort);
}

/** The reconciler's pass: the stage's extra stable URLs lead to its live instance again (503 without one). */
export async function restoreExtraPorts(d: Deps, stage: StageRecord): Promise<void> {
  if (d.extraPorts.stagePorts(stage.id).length === 0) return;
  const live = d.instances.live(stage.id);
  if (live) await exposeExtraPorts(d, stage, live.id).catch(() => undefined);
  await pointExtraRoutes(d, stage, live?.id ?? null);
}
