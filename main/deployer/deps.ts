import type Docker from 'dockerode';
import type { Settings } from '../../preload/contract';
import type { EventBus } from '../events/bus';
import type { Db } from '../store/db';
import type { DeployRepo } from '../store/deploy-repo';
import type { InstanceRepo } from '../store/instance-repo';
import type { ExtraPortRepo } from '../store/extra-port-repo';
import type { PulledImageRepo } from '../store/pulled-image-repo';
import type { ProjectRepo } from '../store/project-repo';
import type { StageRepo } from '../store/stage-repo';
import type { SecretBox } from '../secrets/secret-box';
import type { SwarmPools } from '../targets/swarm/pool';

/** The part of the proxy's control API the deployer uses (main/proxy's ProxyControl satisfies it). */
export interface StableRoutes {
  setRoute(spec: { key: string; publicPort: number; mode: 'http' | 'tcp' | 'static'; targetPort: number | null; root?: string | null; pool?: readonly number[] }): Promise<unknown>;
  removeRoute(key: string): Promise<void>;
  listRoutes(): Promise<readonly RouteState[]>;
  waitDrained(key: string, targetPort: number, timeoutMs: number): Promise<{ drained: boolean; inflight: number }>;
}

export interface RouteState {
  readonly key: string;
  readonly publicPort: number;
  readonly mode: 'http' | 'tcp' | 'static';
  readonly targetPort: number | null;
  /** static routes: the snapshot directory served */
  readonly root?: string | null;
  /** routes over several upstreams (a Swarm service's tasks) */
  readonly pool?: readonly number[] | undefined;
  readonly listening: boolean;
  readonly error: string | null;
}

/** What the deployer needs of remote engines (main/engines' Engines satisfies it). */
export interface EngineReach {
  publishing(engine: string): { readonly hostIp: string; readonly anyPort: boolean };
  /** Makes the instance's container port (default: its primary one) answer on 127.0.0.1:localPort here; nothing to do for the local engine. */
  expose(engine: string, localPort: number, containerId: string, containerPort?: number): Promise<void>;
  /** Closes the tunnels of local ports no longer in use. */
  retain(localPorts: ReadonlySet<number>): void;
}

export interface PortFinder {
  isPortFree(port: number): Promise<boolean>;
  findFreePort(): Promise<number>;
}

export interface Repos {
  readonly db: Db;
  readonly projects: ProjectRepo;
  readonly stages: StageRepo;
  readonly instances: InstanceRepo;
  readonly deploys: DeployRepo;
  /** Images Slipway pulled (the only ones image clean-up may remove). */
  readonly pulledImages: PulledImageRepo;
  /** The stages' extra stable ports (more container ports than the primary one). */
  readonly extraPorts: ExtraPortRepo;
}

export interface DeployerDeps extends Repos {
  readonly settings: { read(): Settings };
  readonly bus: EventBus;
  /** The client of an engine by name (absent: "local"); throws ENGINE_UNAVAILABLE while it does not answer. */
  readonly docker: (engine?: string) => Docker;
  /** Remote engines: where instances publish their port, and the tunnel that brings it to this machine. */
  readonly reach?: EngineReach;
  readonly routes: StableRoutes;
  readonly ports: PortFinder;
  /** Pull credentials for a registry host (e.g. from ~/.docker/config.json), or null for anonymous. */
  readonly auth: (registry: string) => Promise<Docker.AuthConfig | null>;
  /** Identifies this Slipway's containers on a shared engine. */
  readonly installId: string;
  readonly dataDir: string;
  /** Opens secret variables to create a container (null: an in-memory store keeps them as written); default: the key file next to the store. */
  readonly secretBox?: SecretBox | null;
  /** Stages that target a Swarm service: their stable URLs balance over the service's tasks. */
  readonly swarm?: SwarmPools;
  /** Deploys running at once across stages (one per stage at most). */
  readonly maxParallel?: number;
}

export const routeKey = (stageId: number): string => `stage:${String(stageId)}`;
export const stageUrl = (publicPort: number): string => `http://127.0.0.1:${String(publicPort)}/`;
