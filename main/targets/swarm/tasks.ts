import { z } from 'zod';
import type { SwarmTask } from '../../../preload/contract';

/** The parts of a task (GET /tasks) Slipway reads; the rest is passed over. */
export const TaskSchema = z.looseObject({
  ID: z.string(),
  NodeID: z.string().optional(),
  Slot: z.number().int().optional(),
  CreatedAt: z.string().optional(),
  DesiredState: z.string(),
  Spec: z.looseObject({ ContainerSpec: z.looseObject({ Image: z.string().optional() }).optional() }).optional(),
  Status: z.looseObject({
    State: z.string(),
    Message: z.string().optional(),
    Err: z.string().optional(),
    ContainerStatus: z.looseObject({ ContainerID: z.string().optional(), ExitCode: z.number().optional() }).nullable().optional(),
    PortStatus: z
      .looseObject({
        Ports: z.array(z.looseObject({ TargetPort: z.number().optional(), PublishedPort: z.number().optional(), PublishMode: z.string().optional() })).nullable().optional(),
      })
      .nullable()
      .optional(),
  }),
});
export type Task = z.infer<typeof TaskSchema>;

/** The parts of a service (GET /services/{id}) Slipway reads. */
export const ServiceSchema = z.looseObject({
  ID: z.string(),
  Version: z.looseObject({ Index: z.number().int() }),
  Spec: z.looseObject({
    Name: z.string(),
    Labels: z.record(z.string(), z.string()).nullable().optional(),
    TaskTemplate: z.looseObject({ ContainerSpec: z.looseObject({ Image: z.string().optional() }).optional() }).optional(),
    Mode: z.looseObject({ Replicated: z.looseObject({ Replicas: z.number().int().optional() }).optional() }).optional(),
    EndpointSpec: z.looseObject({ Ports: z.array(z.looseObject({ TargetPort: z.number().optional() })).nullable().optional() }).nullable().optional(),
  }),
  UpdateStatus: z.looseObject({ State: z.string().optional(), Message: z.string().optional() }).nullable().optional(),
});
export type Service = z.infer<typeof ServiceSchema>;

const FAILED = new Set(['failed', 'rejected', 'orphaned']);

export const digestOf = (image: string | undefined): string | null => /@(sha256:[0-9a-f]{64})$/.exec(image ?? '')?.[1] ?? null;
export const serviceDigest = (s: Service): string | null => digestOf(s.Spec.TaskTemplate?.ContainerSpec?.Image);
export const serviceReplicas = (s: Service): number => s.Spec.Mode?.Replicated?.Replicas ?? 0;
export const servicePort = (s: Service): number | null => s.Spec.EndpointSpec?.Ports?.[0]?.TargetPort ?? null;

/** The host port a task's container port is published on (host mode), from the task's PortStatus. */
export function hostPortOf(t: Task, containerPort: number): number | null {
  const p = t.Status.PortStatus?.Ports?.find((x) => x.TargetPort === containerPort && (x.PublishMode ?? 'host') === 'host');
  return p?.PublishedPort ?? null;
}

const created = (t: Task): number => Date.parse(t.CreatedAt ?? '') || 0;

/**
 * Which tasks the stable URL sends traffic to. A task is in the pool while it is running (Swarm
 * only says running once its health check passed), is meant to keep running, publishes the port,
 * and no newer task has been started for its slot. The last rule takes an old task out of the pool
 * the moment a start-first update starts its replacement: well before the replacement is healthy,
 * and so before Swarm stops the old one. Answers each with its host port (on its node), by port.
 */
export function poolMembers(tasks: readonly Task[], containerPort: number): { readonly task: Task; readonly port: number }[] {
  const members: { task: Task; port: number }[] = [];
  for (const t of tasks) {
    if (!inPool(t, tasks)) continue;
    const port = hostPortOf(t, containerPort);
    if (port !== null) members.push({ task: t, port });
  }
  return members.sort((a, b) => a.port - b.port);
}

