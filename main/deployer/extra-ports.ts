import type Docker from 'dockerode';
import type { StageUrl } from '../../preload/contract';
import type { ExtraPortRepo } from '../store/extra-port-repo';
import type { StageRecord } from '../store/stage-repo';
import { stageUrl, type PortFinder, type RouteState, type StableRoutes } from './deps';

/**
 * A stage's extra stable URLs: one per container port after the primary one (the stage's own URL).
 * Each has its own public port on the proxy, kept across deploys; each instance publishes the port
 * on a host port of its own, and a switch points every extra route at the new instance's.
 */
export interface ExtraPortDeps {
  readonly extraPorts: ExtraPortRepo;
  readonly routes: StableRoutes;
}

/**
 * Key of the stable route of one more container port of a stage (kept apart from `stage:<id>`);
 * a compose service's ports carry its name, as two services may use the same container port.
 */
export const extraRouteKey = (stageId: number, containerPort: number, service: string | null = null): string =>
  `stage-port:${String(stageId)}:${String(containerPort)}${service === null ? '' : `:${service}`}`;

/**
 * Gives the stage one stable port for each wanted container port of one service (null: an image
 * project's own): new ports get a free public port reserved on the proxy (503 until a deploy),
 * ports of that service no longer wanted lose theirs. Other services' ports are left alone.
 */
export async function syncStagePorts(d: ExtraPortDeps, stage: StageRecord, service: string | null, wanted: readonly number[], freePort: () => Promise<number>): Promise<void> {
  const have = d.extraPorts.stagePorts(stage.id).filter((p) => p.service === service);
  for (const p of have) {
    if (wanted.includes(p.containerPort)) continue;
    await d.routes.removeRoute(extraRouteKey(stage.id, p.containerPort, p.service)).catch(() => undefined);
    d.extraPorts.removeStagePort(stage.id, p.containerPort, p.service);
  }
  for (const containerPort of wanted) {
    if (have.some((p) => p.containerPort === containerPort)) continue;
    const publicPort = await freePort();
    await d.routes.setRoute({ key: extraRouteKey(stage.id, containerPort, service), publicPort, mode: stage.mode, targetPort: null });
    d.extraPorts.addStagePort({ stageId: stage.id, service, containerPort, publicPort });
  }
}

/**
 * Points every extra route of the stage at the instance's matching host port (null instance: 503
 * until a deploy). Routes of the stage under keys it no longer has (given the proxy's routes) go first.
 */
export async function pointExtraRoutes(d: ExtraPortDeps, stage: StageRecord, instanceId: number | null, existing: readonly RouteState[] = []): Promise<void> {
  const hostPorts = new Map((instanceId !== null ? d.extraPorts.allInstancePorts(instanceId) : []).map((p) => [`${p.service ?? ''}:${String(p.containerPort)}`, p.hostPort]));
  const wanted = d.extraPorts.stagePorts(stage.id);
  const keys = new Set(wanted.map((p) => extraRouteKey(stage.id, p.containerPort, p.service)));
  for (const r of existing) if (r.key.startsWith(`stage-port:${String(stage.id)}:`) && !keys.has(r.key)) await d.routes.removeRoute(r.key).catch(() => undefined);
  for (const p of wanted) {
    await d.routes.setRoute({ key: extraRouteKey(stage.id, p.containerPort, p.service), publicPort: p.publicPort, mode: stage.mode, targetPort: hostPorts.get(`${p.service ?? ''}:${String(p.containerPort)}`) ?? null });
  }
}

/** Waits until the extra routes of the stage carry no request to the instance's host ports (before it stops). */
export async function waitExtraDrained(d: ExtraPortDeps, stageId: number, instanceId: number, timeoutMs: number): Promise<void> {
  await Promise.all(d.extraPorts.allInstancePorts(instanceId).map((p) => d.routes.waitDrained(extraRouteKey(stageId, p.containerPort, p.service), p.hostPort, timeoutMs).catch(() => undefined)));
}

/** Removes the stage's extra routes from the proxy (its ports stay reserved in the store until the stage goes). */
export async function dropExtraRoutes(d: ExtraPortDeps, stageId: number): Promise<void> {
  for (const p of d.extraPorts.stagePorts(stageId)) await d.routes.removeRoute(extraRouteKey(stageId, p.containerPort, p.service)).catch(() => undefined);
}

/** The stage's extra stable URLs, after its primary one. */
export function extraUrls(d: Pick<ExtraPortDeps, 'extraPorts'>, stageId: number): StageUrl[] {
  return d.extraPorts.stagePorts(stageId).map((p) => ({ service: p.service, containerPort: p.containerPort, publicPort: p.publicPort, url: stageUrl(p.publicPort), primary: false }));
}

type Bindings = Record<string, { HostIp: string; HostPort: string }[]>;

/**
 * Publishes the extra container ports (of one service; null: an image project's own) on free loopback
 * host ports, remembered for the instance. On a remote engine (`publish.anyPort`) the engine picks its
 * ports and the remembered ones are the local ends of the tunnels to them.
 */
export async function publishExtraPorts(
  d: { readonly extraPorts: ExtraPortRepo; readonly ports: PortFinder },
  instanceId: number,
  extra: readonly number[],
  base: Docker.ContainerCreateOptions,
  publish?: { readonly hostIp: string; readonly anyPort: boolean },
  service: string | null = null,
): Promise<Docker.ContainerCreateOptions> {
  const hostPorts = new Map<number, number>();
  for (const p of extra) hostPorts.set(p, await d.ports.findFreePort());
  d.extraPorts.setInstancePorts(instanceId, hostPorts, service);
  const binding = (h: number): { HostIp: string; HostPort: string } => ({ HostIp: publish?.hostIp ?? '127.0.0.1', HostPort: publish?.anyPort === true ? '' : String(h) });
  const bindings: Bindings = { ...(base.HostConfig?.PortBindings as Bindings | undefined), ...Object.fromEntries([...hostPorts].map(([c, h]) => [`${String(c)}/tcp`, [binding(h)]])) };
  return {
    ...base,
    ExposedPorts: { ...base.ExposedPorts, ...Object.fromEntries(extra.map((p) => [`${String(p)}/tcp`, {}])) },
    HostConfig: { ...base.HostConfig, PortBindings: bindings },
  };
}
