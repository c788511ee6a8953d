import type Docker from 'dockerode';
import type { ComposeService } from './compose-file';
import type { ServiceRun } from './service-spec';

/** Names the compose service an instance's container runs (the primary one and its members alike). */
const SERVICE_LABEL = 'slipway.compose-service';

/**
 * The tracked service whose first port is the stage's primary URL: the first tracked one (in file
 * order) that publishes a port, else the first tracked one. Null when none is tracked.
 */
export function primaryService(services: readonly ComposeService[]): ComposeService | null {
  const tracked = services.filter((s) => s.tracked);
  return tracked.find((s) => s.ports.length > 0) ?? tracked[0] ?? null;
}

/** The tracked services beyond the primary one: each instance runs one container of each (its members). */
export function memberServices(services: readonly ComposeService[]): ComposeService[] {
  const primary = primaryService(services);
  return services.filter((s) => s.tracked && s !== primary);
}

/** A member's fixed container name: the instance's, suffixed with the service. */
export const memberName = (instanceName: string, service: string): string => `${instanceName}-${service}`.replace(/[^a-zA-Z0-9_.-]/g, '-');

/**
 * A member's create options before its own ports are published: the instance's (image, labels,
 * limits, restart policy, the project's variables) under its own name, without the primary port.
 */
export function memberBase(base: Docker.ContainerCreateOptions, name: string): Docker.ContainerCreateOptions {
  const host: Docker.HostConfig = { ...base.HostConfig };
  delete host.PortBindings;
  const rest: Docker.ContainerCreateOptions = { ...base };
  delete rest.ExposedPorts;
  return { ...rest, name, HostConfig: host };
}

/**
 * The create options of one tracked service's container at the deployed digest: the service's env
 * under the project's and stage's (`base`'s win), its command, user, working dir, healthcheck,
 * mounts, and its first network with the service name as alias (the others are joined after create).
 */
export function shapeForService(base: Docker.ContainerCreateOptions, run: ServiceRun, service: string): Docker.ContainerCreateOptions {
  const baseEnv = Object.fromEntries((base.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  const env = { ...run.env, ...baseEnv };
  const first = run.networks[0];
  return {
    ...base,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...run.labels, ...base.Labels, [SERVICE_LABEL]: service },
    ...(run.cmd ? { Cmd: run.cmd } : {}),
    ...(run.entrypoint ? { Entrypoint: run.entrypoint } : {}),
    ...(run.user ? { User: run.user } : {}),
    ...(run.workingDir ? { WorkingDir: run.workingDir } : {}),
    ...(run.healthcheck ? { Healthcheck: run.healthcheck } : {}),
    ...(first ? { NetworkingConfig: { EndpointsConfig: { [first.name]: { Aliases: first.aliases } } } } : {}),
    HostConfig: {
      ...base.HostConfig,
      Mounts: run.mounts,
      ...(first ? { NetworkMode: first.name } : {}),
    },
  };
}
