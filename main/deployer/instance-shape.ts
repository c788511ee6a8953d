import type Docker from 'dockerode';
import type { ResolvedHealth } from '../health/wait-healthy';
import type { ProjectRecord } from '../store/project-repo';
import type { StageRecord } from '../store/stage-repo';
import type { ImageFacts } from './image';

export interface MemberHealth {
  readonly service: string;
  readonly containerId: string;
  readonly hostPort: number | null;
  readonly check: ResolvedHealth;
}

/**
 * What a kind whose instances are more than "the image with the project's settings" adds to the
 * deploy steps (compose: the stack around the tracked service). The runner keeps the order, the
 * markers and the failure handling; each method may be called again after a crash.
 */
export interface InstanceShape {
  /** Before the candidate is created: whatever it needs around it (companions, networks, volumes). Throws to fail the deploy. */
  prepare(project: ProjectRecord, stage: StageRecord, signal: AbortSignal): Promise<void>;
  /** The candidate's container ports, the primary (stable URL of the stage) first; empty: the image's EXPOSE. */
  ports(project: ProjectRecord, stage: StageRecord): readonly number[];
  /** The create options, from the image deploy's own; may publish more ports (remembered for `instanceId`). */
  candidate(project: ProjectRecord, stage: StageRecord, instanceId: number, base: Docker.ContainerCreateOptions): Promise<Docker.ContainerCreateOptions>;
  /**
   * After the container exists, before it starts (e.g. joins more networks), and the instance's
   * other containers (its members: a stack's other tracked services) are created, recorded with
   * `instances.addMember` before each is made. Throws after removing what it made.
   */
  created(project: ProjectRecord, stage: StageRecord, containerId: string, instanceId: number): Promise<void>;
  /** The health check, when the kind decides it (e.g. the service's own healthcheck); null: the project's. */
  health(project: ProjectRecord, stage: StageRecord, facts: ImageFacts): ResolvedHealth | null;
  /** How each member of the instance is health-checked: on its first published port, or by its engine healthcheck (hostPort null). */
  memberHealth(project: ProjectRecord, stage: StageRecord, instanceId: number, facts: ImageFacts): readonly MemberHealth[];
  /** After the primary stable URL points at the instance: the other stable URLs follow. */
  switched(stage: StageRecord, instanceId: number): Promise<void>;
}