function inPool(t: Task, all: readonly Task[]): boolean {
  if (t.Status.State !== 'running' || t.DesiredState !== 'running') return false;
  if (t.Slot === undefined) return true;
  return !all.some((o) => o.ID !== t.ID && o.Slot === t.Slot && o.DesiredState === 'running' && created(o) > created(t) && !FAILED.has(o.Status.State));
}

/** Tasks as the stage card shows them: the ones meant to run, then the latest failed one. */
export function taskViews(tasks: readonly Task[], containerPort: number): SwarmTask[] {
  const wanted = tasks.filter((t) => t.DesiredState === 'running');
  const lastFailed = latestFailed(tasks);
  const shown = lastFailed && !wanted.includes(lastFailed) ? [...wanted, lastFailed] : wanted;
  return [...shown]
    .sort((a, b) => (a.Slot ?? 0) - (b.Slot ?? 0) || created(a) - created(b))
    .map((t) => ({
      id: t.ID,
      slot: t.Slot ?? null,
      state: t.Status.State,
      desiredState: t.DesiredState,
      digest: digestOf(t.Spec?.ContainerSpec?.Image),
      hostPort: hostPortOf(t, containerPort),
      inPool: inPool(t, tasks),
      error: t.Status.Err ?? null,
    }));
}

/** The most recent task that failed (its error says why an update was rolled back). */
export function latestFailed(tasks: readonly Task[], digest?: string): Task | null {
  let found: Task | null = null;
  for (const t of tasks) {
    const failed = FAILED.has(t.Status.State) || (t.Status.Err !== undefined && t.Status.Err !== '');
    if (!failed || (digest !== undefined && digestOf(t.Spec?.ContainerSpec?.Image) !== digest)) continue;
    if (!found || created(t) > created(found)) found = t;
  }
  return found;
}

export interface Rollout {
  /** Tasks running (healthy) on the new digest and meant to keep running. */
  readonly updated: number;
  readonly total: number;
  /** Old tasks still meant to run. */
  readonly old: number;
  /** "2/3 updated: slot 1 running (new), slot 2 starting (new), slot 3 running (old)" */
  readonly summary: string;
}

/** How far a rolling update to `digest` has come, from the service's tasks. */
export function rollout(tasks: readonly Task[], digest: string, replicas: number): Rollout {
  const wanted = tasks.filter((t) => t.DesiredState === 'running');
  const isNew = (t: Task): boolean => digestOf(t.Spec?.ContainerSpec?.Image) === digest;
  const updated = wanted.filter((t) => isNew(t) && t.Status.State === 'running').length;
  const old = wanted.filter((t) => !isNew(t)).length;
  const parts = [...wanted]
    .sort((a, b) => (a.Slot ?? 0) - (b.Slot ?? 0) || created(a) - created(b))
    .map((t) => `slot ${String(t.Slot ?? '?')} ${t.Status.State} (${isNew(t) ? 'new' : 'old'})`);
  return { updated, total: replicas, old, summary: `${String(updated)}/${String(replicas)} updated${parts.length ? `: ${parts.join(', ')}` : ''}` };
}

/** Where Swarm's update stands: running, done, or rolled back (with Swarm's words). */
export type UpdatePhase = { readonly kind: 'none' | 'updating' | 'completed' } | { readonly kind: 'rolling-back' | 'rolled-back' | 'paused'; readonly message: string };

export function updatePhase(s: Service): UpdatePhase {
  const state = s.UpdateStatus?.State ?? '';
  const message = s.UpdateStatus?.Message ?? '';
  switch (state) {
    case '':
      return { kind: 'none' };
    case 'updating':
      return { kind: 'updating' };
    case 'completed':
      return { kind: 'completed' };
    case 'rollback_started':
      return { kind: 'rolling-back', message };
    case 'rollback_completed':
      return { kind: 'rolled-back', message };
    default:
      // paused, rollback_paused: Swarm stopped and waits for someone.
      return { kind: 'paused', message: message || state };
  }
}
