import { z } from 'zod';
import { poolMembers, type Task } from './tasks';

/** The parts of a node (GET /nodes) Slipway reads: where its host-mode ports are reached. */
export const NodeSchema = z.looseObject({
  ID: z.string(),
  Status: z.looseObject({ State: z.string().optional(), Addr: z.string().optional() }).optional(),
  ManagerStatus: z.looseObject({ Addr: z.string().optional() }).nullable().optional(),
});
export type SwarmNode = z.infer<typeof NodeSchema>;

/**
 * How this machine reaches the engine's own node: `host` is where its host-mode ports answer, as
 * seen from where connections to the engine start (this machine's loopback for the local engine,
 * the remote host's loopback through an SSH engine's connection, the engine's host for a TLS one).
 */
export interface NodeReach {
  readonly selfNode: string | undefined;
  readonly selfHost: string;
}

/** One task of the pool: its node's address and its host port there. */
export interface TaskUpstream {
  readonly taskId: string;
  readonly nodeId: string | null;
  readonly host: string;
  readonly port: number;
}

const unusable = (addr: string): boolean => addr === '' || addr === '0.0.0.0' || addr === '::';

/** A node's address: `Status.Addr`; a manager that reports 0.0.0.0 there still names its address in `ManagerStatus.Addr` (host:port). */
export function nodeAddress(node: SwarmNode): string | null {
  const addr = node.Status?.Addr ?? '';
  if (!unusable(addr)) return addr;
  const manager = /^\[?([^\]]+?)\]?:\d+$/.exec(node.ManagerStatus?.Addr ?? '')?.[1] ?? '';
  return unusable(manager) ? null : manager;
}

/**
 * The pool's tasks (see `poolMembers`) with where each is reached: a task on the engine's own node
 * (or of unknown node) at `reach.selfHost`, a task on another node at that node's address. A task
 * whose node is not listed or has no usable address is left out: nothing here could reach it.
 * Ordered by address, then port.
 */
export function poolUpstreams(tasks: readonly Task[], containerPort: number, nodes: readonly SwarmNode[], reach: NodeReach): TaskUpstream[] {
  const byId = new Map(nodes.map((n) => [n.ID, n]));
  const out: TaskUpstream[] = [];
  for (const { task, port } of poolMembers(tasks, containerPort)) {
    const nodeId = task.NodeID ?? null;
    const self = nodeId === null || nodeId === reach.selfNode;
    const node = nodeId === null ? undefined : byId.get(nodeId);
    const host = self ? reach.selfHost : node ? nodeAddress(node) : null;
    if (host !== null) out.push({ taskId: task.ID, nodeId, host, port });
  }
  return out.sort((a, b) => (a.host === b.host ? a.port - b.port : a.host < b.host ? -1 : 1));
}

/** True when some task of the list runs on another node than the engine's own (so the node list is needed). */
export const onOtherNodes = (tasks: readonly Task[], selfNode: string | undefined): boolean => tasks.some((t) => t.NodeID !== undefined && t.NodeID !== selfNode);
