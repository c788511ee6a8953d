import type Docker from 'dockerode';
import type { ContainerRun, Env, HealthCheck, Limits } from '../../../preload/contract';
import { LABEL } from '../../deployer/container-spec';
import type { MountPlan } from '../../deployer/instance-volumes';

/** Swarm's own knobs, the same for every service Slipway makes. */
export const ROLLOUT = {
  /** How long Swarm watches each updated task for a failure before it counts the task as done. */
  monitorSec: 5,
  /** How often the service's health check probes a task. */
  healthIntervalSec: 1,
  healthRetries: 3,
} as const;

/** On the service's containers: tells which stage a task container belongs to, without the install label the reconciler's orphan sweep uses for single containers. */
export const TASK_LABEL = 'slipway.swarm-stage';

const NS = 1e9;

export interface ServicePlan {
  readonly installId: string;
  readonly name: string;
  readonly project: {
    readonly id: number;
    readonly name: string;
    readonly env: Env;
    readonly limits: Limits;
    readonly stopTimeoutSec: number;
    readonly restartPolicy: 'no' | 'on-failure' | 'unless-stopped' | 'always';
    readonly init?: boolean;
    readonly run?: ContainerRun;
  };
  readonly stage: { readonly id: number; readonly name: string; readonly env: Env };
  readonly deployId: number;
  readonly tag: string;
  readonly digest: string;
  /** `repo@sha256:…`: every node runs the same image. */
  readonly imageRef: string;
  readonly containerPort: number;
  readonly replicas: number;
  /** The service's health check; null keeps the image's own HEALTHCHECK. */
  readonly healthcheck: Docker.HealthConfig | null;
  readonly mounts: MountPlan['mounts'];
}

/** Unique per stage and per Slipway installation; at most 63 characters, as Swarm requires. */
export function defaultServiceName(installId: string, projectName: string, stageName: string): string {
  return `slipway-${installId.slice(0, 6)}-${projectName}-${stageName}`.replace(/[^a-zA-Z0-9_.-]/g, '-').slice(0, 63).replace(/[-_.]+$/, '');
}

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The project's health check as the service's own, run inside each task: Swarm only counts a task
 * as running once it is healthy, and an update whose new task turns unhealthy is rolled back.
 * `docker` and `running` (and none, with an image HEALTHCHECK) keep the image's own.
 */
export function serviceHealthcheck(h: HealthCheck | null, o: { readonly containerPort: number; readonly mode: 'http' | 'tcp'; readonly imageHasHealthcheck: boolean }): Docker.HealthConfig | null {
  const kind = h?.kind ?? (o.imageHasHealthcheck ? 'docker' : o.mode);
  if (kind === 'docker' || kind === 'running') return null;
  const url = `http://127.0.0.1:${String(o.containerPort)}${h?.kind === 'http' ? h.path : '/'}`;
  // wget (busybox, Alpine, Debian) or curl, whichever the image has.
  const test =
    kind === 'http'
      ? `wget -q -O /dev/null ${quote(url)} || curl -fsS -o /dev/null ${quote(url)} || exit 1`
      : `nc -z 127.0.0.1 ${String(o.containerPort)} || exit 1`;
  const timeoutMs = h && h.kind !== 'running' ? h.timeoutMs : 30_000;
  return {
    Test: ['CMD-SHELL', test],
    Interval: ROLLOUT.healthIntervalSec * NS,
    Timeout: 2 * NS,
    Retries: ROLLOUT.healthRetries,
    // Failures while the app starts do not count, up to the project's health timeout.
    StartPeriod: Math.round(timeoutMs / 1000) * NS,
  };
}

function restartCondition(policy: ServicePlan['project']['restartPolicy']): 'none' | 'on-failure' | 'any' {
  return policy === 'no' ? 'none' : policy === 'on-failure' ? 'on-failure' : 'any';
}

/**
 * The whole service spec, for create and for every update (an update replaces the spec): replicas,
 * env, limits, mounts, health check, the container port published in host mode with no fixed host
 * port (each task gets its own, read back from the task's PortStatus; the routing mesh is not used),
 * a start-first rolling update that Swarm rolls back on failure, and Slipway's labels.
 */
export function serviceSpec(p: ServicePlan): Docker.ServiceSpec & { Name: string } {
  const env = { ...p.project.env, ...p.stage.env };
  const run = p.project.run;
  const update: Docker.UpdateConfig = { Parallelism: 1, Delay: 0, FailureAction: 'rollback', Monitor: ROLLOUT.monitorSec * NS, MaxFailureRatio: 0, Order: 'start-first' };
  return {
    Name: p.name,
    Labels: {
      [LABEL.install]: p.installId,
      [LABEL.project]: String(p.project.id),
      [LABEL.stage]: String(p.stage.id),
      [LABEL.deploy]: String(p.deployId),
      [LABEL.digest]: p.digest,
      [LABEL.tag]: p.tag,
      [LABEL.projectName]: p.project.name,
      [LABEL.stageName]: p.stage.name,
    },
    TaskTemplate: {
      ContainerSpec: {
        Image: p.imageRef,
        Labels: { [TASK_LABEL]: `${p.installId}:${String(p.stage.id)}` },
        Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
        ...(run?.command ? { Args: [...run.command] } : {}),
        ...(run?.entrypoint ? { Command: [...run.entrypoint] } : {}),
        ...(run?.user ? { User: run.user } : {}),
        ...(run?.workingDir ? { Dir: run.workingDir } : {}),
        Init: p.project.init ?? true,
        StopGracePeriod: p.project.stopTimeoutSec * NS,
        Mounts: p.mounts.map((m) => ({ Type: m.Type, Source: m.Source ?? '', Target: m.Target, ReadOnly: m.ReadOnly })),
        ...(p.healthcheck ? { HealthCheck: p.healthcheck } : {}),
      },
      Resources: {
        Limits: {
          ...(p.project.limits.cpus !== undefined ? { NanoCPUs: Math.round(p.project.limits.cpus * NS) } : {}),
          ...(p.project.limits.memoryMb !== undefined ? { MemoryBytes: p.project.limits.memoryMb * 1024 * 1024 } : {}),
        },
      },
      RestartPolicy: { Condition: restartCondition(p.project.restartPolicy), MaxAttempts: 0 },
      ...(run?.network ? { Networks: [{ Target: run.network.name, Aliases: [...run.network.aliases] }] } : {}),
    },
    Mode: { Replicated: { Replicas: p.replicas } },
    UpdateConfig: update,
    RollbackConfig: { ...update, FailureAction: 'pause' },
    EndpointSpec: { Mode: 'vip', Ports: [{ Protocol: 'tcp', TargetPort: p.containerPort, PublishMode: 'host' }] },
  };
}
