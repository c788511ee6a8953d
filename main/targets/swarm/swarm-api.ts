import type Docker from 'dockerode';
import { AppError } from '../../dispatch/app-error';
import { logTail } from '../../deployer/containers';
import { NodeSchema, type SwarmNode } from './task-address';
import { ServiceSchema, TaskSchema, type Service, type Task } from './tasks';

const statusOf = (e: unknown): number | undefined => (e as { statusCode?: number }).statusCode;
const messageOf = (e: unknown): string => {
  const json = (e as { json?: { message?: string } }).json;
  return json?.message ?? (e instanceof Error ? e.message : String(e));
};

/** An engine that is not a swarm manager answers 503 to every service call: say what to do. */
function explain(e: unknown, engine: string): never {
  if (statusOf(e) === 503 || /not a swarm manager|not part of a swarm/i.test(messageOf(e))) {
    throw new AppError(
      'CONFLICT',
      `The engine "${engine}" is not a swarm manager, so it cannot run a Swarm service: run "docker swarm init" on it (or join it to a swarm as a manager), or set the stage's target to { kind: "container" }.`,
    );
  }
  throw e instanceof Error ? e : new Error(messageOf(e));
}

/** The service and task calls, with every answer checked before it is used. */
export class SwarmApi {
  constructor(
    readonly docker: Docker,
    private readonly engine: string,
  ) {}

  private node: string | undefined;

  /** This engine's own node in the swarm (its tasks are the ones reachable on this machine). */
  async nodeId(): Promise<string | undefined> {
    if (this.node === undefined) {
      const info = (await this.docker.info()) as { Swarm?: { NodeID?: string } };
      this.node = info.Swarm?.NodeID || undefined;
    }
    return this.node;
  }

  /** The swarm's nodes (where each one's tasks are reached). */
  async nodes(): Promise<SwarmNode[]> {
    try {
      return (await this.docker.listNodes()).map((n) => NodeSchema.parse(n));
    } catch (e) {
      return explain(e, this.engine);
    }
  }

  /** The service, or null when there is none of that name. */
  async service(name: string): Promise<Service | null> {
    try {
      return ServiceSchema.parse(await this.docker.getService(name).inspect());
    } catch (e) {
      if (statusOf(e) === 404) return null;
      return explain(e, this.engine);
    }
  }

  async create(spec: Docker.ServiceSpec, auth: Docker.AuthConfig | null): Promise<string> {
    try {
      const created = (await (auth ? this.docker.createService(auth, spec) : this.docker.createService(spec))) as unknown as { id?: string; ID?: string };
      return created.id ?? created.ID ?? '';
    } catch (e) {
      return explain(e, this.engine);
    }
  }

  /** Replaces the spec; `version` guards against a concurrent change. Registry auth goes to the nodes (X-Registry-Auth). */
  async update(id: string, version: number, spec: Docker.ServiceSpec, auth: Docker.AuthConfig | null): Promise<void> {
    const service = this.docker.getService(id) as unknown as { update(auth: Docker.AuthConfig | undefined, opts: object): Promise<unknown> };
    try {
      await service.update(auth ?? undefined, { _query: { version }, _body: spec });
    } catch (e) {
      explain(e, this.engine);
    }
  }

  async tasks(serviceName: string): Promise<Task[]> {
    try {
      const raw = await this.docker.listTasks({ filters: { service: [serviceName] } });
      return raw.map((t) => TaskSchema.parse(t));
    } catch (e) {
      return explain(e, this.engine);
    }
  }

  /** Removes the service (its tasks stop); a missing one is fine. */
  async remove(name: string): Promise<boolean> {
    try {
      await this.docker.getService(name).remove();
      return true;
    } catch (e) {
      if (statusOf(e) === 404) return false;
      return explain(e, this.engine);
    }
  }

  /** The last lines one task printed (through its container on this engine), for failure reasons. */
  async taskLogTail(task: Task, lines = 5): Promise<string> {
    const id = task.Status.ContainerStatus?.ContainerID;
    return id ? logTail(this.docker, id, lines) : '';
  }
}
