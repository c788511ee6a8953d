import type Docker from 'dockerode';
import type { ContainerRun, Env, Limits } from '../../preload/contract';
import type { MountPlan } from './instance-volumes';

/** Labels on every container Slipway creates; the reconciler finds its containers by them. */
export const LABEL = {
  install: 'slipway.install',
  project: 'slipway.project',
  stage: 'slipway.stage',
  deploy: 'slipway.deploy',
  digest: 'slipway.digest',
  tag: 'slipway.tag',
  instance: 'slipway.instance',
  projectName: 'slipway.project-name',
  stageName: 'slipway.stage-name',
  /** The container port the stage's own URL leads to (others may be published too). */
  port: 'slipway.port',
} as const;

export interface ContainerPlan {
  readonly installId: string;
  readonly project: { readonly id: number; readonly name: string; readonly env: Env; readonly limits: Limits; readonly stopTimeoutSec: number; readonly init?: boolean; readonly run?: ContainerRun };
  readonly stage: { readonly id: number; readonly name: string; readonly env: Env };
  readonly deployId: number;
  readonly instanceId: number;
  readonly tag: string;
  readonly digest: string;
  readonly imageRef: string;
  readonly containerPort: number;
  readonly hostPort: number;
  readonly mounts: MountPlan;
  /** Where the port is published on the engine's host (default 127.0.0.1 at hostPort); anyPort: the engine picks it (a remote engine). */
  readonly publish?: { readonly hostIp: string; readonly anyPort: boolean };
}

/** Unique per instance and per Slipway installation (several may share one engine). */
export function containerName(installId: string, projectName: string, stageName: string, instanceId: number): string {
  return `slipway-${installId.slice(0, 6)}-${projectName}-${stageName}-${String(instanceId)}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
}

/** Each alias as given (shared by the project's stages) and suffixed with the stage, e.g. `api` and `api-dev`. */
export function networkAliases(aliases: readonly string[], stageName: string): string[] {
  return [...new Set(aliases.flatMap((a) => [a, `${a}-${stageName}`]))];
}

/** Command, entrypoint, user and working directory where the project overrides the image's; the extra network. */
function runOptions(run: ContainerRun | undefined, stageName: string): Partial<Docker.ContainerCreateOptions> {
  if (!run) return {};
  return {
    ...(run.command ? { Cmd: [...run.command] } : {}),
    ...(run.entrypoint ? { Entrypoint: [...run.entrypoint] } : {}),
    ...(run.user ? { User: run.user } : {}),
    ...(run.workingDir ? { WorkingDir: run.workingDir } : {}),
    ...(run.network ? { NetworkingConfig: { EndpointsConfig: { [run.network.name]: { Aliases: networkAliases(run.network.aliases, stageName) } } } } : {}),
  };
}

/** The container's create options: labels, env (stage overrides project), limits, mounts, port on 127.0.0.1 only. */
export function containerSpec(p: ContainerPlan, name: string): Docker.ContainerCreateOptions {
  const portKey = `${String(p.containerPort)}/tcp`;
  const env = { ...p.project.env, ...p.stage.env };
  const network = p.project.run?.network;
  return {
    name,
    Image: p.imageRef,
    ...runOptions(p.project.run, p.stage.name),
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: {
      [LABEL.install]: p.installId,
      [LABEL.project]: String(p.project.id),
      [LABEL.stage]: String(p.stage.id),
      [LABEL.deploy]: String(p.deployId),
      [LABEL.instance]: String(p.instanceId),
      [LABEL.digest]: p.digest,
      [LABEL.tag]: p.tag,
      [LABEL.projectName]: p.project.name,
      [LABEL.stageName]: p.stage.name,
      [LABEL.port]: String(p.containerPort),
    },
    ExposedPorts: { [portKey]: {} },
    StopTimeout: p.project.stopTimeoutSec,
    HostConfig: {
      PortBindings: { [portKey]: [{ HostIp: p.publish?.hostIp ?? '127.0.0.1', HostPort: p.publish?.anyPort === true ? '' : String(p.hostPort) }] },
      // On a user-defined bridge network instead of the default one: ports are published the same way.
      ...(network ? { NetworkMode: network.name } : {}),
      // No engine restarts while the instance is on trial: a crash must fail the health check, not
      // be papered over. The project's policy is applied once the instance is live.
      RestartPolicy: { Name: 'no' },
      // Docker's init as PID 1 forwards SIGTERM and reaps children: an app that ignores SIGTERM stops at once.
      Init: p.project.init ?? true,
      Mounts: p.mounts.mounts.map((m) => ({ Type: m.Type, Source: m.Source ?? '', Target: m.Target, ReadOnly: m.ReadOnly })),
      ...(p.project.limits.cpus !== undefined ? { NanoCpus: Math.round(p.project.limits.cpus * 1e9) } : {}),
      ...(p.project.limits.memoryMb !== undefined ? { Memory: p.project.limits.memoryMb * 1024 * 1024 } : {}),
    },
  };
}
